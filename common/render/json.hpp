#pragma once
// A small JSON writer: every --json output goes through it, one line per document so that a
// stream of documents is JSON Lines. Commas and escaping are its job, not the caller's.
//
//   lab::json::Writer out;
//   out.begin_object().key("pid").value(4312).key("program").value("lab-tcp-server").end_object();
//   fmt::print("{}\n", out.str());
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lab::json {

// `text` as a JSON string literal, quotes included. Invalid UTF-8 bytes become U+FFFD.
std::string quote(std::string_view text);

class Writer {
 public:
  Writer& begin_object();
  Writer& end_object();
  Writer& begin_array();
  Writer& end_array();
  Writer& key(std::string_view name);

  Writer& value(std::string_view text);
  Writer& value(const char* text) { return value(std::string_view(text)); }
  Writer& value(const std::string& text) { return value(std::string_view(text)); }
  Writer& value(bool flag);
  Writer& value(long long number);
  Writer& value(unsigned long long number);
  Writer& value(int number) { return value(static_cast<long long>(number)); }
  Writer& value(unsigned number) { return value(static_cast<unsigned long long>(number)); }
  Writer& value(long number) { return value(static_cast<long long>(number)); }
  Writer& value(unsigned long number) { return value(static_cast<unsigned long long>(number)); }
  Writer& value(double number);  // NaN and infinities become null
  Writer& null();
  template <class T>
  Writer& value(const std::optional<T>& maybe) {
    return maybe ? value(*maybe) : null();
  }
  // Inserts an already serialised JSON value as it is.
  Writer& raw(std::string_view json);

  const std::string& str() const { return out_; }

 private:
  void before_value();
  std::string out_;
  std::vector<bool> first_in_scope_;
  bool after_key_ = false;
};

}  // namespace lab::json
