// How a foreign datagram is shown: text as text, anything else as hex, always bounded.
#include <string>

#include <catch2/catch.hpp>

#include "wire/preview.hpp"

using lab::wire::preview;

TEST_CASE("wire preview: nc -u text is shown as quoted text") {
  auto p = preview("hello\n");
  CHECK(p.is_text);
  CHECK(p.shown == "\"hello\\n\"");
  CHECK(p.cut == 0);
}

TEST_CASE("wire preview: Korean text stays text and is not cut inside a character") {
  auto p = preview("안녕하세요", 4);  // 3 bytes per syllable: 4 bytes would split the second
  CHECK(p.is_text);
  CHECK(p.shown == "\"안\"");
  CHECK(p.cut == std::string("안녕하세요").size() - 3);
}

TEST_CASE("wire preview: binary is hex, cut to the limit") {
  std::string garbage = {'\x00', '\x01', '\xff', 'A'};
  auto p = preview(garbage);
  CHECK_FALSE(p.is_text);
  CHECK(p.shown == "00 01 ff 41");
  std::string big(10000, '\x80');
  auto q = preview(big, 16);
  CHECK(q.cut == 10000 - 16);
  CHECK(q.shown.size() == 16 * 3 - 1);
}

TEST_CASE("wire preview: an empty datagram is empty text") {
  auto p = preview("");
  CHECK(p.is_text);
  CHECK(p.shown == "\"\"");
}

TEST_CASE("wire preview: text cut off mid-character by a short read is still text") {
  const std::string hello = "안녕";  // 6 bytes
  auto p = preview(std::string_view(hello).substr(0, 4));
  CHECK(p.is_text);
  CHECK(p.shown == "\"안\"");
  CHECK(p.cut == 1);
}

TEST_CASE("wire preview: control characters never reach the terminal raw") {
  auto p = preview("A\x1b]0;PWNED\x07\x1b[2J\x7f");
  CHECK(p.shown == "\"A\\x1b]0;PWNED\\x07\\x1b[2J\\x7f\"");
  CHECK(preview("\xc2\x9b"
                "31m")
            .shown == "\"\\u009b31m\"");       // C1 CSI, as UTF-8
  CHECK(preview("é 한").shown == "\"é 한\"");  // text stays text
}
