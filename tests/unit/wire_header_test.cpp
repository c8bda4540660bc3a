// The lab datagram header: encode/parse round trips and every malformed form.
#include <array>
#include <cstring>
#include <string>

#include <catch2/catch.hpp>

#include "wire/header.hpp"

using namespace lab::wire;

namespace {
std::string encoded(const Header& header, std::size_t size = header_size) {
  std::string out(size, 'x');
  REQUIRE(encode(header, std::span(reinterpret_cast<std::byte*>(out.data()), out.size())));
  return out;
}
}  // namespace

TEST_CASE("wire header: encode then parse gives the same fields back") {
  const Header header{42, 1000, 1'700'000'000'123'456'789ull};
  auto bytes = encoded(header, 64);
  auto result = parse(bytes);
  REQUIRE(result.ok());
  CHECK(result.header.sequence == 42);
  CHECK(result.header.total == 1000);
  CHECK(result.header.send_time_ns == 1'700'000'000'123'456'789ull);
  // The payload after the header is left as it was.
  CHECK(bytes.substr(header_size) == std::string(64 - header_size, 'x'));
}

TEST_CASE("wire header: the layout is big-endian with the SLAB magic") {
  auto bytes = encoded({0x0102030405060708ull, 0, 0});
  CHECK(bytes.substr(0, 4) == "SLAB");
  CHECK(bytes[4] == 1);
  CHECK(bytes.substr(5, 3) == std::string(3, '\0'));
  CHECK(bytes.substr(8, 8) == std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8));
}

TEST_CASE("wire header: encode refuses a buffer smaller than the header") {
  std::array<std::byte, header_size - 1> small{};
  CHECK_FALSE(encode({1, 1, 0}, small));
}

TEST_CASE("wire header: foreign datagrams are not lab datagrams") {
  CHECK(parse(std::string_view()).error == ParseError::not_lab);
  CHECK(parse(std::string_view("hello\n")).error == ParseError::not_lab);
  CHECK(parse(std::string_view("SLA")).error == ParseError::not_lab);
  auto bytes = encoded({1, 1, 0});
  bytes[0] = 'X';
  CHECK(parse(bytes).error == ParseError::not_lab);
}

TEST_CASE("wire header: a header cut short is too_short at every length") {
  auto bytes = encoded({7, 9, 0});
  for (std::size_t length = 4; length < header_size; ++length) {
    INFO(length);
    CHECK(parse(std::string_view(bytes).substr(0, length)).error == ParseError::too_short);
  }
  CHECK(parse(bytes).ok());
}

TEST_CASE("wire header: wrong version, reserved bytes, zero and huge counts are refused") {
  auto bytes = encoded({5, 10, 0});
  SECTION("version") {
    bytes[4] = 2;
    CHECK(parse(bytes).error == ParseError::wrong_version);
  }
  SECTION("reserved") {
    bytes[6] = 1;
    CHECK(parse(bytes).error == ParseError::reserved_not_zero);
  }
  SECTION("sequence zero") {
    CHECK(parse(encoded({0, 10, 0})).error == ParseError::zero_sequence);
  }
  SECTION("huge sequence") {
    CHECK(parse(encoded({max_count + 1, 0, 0})).error == ParseError::count_too_large);
    CHECK(parse(encoded({UINT64_MAX, UINT64_MAX, 0})).error == ParseError::count_too_large);
    CHECK(parse(encoded({max_count, 0, 0})).ok());
  }
  SECTION("huge total") {
    CHECK(parse(encoded({1, max_count + 1, 0})).error == ParseError::count_too_large);
  }
  SECTION("sequence beyond the planned total") {
    CHECK(parse(encoded({11, 10, 0})).error == ParseError::beyond_total);
    CHECK(parse(encoded({10, 10, 0})).ok());
    CHECK(parse(encoded({11, 0, 0})).ok());  // total 0: not known
  }
}

TEST_CASE("wire header: every error has a name") {
  for (auto error :
       {ParseError::none, ParseError::too_short, ParseError::not_lab, ParseError::wrong_version,
        ParseError::reserved_not_zero, ParseError::zero_sequence, ParseError::count_too_large,
        ParseError::beyond_total})
    CHECK(error_name(error) != "unknown");
}
