// The CLI's output writers on crafted documents: CSV/TSV rows across parts,
// and the annotated HTML with marks that cross paragraphs or overlap.
#include <doctest/doctest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "csv_output.h"
#include "html_output.h"
#include "whosaid/quote.h"

using namespace whosaid;

namespace {

Span find(std::string_view text, std::string_view what, std::size_t from = 0) {
  const std::size_t at = text.find(what, from);
  REQUIRE(at != std::string_view::npos);
  return {at, at + what.size()};
}

Quote quote(Span content, int speaker, Span mention = {}, Span cue = {}, std::string rule = "t.rule") {
  Quote q;
  q.content = content;
  q.speaker = speaker;
  q.mention = mention;
  q.cue = cue;
  q.rule = std::move(rule);
  return q;
}

// Renders parts as HtmlSink writes them.
std::string html(const std::vector<std::pair<Document, std::string>>& parts) {
  std::FILE* file = std::tmpfile();
  REQUIRE(file);
  {
    HtmlSink sink(file, "test");
    CHECK(sink.begin("dir/article.txt", {}));
    std::size_t offset = 0;
    for (const auto& [doc, text] : parts) {
      CHECK(sink.add(doc, text, offset));
      offset += text.size();
    }
    CHECK(sink.end());
    CHECK(sink.finish());
  }
  std::string out;
  std::rewind(file);
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, file)) > 0;) out.append(buffer, n);
  std::fclose(file);
  return out;
}

// The article element's text without tags, entities decoded, white space
// collapsed; fails the test when <span> and <p> do not nest.
std::string article_text(const std::string& page) {
  const std::size_t begin = page.find("<article>"), end = page.find("</article>");
  REQUIRE(begin != std::string::npos);
  REQUIRE(end != std::string::npos);
  const std::string body = page.substr(begin + 9, end - begin - 9);
  std::vector<std::string> stack;
  std::string text;
  for (std::size_t i = 0; i < body.size();) {
    if (body[i] == '<') {
      const std::size_t close = body.find('>', i);
      REQUIRE(close != std::string::npos);
      const std::string tag = body.substr(i + 1, close - i - 1);
      const std::string name = tag.substr(0, tag.find_first_of(" >"));
      if (name[0] == '/') {
        REQUIRE_MESSAGE(!stack.empty(), "</" << name << "> closes nothing");
        CHECK_MESSAGE(stack.back() == name.substr(1), "<" << stack.back() << "> closed by <" << name << ">");
        stack.pop_back();
      } else {
        if (name == "span") CHECK_MESSAGE(!stack.empty(), "a span outside a paragraph");
        if (name == "p") CHECK_MESSAGE(stack.empty(), "a paragraph inside " << stack.back());
        stack.push_back(name);
      }
      if (name == "/p") text += ' ';
      i = close + 1;
    } else if (body[i] == '&') {
      const std::size_t semi = body.find(';', i);
      const std::string entity = body.substr(i, semi - i + 1);
      text += entity == "&amp;" ? "&" : entity == "&lt;" ? "<" : entity == "&gt;" ? ">" : entity == "&quot;" ? "\"" : "?";
      i = semi + 1;
    } else {
      text += body[i++];
    }
  }
  CHECK(stack.empty());
  std::string collapsed;
  for (const char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (space && (collapsed.empty() || collapsed.back() == ' ')) continue;
    collapsed += space ? ' ' : c;
  }
  while (!collapsed.empty() && collapsed.back() == ' ') collapsed.pop_back();
  return collapsed;
}

std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("csv: rows across parts keep byte and code point offsets of the whole document") {
  const std::string one = "Café: “Oui,” Ann said.\n";
  const std::string two = "“Non,” she said, “no \"way\".”\n";
  Document a, b;
  a.speakers = {{"Ann Lee", 1, {}}};
  a.quotes = {quote(find(one, "Oui,"), 0, find(one, "Ann"), find(one, "said"))};
  b.speakers = {{"Ann Lee", 1, {}}};
  b.quotes = {quote(find(two, "Non,"), 0, find(two, "she"), find(two, "said")),
              quote(find(two, "no \"way\"."), -1)};
  std::string out;
  CsvDocumentWriter writer(out, "doc,1", ',');
  writer.add(a, one, 0);
  writer.add(b, two, one.size());
  const std::size_t non = one.size() + two.find("Non,");
  const std::size_t non_chars = 23 + 1;  // "Café: “Oui,” Ann said.\n" is 23 code points, then “
  CHECK(csv_header(',') == "id,speaker,text,kind,cue,start,end,char_start,char_end,mention,rule\n");
  CHECK(out ==
        "\"doc,1\",Ann Lee,\"Oui,\",direct,said,10,14,7,11,Ann,t.rule\n"
        "\"doc,1\",Ann Lee,\"Non,\",direct,said," + std::to_string(non) + "," + std::to_string(non + 4) + "," +
            std::to_string(non_chars) + "," + std::to_string(non_chars + 4) + ",she,t.rule\n"
        "\"doc,1\",,\"no \"\"way\"\".\",direct,," + std::to_string(one.size() + two.find("no")) + "," +
            std::to_string(one.size() + two.find("no") + 9) + "," + std::to_string(23 + 18) + "," +
            std::to_string(23 + 27) + ",,t.rule\n");
}

TEST_CASE("tsv: escapes instead of quoting; an empty string and a null are both empty") {
  const std::string text = "“a\\b\tc”";
  Document doc;
  doc.quotes = {quote(find(text, "a\\b\tc"), -1)};
  std::string out;
  CsvDocumentWriter writer(out, "line\nbreak", '\t');
  writer.add(doc, text, 0);
  CHECK(out == "line\\nbreak\t\ta\\\\b\\tc\tdirect\t\t3\t8\t1\t6\t\tt.rule\n");
}

TEST_CASE("html: quotes, mentions and cues nest; the text is kept; speakers get colours") {
  const std::string text =
      "A Headline Without A Full Stop\n"
      "Ann Lee said: “We <will> & we can,” and she left.\n"
      "“Next paragraph, same speaker,” she added.\n"
      "Nobody knows who said “this”.\n";
  Document doc;
  doc.speakers = {{"Ann Lee", 2, {}}};
  doc.quotes = {
      quote(find(text, "We <will> & we can,"), 0, find(text, "Ann Lee"), find(text, "said")),
      quote(find(text, "Next paragraph, same speaker,"), 0, find(text, "she", 60), find(text, "added"), "link.x"),
      quote(find(text, "this"), -1),
  };
  const std::string page = html({{doc, text}});
  CHECK(article_text(page) ==
        "A Headline Without A Full Stop Ann Lee said: “We <will> & we can,” and she left. "
        "“Next paragraph, same speaker,” she added. Nobody knows who said “this”.");
  CHECK(count(page, "<span class=\"q direct s0\"") == 2);
  CHECK(count(page, "<span class=\"q direct u\"") == 1);
  CHECK(count(page, "<span class=\"m s0\"") == 2);
  CHECK(count(page, "<span class=\"c s0\"") == 2);
  CHECK(page.find("data-rule=\"link.x\"") != std::string::npos);
  CHECK(page.find("title=\"Ann Lee · direct · “said” · rule t.rule\"") != std::string::npos);
  CHECK(page.find("<p class=\"headline\">A Headline Without A Full Stop</p>") != std::string::npos);
  CHECK(page.find("<span class=\"name\">Ann Lee</span><span class=\"n\">2</span>") != std::string::npos);
  CHECK(page.find("<span class=\"name\">no speaker found</span><span class=\"n\">1</span>") != std::string::npos);
  CHECK(page.find("<h1>article.txt</h1>") != std::string::npos);
  CHECK(page.find("http") == std::string::npos);  // no external assets
}

TEST_CASE("html: a mark across a paragraph break and overlapping marks still nest") {
  const std::string text = "First “quote runs\non” into the next line, Bo Ek said it.\n\n";
  Document doc;
  doc.speakers = {{"Bo Ek", 1, {}}};
  // A quote that crosses the line break, and a mention that overlaps its end.
  const Span content = find(text, "quote runs\non");
  const Span mention{content.end - 2, find(text, "next").end};
  doc.quotes = {quote(content, 0, mention, find(text, "said"))};
  const std::string page = html({{doc, text}});
  CHECK(article_text(page) == "First “quote runs on” into the next line, Bo Ek said it.");
  CHECK(count(page, "<p>") == 2);
  // The quote is closed before the paragraph ends and reopened in the next.
  CHECK(count(page, "<span class=\"q direct s0\"") == 2);
}

TEST_CASE("html: parts stream in; speakers past the palette get their own colour") {
  std::vector<std::pair<Document, std::string>> parts;
  for (int i = 0; i < 14; ++i) {
    const std::string name = "Speaker " + std::string(1, static_cast<char>('A' + i));
    const std::string text = "“Words " + std::to_string(i) + ",” " + name + " said.\n";
    Document doc;
    doc.speakers = {{name, 1, {}}};
    doc.quotes = {quote(find(text, "Words"), 0, find(text, name), find(text, "said"))};
    parts.emplace_back(std::move(doc), text);
  }
  const std::string page = html(parts);
  CHECK(count(page, "<span class=\"q direct") == 14);
  CHECK(page.find("class=\"q direct s11\"") != std::string::npos);
  CHECK(page.find("class=\"q direct s12\"") == std::string::npos);
  CHECK(count(page, "style=\"--bg:hsl(") == 2 * 3 + 2);  // quote, mention, cue, legend; for two speakers
  CHECK(page.find("<b>14</b> quotations · <b>14</b> speakers") != std::string::npos);
  CHECK(article_text(page).find("“Words 13,” Speaker N said.") != std::string::npos);
}

TEST_CASE("html: an empty document is a page saying so") {
  const std::string page = html({});
  CHECK(article_text(page).empty());
  CHECK(page.find("No quotations found.") != std::string::npos);
  CHECK(page.find("</html>\n") != std::string::npos);
}
