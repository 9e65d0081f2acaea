// UTF-8 helpers: decoding with replacement, counting and repairing invalid
// bytes, mapping byte offsets to code point offsets.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "text.h"

using namespace whosaid;

namespace {

struct DecodeCase {
  const char* name;
  std::string bytes;
  char32_t code_point;
  std::size_t consumed;
};

}  // namespace

TEST_CASE("decode_next: valid, invalid, truncated, overlong and surrogate sequences") {
  const DecodeCase cases[] = {
      {"ASCII", "A", U'A', 1},
      {"NUL byte", std::string(1, '\0'), 0, 1},
      {"two bytes (é)", "\xC3\xA9", 0xE9, 2},
      {"three bytes (“)", "\xE2\x80\x9C", 0x201C, 3},
      {"four bytes (emoji)", "\xF0\x9F\x98\x80", 0x1F600, 4},
      {"last code point before the surrogates", "\xED\x9F\xBF", 0xD7FF, 3},
      {"highest code point", "\xF4\x8F\xBF\xBF", 0x10FFFF, 4},
      {"U+FFFD itself is valid", "\xEF\xBF\xBD", 0xFFFD, 3},
      {"lone continuation byte", "\x80", kReplacement, 1},
      {"invalid byte 0xFF", "\xFF", kReplacement, 1},
      {"invalid lead 0xF5", "\xF5\x80\x80\x80", kReplacement, 1},
      {"two-byte lead then ASCII", "\xC3" "A", kReplacement, 1},
      {"truncated two-byte", "\xC3", kReplacement, 1},
      {"truncated three-byte", "\xE2\x80", kReplacement, 1},
      {"truncated four-byte", "\xF0\x9F\x98", kReplacement, 1},
      {"overlong two-byte (C0)", "\xC0\xAF", kReplacement, 1},
      {"overlong two-byte (C1)", "\xC1\xBF", kReplacement, 1},
      {"overlong three-byte", "\xE0\x80\xAF", kReplacement, 1},
      {"overlong four-byte", "\xF0\x80\x80\xAF", kReplacement, 1},
      {"high surrogate", "\xED\xA0\x80", kReplacement, 1},
      {"low surrogate", "\xED\xBF\xBF", kReplacement, 1},
      {"above U+10FFFF", "\xF4\x90\x80\x80", kReplacement, 1},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    std::size_t pos = 0;
    CHECK(decode_next(c.bytes, pos) == c.code_point);
    CHECK(pos == c.consumed);
  }
}

TEST_CASE("decode_next: after an invalid byte decoding resumes at the next byte") {
  const std::string text = "\xE2\x80" "A\xC3\xA9";  // truncated “, then A, then é
  std::vector<char32_t> decoded;
  for (std::size_t pos = 0; pos < text.size();) decoded.push_back(decode_next(text, pos));
  CHECK(decoded == std::vector<char32_t>{kReplacement, kReplacement, U'A', 0xE9});
}

TEST_CASE("decode_next: decoding from an offset inside a sequence") {
  const std::string text = "\xE2\x80\x9Cx";
  std::size_t pos = 1;  // a continuation byte
  CHECK(decode_next(text, pos) == kReplacement);
  CHECK(pos == 2);
}

TEST_CASE("code_point_before and code_point_at") {
  const std::string text = "a\xC3\xA9\xE2\x80\x9D";  // a é ”
  CHECK(code_point_before(text, 0) == 0);
  CHECK(code_point_before(text, 1) == U'a');
  CHECK(code_point_before(text, 3) == 0xE9);
  CHECK(code_point_before(text, 6) == 0x201D);
  CHECK(code_point_before(text, 2) == kReplacement);  // inside é
  CHECK(code_point_at(text, 0) == U'a');
  CHECK(code_point_at(text, 1) == 0xE9);
  CHECK(code_point_at(text, 3) == 0x201D);
  CHECK(code_point_at(text, 6) == 0);
  CHECK(code_point_before("x\xFF", 2) == kReplacement);
}

TEST_CASE("end_of_ascii stops at the first non-ASCII byte, or at the end given") {
  // Every start, end and place of the non-ASCII byte in a text longer than two
  // SSE2 blocks, so that block, word and byte steps all meet it.
  for (std::size_t high = 0; high <= 40; ++high) {
    std::string text(40, 'a');
    if (high < text.size()) text[high] = '\xC3';
    for (std::size_t start = 0; start <= text.size(); ++start) {
      for (std::size_t end = start; end <= text.size(); ++end) {
        CAPTURE(high);
        CAPTURE(start);
        CAPTURE(end);
        const std::size_t expected = high >= start && high < end ? high : end;
        CHECK(end_of_ascii(text, start, end) == expected);
      }
    }
  }
}

TEST_CASE("append_escaped_utf8: every byte value at every place, in blocks and byte steps") {
  const auto escape_hex = [](std::string& out, unsigned char c) {
    static constexpr char hex[] = "0123456789abcdef";
    out += '<';
    out += hex[c >> 4];
    out += hex[c & 15];
    out += '>';
  };
  // One byte at a time: what the sixteen-byte scan must give.
  const auto expected = [&](std::string_view text, bool controls, std::string_view escaped) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
      const auto c = static_cast<unsigned char>(text[i]);
      const std::size_t len = valid_sequence_length(text, i);
      if (c < 0x80 && ((controls && c < 0x20) || escaped.find(static_cast<char>(c)) != std::string_view::npos))
        escape_hex(out, c);
      else if (len == 0) out += "\xEF\xBF\xBD";
      else out.append(text, i, len);
      i += std::max<std::size_t>(len, 1);
    }
    return out;
  };
  for (int b = 0; b < 256; ++b) {
    for (std::size_t place = 0; place < 40; ++place) {
      std::string text(40, 'a');
      text[place] = static_cast<char>(b);
      if (place + 2 < text.size()) text.replace(place + 1, 2, "\xC3\xA9");  // é just after: a run goes on
      CAPTURE(b);
      CAPTURE(place);
      std::string json, html, plain;
      append_escaped_utf8<true, '"', '\\'>(json, text, escape_hex);
      append_escaped_utf8<true, '\x7F', '&', '<', '>', '"'>(html, text, escape_hex);
      append_escaped_utf8<false>(plain, text, escape_hex);
      CHECK(json == expected(text, true, "\"\\"));
      CHECK(html == expected(text, true, "\x7F&<>\""));
      CHECK(plain == expected(text, false, ""));
    }
  }
}

TEST_CASE("end_of_ascii_word and find_capital_or_non_ascii: every byte value, at every place, before or past the end") {
  // Blocks of sixteen bytes may read past the end given: a stop there is not
  // taken. Places in two blocks and in the byte steps of the tail.
  const auto is_word_byte = [](int b) {
    return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '-' || b == '.' ||
           b == '\'';
  };
  const auto is_capital_or_non_ascii = [](int b) { return b >= 0x80 || (b >= 'A' && b <= 'Z'); };
  for (int b = 0; b < 256; ++b) {
    for (const std::size_t at : {0, 1, 7, 15, 16, 17, 31, 32, 38, 39}) {
      std::string text(40, 'a');
      text[at] = static_cast<char>(b);
      for (const std::size_t start : {0, 1, 15, 16, 17, 30}) {
        for (const std::size_t end : {start, at, at + 1, std::size_t{20}, std::size_t{33}, text.size()}) {
          if (end < start || end > text.size()) continue;
          CAPTURE(b);
          CAPTURE(at);
          CAPTURE(start);
          CAPTURE(end);
          const bool inside = at >= start && at < end;
          CHECK(end_of_ascii_word(text, start, end) == (inside && !is_word_byte(b) ? at : end));
          CHECK(find_capital_or_non_ascii(text, start, end) == (inside && is_capital_or_non_ascii(b) ? at : end));
        }
      }
    }
  }
}

TEST_CASE("end_of_ascii_word and find_capital_or_non_ascii: the first stop of several") {
  const std::string text = "well-known o'Brien's 2.5 km, then Paris\xC3\xA9 and Zagreb";
  CHECK(end_of_ascii_word(text, 0, text.size()) == 10);   // the space after "well-known"
  CHECK(end_of_ascii_word(text, 11, text.size()) == 20);  // o'Brien's
  CHECK(end_of_ascii_word(text, 21, text.size()) == 24);  // 2.5
  CHECK(end_of_ascii_word(text, 34, text.size()) == 39);  // Paris, then a non-ASCII byte
  CHECK(find_capital_or_non_ascii(text, 0, text.size()) == 13);   // the B of Brien
  CHECK(find_capital_or_non_ascii(text, 14, text.size()) == 34);  // Paris
  CHECK(find_capital_or_non_ascii(text, 35, text.size()) == 39);  // the first byte of é
  CHECK(find_capital_or_non_ascii(text, 41, text.size()) == 46);  // Zagreb
  CHECK(find_capital_or_non_ascii(text, 47, text.size()) == text.size());
}

TEST_CASE("count_invalid_utf8 counts each byte that is not part of a valid sequence") {
  const struct {
    std::string text;
    std::size_t invalid;
  } cases[] = {
      {"", 0},
      {"plain ASCII", 0},
      {"caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D \xF0\x9F\x98\x80", 0},
      {"a\xFF" "b", 1},
      {"\xE2\x80", 2},              // truncated: both bytes
      {"\xC0\xAF", 2},              // overlong
      {"\xED\xA0\x80", 3},          // surrogate
      {"ok \xC3", 1},               // truncated at the end
      {"\x80\x80\x80 \xC3\xA9", 3}, // stray continuations, then a valid é
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    CHECK(count_invalid_utf8(c.text) == c.invalid);
  }
}

TEST_CASE("replace_invalid_utf8 keeps the length and replaces only invalid bytes") {
  const std::string input = "ab\xFF" "c \xC3\xA9 \xE2\x80 \xED\xA0\x80 \xE2\x80\x9Cq\xE2\x80\x9D";
  const std::string out = replace_invalid_utf8(input);
  REQUIRE(out.size() == input.size());
  CHECK(count_invalid_utf8(out) == 0);
  std::size_t changed = 0;
  for (std::size_t i = 0; i < input.size(); ++i) {
    if (out[i] != input[i]) {
      ++changed;
      CHECK(out[i] == '\x1A');
    }
  }
  CHECK(changed == count_invalid_utf8(input));
  CHECK(out.substr(0, 2) == "ab");
  CHECK(out.find("\xC3\xA9") != std::string::npos);          // é kept
  CHECK(out.find("\xE2\x80\x9Cq\xE2\x80\x9D") != std::string::npos);  // “q” kept
  CHECK(replace_invalid_utf8("all valid \xC3\xA9") == "all valid \xC3\xA9");
}

TEST_CASE("code_point_offsets maps sorted byte offsets to code point offsets") {
  SUBCASE("multi-byte characters") {
    const std::string text = "a\xC3\xA9\xE2\x80\x9C" "b\xE2\x80\x9D\xF0\x9F\x98\x80";  // a é “ b ” 😀
    CHECK(code_point_offsets(text, {0, 1, 3, 6, 7, 10, 14}) ==
          std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 6});
  }
  SUBCASE("repeated offsets and offsets past the end") {
    const std::string text = "\xC3\xA9\xC3\xA9";
    CHECK(code_point_offsets(text, {2, 2, 4, 100}) == std::vector<std::size_t>{1, 1, 2, 2});
  }
  SUBCASE("each invalid byte counts as one code point") {
    const std::string text = "a\xFF\xFE" "b\xE2\x80";
    CHECK(code_point_offsets(text, {1, 2, 3, 4, 5, 6}) ==
          std::vector<std::size_t>{1, 2, 3, 4, 5, 6});
  }
  SUBCASE("no offsets") { CHECK(code_point_offsets("text", {}).empty()); }
}

TEST_CASE("character classes") {
  CHECK(is_space(U' '));
  CHECK(is_space(U'\n'));
  CHECK(is_space(0x00A0));  // no-break space
  CHECK(is_space(0x2003));  // em space
  CHECK_FALSE(is_space(U'x'));
  CHECK_FALSE(is_space(0x201C));
  CHECK(is_alnum(U'7'));
  CHECK(is_alnum(0xE9));    // é
  CHECK(is_alnum(0x0416));  // Ж
  CHECK_FALSE(is_alnum(U'\''));
  CHECK_FALSE(is_alnum(0x2019));
  CHECK(is_upper(0xC9));    // É
  CHECK_FALSE(is_upper(0xE9));
  CHECK(is_lower(0xE9));
  CHECK_FALSE(is_lower(U'A'));
}

TEST_CASE("last_occurrence: what rfind over the text up to the end finds") {
  std::mt19937 random(7);
  auto draw = [&](std::size_t length) {
    std::string s;
    for (std::size_t i = 0; i < length; ++i) s += ". \nab"[random() % 5];
    return s;
  };
  for (int trial = 0; trial < 20000; ++trial) {
    const std::string text = draw(random() % 40);
    const std::string needle = draw(1 + random() % 3);
    const std::size_t end = random() % (text.size() + 3);  // past the text too
    CAPTURE(text);
    CAPTURE(needle);
    CAPTURE(end);
    CHECK(last_occurrence(text, needle, end) == std::string_view(text).substr(0, end).rfind(needle));
  }
}

TEST_CASE("count_capitals_and_lines: A-Z and every byte from 0xC0 up; line feeds; at any length") {
  std::mt19937 random(11);
  const std::string alphabet = "aAzZ@[ \n\x80\xBF\xC0\xC3\xFF\x7F";
  for (int trial = 0; trial < 2000; ++trial) {
    std::string text;
    for (std::size_t i = random() % 70; i > 0; --i) text += alphabet[random() % alphabet.size()];
    std::size_t capitals = 0, lines = 0;
    for (const char c : text) {
      const auto b = static_cast<unsigned char>(c);
      capitals += (b >= 'A' && b <= 'Z') || b >= 0xC0;
      lines += b == '\n';
    }
    CAPTURE(text);
    const CapitalsAndLines counts = count_capitals_and_lines(text);
    CHECK(counts.capital_starts == capitals);
    CHECK(counts.line_feeds == lines);
  }
}
