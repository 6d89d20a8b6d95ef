#include "beliefsim/io/table_reader.hpp"

#include <charconv>
#include <cmath>

namespace beliefsim::io {

std::optional<double> parse_number(std::string_view text) {
    double x = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(x)) return std::nullopt;
    return x;
}

std::optional<std::int64_t> parse_integer(std::string_view text) {
    std::int64_t x = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return x;
}

TableReader::TableReader(Opened, const std::filesystem::path& file, TableFormat format)
    : file_(file), format_(format), in_(file) {}

TableReader::TableReader(const std::filesystem::path& file, TableFormat format) : TableReader(Opened{}, file, format) {
    if (!in_) throw ConfigError(file_.string(), "cannot open file for reading");
    read_header();
}

std::optional<TableReader> TableReader::open(const std::filesystem::path& file, TableFormat format) {
    TableReader reader(Opened{}, file, format);
    if (!reader.in_) return std::nullopt;
    reader.read_header();
    return reader;
}

void TableReader::read_header() {
    if (!format_.header) return;
    if (!next()) throw ConfigError(file_.string(), "empty file: a header line is required");
    header_ = fields_;
}

bool TableReader::next() {
    std::string line;
    while (std::getline(in_, line)) {
        ++line_;
        if (format_.comments) line.erase(std::min(line.find('#'), line.size()));
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        split(line);
        return true;
    }
    return false;
}

void TableReader::split(std::string_view line) {
    fields_.clear();
    constexpr std::string_view BLANKS = " \t\r";
    if (format_.separator == ' ') {
        for (std::size_t start = line.find_first_not_of(BLANKS); start != std::string_view::npos;) {
            const std::size_t stop = std::min(line.find_first_of(BLANKS, start), line.size());
            fields_.emplace_back(line.substr(start, stop - start));
            start = line.find_first_not_of(BLANKS, stop);
        }
        return;
    }
    std::size_t start = 0;
    while (true) {
        const std::size_t stop = std::min(line.find(format_.separator, start), line.size());
        std::string_view f = line.substr(start, stop - start);
        while (!f.empty() && (f.front() == ' ' || f.front() == '\t')) f.remove_prefix(1);
        while (!f.empty() && (f.back() == ' ' || f.back() == '\t')) f.remove_suffix(1);
        fields_.emplace_back(f);
        if (stop == line.size()) break;
        start = stop + 1;
    }
}

std::optional<std::size_t> TableReader::find_column(std::string_view name) const {
    for (std::size_t k = 0; k < header_.size(); ++k)
        if (header_[k] == name) return k;
    return std::nullopt;
}

std::size_t TableReader::column(std::string_view name) const {
    if (const auto k = find_column(name)) return *k;
    throw ConfigError(file_.string(), "missing column '" + std::string(name) + "' in the header");
}

std::string TableReader::where(std::size_t k) const {
    const std::string col = k < header_.size() ? header_[k] : std::to_string(k + 1);
    return file_.string() + ":" + std::to_string(line_) + ":" + col;
}

std::string_view TableReader::field(std::size_t k) const {
    if (k >= fields_.size())
        throw ConfigError(where(k), "missing field (line has " + std::to_string(fields_.size()) +
                                        " fields, header has " + std::to_string(header_.size()) + ")");
    return fields_[k];
}

double TableReader::number(std::size_t k) const {
    const std::string_view s = field(k);
    if (const auto x = parse_number(s)) return *x;
    throw ConfigError(where(k), "must be a finite number (got '" + std::string(s) + "')");
}

std::int64_t TableReader::integer(std::size_t k) const {
    const std::string_view s = field(k);
    if (const auto x = parse_integer(s)) return *x;
    throw ConfigError(where(k), "must be an integer (got '" + std::string(s) + "')");
}

} // namespace beliefsim::io
