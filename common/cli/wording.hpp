#pragma once
// Words that depend on the number or the word before them.
//
// English plurals, inside a bilingual format string: "{} read{}" with plural_s(n) gives
// "1 read", "3 reads"; the Korean string takes the same argument ("{}번{}") and it is empty.
//
// Korean particles after words the program fills in (numbers, addresses, names): 이/가, 은/는,
// 을/를, 과/와, 으로/로 depend on whether the word ends in a consonant sound. The last character
// decides: a Hangul syllable by its final consonant, a digit by how it is read (1 일, 3 삼 ...),
// a Latin letter by its name (L 엘, M 엠, N 엔, R 알). "127.0.0.1:7301" + 이/가 -> "...7301이".
#include <cstdint>
#include <string>
#include <string_view>

namespace lab {

enum class Particle {
  i_ga,      // 이 / 가 (subject)
  eun_neun,  // 은 / 는 (topic)
  eul_reul,  // 을 / 를 (object)
  gwa_wa,    // 과 / 와 (and, with)
  euro_ro,   // 으로 / 로 (to, by; after ㄹ: 로)
};

// True when `word` ends in a consonant sound as read in Korean ("7301", "80", "엠"); the
// second form tells whether that consonant is ㄹ (which takes 로, not 으로).
bool ends_in_consonant(std::string_view word, bool* final_is_rieul = nullptr);

// `word` followed by the right form of `particle`, e.g. with_particle("7000", Particle::i_ga)
// is "7000이", with_particle("9000", Particle::euro_ro) "9000으로", ("127.0.0.1", euro_ro)
// "127.0.0.1로".
std::string with_particle(std::string_view word, Particle particle);

// "s" when the current language is English and `count` is not 1; "" otherwise.
std::string plural_s(std::uint64_t count);

// The particle alone, in Korean; "" in English. For bilingual format strings that share their
// arguments: trf("{}{} answered", "{}{} 답했습니다", peer, ko_particle(peer, Particle::i_ga)).
std::string ko_particle(std::string_view word, Particle particle);

}  // namespace lab
