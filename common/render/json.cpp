#include "render/json.hpp"

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

}  // namespace lab::json
