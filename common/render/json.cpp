#include "render/json.hpp"

#include <cmath>

namespace lab::json {

std::string to_line(const Value& document) {
  return document.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<Value> parse(std::string_view text) {
  Value document = Value::parse(text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) return std::nullopt;
  return document;
}

std::optional<long long> number_field(const Value& object, std::string_view key) {
  if (!object.is_object()) return std::nullopt;
  auto found = object.find(key);
  if (found == object.end() || !found->is_number_integer()) return std::nullopt;
  return found->get<long long>();
}

std::optional<bool> bool_field(const Value& object, std::string_view key) {
  if (!object.is_object()) return std::nullopt;
  auto found = object.find(key);
  if (found == object.end() || !found->is_boolean()) return std::nullopt;
  return found->get<bool>();
}

std::optional<std::string> string_field(const Value& object, std::string_view key) {
  if (!object.is_object()) return std::nullopt;
  auto found = object.find(key);
  if (found == object.end() || !found->is_string()) return std::nullopt;
  return found->get<std::string>();
}

Value& Writer::place(Value value) {
  if (value.is_number_float() && !std::isfinite(value.get<double>())) value = nullptr;
  if (open_.empty()) {
    root_ = std::move(value);
    return root_;
  }
  if (open_.back()->is_array()) {
    open_.back()->push_back(std::move(value));
    return open_.back()->back();
  }
  Value& slot = (*open_.back())[key_.value_or("")];
  key_.reset();
  slot = std::move(value);
  return slot;
}

Writer& Writer::add(Value value) {
  place(std::move(value));
  return *this;
}

Writer& Writer::begin_object() {
  open_.push_back(&place(Value::object()));
  return *this;
}

Writer& Writer::begin_array() {
  open_.push_back(&place(Value::array()));
  return *this;
}

Writer& Writer::end_object() {
  if (!open_.empty()) open_.pop_back();
  return *this;
}

Writer& Writer::end_array() {
  return end_object();
}

Writer& Writer::key(std::string_view name) {
  key_ = std::string(name);
  return *this;
}

Writer& Writer::raw(std::string_view json) {
  auto parsed = parse(json);
  return add(parsed ? std::move(*parsed) : Value(nullptr));
}

}  // namespace lab::json
