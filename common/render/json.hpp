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
#include <vector>

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

// The older builder interface, now writing through nlohmann (same escaping, same output); used
// by the programs not yet converted to building a Value directly.
//   lab::json::Writer out;
//   out.begin_object().key("pid").value(4312).end_object();
class Writer {
 public:
  Writer& begin_object();
  Writer& end_object();
  Writer& begin_array();
  Writer& end_array();
  Writer& key(std::string_view name);

  Writer& value(std::string_view text) { return add(Value(std::string(text))); }
  Writer& value(const char* text) { return value(std::string_view(text)); }
  Writer& value(const std::string& text) { return value(std::string_view(text)); }
  Writer& value(bool flag) { return add(Value(flag)); }
  Writer& value(long long number) { return add(Value(number)); }
  Writer& value(unsigned long long number) { return add(Value(number)); }
  Writer& value(int number) { return add(Value(number)); }
  Writer& value(unsigned number) { return add(Value(number)); }
  Writer& value(long number) { return add(Value(number)); }
  Writer& value(unsigned long number) { return add(Value(number)); }
  Writer& value(double number) { return add(Value(number)); }  // NaN, infinities: null
  Writer& null() { return add(Value(nullptr)); }
  template <class T>
  Writer& value(const std::optional<T>& maybe) {
    return maybe ? value(*maybe) : null();
  }
  // Inserts an already serialised JSON value.
  Writer& raw(std::string_view json);

  // The document built so far.
  const Value& document() const { return root_; }
  // The document as one line.
  std::string str() const { return to_line(root_); }

 private:
  Writer& add(Value value);
  Value& place(Value value);  // adds `value` where the builder stands; returns it
  Value root_;
  std::vector<Value*> open_;  // the object or array being filled, innermost last
  std::optional<std::string> key_;
};

}  // namespace lab::json
