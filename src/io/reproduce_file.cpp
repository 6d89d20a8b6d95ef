#include "beliefsim/io/reproduce_file.hpp"

#include "beliefsim/io/hdf5.hpp"
#include "beliefsim/io/menu_file.hpp"
#include "beliefsim/io/output_file.hpp"
#include "beliefsim/io/schema.hpp"

#include <array>
#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

namespace beliefsim::io {
namespace {

using schema::child;

void write_numbers(const File& file, const app::Reproduction& rep) {
    std::vector<double> paper, ours, difference, tolerance;
    std::vector<std::string> quantities;
    std::vector<std::int32_t> number;
    for (const auto& n : rep.numbers) {
        paper.push_back(n.paper);
        ours.push_back(n.ours);
        difference.push_back(n.ours - n.paper);
        tolerance.push_back(n.tolerance);
        quantities.push_back(n.quantity + (n.note.empty() ? "" : " [" + n.note + "]"));
        number.push_back(static_cast<std::int32_t>(number.size()));
    }
    const Group group = create_group(file, schema::reproduce::GROUP);
    write_attribute(group, "name", rep.name);
    const Dataset scale =
        write_dataset(file, child(schema::reproduce::GROUP, "number"), number, {"index of the number (0-based)", ""});
    const std::array sets = {
        write_strings(file, child(schema::reproduce::GROUP, "quantities"), quantities,
                      {"what each number is [with a note]", ""}),
        write_dataset(file, child(schema::reproduce::GROUP, "paper"), paper, {"value printed in the paper", ""}),
        write_dataset(file, child(schema::reproduce::GROUP, "ours"), ours, {"value computed by beliefsim", ""}),
        write_dataset(file, child(schema::reproduce::GROUP, "difference"), difference, {"ours - paper", ""}),
        write_dataset(file, child(schema::reproduce::GROUP, "tolerance"), tolerance,
                      {"allowed |difference| (the paper's rounding)", ""}),
    };
    attach_scale(scale, "number", sets, 0);
}

void write_menu(const File& file, const app::Reproduction& rep) {
    const Group group = write_menu_table(file, rep.menu);
    write_attribute(group, "revenue", rep.revenue);
    write_attribute(group, "max_ic_violation", rep.audit.max_ic_violation);
    write_attribute(group, "max_ir_violation", rep.audit.max_ir_violation);
}

void write_quality(const File& file, const app::Reproduction& rep) {
    const std::size_t types = rep.kappa_r.size(), points = rep.kappa.size() / types;
    (void)create_group(file, schema::reproduce::QUALITY);
    const Dataset r = write_dataset(file, child(schema::reproduce::QUALITY, "r"), rep.kappa_r,
                                    {"type r of each row", "1/model time"});
    const Dataset t = write_dataset(file, child(schema::reproduce::QUALITY, "t"), rep.kappa_t, Shape2{types, points},
                                    {"times t in [0, T(r)] (types x points)", "model time"});
    const Dataset kappa =
        write_dataset(file, child(schema::reproduce::QUALITY, "kappa"), rep.kappa, Shape2{types, points},
                      {"reasoning quality kappa(t): stop when |mu - 1/2| >= kappa(t)", ""});
    std::vector<std::int32_t> point(points);
    std::iota(point.begin(), point.end(), 0);
    const Dataset point_scale = write_dataset(file, child(schema::reproduce::QUALITY, "point"), point,
                                              {"index of the time point along each row", ""});
    attach_scale(r, "r", std::array{&t, &kappa}, 0);
    attach_scale(point_scale, "point", std::array{&t, &kappa}, 1);
}

} // namespace

void write_reproduction(const app::Reproduction& rep, const std::filesystem::path& out) {
    write_atomically(out, {}, [&](const File& file) {
        write_numbers(file, rep);
        if (!rep.menu.r.empty()) write_menu(file, rep);
        if (!rep.kappa_r.empty()) write_quality(file, rep);
    });
}

} // namespace beliefsim::io
