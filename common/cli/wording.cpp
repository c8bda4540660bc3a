#include "cli/wording.hpp"

#include "cli/lang.hpp"
#include "cli/utf8.hpp"

#include <cstdint>

namespace lab {
namespace {

// The last Unicode code point of UTF-8 text, skipping trailing spaces and closing brackets
// ("[::1]" is read as "1"); 0 for empty text.
char32_t last_sound_character(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == ']' || text.back() == ')' ||
                           text.back() == '\'' || text.back() == '"'))
    text.remove_suffix(1);
  return utf8::last_code_point(text);
}

}  // namespace

bool ends_in_consonant(std::string_view word, bool* final_is_rieul) {
  const char32_t c = last_sound_character(word);
  bool consonant = false, rieul = false;
  if (c >= U'0' && c <= U'9') {
    // 영 일 이 삼 사 오 육 칠 팔 구
    static constexpr bool has_final[10] = {true,  true, false, true, false,
                                           false, true, true,  true, false};
    consonant = has_final[c - U'0'];
    rieul = c == U'1' || c == U'7' || c == U'8';
  } else if ((c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z')) {
    const char32_t lower = c | 0x20;
    // Letter names: 엘 엠 엔 알 end in a consonant; the rest (에이, 비, 씨 ...) in a vowel.
    consonant = lower == U'l' || lower == U'm' || lower == U'n' || lower == U'r';
    rieul = lower == U'l' || lower == U'r';
  } else if (c >= 0xAC00 && c <= 0xD7A3) {
    const auto final_consonant = (c - 0xAC00) % 28;
    consonant = final_consonant != 0;
    rieul = final_consonant == 8;  // ㄹ
  }
  if (final_is_rieul) *final_is_rieul = rieul;
  return consonant;
}

std::string with_particle(std::string_view word, Particle particle) {
  bool rieul = false;
  const bool consonant = ends_in_consonant(word, &rieul);
  std::string out(word);
  switch (particle) {
    case Particle::i_ga:
      out += consonant ? "이" : "가";
      break;
    case Particle::eun_neun:
      out += consonant ? "은" : "는";
      break;
    case Particle::eul_reul:
      out += consonant ? "을" : "를";
      break;
    case Particle::gwa_wa:
      out += consonant ? "과" : "와";
      break;
    case Particle::euro_ro:
      out += consonant && !rieul ? "으로" : "로";
      break;
  }
  return out;
}

std::string plural_s(std::uint64_t count) {
  return current_lang() == Lang::en && count != 1 ? "s" : "";
}

std::string ko_particle(std::string_view word, Particle particle) {
  if (current_lang() != Lang::ko) return {};
  return with_particle(word, particle).substr(word.size());
}

}  // namespace lab
