// Lexicon words looked up by string_view: a flat table, cheaper than
// std::unordered_set for the linker's many lookups of short words.
#pragma once

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
// keeps the linker's many lookups of lexicon words cheap.
template <typename Value>
class WordTable {
 public:
  const Value* find(std::string_view word) const {
    const std::uint32_t entry = entry_of(word, hash_of(word));
    return entry ? &entries_[entry - 1].second : nullptr;
  }
  bool contains(std::string_view word) const { return find(word) != nullptr; }

  // The value of `word`, added default-constructed when the word is new.
  Value& operator[](std::string_view word) {
    const std::uint64_t hash = hash_of(word);
    if (const std::uint32_t entry = entry_of(word, hash)) return entries_[entry - 1].second;
    if ((entries_.size() + 1) * 2 > slots_.size()) grow();  // at most half full: probes stay short
    entries_.emplace_back(std::string(word), Value{});
    place(hash, static_cast<std::uint32_t>(entries_.size()));
    return entries_.back().second;
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
  void grow() {
    slots_.assign(slots_.empty() ? 16 : slots_.size() * 2, Slot{});
    shift_ = 64 - static_cast<unsigned>(std::countr_zero(slots_.size()));
    for (std::size_t e = 0; e < entries_.size(); ++e)
      place(hash_of(entries_[e].first), static_cast<std::uint32_t>(e + 1));
  }

  std::vector<Slot> slots_;  // a power of two of them
  unsigned shift_ = 0;       // 64 - log2(slots_.size()), once there are slots
  std::vector<std::pair<std::string, Value>> entries_;
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
