// Window: the masked text a rule sees, and mapping its offsets back.
#include <doctest/doctest.h>

#include <string>

#include "quote_marks.h"
#include "test_support.h"
#include "window.h"

using namespace whosaid;

TEST_CASE("window: the target quote becomes U+E000, other quotes U+E001") {
  const std::string text = "“First,” Ann Lee said, “second.” Then prose.";
  const auto quotes = find_quotes(text);
  REQUIRE(quotes.size() == 2);
  Window window;
  window.build(text, {0, text.size()}, quotes, 1);
  CHECK(window.text() == std::string(kOtherQuote) + " Ann Lee said, " + std::string(kTargetQuote) +
                             " Then prose.");
  window.build(text, {0, text.size()}, quotes, 0);
  CHECK(window.text() == std::string(kTargetQuote) + " Ann Lee said, " + std::string(kOtherQuote) +
                             " Then prose.");
}

TEST_CASE("window: offsets map back to the input; a placeholder maps to its whole quote") {
  const std::string text = "Before. “Quoted words,” Ann Lee said. After.";
  const auto quotes = find_quotes(text);
  REQUIRE(quotes.size() == 1);
  const Span extent{text.find("“"), text.find(" After")};
  Window window;
  window.build(text, extent, quotes, 0);
  const std::string w(window.text());
  CHECK(w == std::string(kTargetQuote) + " Ann Lee said.");

  const std::size_t name = w.find("Ann Lee");
  const Span source = window.to_source(name, name + 7);
  CHECK(test::slice(text, source) == "Ann Lee");

  const Span quote = window.to_source(0, kTargetQuote.size());
  CHECK(quote == quotes[0].whole());
  CHECK(test::slice(text, quote) == "“Quoted words,”");
}

TEST_CASE("window: only the extent is copied") {
  const std::string text = "One. Two “a” three. Four.";
  const auto quotes = find_quotes(text);
  Window window;
  window.build(text, {text.find("Two"), text.find(" Four")}, quotes, 0);
  CHECK(window.text() == "Two " + std::string(kTargetQuote) + " three.");
}
