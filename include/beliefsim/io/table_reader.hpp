#pragma once
/// The one reader of text tables (CSV and whitespace-separated columns): the TTC samples and price
/// lists, tabulated type densities, value-scale samples. Lines are read one at a time; blank lines
/// (and, when asked, `#` comments) are skipped; every error names the file, line and column.
/// Tested by: tests/io/test_table_reader.cpp.

#include "beliefsim/core/error.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace beliefsim::io {

/// How a table is laid out.
struct TableFormat {
    /// ',': fields split at commas (no quoting) and trimmed of blanks; ' ': fields are the runs of
    /// non-blank characters (blanks: space, tab, carriage return).
    char separator = ',';
    bool header = true;    ///< the first line read names the columns
    bool comments = false; ///< '#' starts a comment that runs to the end of the line
};

/// A finite number spelt as the whole of `text` (std::from_chars: no sign '+', no blanks).
[[nodiscard]] std::optional<double> parse_number(std::string_view text);
/// An integer spelt as the whole of `text`.
[[nodiscard]] std::optional<std::int64_t> parse_integer(std::string_view text);

class TableReader {
public:
    /// Opens `file` and reads its header (if the format has one).
    /// Throws: ConfigError{FILE, "cannot open file for reading"}, or with a header and no line
    /// ConfigError{FILE, "empty file: a header line is required"}.
    explicit TableReader(const std::filesystem::path& file, TableFormat format = {});
    /// As the constructor, but nullopt when the file cannot be opened (the caller words the error).
    [[nodiscard]] static std::optional<TableReader> open(const std::filesystem::path& file, TableFormat format = {});

    /// Advances to the next line with fields; false at the end of the file.
    bool next();

    [[nodiscard]] const std::filesystem::path& file() const { return file_; }
    /// 1-based number of the current line in the file.
    [[nodiscard]] std::size_t line() const { return line_; }
    /// Number of fields on the current line.
    [[nodiscard]] std::size_t size() const { return fields_.size(); }

    /// Index of a header column, if present.
    [[nodiscard]] std::optional<std::size_t> find_column(std::string_view name) const;
    /// Index of a required header column. Throws: ConfigError{FILE, "missing column 'NAME' in the header"}.
    [[nodiscard]] std::size_t column(std::string_view name) const;

    /// "FILE:LINE:COLUMN", the column by its header name (or 1-based number): names a cell in errors.
    [[nodiscard]] std::string where(std::size_t k) const;
    /// Field `k` of the current line. Throws: ConfigError{where(k), rule} when the line is short.
    [[nodiscard]] std::string_view field(std::size_t k) const;
    /// Field `k` as a finite number. Throws: ConfigError{where(k), rule}.
    [[nodiscard]] double number(std::size_t k) const;
    /// Field `k` as an integer. Throws: ConfigError{where(k), rule}.
    [[nodiscard]] std::int64_t integer(std::size_t k) const;

private:
    struct Opened {};
    TableReader(Opened, const std::filesystem::path& file, TableFormat format);
    void read_header();
    void split(std::string_view line);

    std::filesystem::path file_;
    TableFormat format_;
    std::ifstream in_;
    std::size_t line_ = 0;
    std::vector<std::string> header_;
    std::vector<std::string> fields_;
};

} // namespace beliefsim::io
