#include "lexicon.h"

#include <re2/re2.h>

#include <algorithm>
#include <fstream>
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

std::string lexicon_alternation(const Lexicon& lexicon) {
  std::vector<std::string> forms = lexicon.entries;
  // Longest first, so that "pointed out" wins over "pointed".
  std::sort(forms.begin(), forms.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() > b.size() : a < b;
  });
  forms.erase(std::unique(forms.begin(), forms.end()), forms.end());
  std::string out = "(?:";
  for (std::size_t i = 0; i < forms.size(); ++i) {
    if (i) out += '|';
    out += RE2::QuoteMeta(forms[i]);
  }
  out += ')';
  return out;
}

}  // namespace whosaid
