#pragma once
// Running the built `beliefsim` executable from end-to-end tests (test code only).

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <sys/wait.h>

#include "../support.hpp"

namespace beliefsim::test {

struct CliRun {
    int status = -1;
    std::string out, err;
};

inline std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// Runs `beliefsim <args>` with stdout and stderr captured in `dir`.
inline CliRun run_cli(const TempDir& dir, const std::string& args) {
    const std::filesystem::path out = dir.path / "stdout.txt", err = dir.path / "stderr.txt";
    const std::string command =
        std::string("'") + BELIEFSIM_EXE + "' " + args + " >'" + out.string() + "' 2>'" + err.string() + "'";
    const int raw = std::system(command.c_str());
    return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(out), slurp(err)};
}

/// Writes `text` to dir/name and returns the path.
/// True when `dir` holds a temporary output (`<out>.<pid>.tmp`): a run left a partial file behind.
inline bool has_temporary(const std::filesystem::path& dir) {
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        if (entry.path().extension() == ".tmp") return true;
    return false;
}

inline std::filesystem::path write_text(const TempDir& dir, const std::string& name, const std::string& text) {
    std::ofstream(dir.path / name) << text;
    return dir.path / name;
}

} // namespace beliefsim::test
