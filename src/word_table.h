// Lexicon words looked up by string_view: a flat table, cheaper than
// std::unordered_set for the linker's many lookups of short words.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace whosaid {

// Words mapped to values, searched with a string_view. One flat table with
// open addressing: a lookup reads a compact array of slots (no division, no
// chain of nodes) and compares text only when a stored hash matches, which
// keeps the linker's many lookups of lexicon words cheap. The table keeps a
// copy of each word; with Key std::string_view it keeps only the view, and
// the text viewed must outlive it.
template <typename Value, typename Key = std::string>
class WordTable {
 public:
  const Value* find(std::string_view word) const {
    if (!may_hold(word)) return nullptr;
    const std::uint32_t entry = entry_of(word, hash_of(word));
    return entry ? &entries_[entry - 1].second : nullptr;
  }
  bool contains(std::string_view word) const { return find(word) != nullptr; }

  // The value of `word`, added default-constructed when the word is new.
  Value& operator[](std::string_view word) {
    const std::uint64_t hash = hash_of(word);
    if (const std::uint32_t entry = entry_of(word, hash)) return entries_[entry - 1].second;
    // At most half full: probes stay short.
    if ((entries_.size() + 1) * 2 > slots_.size()) grow(slots_.empty() ? 16 : slots_.size() * 2);
    entries_.emplace_back(Key(word), Value{});
    place(hash, static_cast<std::uint32_t>(entries_.size()));
    mark(word);
    return entries_.back().second;
  }

  // Room for `words` words in all: no growth until there are more.
  void reserve(std::size_t words) {
    entries_.reserve(words);
    if (words * 2 > slots_.size()) grow(std::bit_ceil(words * 2));
  }

 private:
  struct Slot {
    std::uint32_t tag = 0;    // the low half of the word's hash
    std::uint32_t entry = 0;  // 1 + index in entries_, 0 when the slot is free
  };

  // The word read eight bytes at a time (a short one whole, in two loads
  // that may overlap) and mixed by multiplies: hashing byte by byte took a
  // multiply per byte. The slot comes from the high bits, the tag from the
  // low ones; every byte stirs both.
  static std::uint64_t hash_of(std::string_view word) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(word.data());
    std::size_t size = word.size();
    std::uint64_t seed = kSeed ^ size;
    for (; size > 16; size -= 16, bytes += 16) seed = mix(load(bytes, 8) ^ kStir, load(bytes + 8, 8) ^ seed);
    std::uint64_t low = 0, high = 0;
    if (size >= 8) {
      low = load(bytes, 8);
      high = load(bytes + size - 8, 8);
    } else if (size >= 4) {
      low = load(bytes, 4);
      high = load(bytes + size - 4, 4);
    } else if (size > 0) {
      low = std::uint64_t{bytes[0]} << 16 | std::uint64_t{bytes[size / 2]} << 8 | bytes[size - 1];
    }
    return mix(low ^ kStir, high ^ seed);
  }
  static constexpr std::uint64_t kSeed = 0xa0761d6478bd642full, kStir = 0xe7037ed1a0b428dbull;
  static std::uint64_t load(const unsigned char* bytes, std::size_t size) {
    std::uint64_t value = 0;
    std::memcpy(&value, bytes, size);
    return value;
  }
  // Two multiplies, each followed by a shift that brings its high bits (the
  // well stirred ones) down to the tag's.
  static std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
    std::uint64_t hash = (a ^ std::rotl(b, 32)) * 0x9fb21c651e98df25ull;
    hash = (hash ^ (hash >> 28) ^ b) * 0xff51afd7ed558ccdull;
    return hash ^ (hash >> 32);
  }
  // The filter's bit for `word`, from its length and end bytes alone (a
  // multiply brings them to the high bits): most words looked up and not held
  // find theirs clear, and need no hash of all their bytes.
  std::size_t filter_bit(std::string_view word) const {
    const std::uint32_t ends =
        word.empty() ? 0 : static_cast<unsigned char>(word.front()) | static_cast<unsigned char>(word.back()) << 8;
    const std::uint32_t key = ends | static_cast<std::uint32_t>(word.size()) << 16;
    return (key * 0x9E3779B1u) >> filter_shift_;
  }
  bool may_hold(std::string_view word) const {
    if (filter_.empty()) return false;
    const std::size_t bit = filter_bit(word);
    return filter_[bit / 64] >> (bit % 64) & 1;
  }
  void mark(std::string_view word) {
    const std::size_t bit = filter_bit(word);
    filter_[bit / 64] |= std::uint64_t{1} << (bit % 64);
  }
  std::size_t first_slot(std::uint64_t hash) const { return static_cast<std::size_t>(hash >> shift_); }
  std::size_t next_slot(std::size_t slot) const { return (slot + 1) & (slots_.size() - 1); }

  std::uint32_t entry_of(std::string_view word, std::uint64_t hash) const {
    if (slots_.empty()) return 0;
    const auto tag = static_cast<std::uint32_t>(hash);
    for (std::size_t i = first_slot(hash);; i = next_slot(i)) {
      const Slot& slot = slots_[i];
      if (slot.entry == 0) return 0;
      if (slot.tag == tag && entries_[slot.entry - 1].first == word) return slot.entry;
    }
  }
  void place(std::uint64_t hash, std::uint32_t entry) {
    std::size_t i = first_slot(hash);
    while (slots_[i].entry != 0) i = next_slot(i);
    slots_[i] = {static_cast<std::uint32_t>(hash), entry};
  }
  void grow(std::size_t slots) {
    slots_.assign(slots, Slot{});
    shift_ = 64 - static_cast<unsigned>(std::countr_zero(slots_.size()));
    // Four bits a slot (64 at least): at most one in eight set.
    filter_.assign(std::max<std::size_t>(slots_.size() / 16, 1), 0);
    filter_shift_ = 32 - static_cast<unsigned>(std::countr_zero(filter_.size() * 64));
    for (std::size_t e = 0; e < entries_.size(); ++e) {
      place(hash_of(entries_[e].first), static_cast<std::uint32_t>(e + 1));
      mark(entries_[e].first);
    }
  }

  std::vector<Slot> slots_;  // a power of two of them
  unsigned shift_ = 0;       // 64 - log2(slots_.size()), once there are slots
  std::vector<std::uint64_t> filter_;  // a bit for each word held (and for others)
  unsigned filter_shift_ = 0;          // 32 - log2(bits in filter_)
  std::vector<std::pair<Key, Value>> entries_;
};

// A set of words searched with a string_view.
class WordSet {
 public:
  WordSet() = default;
  template <typename Iterator>
  WordSet(Iterator first, Iterator last) {
    for (; first != last; ++first) insert(*first);
  }
  void insert(std::string_view word) { words_[word]; }
  bool contains(std::string_view word) const { return words_.contains(word); }

 private:
  struct Present {};
  WordTable<Present> words_;
};

}  // namespace whosaid
