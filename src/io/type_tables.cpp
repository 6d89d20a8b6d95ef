#include "beliefsim/io/type_tables.hpp"

#include "beliefsim/core/error.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

namespace beliefsim::io {

DensityTable read_density_table(const std::filesystem::path& file, const std::string& field) {
    std::ifstream in(file);
    if (!in) throw ConfigError(field, "cannot open '" + file.string() + "'");
    DensityTable table;
    std::string line;
    std::size_t line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        const auto first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos || line[first] == '#') continue;
        std::istringstream fields(line);
        double x = 0;
        double y = 0;
        std::string rest;
        if (!(fields >> x >> y) || (fields >> rest))
            throw ConfigError(field, "line " + std::to_string(line_no) + " of '" + file.string() +
                                         "' is not two numbers 'r density'");
        table.r.push_back(x);
        table.density.push_back(y);
    }
    return table;
}

std::vector<bbs::ValueScaleDraw> read_value_scale_samples(const std::filesystem::path& file) {
    const std::string field = "types.samples";
    std::ifstream in(file);
    if (!in) throw ConfigError(field, "cannot read " + file.string());
    std::vector<bbs::ValueScaleDraw> out;
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        const auto hash = line.find('#');
        if (hash != std::string::npos) line.erase(hash);
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue; // blank or comment line
        std::istringstream row(line);
        bbs::ValueScaleDraw d;
        std::string rest;
        const std::string where = file.string() + " line " + std::to_string(number);
        if (!(row >> d.w >> d.s) || (row >> rest)) throw ConfigError(field, where + ": expected two numbers w s");
        if (!(d.w >= 0 && std::isfinite(d.w) && d.s >= 0 && d.s <= 1))
            throw ConfigError(field, where + ": need w >= 0, s in [0, 1]");
        out.push_back(d);
    }
    if (out.size() < 2) throw ConfigError(field, file.string() + ": needs at least two rows");
    return out;
}

} // namespace beliefsim::io
