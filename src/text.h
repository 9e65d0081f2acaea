// UTF-8 helpers: decoding with replacement, neighbours, code point offsets.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace whosaid {

inline constexpr char32_t kReplacement = 0xFFFD;

// Length of the valid UTF-8 sequence at `pos`, or 0 when it is invalid.
std::size_t valid_sequence_length(std::string_view text, std::size_t pos);

// Decodes the code point at `pos` and advances `pos`; an invalid or truncated
// sequence yields U+FFFD and consumes one byte, so offsets stay in the input.
char32_t decode_next_multibyte(std::string_view text, std::size_t& pos);
inline char32_t decode_next(std::string_view text, std::size_t& pos) {
  const auto byte = static_cast<unsigned char>(text[pos]);
  if (byte < 0x80) {
    ++pos;
    return byte;
  }
  return decode_next_multibyte(text, pos);
}

// Whether `byte` continues a UTF-8 sequence (0x80-0xBF) rather than starting one.
inline bool is_continuation_byte(char byte) { return (static_cast<unsigned char>(byte) & 0xC0) == 0x80; }

// Bytes of `c` in UTF-8.
inline std::size_t utf8_length(char32_t c) { return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4; }

// The code point ending just before `pos` (U+FFFD for invalid bytes), 0 at the start.
char32_t code_point_before(std::string_view text, std::size_t pos);
// The code point starting at `pos`, 0 at the end.
char32_t code_point_at(std::string_view text, std::size_t pos);

// The first byte at or after `pos` (and before `end`) that is not ASCII, else `end`.
std::size_t end_of_ascii(std::string_view text, std::size_t pos, std::size_t end);

// Byte classes find_byte stops at besides the bytes it lists.
enum class AlsoStop { nothing, control, non_ascii, non_ascii_or_control };

// The first byte at or after `pos` that is one of `kBytes` or of class
// `kAlso` (a control is below 0x20), else text.size(); sixteen bytes at a
// time where SSE2 is there, for scans that skip most bytes of news text.
template <AlsoStop kAlso, char... kBytes>
std::size_t find_byte(std::string_view text, std::size_t pos) {
#if defined(__SSE2__)
  for (; pos + 16 <= text.size(); pos += 16) {
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + pos));
    __m128i hits = _mm_setzero_si128();
    if constexpr (kAlso == AlsoStop::non_ascii) hits = chunk;  // the top bit
    // A signed compare: bytes from 0x80 up are below 0x20 too.
    if constexpr (kAlso == AlsoStop::non_ascii_or_control) hits = _mm_cmplt_epi8(chunk, _mm_set1_epi8(0x20));
    if constexpr (kAlso == AlsoStop::control) hits = _mm_cmpeq_epi8(_mm_min_epu8(chunk, _mm_set1_epi8(0x1F)), chunk);
    ((hits = _mm_or_si128(hits, _mm_cmpeq_epi8(chunk, _mm_set1_epi8(kBytes)))), ...);
    if (const int mask = _mm_movemask_epi8(hits))
      return pos + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  for (; pos < text.size(); ++pos) {
    const auto b = static_cast<unsigned char>(text[pos]);
    if (((kAlso == AlsoStop::non_ascii || kAlso == AlsoStop::non_ascii_or_control) && b >= 0x80) ||
        ((kAlso == AlsoStop::control || kAlso == AlsoStop::non_ascii_or_control) && b < 0x20) ||
        ((text[pos] == kBytes) || ...))
      break;
  }
  return pos;
}

#if defined(__SSE2__)
// 0xFF in each byte of `chunk` from `lo` to `hi` (ASCII both), in one signed
// compare: the bytes are shifted so that `lo` becomes the least, and bytes
// below `lo` or from 0x80 up wrap above the range.
inline __m128i bytes_between(__m128i chunk, char lo, char hi) {
  const __m128i shifted = _mm_add_epi8(chunk, _mm_set1_epi8(static_cast<char>(-128 - lo)));
  return _mm_cmplt_epi8(shifted, _mm_set1_epi8(static_cast<char>(-128 + (hi - lo + 1))));
}
#endif

namespace detail {

// The first byte of text[pos, end) that `stops` (one byte), else `end`.
// Sixteen bytes at a time where SSE2 is there, `block_stops` giving a mask of
// the stops in a block; blocks may read on past `end` while the text lasts
// (stops there are not taken), so that a short scan needs no byte steps.
template <typename BlockStops, typename Stops>
std::size_t scan_to(std::string_view text, std::size_t pos, std::size_t end, [[maybe_unused]] BlockStops block_stops,
                    Stops stops) {
#if defined(__SSE2__)
  for (; pos < end && pos + 16 <= text.size(); pos += 16) {
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + pos));
    if (const int mask = block_stops(chunk)) {
      const std::size_t stop = pos + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
      return stop < end ? stop : end;
    }
  }
#endif
  while (pos < end && !stops(static_cast<unsigned char>(text[pos]))) ++pos;
  return pos < end ? pos : end;
}
}  // namespace detail

// The first byte at or after `pos` (and before `end`) that is no ASCII
// letter, digit, - ' or . (so also every byte from 0x80 up), else `end`:
// where the ASCII part of a word ends.
inline std::size_t end_of_ascii_word(std::string_view text, std::size_t pos, std::size_t end) {
  return detail::scan_to(
      text, pos, end,
#if defined(__SSE2__)
      [](__m128i chunk) {
        const __m128i letters = bytes_between(_mm_or_si128(chunk, _mm_set1_epi8(0x20)), 'a', 'z');
        const __m128i punctuation = _mm_or_si128(bytes_between(chunk, '-', '.'), _mm_cmpeq_epi8(chunk, _mm_set1_epi8('\'')));
        const __m128i word = _mm_or_si128(_mm_or_si128(letters, bytes_between(chunk, '0', '9')), punctuation);
        return ~_mm_movemask_epi8(word) & 0xFFFF;
      },
#else
      nullptr,
#endif
      [](unsigned char b) {
        const bool letter = (b | 0x20) >= 'a' && (b | 0x20) <= 'z';
        return !(letter || (b >= '0' && b <= '9') || b == '-' || b == '.' || b == '\'');
      });
}

// The first byte at or after `pos` (and before `end`) that is an ASCII
// capital or not ASCII, else `end`: where a capitalised word may begin.
inline std::size_t find_capital_or_non_ascii(std::string_view text, std::size_t pos, std::size_t end) {
  return detail::scan_to(
      text, pos, end,
#if defined(__SSE2__)
      [](__m128i chunk) { return _mm_movemask_epi8(_mm_or_si128(bytes_between(chunk, 'A', 'Z'), chunk)); },
#else
      nullptr,
#endif
      [](unsigned char b) { return b >= 0x80 || (b >= 'A' && b <= 'Z'); });
}

// Bytes of `text` that may start a capitalised word (A-Z, and every byte
// from 0xC0 up: a character past ASCII starts with one), a bound on the
// names in it; and its line feeds. Counted in one pass, sixteen bytes at a time.
struct CapitalsAndLines {
  std::size_t capital_starts = 0;
  std::size_t line_feeds = 0;
};
CapitalsAndLines count_capitals_and_lines(std::string_view text);

// Number of bytes in `text` that are not part of valid UTF-8.
std::size_t count_invalid_utf8(std::string_view text);

// Where `needle` (not empty) last occurs in text[0, end); npos when nowhere.
// The same as text.substr(0, end).rfind(needle), which compares at every
// position, while this looks for the first byte with memrchr.
std::size_t last_occurrence(std::string_view text, std::string_view needle, std::size_t end);

// The text the pipeline matches on, when `input` needs repairs: a copy of the
// same length (so every offset still points into `input`) in which every
// invalid byte is ASCII SUB (0x1A) and every CR is LF, so that old Mac (CR)
// and Windows (CRLF, then read as a blank line) line ends split paragraphs
// and sentences as LF does.
// Returns false and leaves `out` alone when `input` needs none. `invalid`
// receives the number of invalid bytes.
bool prepare_for_matching(std::string_view input, std::string& out, std::size_t& invalid);

// A copy of `text` of the same length in which every invalid byte is replaced
// by ASCII SUB (0x1A), so patterns and ICU see valid UTF-8 at unchanged offsets.
std::string replace_invalid_utf8(std::string_view text);

// Appends `text` to `out` with every invalid byte written as U+FFFD.
void append_valid_utf8(std::string& out, std::string_view text);

// Appends `text` to `out` for an output format: each of `kEscaped` (and,
// with `kControls`, each control below 0x20) through `escape_ascii(out,
// byte)`, which writes its escape; an invalid byte as U+FFFD; every other
// byte as it is, copied in runs.
template <bool kControls, char... kEscaped, typename EscapeAscii>
void append_escaped_utf8(std::string& out, std::string_view text, EscapeAscii&& escape_ascii) {
  constexpr AlsoStop kAlso = kControls ? AlsoStop::non_ascii_or_control : AlsoStop::non_ascii;
  std::size_t run = 0;  // start of the bytes not yet appended
  for (std::size_t i = 0; (i = find_byte<kAlso, kEscaped...>(text, i)) < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      out.append(text, run, i - run);
      escape_ascii(out, static_cast<unsigned char>(text[i]));
      run = ++i;
    } else if (const std::size_t len = valid_sequence_length(text, i); len == 0) {
      out.append(text, run, i - run);
      out += "\xEF\xBF\xBD";
      run = ++i;
    } else {
      i += len;
    }
  }
  out.append(text, run, text.size() - run);
}

// Maps sorted byte offsets to code point offsets in one pass. In valid
// UTF-8 (`valid`), a code point is a byte that is no continuation byte, and
// these are counted sixteen at a time.
std::vector<std::size_t> code_point_offsets(std::string_view text, const std::vector<std::size_t>& sorted_bytes,
                                            bool valid = false);

bool is_space_multibyte(char32_t c);
bool is_alnum_multibyte(char32_t c);
bool is_upper_multibyte(char32_t c);
bool is_lower_multibyte(char32_t c);

// Unicode white space, including line breaks.
inline bool is_space(char32_t c) { return c < 0x80 ? c == ' ' || (c >= 0x09 && c <= 0x0D) : is_space_multibyte(c); }
// Letters and digits, any script.
inline bool is_alnum(char32_t c) {
  return c < 0x80 ? (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') : is_alnum_multibyte(c);
}
inline bool is_upper(char32_t c) { return c < 0x80 ? c >= 'A' && c <= 'Z' : is_upper_multibyte(c); }
inline bool is_lower(char32_t c) { return c < 0x80 ? c >= 'a' && c <= 'z' : is_lower_multibyte(c); }

// Past the white space at `pos`, not beyond `end`, by whole characters (a
// no-break space is two bytes).
inline std::size_t skip_spaces(std::string_view text, std::size_t pos, std::size_t end) {
  for (std::size_t next = pos; next < end && is_space(decode_next(text, next));) pos = next;
  return pos;
}
// Back over the white space before `end`, not before `start`, by whole characters.
inline std::size_t trim_spaces_back(std::string_view text, std::size_t start, std::size_t end) {
  for (char32_t c; end > start && is_space(c = code_point_before(text, end));) end -= utf8_length(c);
  return end;
}

}  // namespace whosaid
