#include <catch2/catch.hpp>

#include "render/json.hpp"

using lab::json::quote;
using lab::json::Writer;

TEST_CASE("json: strings are escaped, invalid UTF-8 replaced, Hangul kept") {
  CHECK(quote("a\"b\\c\n") == R"("a\"b\\c\n")");
  CHECK(quote(std::string("\x01", 1)) == R"("\u0001")");
  CHECK(quote("활성 연결") == "\"활성 연결\"");
  CHECK(quote("\xff") == R"("\ufffd")");
  CHECK(quote("\xc3") == R"("\ufffd")");  // truncated sequence
}

TEST_CASE("json: commas and nesting come out right") {
  Writer out;
  out.begin_object()
      .key("pid")
      .value(4312)
      .key("rows")
      .begin_array()
      .begin_object()
      .key("port")
      .value(7000u)
      .key("state")
      .value("LISTEN")
      .end_object()
      .begin_object()
      .key("port")
      .value(7001u)
      .key("pid")
      .null()
      .end_object()
      .end_array()
      .key("ok")
      .value(true)
      .key("rate")
      .value(1.5)
      .end_object();
  CHECK(
      out.str() ==
      R"({"pid":4312,"rows":[{"port":7000,"state":"LISTEN"},{"port":7001,"pid":null}],"ok":true,"rate":1.5})");
}
