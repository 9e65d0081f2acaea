#include "text.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace whosaid {

std::size_t end_of_ascii(std::string_view text, std::size_t pos, std::size_t end) {
  return find_byte<AlsoStop::non_ascii>(text.substr(0, end), pos);
}

std::size_t valid_sequence_length(std::string_view text, std::size_t pos) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  const unsigned char b0 = s[pos];
  if (b0 < 0x80) return 1;
  auto cont = [&](std::size_t i) { return pos + i < n && (s[pos + i] & 0xC0) == 0x80; };
  if (b0 >= 0xC2 && b0 <= 0xDF) return cont(1) ? 2 : 0;
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    const unsigned char b1 = s[pos + 1];
    if (b0 == 0xE0 && b1 < 0xA0) return 0;   // overlong
    if (b0 == 0xED && b1 >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    const unsigned char b1 = s[pos + 1];
    if (b0 == 0xF0 && b1 < 0x90) return 0;   // overlong
    if (b0 == 0xF4 && b1 >= 0x90) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}


char32_t decode_next_multibyte(std::string_view text, std::size_t& pos) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t len = valid_sequence_length(text, pos);
  char32_t c;
  switch (len) {
    case 1: c = s[pos]; break;
    case 2: c = ((s[pos] & 0x1Fu) << 6) | (s[pos + 1] & 0x3Fu); break;
    case 3: c = ((s[pos] & 0x0Fu) << 12) | ((s[pos + 1] & 0x3Fu) << 6) | (s[pos + 2] & 0x3Fu); break;
    case 4:
      c = ((s[pos] & 0x07u) << 18) | ((s[pos + 1] & 0x3Fu) << 12) | ((s[pos + 2] & 0x3Fu) << 6) |
          (s[pos + 3] & 0x3Fu);
      break;
    default: pos += 1; return kReplacement;
  }
  pos += len;
  return c;
}

char32_t code_point_before(std::string_view text, std::size_t pos) {
  if (pos == 0) return 0;
  // Step back over at most three continuation bytes to a lead byte.
  std::size_t start = pos - 1;
  for (int i = 0; i < 3 && start > 0 && is_continuation_byte(text[start]); ++i)
    --start;
  std::size_t p = start;
  const char32_t c = decode_next(text, p);
  return p == pos ? c : kReplacement;
}

char32_t code_point_at(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return 0;
  return decode_next(text, pos);
}

std::size_t count_invalid_utf8(std::string_view text) {
  std::size_t invalid = 0;
  for (std::size_t pos = 0; (pos = end_of_ascii(text, pos, text.size())) < text.size();) {
    const std::size_t len = valid_sequence_length(text, pos);
    if (len == 0) { ++invalid; ++pos; } else { pos += len; }
  }
  return invalid;
}

bool prepare_for_matching(std::string_view input, std::string& out, std::size_t& invalid) {
  invalid = count_invalid_utf8(input);
  std::size_t cr = input.find('\r');
  if (invalid == 0 && cr == std::string_view::npos) return false;
  out = invalid ? replace_invalid_utf8(input) : std::string(input);
  for (; cr != std::string_view::npos; cr = input.find('\r', cr + 1))
    out[cr] = '\n';
  return true;
}

std::string replace_invalid_utf8(std::string_view text) {
  std::string out(text);
  for (std::size_t pos = 0; (pos = end_of_ascii(out, pos, out.size())) < out.size();) {
    const std::size_t len = valid_sequence_length(out, pos);
    if (len == 0) { out[pos] = '\x1A'; ++pos; } else { pos += len; }
  }
  return out;
}

void append_valid_utf8(std::string& out, std::string_view text) {
  append_escaped_utf8<false>(out, text, [](std::string&, unsigned char) {});
}

namespace {

// Bytes of text[pos, end) that start a code point of valid UTF-8.
std::size_t count_lead_bytes(std::string_view text, std::size_t pos, std::size_t end) {
  std::size_t count = 0;
#if defined(__SSE2__)
  // A continuation byte is 0x80-0xBF, below -0x40 as a signed byte.
  for (; pos + 16 <= end; pos += 16) {
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + pos));
    const __m128i leads = _mm_cmpgt_epi8(chunk, _mm_set1_epi8(static_cast<char>(0xBF)));
    // The marks' count, as the sums of each half's bytes (no popcnt on baseline x86-64).
    const __m128i sums = _mm_sad_epu8(_mm_and_si128(leads, _mm_set1_epi8(1)), _mm_setzero_si128());
    count += static_cast<std::size_t>(_mm_cvtsi128_si32(sums) + _mm_extract_epi16(sums, 4));
  }
#endif
  for (; pos < end; ++pos) count += (static_cast<unsigned char>(text[pos]) & 0xC0) != 0x80;
  return count;
}

}  // namespace

std::vector<std::size_t> code_point_offsets(std::string_view text, const std::vector<std::size_t>& sorted_bytes,
                                            bool valid) {
  std::vector<std::size_t> out;
  out.reserve(sorted_bytes.size());
  std::size_t pos = 0, count = 0;
  for (const std::size_t target : sorted_bytes) {
    const std::size_t limit = std::min(target, text.size());
    if (valid && pos < limit) {
      count += count_lead_bytes(text, pos, limit);
      pos = limit;
    }
    while (pos < limit) {
      const std::size_t ascii_end = end_of_ascii(text, pos, limit);
      count += ascii_end - pos;
      pos = ascii_end;
      if (pos < limit) {
        decode_next(text, pos);
        ++count;
      }
    }
    out.push_back(count);
  }
  return out;
}

bool is_space_multibyte(char32_t c) { return u_isUWhiteSpace(static_cast<UChar32>(c)); }
bool is_alnum_multibyte(char32_t c) { return u_isalnum(static_cast<UChar32>(c)); }
bool is_upper_multibyte(char32_t c) { return u_isupper(static_cast<UChar32>(c)); }
bool is_lower_multibyte(char32_t c) { return u_islower(static_cast<UChar32>(c)); }

CapitalsAndLines count_capitals_and_lines(std::string_view text) {
  CapitalsAndLines counts;
  std::size_t pos = 0;
#if defined(__SSE2__)
  // The marks of a block counted as the sums of each half's bytes (no popcnt on baseline x86-64).
  auto count = [](__m128i marks) {
    const __m128i sums = _mm_sad_epu8(_mm_and_si128(marks, _mm_set1_epi8(1)), _mm_setzero_si128());
    return static_cast<std::size_t>(_mm_cvtsi128_si32(sums) + _mm_extract_epi16(sums, 4));
  };
  for (; pos + 16 <= text.size(); pos += 16) {
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + pos));
    // From 0xC0 up: as signed bytes, -64 to -1.
    const __m128i high = _mm_and_si128(_mm_cmpgt_epi8(chunk, _mm_set1_epi8(static_cast<char>(0xBF))),
                                       _mm_cmplt_epi8(chunk, _mm_setzero_si128()));
    counts.capital_starts += count(_mm_or_si128(high, bytes_between(chunk, 'A', 'Z')));
    counts.line_feeds += count(_mm_cmpeq_epi8(chunk, _mm_set1_epi8('\n')));
  }
#endif
  for (; pos < text.size(); ++pos) {
    const auto b = static_cast<unsigned char>(text[pos]);
    counts.capital_starts += (b >= 'A' && b <= 'Z') || b >= 0xC0;
    counts.line_feeds += b == '\n';
  }
  return counts;
}

std::size_t last_occurrence(std::string_view text, std::string_view needle, std::size_t end) {
  end = std::min(end, text.size());
  for (std::size_t starts = end >= needle.size() ? end - needle.size() + 1 : 0; starts > 0;) {
    const void* first = memrchr(text.data(), needle.front(), starts);
    if (first == nullptr) break;
    const auto at = static_cast<std::size_t>(static_cast<const char*>(first) - text.data());
    if (text.substr(at, needle.size()) == needle) return at;
    starts = at;
  }
  return std::string_view::npos;
}

}  // namespace whosaid
