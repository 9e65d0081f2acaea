// Serialising extraction results as JSON.
#pragma once

#include <string>
#include <string_view>

#include "whosaid/quote.h"

namespace whosaid {

// One JSON object for a document: {"id", "quotes": [...], "speakers": [...]}.
// `text` is the input the document was extracted from (for quote text and
// code point offsets). `indent` < 0 writes one line.
std::string to_json(const Document& doc, std::string_view text, std::string_view id,
                    int indent = -1);

}  // namespace whosaid
