#include "render/json.hpp"

#include "render/utf8.hpp"

#include <cmath>

#include <fmt/format.h>

namespace lab::json {
namespace {}  // namespace

std::string quote(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    switch (c) {
      case '"':
        out += "\\\"";
        ++i;
        continue;
      case '\\':
        out += "\\\\";
        ++i;
        continue;
      case '\n':
        out += "\\n";
        ++i;
        continue;
      case '\r':
        out += "\\r";
        ++i;
        continue;
      case '\t':
        out += "\\t";
        ++i;
        continue;
      default:
        break;
    }
    if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
      ++i;
      continue;
    }
    std::size_t length = utf8::sequence_length(text, i);
    if (length == 0) {
      out += "\\ufffd";
      ++i;
      continue;
    }
    out.append(text.substr(i, length));
    i += length;
  }
  out += '"';
  return out;
}

void Writer::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_in_scope_.empty()) {
    if (!first_in_scope_.back()) out_ += ',';
    first_in_scope_.back() = false;
  }
}

Writer& Writer::begin_object() {
  before_value();
  out_ += '{';
  first_in_scope_.push_back(true);
  return *this;
}
Writer& Writer::end_object() {
  out_ += '}';
  first_in_scope_.pop_back();
  return *this;
}
Writer& Writer::begin_array() {
  before_value();
  out_ += '[';
  first_in_scope_.push_back(true);
  return *this;
}
Writer& Writer::end_array() {
  out_ += ']';
  first_in_scope_.pop_back();
  return *this;
}
Writer& Writer::key(std::string_view name) {
  before_value();
  out_ += quote(name);
  out_ += ':';
  after_key_ = true;
  return *this;
}
Writer& Writer::value(std::string_view text) {
  before_value();
  out_ += quote(text);
  return *this;
}
Writer& Writer::value(bool flag) {
  before_value();
  out_ += flag ? "true" : "false";
  return *this;
}
Writer& Writer::value(long long number) {
  before_value();
  out_ += std::to_string(number);
  return *this;
}
Writer& Writer::value(unsigned long long number) {
  before_value();
  out_ += std::to_string(number);
  return *this;
}
Writer& Writer::value(double number) {
  before_value();
  out_ += std::isfinite(number) ? fmt::format("{}", number) : "null";
  return *this;
}
Writer& Writer::null() {
  before_value();
  out_ += "null";
  return *this;
}
Writer& Writer::raw(std::string_view json) {
  before_value();
  out_ += json;
  return *this;
}

}  // namespace lab::json
