#include "beliefsim/io/output_file.hpp"

#include <array>
#include <chrono>
#include <ctime>

#include <boost/version.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

#include "beliefsim/core/error.hpp"
#include "beliefsim/core/version.hpp"
#include "beliefsim/io/schema.hpp"

namespace beliefsim::io {
namespace {

struct Invocation {
    std::string command_line;
    int ranks = 1;
    bool replace = true;
};
Invocation& invocation() {
    static Invocation recorded;
    return recorded;
}

std::string host_name() {
    std::array<char, 256> name{};
    return gethostname(name.data(), name.size() - 1) == 0 ? name.data() : "unknown";
}

std::string compiler() {
#if defined(__clang__)
    return "clang " __clang_version__;
#elif defined(__GNUC__)
    return "gcc " __VERSION__;
#else
    return "unknown";
#endif
}

std::string utc_now() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    std::array<char, 32> buf{};
    std::strftime(buf.data(), buf.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf.data();
}

void write_provenance(const File& file, const Provenance& p) {
    write_attribute(file, schema::root::TOOL, std::string_view(schema::TOOL_NAME));
    write_attribute(file, schema::root::VERSION, std::string_view(VERSION));
    write_attribute(file, schema::root::GIT_SHA1, std::string_view(GIT_SHA1));
    write_attribute(file, schema::root::FORMAT_VERSION, FORMAT_VERSION);
    write_attribute(file, schema::root::CREATED_UTC, utc_now());
    write_attribute(file, schema::root::HOST, host_name());
    if (!invocation().command_line.empty())
        write_attribute(file, schema::root::COMMAND_LINE, invocation().command_line);
    write_attribute(file, schema::root::RANKS, static_cast<std::int64_t>(invocation().ranks));
    write_attribute(file, schema::root::HDF5, hdf5_library_version());
    write_attribute(file, schema::root::BOOST, std::string_view(BOOST_LIB_VERSION));
    write_attribute(file, schema::root::COMPILER, compiler());
    if (p.seed) write_attribute(file, schema::root::SEED, *p.seed);
    if (p.threads) write_attribute(file, schema::root::THREADS, *p.threads);
    if (p.paths) write_attribute(file, schema::root::PATHS, *p.paths);
    if (p.block_size) write_attribute(file, schema::root::BLOCK_SIZE, *p.block_size);
    if (p.config)
        (void)write_string(file, schema::CONFIG, *p.config,
                           {"TOML configuration file as read; command-line overrides (seed, threads, paths) are "
                            "recorded in the root attributes",
                            ""});
}

} // namespace

void record_invocation(const std::string& command_line) { invocation().command_line = command_line; }
void record_ranks(int ranks) { invocation().ranks = ranks; }
void record_replace(bool replace) { invocation().replace = replace; }

void check_output(const std::filesystem::path& out, bool force) {
    std::error_code ec;
    const std::filesystem::path dir = out.has_parent_path() ? out.parent_path() : std::filesystem::path(".");
    if (out.empty()) throw ConfigError("--output", "must name a file");
    if (!std::filesystem::is_directory(dir, ec))
        throw ConfigError("--output", "directory '" + dir.string() + "' does not exist");
    if (std::filesystem::is_directory(out, ec)) throw ConfigError("--output", "'" + out.string() + "' is a directory");
    if (!force && std::filesystem::exists(out, ec))
        throw ConfigError("--output", "'" + out.string() + "' exists; pass --force to replace it");
}

std::filesystem::path temporary_path(const std::filesystem::path& out) {
    std::filesystem::path tmp = out;
    tmp += "." + std::to_string(::getpid()) + ".tmp";
    return tmp;
}

void write_atomically(const std::filesystem::path& out, const Provenance& provenance,
                      const std::function<void(const File&)>& fill) {
    const std::filesystem::path tmp = temporary_path(out);
    try {
        File file = File::create(tmp);
        write_provenance(file, provenance);
        fill(file);
        file.close();
        // Without consent to replace, the rename itself refuses an output another process finished
        // meanwhile (renameat2 RENAME_NOREPLACE), so a race never replaces a file silently.
        const int flags = invocation().replace ? 0 : RENAME_NOREPLACE;
        if (::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, out.c_str(), static_cast<unsigned>(flags)) != 0) {
            const int error = errno;
            if (error == EEXIST)
                throw ConfigError("--output", "'" + out.string() + "' exists; pass --force to replace it");
            throw Error("cannot rename '" + tmp.string() + "' to '" + out.string() + "': " + std::strerror(error));
        }
    } catch (...) {
        // A partial file must never look finished: drop the temporary, whatever failed.
        std::error_code ignored;
        std::filesystem::remove(tmp, ignored);
        throw;
    }
}

} // namespace beliefsim::io
