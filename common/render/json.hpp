#pragma once
// JSON for every --json output, through nlohmann-json (Debian nlohmann-json3-dev): escaping,
// numbers and parsing are the library's job. Keys keep the order they were added in
// (ordered_json), so a student reads "pid" before "rows".
//
//   lab::json::Value doc = {{"pid", getpid()}, {"program", "lab-tcp-server"}};
//   lab::out::json(doc);  // one line: a stream of documents is JSON Lines
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace lab::json {

using Value = nlohmann::ordered_json;

// One line, no spaces; text that is not valid UTF-8 gets U+FFFD instead of throwing.
std::string to_line(const Value& document);

// A parsed document, or nullopt when `text` is not JSON (a child's error line, say).
std::optional<Value> parse(std::string_view text);

// null for an empty optional.
template <class T>
Value optional(const std::optional<T>& maybe) {
  return maybe ? Value(*maybe) : Value(nullptr);
}

// Field readers that never throw: nullopt when the key is missing or of another type.
std::optional<long long> number_field(const Value& object, std::string_view key);
std::optional<bool> bool_field(const Value& object, std::string_view key);
std::optional<std::string> string_field(const Value& object, std::string_view key);

}  // namespace lab::json
