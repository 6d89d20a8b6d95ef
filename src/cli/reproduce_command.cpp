// `beliefsim reproduce NAME|all -o DIR`: every number of a paper example next to ours (SPEC §5).

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "beliefsim/app/reproduce.hpp"
#include "beliefsim/io/fields.hpp"
#include "beliefsim/io/output_file.hpp"
#include "beliefsim/io/reproduce_file.hpp"
#include "commands.hpp"

namespace beliefsim::cli {
namespace {

std::string table(const app::Reproduction& rep) {
    std::ostringstream os;
    os << rep.name << '\n'
       << "  " << std::left << std::setw(58) << "quantity" << std::right << std::setw(14) << "paper" << std::setw(14)
       << "beliefsim" << std::setw(12) << "difference" << '\n';
    for (const auto& n : rep.numbers) {
        os << "  " << std::left << std::setw(58) << n.quantity << std::right << std::setprecision(8) << std::setw(14)
           << n.paper << std::setw(14) << n.ours << std::setprecision(2) << std::setw(12) << (n.ours - n.paper)
           << (n.agrees() ? "" : "  DIFFERS") << (n.note.empty() ? "" : "  (" + n.note + ")") << '\n';
    }
    return os.str();
}

/// app::reproduce's parameter is the command's positional argument.
constexpr io::FieldName NAME_FIELD[] = {{"name", "NAME"}};

} // namespace

Command add_reproduce_command(CLI::App& app) {
    auto name = std::make_shared<std::string>();
    auto dir = std::make_shared<std::string>(".");
    auto flags = std::make_shared<ConfigOptions>(); // --json and --force (no config to set or dry-run)
    auto quiet = std::make_shared<bool>(false);
    CLI::App* sub = app.add_subcommand("reproduce", "Recompute every number of a paper example next to the paper's");
    sub->add_option("NAME", *name, "zhong-binary | zhong-quality | bbs-example1 | ttc-synthetic | all")->required();
    sub->add_option("-o,--output", *dir, "directory for NAME.h5 (created if missing)");
    sub->add_flag("--quiet", *quiet, "no table (the exit status still says whether every number agrees)");
    sub->add_flag("--json", flags->json, "print each file's headline results as one JSON object per line");
    sub->add_flag("--force", flags->force, "replace an existing DIR/NAME.h5");
    return {sub, [name, dir, flags, quiet] {
                if (const auto refused = refuse_several_ranks("reproduce")) return *refused;
                std::vector<std::string> names = {*name};
                if (*name == "all") names = app::reproduction_names();
                std::vector<app::Reproduction> reps;
                // Bad names fail before any output.
                for (const auto& n : names)
                    reps.push_back(io::with_fields(NAME_FIELD, [&] { return app::reproduce(n); }));
                std::filesystem::create_directories(*dir);
                for (const auto& rep : reps)
                    check_output(std::filesystem::path(*dir) / (rep.name + ".h5"), flags->force);
                io::record_replace(flags->force);
                int differing = 0;
                for (const auto& rep : reps) {
                    const auto out = std::filesystem::path(*dir) / (rep.name + ".h5");
                    io::write_reproduction(rep, out);
                    if (flags->json)
                        print_json(out);
                    else if (!*quiet)
                        std::cout << table(rep) << "  wrote " << out.string() << "\n\n";
                    for (const auto& n : rep.numbers) differing += n.agrees() ? 0 : 1;
                }
                return differing == 0 ? 0 : EXIT_INTERNAL;
            }};
}

} // namespace beliefsim::cli
