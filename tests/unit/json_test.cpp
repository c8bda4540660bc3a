// JSON goes through nlohmann-json; what is ours is the one-line form (JSON Lines), the rule for
// text that is not UTF-8, the readers that never throw, and the older builder interface.
#include <catch2/catch.hpp>

#include "render/json.hpp"

using lab::json::Value;

TEST_CASE("json: one line, strings escaped, invalid UTF-8 replaced, Hangul kept") {
  CHECK(lab::json::to_line(Value("a\"b\\c\n\r")) == R"("a\"b\\c\n\r")");
  CHECK(lab::json::to_line(Value(std::string("\x01", 1))) == R"("\u0001")");
  CHECK(lab::json::to_line(Value("활성 연결")) == "\"활성 연결\"");
  CHECK(lab::json::to_line(Value("\xff")) == "\"\xef\xbf\xbd\"");  // U+FFFD
  CHECK(lab::json::to_line(Value("\xc3")) == "\"\xef\xbf\xbd\"");  // truncated sequence
  const auto line = lab::json::to_line(Value{{"a", {1, 2}}, {"b", {{"c", nullptr}}}});
  CHECK(line == R"({"a":[1,2],"b":{"c":null}})");
  CHECK(line.find('\n') == std::string::npos);
}

TEST_CASE("json: what a child prints is read back exactly, \\r and \\u escapes included") {
  auto document = lab::json::parse(R"({"message":"a\rb\u00e9\n","port":7000,"ok":false})");
  REQUIRE(document);
  CHECK(lab::json::string_field(*document, "message") == "a\rb\xc3\xa9\n");
  CHECK(lab::json::number_field(*document, "port") == 7000);
  CHECK(lab::json::bool_field(*document, "ok") == false);
  // Wrong type or missing: nullopt, never an exception.
  CHECK_FALSE(lab::json::number_field(*document, "message"));
  CHECK_FALSE(lab::json::string_field(*document, "nothing"));
  CHECK_FALSE(lab::json::bool_field(Value::array(), "ok"));
  CHECK_FALSE(lab::json::parse("lab-port-conflict: error: bind: Address already in use"));
  CHECK_FALSE(lab::json::parse(R"({"cut":)"));
}

TEST_CASE("json: a Value nests, keeps key order, and writes NaN as null") {
  const lab::json::Value rows = {{{"port", 7000u}, {"state", "LISTEN"}},
                                 {{"port", 7001u}, {"pid", nullptr}}};
  lab::json::Value document = {{"pid", 4312}, {"rows", rows}, {"ok", true}};
  document["rate"] = 1.5;
  document["nan"] = 0.0 / 0.0;
  document["parsed"] = *lab::json::parse(R"({"x":[1]})");
  CHECK(
      lab::json::to_line(document) ==
      R"({"pid":4312,"rows":[{"port":7000,"state":"LISTEN"},{"port":7001,"pid":null}],"ok":true,"rate":1.5,"nan":null,"parsed":{"x":[1]}})");
}
