#include "lexicon.h"

#include <re2/re2.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>

#include "text.h"

namespace whosaid {

bool load_lexicon(const std::string& path, Lexicon& lexicon, std::vector<Diagnostic>& diagnostics) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diagnostics.push_back({path, 0, "cannot read lexicon file"});
    return false;
  }
  std::set<std::string> seen;
  std::string line;
  int number = 0;
  bool ok = true;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    const auto last = line.find_last_not_of(" \t");
    std::string entry = line.substr(first, last - first + 1);
    if (count_invalid_utf8(entry) != 0) {
      diagnostics.push_back({path, number, "entry is not valid UTF-8"});
      ok = false;
      continue;
    }
    if (seen.insert(entry).second) lexicon.entries.push_back(std::move(entry));
  }
  if (in.bad()) {  // a folder named x.txt, an I/O error
    diagnostics.push_back({path, 0, "cannot read lexicon file"});
    return false;
  }
  lexicon.path = path;
  return ok;
}

namespace {

// Entries as a trie of code points: an alternation whose branches share their
// prefixes, so that RE2 tries a few first characters rather than every entry.
struct TrieNode {
  std::map<std::string, TrieNode> children;  // keyed by one UTF-8 character
  bool ends_entry = false;
};

// A node's pattern. Where an entry ends and a longer one goes on, the longer
// is tried first ("pointed(?: out)?"), as in a longest-first alternation.
void append_trie(const TrieNode& node, std::string& out) {
  if (node.children.empty()) return;
  const bool single = node.children.size() == 1;
  const bool grouped = !single || node.ends_entry;
  if (grouped) out += "(?:";
  for (auto it = node.children.begin(); it != node.children.end(); ++it) {
    if (it != node.children.begin()) out += '|';
    out += RE2::QuoteMeta(it->first);
    append_trie(it->second, out);
  }
  if (grouped) out += node.ends_entry ? ")?" : ")";
}

}  // namespace

std::string lexicon_alternation(const Lexicon& lexicon) {
  TrieNode root;
  for (const auto& entry : lexicon.entries) {
    TrieNode* node = &root;
    for (std::size_t pos = 0; pos < entry.size();) {
      const std::size_t start = pos;
      decode_next(entry, pos);
      node = &node->children[entry.substr(start, pos - start)];
    }
    node->ends_entry = true;
  }
  std::string out = "(?:";
  append_trie(root, out);
  out += ')';
  return out;
}

}  // namespace whosaid
