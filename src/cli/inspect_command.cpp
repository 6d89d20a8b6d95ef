// `beliefsim inspect FILE.h5`: a human summary of any beliefsim output.

#include <cstdio>
#include <memory>
#include <string>

#include "beliefsim/io/summary.hpp"
#include "commands.hpp"

namespace beliefsim::cli {

Command add_inspect_command(CLI::App& app) {
    auto file = std::make_shared<std::string>();
    CLI::App* sub = app.add_subcommand("inspect", "Summarize a beliefsim HDF5 output");
    auto json = std::make_shared<bool>(false);
    sub->add_option("FILE", *file, "HDF5 file written by beliefsim")->required();
    sub->add_flag("--json", *json, "the headline numbers as one JSON object (as the commands' --json)");
    return {sub, [file, json] {
                if (*json)
                    print_json(*file);
                else
                    std::fputs(io::summarize_file(*file).c_str(), stdout);
                return 0;
            }};
}

} // namespace beliefsim::cli
