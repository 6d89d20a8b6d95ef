#include "beliefsim/io/type_tables.hpp"

#include "beliefsim/core/error.hpp"
#include "beliefsim/io/table_reader.hpp"

#include <optional>
#include <utility>

namespace beliefsim::io {

namespace {

/// Whitespace columns, no header, `#` comments: the layout of both files.
constexpr TableFormat COLUMNS{.separator = ' ', .header = false, .comments = true};

/// The two numbers of the current line, or nothing when it holds anything else.
std::optional<std::pair<double, double>> two_numbers(const TableReader& table) {
    if (table.size() != 2) return std::nullopt;
    const auto x = parse_number(table.field(0));
    const auto y = parse_number(table.field(1));
    if (!x || !y) return std::nullopt;
    return std::pair{*x, *y};
}

} // namespace

DensityTable read_density_table(const std::filesystem::path& file, const std::string& field) {
    auto table = TableReader::open(file, COLUMNS);
    if (!table) throw ConfigError(field, "cannot open '" + file.string() + "'");
    DensityTable out;
    while (table->next()) {
        const auto row = two_numbers(*table);
        if (!row)
            throw ConfigError(field, "line " + std::to_string(table->line()) + " of '" + file.string() +
                                         "' is not two numbers 'r density'");
        out.r.push_back(row->first);
        out.density.push_back(row->second);
    }
    return out;
}

std::vector<bbs::ValueScaleDraw> read_value_scale_samples(const std::filesystem::path& file) {
    const std::string field = "types.samples";
    auto table = TableReader::open(file, COLUMNS);
    if (!table) throw ConfigError(field, "cannot read " + file.string());
    std::vector<bbs::ValueScaleDraw> out;
    while (table->next()) {
        const auto row = two_numbers(*table);
        const std::string where = file.string() + " line " + std::to_string(table->line());
        if (!row) throw ConfigError(field, where + ": expected two numbers w s");
        const bbs::ValueScaleDraw d{row->first, row->second};
        if (!(d.w >= 0 && d.s >= 0 && d.s <= 1)) throw ConfigError(field, where + ": need w >= 0, s in [0, 1]");
        out.push_back(d);
    }
    if (out.size() < 2) throw ConfigError(field, file.string() + ": needs at least two rows");
    return out;
}

} // namespace beliefsim::io
