// SentenceSplitter: ICU's sentence breaks corrected for abbreviations,
// initials, quotations and paragraphs.
#include <doctest/doctest.h>
#include <unicode/brkiter.h>
#include <unicode/unistr.h>

#include <memory>
#include <string>
#include <vector>

#include "lexicon.h"
#include "quote_marks.h"
#include "sentences.h"
#include "test_support.h"

using namespace whosaid;

namespace {

// A splitter with the abbreviations of the rules under test.
const SentenceSplitter& splitter() {
  static const SentenceSplitter instance = [] {
    Lexicon lexicon;
    std::vector<Diagnostic> diagnostics;
    if (!load_lexicon(test::rules_dir() + "/abbreviations.txt", lexicon, diagnostics))
      throw std::runtime_error("cannot read abbreviations.txt");
    return SentenceSplitter({lexicon.entries.begin(), lexicon.entries.end()});
  }();
  return instance;
}

void check_contiguous(std::string_view text, const std::vector<Span>& spans) {
  if (text.empty()) {
    CHECK(spans.empty());
    return;
  }
  REQUIRE_FALSE(spans.empty());
  CHECK(spans.front().start == 0);
  CHECK(spans.back().end == text.size());
  for (std::size_t i = 1; i < spans.size(); ++i) CHECK(spans[i].start == spans[i - 1].end);
  for (const auto& s : spans) CHECK_FALSE(s.empty());
}

test::Strings split(const SentenceSplitter& s, std::string_view text) {
  const auto spans = s.split(text, find_quotes(text));
  check_contiguous(text, spans);
  test::Strings out;
  for (const auto& span : spans) out.items.push_back(test::slice(text, span));
  return out;
}

struct Case {
  const char* text;
  test::Strings sentences;
};

}  // namespace

TEST_CASE("sentences: where sentences end") {
  const Case cases[] = {
      {"The U.S. Senate voted today. It passed.", {"The U.S. Senate voted today. ", "It passed."}},
      {"The bill went to the U.S. House first. Then it stalled.",
       {"The bill went to the U.S. House first. ", "Then it stalled."}},
      {"Dr. Ann Lee arrived late. She sat down.", {"Dr. Ann Lee arrived late. ", "She sat down."}},
      {"Mr. Brown left early. Nobody noticed.", {"Mr. Brown left early. ", "Nobody noticed."}},
      {"They met at St. Paul Church. It rained.", {"They met at St. Paul Church. ", "It rained."}},
      {"J. Edgar Hoover ran it for years. Then he died.",
       {"J. Edgar Hoover ran it for years. ", "Then he died."}},
      {"George W. Bush spoke. Laura Bush listened.", {"George W. Bush spoke. ", "Laura Bush listened."}},
      {"Sen. Jo Hart and Gov. Al Finch met. They talked.",
       {"Sen. Jo Hart and Gov. Al Finch met. ", "They talked."}},
      {"It starts at 9 a.m. on Monday. Be there.", {"It starts at 9 a.m. on Monday. ", "Be there."}},
      // Quotations.
      {"“We will win,” Trump said. Others disagreed.", {"“We will win,” Trump said. ", "Others disagreed."}},
      {"“We will win. We always win. Nobody beats us,” Ann Lee said. Others disagreed.",
       {"“We will win. We always win. Nobody beats us,” Ann Lee said. ", "Others disagreed."}},
      {"“Why?” he asked. Nobody knew.", {"“Why?” he asked. ", "Nobody knew."}},
      {"“Stop! Stop now!” she shouted at them. They stopped.",
       {"“Stop! Stop now!” she shouted at them. ", "They stopped."}},
      {"He said: “It works. It is cheap.” Then he left.",
       {"He said: “It works. It is cheap.” ", "Then he left."}},
      // Paragraphs always end a sentence.
      {"A headline without a period\nThe first line. The second line.",
       {"A headline without a period\n", "The first line. ", "The second line."}},
      {"It ended with Dr.\nNext paragraph.", {"It ended with Dr.\n", "Next paragraph."}},
      {"It ended with\nlowercase next.", {"It ended with\n", "lowercase next."}},
      {"“A speech that runs on\n“and on.”", {"“A speech that runs on\n", "“and on.”"}},
      {"One.\r\nTwo.", {"One.\r\n", "Two."}},
      // Byte offsets after two-, three- and four-byte characters (ICU counts UTF-16 units).
      {"Zoë met José in Kraków. 東京 replied. Then 😀😀 came. Bye 👋.",
       {"Zoë met José in Kraków. ", "東京 replied. ", "Then 😀😀 came. ", "Bye 👋."}},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    CHECK(split(splitter(), c.text) == c.sentences);
  }
}

TEST_CASE("sentences: the abbreviation list is what keeps a title with its name") {
  const std::string text = "Insp. Morse spoke. He left.";
  const SentenceSplitter without({});
  const SentenceSplitter with({"Insp."});
  CHECK(split(without, text) == test::Strings{"Insp. ", "Morse spoke. ", "He left."});
  CHECK(split(with, text) == test::Strings{"Insp. Morse spoke. ", "He left."});
}

TEST_CASE("sentences: empty text and a text without a sentence end") {
  CHECK(split(splitter(), "").items.empty());
  CHECK(split(splitter(), "no period here") == test::Strings{"no period here"});
  CHECK(split(splitter(), "\n") == test::Strings{"\n"});
}

TEST_CASE("sentences: a long quotation with many sentences is one unit") {
  std::string quote;
  for (int i = 0; i < 200; ++i) quote += "This is sentence number " + std::to_string(i) + ". ";
  const std::string text = "“" + quote + "That is all,” the clerk said. Done.";
  const auto sentences = split(splitter(), text).items;
  REQUIRE(sentences.size() == 2);
  CHECK(sentences[1] == "Done.");
}

TEST_CASE("sentences: only paragraphs with a quote, a final colon or no line end are cut") {
  const std::string text =
      "No quote here. Two sentences.\n\n"
      "Then “one,” Roe said. And “two,” she added.\n"
      "Also none. Really none.\n"
      "Then he said: Look. Listen:\n"
      "“Three,” Roe said. Done.\n"
      "Last words. Without a line feed.";
  CHECK(split(splitter(), text) == test::Strings{"No quote here. Two sentences.\n\n",
                                                 "Then “one,” Roe said. ", "And “two,” she added.\n",
                                                 "Also none. Really none.\n",
                                                 "Then he said: Look. ", "Listen:\n",
                                                 "“Three,” Roe said. ", "Done.\n",
                                                 "Last words. ", "Without a line feed."});
}

TEST_CASE("sentences: a paragraph is cut the same alone and among others") {
  // ICU always breaks after a line feed, so cutting only some paragraphs
  // leaves each one's sentences as a pass over the whole text finds them.
  const std::vector<std::string> paragraphs = {
      "“We will win,” Trump said. Others disagreed, Dr. Lee said. “No.”\n",
      "Sen. Jo Hart said “yes.” The U.S. House voted at 9 a.m. on Monday. It passed!\n",
      "Zoë met “José” in Kraków. 東京 replied. Then 😀😀 came? Bye 👋.\n",
  };
  std::string whole;
  for (const auto& p : paragraphs) whole += p;
  test::Strings together = split(splitter(), whole), alone;
  for (const auto& p : paragraphs) {
    const test::Strings pieces = split(splitter(), p);
    alone.items.insert(alone.items.end(), pieces.items.begin(), pieces.items.end());
  }
  CHECK(together.items.size() > paragraphs.size() * 2);
  CHECK(together == alone);
}

namespace {

// ICU's own sentences of `text`, uncorrected.
test::Strings icu_sentences(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> iterator(
      icu::BreakIterator::createSentenceInstance(icu::Locale("en"), status));
  const icu::UnicodeString utf16 =
      icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  iterator->setText(utf16);
  test::Strings out;
  std::size_t start = 0;
  for (int32_t b = iterator->next(); b != icu::BreakIterator::DONE; b = iterator->next()) {
    std::string prefix;
    utf16.tempSubString(0, b).toUTF8String(prefix);
    out.items.push_back(std::string(text.substr(start, prefix.size() - start)));
    start = prefix.size();
  }
  return out;
}

}  // namespace

TEST_CASE("sentences: a paragraph ICU would not cut is left whole without asking it") {
  // Sentence ends and separators of many kinds, in a sentence's last word or
  // before it; none of them meets a correction (abbreviation, initial,
  // lowercase next word), so the splitter must cut exactly where ICU does.
  const char* paragraphs[] = {
      "He said it is so.",
      "He said it is so!?\u201D ",
      "He said it is so.)\u2019\u00A0\u00A0",
      "Is it so? \u201D Yes",
      "Done. . ",
      "Price 3.5 Euro",
      "A line\u2028Next line",
      "Hi\u0085There",
      "Stop\u203C Now",
      "Full stop\uFF0E Next",
      "Wait\u2026 What",
      "Danda\u0964 Next",
      "Zero\u200B width. ",
      "Joined.\u200D ",
      "No end at all",
  };
  for (const char* p : paragraphs) {
    INFO(p);
    // The text's last paragraph, and one holding a quote.
    CHECK(split(SentenceSplitter({}), p) == icu_sentences(p));
    const std::string quoted = std::string("\u201CYes\u201D ") + p + "\n";
    CHECK(split(SentenceSplitter({}), quoted) == icu_sentences(quoted));
  }
}

TEST_CASE("sentences: the sentences quote windows and numbers read are all cut") {
  // A quote in the third sentence of its paragraph, a colon line before a
  // quote ("He said:\n“...”"), a paragraph no one reads, and a last line
  // without a line feed, whose sentences a text read in parts counts on.
  const std::string text =
      "Roe spoke first. Lee spoke next. Then “we won,” Roe said. She left.\n"
      "Nobody else spoke. Not one.\n"
      "Lee took the floor. He said:\n"
      "\n"
      "“We lost. We lost badly.”\n"
      "It ended. It really ended. Done";
  CHECK(split(splitter(), text) == test::Strings{"Roe spoke first. ", "Lee spoke next. ",
                                                 "Then “we won,” Roe said. ", "She left.\n",
                                                 "Nobody else spoke. Not one.\n",
                                                 "Lee took the floor. ", "He said:\n\n",
                                                 "“We lost. We lost badly.”\n",
                                                 "It ended. ", "It really ended. ", "Done"});
  const Document doc = test::extractor().extract(text);
  REQUIRE(doc.quotes.size() == 2);
  CHECK(doc.quotes[0].paragraph == 0);
  CHECK(doc.quotes[0].sentence == 2);
  CHECK(doc.quotes[1].paragraph == 3);
  CHECK(doc.quotes[1].sentence == 0);
  CHECK(test::slice(text, doc.quotes[1].mention) == "He");
  CHECK(doc.paragraphs == 5);
  CHECK(doc.open_paragraph_sentences == 3);
}
