#pragma once
// Minimal CSV plumbing shared by the TTC readers (private to src/ttc). Fields are split on commas
// with no quoting: names in these files never contain commas. Every parse error becomes a
// ConfigError whose field is "FILE:LINE:COLUMN", so a user can jump straight to the bad cell.

#include "beliefsim/core/error.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace beliefsim::ttc::csv {

/// A CSV file read line by line, header first; `where(column)` names a cell for error messages.
class Reader {
  public:
    explicit Reader(const std::filesystem::path& file) : file_(file), in_(file) {
        if (!in_)
            throw ConfigError(file_.string(), "cannot open file for reading");
        if (!next())
            throw ConfigError(file_.string(), "empty file: a header line is required");
        header_ = fields_;
    }

    /// Advances to the next non-blank line; false at end of file.
    bool next() {
        std::string line;
        while (std::getline(in_, line)) {
            ++line_;
            if (!line.empty() && line.back() == '\r')
                line.pop_back();
            if (line.find_first_not_of(" \t") == std::string::npos)
                continue;
            split(line);
            return true;
        }
        return false;
    }

    /// Index of a header column, if present.
    [[nodiscard]] std::optional<std::size_t> find_column(std::string_view name) const {
        for (std::size_t k = 0; k < header_.size(); ++k)
            if (header_[k] == name)
                return k;
        return std::nullopt;
    }

    /// Index of a required header column. Throws: ConfigError when it is missing.
    [[nodiscard]] std::size_t column(std::string_view name) const {
        if (const auto k = find_column(name))
            return *k;
        throw ConfigError(file_.string(),
                          "missing column '" + std::string(name) + "' in the header");
    }

    /// The trimmed text of column `k` of the current line. Throws: ConfigError when the line is
    /// short.
    [[nodiscard]] std::string_view field(std::size_t k) const {
        if (k >= fields_.size())
            throw ConfigError(where(k),
                              "missing field (line has " + std::to_string(fields_.size()) +
                                  " fields, header has " + std::to_string(header_.size()) + ")");
        return fields_[k];
    }

    [[nodiscard]] std::string where(std::size_t k) const {
        const std::string col = k < header_.size() ? header_[k] : std::to_string(k + 1);
        return file_.string() + ":" + std::to_string(line_) + ":" + col;
    }

    /// A finite number. Throws: ConfigError naming the cell.
    [[nodiscard]] double number(std::size_t k) const {
        const std::string_view s = field(k);
        double x = 0;
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
        if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(x))
            throw ConfigError(where(k), "must be a finite number (got '" + std::string(s) + "')");
        return x;
    }

    /// An integer. Throws: ConfigError naming the cell.
    [[nodiscard]] std::int64_t integer(std::size_t k) const {
        const std::string_view s = field(k);
        std::int64_t x = 0;
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
        if (ec != std::errc() || end != s.data() + s.size())
            throw ConfigError(where(k), "must be an integer (got '" + std::string(s) + "')");
        return x;
    }

  private:
    void split(const std::string& line) {
        fields_.clear();
        std::size_t start = 0;
        while (true) {
            const std::size_t comma = line.find(',', start);
            const std::size_t stop = comma == std::string::npos ? line.size() : comma;
            std::string_view f(line.data() + start, stop - start);
            while (!f.empty() && (f.front() == ' ' || f.front() == '\t'))
                f.remove_prefix(1);
            while (!f.empty() && (f.back() == ' ' || f.back() == '\t'))
                f.remove_suffix(1);
            fields_.emplace_back(f);
            if (comma == std::string::npos)
                break;
            start = comma + 1;
        }
    }

    std::filesystem::path file_;
    std::ifstream in_;
    std::size_t line_ = 0;
    std::vector<std::string> header_;
    std::vector<std::string> fields_;
};

} // namespace beliefsim::ttc::csv
