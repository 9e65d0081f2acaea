// Where extraction results go: JSON or CSV on stdout, an SQLite database, an
// annotated HTML page. A run feeds every sink the same documents, in input
// order, from one thread.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <string>
#include <string_view>

#include "whosaid/quote.h"

namespace whosaid {

class Sink {
 public:
  virtual ~Sink() = default;

  // Optional, on any thread (must not touch the sink's state): renders a
  // document given whole into `out`, which the run later hands to
  // write_rendered() in input order instead of begin/add/end. A sink that
  // does not render ahead returns false.
  virtual bool render(std::string& /*out*/, std::string_view /*id*/, const Document& /*doc*/,
                      std::string_view /*text*/) const {
    return false;
  }
  virtual bool write_rendered(std::string_view /*out*/) { return true; }

  // A document: begun, given in one or more parts (a large plain-text
  // document is extracted in parts; `byte_offset` is where the part starts),
  // ended. `meta` is a JSON object of the other fields of a --jsonl record
  // (date, url, ...), empty when there are none. Each returns false when the
  // output failed and the run must stop.
  virtual bool begin(std::string_view id, std::string_view meta) = 0;
  virtual bool add(const Document& part, std::string_view text, std::size_t byte_offset) = 0;
  virtual bool end() = 0;

  // A --jsonl line that could not be read (already reported on stderr).
  virtual bool skipped(const nlohmann::json& /*id*/, std::size_t /*line*/, const std::string& /*error*/) {
    return true;
  }
  // Between documents, after each batch: a point where the output is consistent.
  virtual bool commit() { return true; }
  // After the last document: flush and close. False (after reporting why on
  // stderr) when the output failed at any point.
  virtual bool finish() = 0;
};

}  // namespace whosaid
