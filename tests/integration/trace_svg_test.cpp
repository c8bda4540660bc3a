// lab-trace's pictures: the SVG is well-formed XML, and a real browser draws the marked states.
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "process.hpp"

using namespace labtest;
namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Well-formed XML, checked by hand (no XML library in the build): one root element, every tag
// closed in order, attributes quoted, only the five predefined entities and character
// references, no stray '<' or '&'. Returns the problem, or "" when the document is fine.
std::string xml_problem(const std::string& text) {
  std::vector<std::string> open;
  std::size_t at = 0;
  bool root_seen = false;
  auto name_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == ':' ||
           c == '.';
  };
  auto check_text = [&](std::size_t begin, std::size_t end) -> std::string {
    for (std::size_t i = begin; i < end; ++i) {
      if (text[i] != '&') continue;
      const auto semi = text.find(';', i);
      if (semi == std::string::npos || semi > end) return "unterminated entity";
      const std::string entity = text.substr(i + 1, semi - i - 1);
      if (entity != "lt" && entity != "gt" && entity != "amp" && entity != "quot" &&
          entity != "apos" && (entity.empty() || entity[0] != '#'))
        return "unknown entity &" + entity + ";";
    }
    return {};
  };
  while (at < text.size()) {
    const auto lt = text.find('<', at);
    if (lt == std::string::npos) {
      if (auto p = check_text(at, text.size()); !p.empty()) return p;
      break;
    }
    if (auto p = check_text(at, lt); !p.empty()) return p;
    if (open.empty() && root_seen && text.find_first_not_of(" \r\n\t", at) < lt)
      return "text after the root element";
    if (text.compare(lt, 5, "<?xml") == 0) {
      const auto end = text.find("?>", lt);
      if (end == std::string::npos || lt != 0) return "bad XML declaration";
      at = end + 2;
      continue;
    }
    if (text.compare(lt, 4, "<!--") == 0) {
      const auto end = text.find("-->", lt);
      if (end == std::string::npos) return "unterminated comment";
      at = end + 3;
      continue;
    }
    const auto gt = text.find('>', lt);
    if (gt == std::string::npos) return "unterminated tag";
    std::string tag = text.substr(lt + 1, gt - lt - 1);
    if (tag.find('<') != std::string::npos) return "'<' inside a tag";
    if (!tag.empty() && tag[0] == '/') {
      const std::string name = tag.substr(1);
      if (open.empty() || open.back() != name) return "closing </" + name + "> out of order";
      open.pop_back();
      at = gt + 1;
      continue;
    }
    const bool self_closing = !tag.empty() && tag.back() == '/';
    if (self_closing) tag.pop_back();
    std::size_t i = 0;
    while (i < tag.size() && name_char(tag[i]))
      ++i;
    if (i == 0) return "a tag without a name";
    const std::string name = tag.substr(0, i);
    // Attributes: name="value" or name='value', each separated by white space.
    while (i < tag.size()) {
      const auto next = tag.find_first_not_of(" \r\n\t", i);
      if (next == std::string::npos) break;
      if (next == i) return "attributes not separated in <" + name + ">";
      i = next;
      const std::size_t name_start = i;
      while (i < tag.size() && name_char(tag[i]))
        ++i;
      if (i == name_start || i + 1 >= tag.size() || tag[i] != '=' ||
          (tag[i + 1] != '"' && tag[i + 1] != '\''))
        return "bad attribute in <" + name + ">";
      const char quote = tag[i + 1];
      const auto close = tag.find(quote, i + 2);
      if (close == std::string::npos) return "unterminated attribute in <" + name + ">";
      if (auto p = check_text(lt + 1 + i + 2, lt + 1 + close); !p.empty()) return p;
      i = close + 1;
    }
    if (open.empty() && root_seen) return "a second root element";
    root_seen = true;
    if (!self_closing) open.push_back(name);
    at = gt + 1;
  }
  if (!open.empty()) return "<" + open.back() + "> never closed";
  if (!root_seen) return "no root element";
  return {};
}

// The pixels of a PNG as RGBA (8-bit RGB or RGBA, not interlaced: what Chromium writes).
struct Image {
  int width = 0, height = 0;
  std::vector<std::uint8_t> rgba;
};
std::optional<Image> decode_png(const std::string& data) {
  if (data.size() < 8 || data.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) return std::nullopt;
  auto u32 = [&](std::size_t at) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(data[at]) << 24 |
                                      static_cast<unsigned char>(data[at + 1]) << 16 |
                                      static_cast<unsigned char>(data[at + 2]) << 8 |
                                      static_cast<unsigned char>(data[at + 3]));
  };
  Image image;
  int channels = 0;
  std::string compressed;
  for (std::size_t at = 8; at + 8 <= data.size();) {
    const std::uint32_t length = u32(at);
    const std::string type = data.substr(at + 4, 4);
    if (at + 12 + length > data.size()) return std::nullopt;
    const std::size_t body = at + 8;
    if (type == "IHDR") {
      image.width = static_cast<int>(u32(body));
      image.height = static_cast<int>(u32(body + 4));
      const int depth = data[body + 8];
      const int color = data[body + 9];
      const int interlace = data[body + 12];
      if (depth != 8 || interlace != 0 || (color != 2 && color != 6)) return std::nullopt;
      channels = color == 6 ? 4 : 3;
    } else if (type == "IDAT") {
      compressed += data.substr(body, length);
    }
    at += 12 + length;
  }
  if (channels == 0 || image.width <= 0 || image.height <= 0) return std::nullopt;
  const std::size_t stride = static_cast<std::size_t>(image.width) * channels;
  std::vector<std::uint8_t> raw((stride + 1) * image.height);
  uLongf raw_size = raw.size();
  if (uncompress(raw.data(), &raw_size, reinterpret_cast<const Bytef*>(compressed.data()),
                 compressed.size()) != Z_OK ||
      raw_size != raw.size())
    return std::nullopt;
  std::vector<std::uint8_t> pixels(stride * image.height);
  for (int y = 0; y < image.height; ++y) {
    const std::uint8_t filter = raw[y * (stride + 1)];
    const std::uint8_t* in = &raw[y * (stride + 1) + 1];
    std::uint8_t* out = &pixels[y * stride];
    const std::uint8_t* above = y > 0 ? &pixels[(y - 1) * stride] : nullptr;
    for (std::size_t x = 0; x < stride; ++x) {
      const int a = x >= static_cast<std::size_t>(channels) ? out[x - channels] : 0;
      const int b = above ? above[x] : 0;
      const int c = above && x >= static_cast<std::size_t>(channels) ? above[x - channels] : 0;
      int predicted = 0;
      switch (filter) {
        case 0:
          predicted = 0;
          break;
        case 1:
          predicted = a;
          break;
        case 2:
          predicted = b;
          break;
        case 3:
          predicted = (a + b) / 2;
          break;
        case 4: {
          const int p = a + b - c;
          const int pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
          predicted = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c);
          break;
        }
        default:
          return std::nullopt;
      }
      out[x] = static_cast<std::uint8_t>(in[x] + predicted);
    }
  }
  image.rgba.resize(static_cast<std::size_t>(image.width) * image.height * 4);
  for (std::size_t i = 0; i < static_cast<std::size_t>(image.width) * image.height; ++i) {
    for (int k = 0; k < 3; ++k)
      image.rgba[i * 4 + k] = pixels[i * channels + k];
    image.rgba[i * 4 + 3] = channels == 4 ? pixels[i * channels + 3] : 255;
  }
  return image;
}

std::size_t pixels_near(const Image& image, int r, int g, int b) {
  std::size_t count = 0;
  for (std::size_t i = 0; i + 3 < image.rgba.size(); i += 4)
    if (std::abs(image.rgba[i] - r) <= 6 && std::abs(image.rgba[i + 1] - g) <= 6 &&
        std::abs(image.rgba[i + 2] - b) <= 6)
      ++count;
  return count;
}

std::optional<std::string> find_chromium() {
  for (const char* path : {"/usr/bin/chromium", "/usr/bin/chromium-browser"})
    if (access(path, X_OK) == 0) return std::string(path);
  return std::nullopt;
}

// A traced default close, written as SVG (lab-trace needs root).
std::string traced_svg(const fs::path& svg) {
  Process server({bin("lab-tcp-server"), "--port", "0"});
  const std::string port = std::to_string(started_port(server));
  Process tracer({bin("lab-trace"), "--port", port, "--svg", svg.string()});
  REQUIRE(tracer.wait_for_out("watching", 20s));
  REQUIRE(run({bin("lab-tcp-client"), "--port", port, "--count", "1"}).exit_code == 0);
  // The client's TIME_WAIT is the last state the picture needs (the server's end is closed by
  // then).
  tracer.wait_for_out("TIME_WAIT", 15s);
  tracer.signal(SIGINT);
  REQUIRE(tracer.wait(20s) == 0);
  return read_file(svg);
}

}  // namespace

TEST_CASE("xml_problem finds what is not well-formed", "[trace]") {
  CHECK(xml_problem(R"(<?xml version="1.0"?><svg a="1"><g/><text>a &amp; b</text></svg>)").empty());
  CHECK_FALSE(xml_problem("<svg><g></svg>").empty());
  CHECK_FALSE(xml_problem("<svg a=1></svg>").empty());
  CHECK_FALSE(xml_problem("<svg>a & b</svg>").empty());
  CHECK_FALSE(xml_problem("<svg></svg><svg></svg>").empty());
}

TEST_CASE("lab-trace --svg: well-formed XML with both ends drawn", "[trace]") {
  LAB_SKIP_UNLESS_ROOT("lab-trace needs root to trace (CI runs as root)");
  const fs::path dir = fs::temp_directory_path() / ("lab-trace-svg-" + std::to_string(getpid()));
  fs::create_directories(dir);
  const std::string svg = traced_svg(dir / "close.svg");
  REQUIRE_FALSE(svg.empty());
  CHECK(xml_problem(svg).empty());
  INFO(xml_problem(svg));
  CHECK(svg.find("<svg xmlns=\"http://www.w3.org/2000/svg\"") != std::string::npos);
  // The client's and the server's colours fill the boxes they passed through.
  CHECK(svg.find("fill=\"#1f77b4\"") != std::string::npos);
  CHECK(svg.find("fill=\"#e8590c\"") != std::string::npos);
  CHECK(svg.find(">LAST_ACK<") != std::string::npos);
  CHECK(svg.find("SYN+ACK seq=0 ack=1") != std::string::npos);

  const auto chromium = find_chromium();
  if (!chromium) {
    WARN(
        "skipped the screenshot: chromium is not installed (apt-get install chromium; "
        "scripts/setup.sh installs it)");
    fs::remove_all(dir);
    return;
  }
  const fs::path png = dir / "shot.png";
  const std::string command = *chromium +
                              " --headless --no-sandbox --disable-gpu --hide-scrollbars " +
                              "--user-data-dir=" + (dir / "profile").string() +
                              " --window-size=820,1500 --screenshot=" + png.string() + " file://" +
                              (dir / "close.svg").string() + " >/dev/null 2>&1";
  // Bounded: chromium gets 60 s, then it is killed by timeout(1).
  const int status = std::system(("timeout 60 " + command).c_str());
  INFO(command);
  REQUIRE(WIFEXITED(status));
  REQUIRE(fs::exists(png));
  const auto image = decode_png(read_file(png));
  REQUIRE(image);
  // Not a blank page: the boxes the client (blue) and the server (orange) passed through.
  CHECK(pixels_near(*image, 0x1f, 0x77, 0xb4) > 1000);
  CHECK(pixels_near(*image, 0xe8, 0x59, 0x0c) > 1000);
  fs::remove_all(dir);
}
