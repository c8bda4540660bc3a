#pragma once
// What a program printed with --json, parsed: a test reads a field by its name, never by
// searching the text (a field's order, spacing or escaping must not matter).
#include <string>
#include <string_view>
#include <vector>

#include "process.hpp"
#include "render/json.hpp"

namespace labtest {

// Every line of `out` that is a JSON object, in order (JSON Lines; a line that is not JSON, such
// as a warning on the same stream, is left out).
inline std::vector<lab::json::Value> json_documents(std::string_view out) {
  std::vector<lab::json::Value> documents;
  for (const auto& line : lines(out))
    if (auto document = lab::json::parse(line); document && document->is_object())
      documents.push_back(std::move(*document));
  return documents;
}

// The first such document; null when there is none.
inline lab::json::Value json_document(std::string_view out) {
  auto documents = json_documents(out);
  return documents.empty() ? lab::json::Value(nullptr) : std::move(documents.front());
}

}  // namespace labtest
