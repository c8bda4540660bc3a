// The one UTF-8 validator (cli/utf8.hpp): what RFC 3629 calls valid, and nothing else.
#include <catch2/catch.hpp>
#include <string>

#include "cli/utf8.hpp"
#include "render/text_width.hpp"
#include "wire/preview.hpp"

using lab::utf8::sequence_length;
using lab::utf8::sequence_length_allow_cut;

TEST_CASE("utf8: valid sequences of every length") {
  CHECK(sequence_length("A", 0) == 1);
  CHECK(sequence_length("\xc3\xa9", 0) == 2);          // é
  CHECK(sequence_length("\xed\x95\x9c", 0) == 3);      // 한 (U+D55C: lead ED, not a surrogate)
  CHECK(sequence_length("\xef\xbf\xbd", 0) == 3);      // U+FFFD
  CHECK(sequence_length("\xf0\x9f\x98\x80", 0) == 4);  // U+1F600
  CHECK(sequence_length("\xf4\x8f\xbf\xbf", 0) == 4);  // U+10FFFF, the last code point
}

TEST_CASE("utf8: surrogates are refused (ED A0-BF)") {
  CHECK(sequence_length("\xed\xa0\x80", 0) == 0);  // U+D800
  CHECK(sequence_length("\xed\xbf\xbf", 0) == 0);  // U+DFFF
  CHECK(sequence_length("\xed\x9f\xbf", 0) == 3);  // U+D7FF, just below: fine
  CHECK(sequence_length_allow_cut("\xed\xa0", 0) == 0);
}

TEST_CASE("utf8: overlong forms are refused, 2, 3 and 4 bytes") {
  CHECK(sequence_length("\xc0\xaf", 0) == 0);  // '/' in two bytes
  CHECK(sequence_length("\xc1\xbf", 0) == 0);
  CHECK(sequence_length("\xe0\x80\xaf", 0) == 0);      // '/' in three bytes
  CHECK(sequence_length("\xe0\x9f\xbf", 0) == 0);      // U+07FF in three bytes
  CHECK(sequence_length("\xe0\xa0\x80", 0) == 3);      // U+0800, the first real 3-byte one
  CHECK(sequence_length("\xf0\x8f\xbf\xbf", 0) == 0);  // U+FFFF in four bytes
  CHECK(sequence_length_allow_cut("\xe0\x80", 0) == 0);
}

TEST_CASE("utf8: above U+10FFFF, stray and truncated bytes are refused") {
  CHECK(sequence_length("\xf4\x90\x80\x80", 0) == 0);
  CHECK(sequence_length("\xf5\x80\x80\x80", 0) == 0);
  CHECK(sequence_length("\xff", 0) == 0);
  CHECK(sequence_length("\x80", 0) == 0);
  CHECK(sequence_length("\xed\x95", 0) == 0);  // cut short
  CHECK(sequence_length("\xed\x95"
                        "A",
                        0) == 0);  // interrupted
  CHECK(sequence_length("", 0) == 0);
}

TEST_CASE("utf8: a character cut off by the end of a read counts only with allow_cut") {
  CHECK(sequence_length_allow_cut("\xed\x95", 0) == 2);
  CHECK(sequence_length_allow_cut("\xf0\x9f\x98", 0) == 3);
  CHECK(sequence_length_allow_cut("\xed\x95"
                                  "A",
                                  0) == 0);  // not at the end: broken
  CHECK(sequence_length_allow_cut("\xed\x95\x9c", 0) == 3);
}

TEST_CASE("utf8: the display width and the datagram preview use the same rules") {
  CHECK(lab::render::display_width("한국") == 4);
  // A surrogate is three invalid bytes: three narrow columns, never one wide character.
  CHECK(lab::render::display_width("\xed\xa0\x80") == 3);
  CHECK(lab::wire::preview("hello \xed\x95\x9c", 64).is_text);
  CHECK_FALSE(lab::wire::preview("hello \xed\xa0\x80", 64).is_text);
  CHECK_FALSE(lab::wire::preview("\xe0\x80\xaf", 64).is_text);
}

TEST_CASE("utf8: a prefix never ends inside a character; the last character is decoded whole") {
  using lab::utf8::complete_prefix;
  using lab::utf8::last_code_point;
  CHECK(complete_prefix("ab\xed\x95\x9c") == 5);  // 한 whole
  CHECK(complete_prefix("ab\xed\x95") == 2);      // 한 cut after two of its three bytes
  CHECK(complete_prefix("ab\xf0\x9f") == 2);
  CHECK(complete_prefix("ab\x80") == 3);  // a stray byte is a character of its own
  CHECK(complete_prefix("") == 0);
  CHECK(last_code_point("포트") == U'트');
  CHECK(last_code_point("port 7") == U'7');
  CHECK(last_code_point("") == 0);
  CHECK(last_code_point("a\xed\x95") == 0x95);  // cut: the last byte stands for itself
  // The preview cuts a Korean line before the character that does not fit in 8 bytes.
  CHECK(lab::wire::preview("가나다라", 8).shown == "\"가나\"");
}
