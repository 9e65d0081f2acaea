#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "word_table.h"

using namespace whosaid;

TEST_CASE("word table: finds what was added, by exact bytes, through growth") {
  const auto word = [](int i) { return std::to_string(i).append("w"); };
  WordTable<int> table;
  CHECK(table.find("anything") == nullptr);  // empty: no slots yet
  for (int i = 0; i < 5000; ++i) table[word(i)] = i;
  for (int i = 0; i < 5000; ++i) {
    const int* value = table.find(word(i));
    REQUIRE(value != nullptr);
    CHECK(*value == i);
  }
  CHECK(table.find(word(5000)) == nullptr);
  CHECK(table.find("1W") == nullptr);  // case matters
  CHECK(table.find("") == nullptr);
  table[""] = -1;  // the empty word is a word like another
  CHECK(*table.find("") == -1);
}

TEST_CASE("word table: operator[] keeps one entry per word") {
  WordTable<int> table;
  table["Prime"] += 1;
  table["Prime"] += 1;
  table["Minister"] += 5;
  CHECK(*table.find("Prime") == 2);
  CHECK(*table.find("Minister") == 5);
}

TEST_CASE("word set: built from a range, searched with views into other text") {
  const std::string words[] = {"he", "she", "Émile"};
  const WordSet set(std::begin(words), std::end(words));
  const std::string text = "said she to Émile";
  CHECK(set.contains(std::string_view(text).substr(5, 3)));
  CHECK(set.contains(std::string_view(text).substr(12)));
  CHECK_FALSE(set.contains(std::string_view(text).substr(0, 4)));
}

TEST_CASE("word table: words of every length that differ in one byte are told apart") {
  // Words are hashed in overlapping pieces: every byte of every length counts.
  WordTable<std::size_t> table;
  std::vector<std::string> words;
  for (std::size_t size = 1; size <= 40; ++size) {
    for (std::size_t at = 0; at < size; ++at) {
      std::string word(size, 'a');
      word[at] = 'b';
      words.push_back(word);
    }
  }
  for (std::size_t i = 0; i < words.size(); ++i) table[words[i]] = i;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::size_t* value = table.find(words[i]);
    REQUIRE(value != nullptr);
    CHECK(*value == i);
  }
  for (std::size_t size = 1; size <= 40; ++size) CHECK(table.find(std::string(size, 'a')) == nullptr);
}

TEST_CASE("word table: words of the same length and end bytes as one held are not found") {
  // A lookup first reads a filter bit picked by the length and the end bytes
  // alone: a set bit must still be confirmed by the word.
  WordTable<int> table;
  table["Trump"] = 1;
  table["The"] = 2;
  CHECK(table.find("Tramp") == nullptr);
  CHECK(table.find("Tie") == nullptr);
  CHECK(table.find("Trum") == nullptr);
  CHECK(table.find("Trumps") == nullptr);
  CHECK(*table.find("Trump") == 1);
  CHECK(*table.find("The") == 2);
}

TEST_CASE("word table: keyed by views into a text, room reserved ahead") {
  const std::string text = "Lee Ann Lee Bo Ann";
  const std::string_view view(text);
  WordTable<int, std::string_view> table;
  table.reserve(3);
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t space = std::min(text.find(' ', at), text.size());
    ++table[view.substr(at, space - at)];
    at = space + 1;
  }
  CHECK(*table.find("Lee") == 2);
  CHECK(*table.find("Ann") == 2);
  CHECK(*table.find("Bo") == 1);
  CHECK(table.find("Le") == nullptr);
  table.reserve(1000);  // grows: every word is still found
  CHECK(*table.find("Lee") == 2);
  CHECK(*table.find("Bo") == 1);
  for (int i = 0; i < 1000; ++i) CHECK(table.find(std::to_string(i)) == nullptr);
}
