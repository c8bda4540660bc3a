# Reading the programs' JSON in a script: with jq, never with sed over the text (a field's
# position, nesting or escaping must not matter). Sourced by compare-tcp-udp.sh and bench/.

# json_field JSON KEY: the value of the first KEY anywhere in one JSON document (nested objects
# included: "retransmits" is under "tcp_info"); nothing when there is none.
json_field() {
  jq -r --arg key "$2" \
    'first(.. | objects | select(has($key)) | .[$key]) | if . == null then empty else . end' \
    <<<"$1" 2>/dev/null
}

# json_event FILE EVENT: the JSON Lines record of FILE whose "event" is EVENT (the last one); a
# line that is not JSON (a warning that went to the same file) is passed over.
json_event() {
  jq -cR --arg event "$2" 'fromjson? | select(type == "object" and .event == $event)' "$1" \
    2>/dev/null | tail -1
}

# json_port FILE: the port of the address a program announced in its "listening" record.
json_port() { json_event "$1" listening | jq -r '.local // empty | split(":") | last' 2>/dev/null; }
