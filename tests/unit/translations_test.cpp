// Every sentence is written twice, English and Korean, as lab::trf(en, ko, args...). Both are
// fmt::format_string, so the compiler already rejects a string that asks for an argument that
// is not there, a wrong type, or a mixed "{} {2}". What it lets through is a string that uses
// fewer arguments than given: a Korean sentence that silently drops the port, say (Korean word
// order differs, so the Korean string often numbers its arguments, {1} before {0}). This test
// reads every trf() call in common/ and labs/ and checks both strings use the same arguments.
#include <dirent.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <set>
#include <sstream>

#include "process.hpp"

namespace {

void collect_sources(const std::string& folder, std::vector<std::string>& out) {
  DIR* dir = opendir(folder.c_str());
  if (!dir) return;
  while (dirent* entry = readdir(dir)) {
    const std::string name = entry->d_name;
    if (name == "." || name == "..") continue;
    const std::string path = folder + "/" + name;
    struct stat info {};
    if (stat(path.c_str(), &info) != 0) continue;
    if (S_ISDIR(info.st_mode))
      collect_sources(path, out);
    else if (name.ends_with(".cpp") || name.ends_with(".hpp"))
      out.push_back(path);
  }
  closedir(dir);
}

// Reads adjacent string literals ("a" "b") from text[i]; false when there is none.
bool read_literals(const std::string& text, std::size_t& i, std::string& out) {
  out.clear();
  bool any = false;
  while (true) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])))
      ++i;
    if (i >= text.size() || text[i] != '"') return any;
    ++i;
    while (i < text.size() && text[i] != '"') {
      if (text[i] == '\\' && i + 1 < text.size()) out += text[i++];
      out += text[i++];
    }
    ++i;
    any = true;
  }
}

struct Placeholders {
  bool automatic = false;  // {} or {:...}
  bool numbered = false;   // {0}, {1:...}
  std::size_t count = 0;   // automatic: how many; numbered: highest index + 1
  std::set<std::size_t> indices;
  bool well_formed = true;
};

Placeholders placeholders(const std::string& format) {
  Placeholders out;
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] == '{' && i + 1 < format.size() && format[i + 1] == '{') {
      ++i;
      continue;
    }
    if (format[i] == '}' && i + 1 < format.size() && format[i + 1] == '}') {
      ++i;
      continue;
    }
    if (format[i] != '{') continue;
    const auto close = format.find('}', i);
    if (close == std::string::npos) {
      out.well_formed = false;
      break;
    }
    std::string id = format.substr(i + 1, close - i - 1);
    id = id.substr(0, id.find(':'));
    if (id.empty()) {
      out.automatic = true;
      out.count += 1;
    } else {
      out.numbered = true;
      const std::size_t index = std::stoul(id);
      out.indices.insert(index);
      out.count = std::max(out.count, index + 1);
    }
    i = close;
  }
  return out;
}

}  // namespace

TEST_CASE("translations: English and Korean strings ask for the same arguments") {
  std::vector<std::string> files;
  collect_sources(labtest::source_path("common"), files);
  collect_sources(labtest::source_path("labs"), files);
  REQUIRE(files.size() > 10);
  std::size_t calls = 0;
  for (const auto& file : files) {
    std::ifstream in(file);
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    for (std::size_t at = text.find("trf("); at != std::string::npos;
         at = text.find("trf(", at + 4)) {
      std::size_t i = at + 4;
      std::string en, ko;
      if (!read_literals(text, i, en)) continue;  // a declaration, or a call with variables
      while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])))
        ++i;
      if (i >= text.size() || text[i] != ',') continue;
      ++i;
      if (!read_literals(text, i, ko)) continue;
      ++calls;
      const auto line = std::count(text.begin(), text.begin() + static_cast<long>(at), '\n') + 1;
      INFO(file << ":" << line << "\n  en: " << en << "\n  ko: " << ko);
      const auto english = placeholders(en), korean = placeholders(ko);
      CHECK(english.well_formed);
      CHECK(korean.well_formed);
      CHECK_FALSE((english.automatic && english.numbered));  // fmt forbids mixing the two
      CHECK_FALSE((korean.automatic && korean.numbered));
      CHECK(english.count == korean.count);
      if (korean.numbered) CHECK(korean.indices.size() == korean.count);  // every argument used
    }
  }
  CHECK(calls > 100);
}
