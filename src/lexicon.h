// Word lists in rules/<lang>/*.txt: one entry a line; a line starting with '#' is a comment.
#pragma once

#include <string>
#include <vector>

#include "whosaid/extractor.h"

namespace whosaid {

struct Lexicon {
  std::string name;                  // file stem: "cues" for cues.txt
  std::string path;
  std::vector<std::string> entries;  // in file order, without duplicates
};

// Reads a lexicon file; on failure adds a diagnostic and returns false.
bool load_lexicon(const std::string& path, Lexicon& lexicon, std::vector<Diagnostic>& diagnostics);

// An RE2 alternation of the entries, escaped, as a trie ("point(?:ed(?: out)?|s)"):
// where one entry extends another, the longer is tried first.
// Entries match exactly as written: a file lists "He" beside "he" when both occur.
std::string lexicon_alternation(const Lexicon& lexicon);

}  // namespace whosaid
