// A --jsonl record too long to hold whole (a whole archive in one "text"),
// read as it comes: the fields before the text whole, the text as a stream
// decoded on the fly, then the fields after it. Its id and other fields are
// known only once the whole line is read.
#pragma once

#include <nlohmann/json.hpp>

#include <array>
#include <cstddef>
#include <istream>
#include <streambuf>
#include <string>

#include "jsonl_record.h"

namespace whosaid {

class LongRecord {
 public:
  // Longest field other than the text.
  static constexpr std::size_t kMostFieldBytes = 1 << 20;

  // `head` is the start of the line, already read; the rest is read from
  // `in` up to the line's end.
  LongRecord(std::string head, std::istream& in, const JsonlFields& fields);
  LongRecord(const LongRecord&) = delete;
  LongRecord& operator=(const LongRecord&) = delete;

  // Reads up to the start of the text: false, with error(), when the line
  // is no JSON object, has no text field, or its text is not a string.
  bool read_head();
  // The fields read so far: all of them after read_tail().
  const nlohmann::json& id() const { return id_; }  // null when absent
  // The fields other than the id and text, as jsonl_record_meta() gives them.
  std::string meta() const;

  // The text's characters (after read_head()). It ends early, with error()
  // set, at a JSON error in it.
  std::istream& text() { return text_; }

  // After the text: reads the fields after it up to the line's end; false,
  // with error(), at a JSON error or a second text field.
  bool read_tail();
  // Reads on to the line's end (after an error).
  void skip_line();

  const std::string& error() const { return error_; }

 private:
  class TextBuffer : public std::streambuf {
   public:
    explicit TextBuffer(LongRecord& record) : record_(record) {}

   protected:
    int_type underflow() override;

   private:
    LongRecord& record_;
    std::array<char, 64 << 10> buffer_{};
  };

  int peek();
  int get();
  void skip_blanks();
  bool fail(std::string message);
  bool read_raw_string(std::string& out);
  bool read_raw_value(std::string& out);
  // A field's key and the colon after it.
  bool read_key(std::string& name);
  // A field's value, kept as the id or among the other fields.
  bool read_field_value(const std::string& name);
  std::string too_long_field() const;
  // Decodes text bytes into [out, out + room) up to the closing quote; the number written.
  std::size_t decode_text(char* out, std::size_t room);
  bool decode_escape(char*& out);

  std::string head_;
  std::size_t head_at_ = 0;
  std::streambuf& in_;
  const JsonlFields& fields_;
  nlohmann::json id_;
  nlohmann::json other_ = nlohmann::json::object();
  int line_end_ = 0;  // '\n' or EOF once the line has ended
  bool text_ended_ = false;
  std::string error_;
  TextBuffer text_buffer_{*this};
  std::istream text_{&text_buffer_};
};

}  // namespace whosaid
