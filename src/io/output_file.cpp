#include "beliefsim/io/output_file.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <climits>
#include <csignal>
#include <ctime>

#include <boost/version.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>
#include <utility>

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

void check_output(const std::filesystem::path& out, bool force, const std::filesystem::path& input) {
    std::error_code ec;
    const std::filesystem::path dir = out.has_parent_path() ? out.parent_path() : std::filesystem::path(".");
    if (out.empty()) throw ConfigError("--output", "must name a file");
    if (!std::filesystem::is_directory(dir, ec))
        throw ConfigError("--output", "directory '" + dir.string() + "' does not exist");
    if (::access(dir.c_str(), W_OK) != 0)
        throw ConfigError("--output", "directory '" + dir.string() + "' is not writable: " + std::strerror(errno));
    if (std::filesystem::is_directory(out, ec)) throw ConfigError("--output", "'" + out.string() + "' is a directory");
    if (!input.empty() && std::filesystem::equivalent(out, input, ec))
        throw ConfigError("--output", "'" + out.string() + "' is the config file '" + input.string() +
                                          "': writing it would destroy the input");
    if (!force && std::filesystem::exists(out, ec))
        throw ConfigError("--output", "'" + out.string() + "' exists; pass --force to replace it");
}

std::filesystem::path temporary_path(const std::filesystem::path& out) {
    std::filesystem::path tmp = out;
    tmp += "." + std::to_string(::getpid()) + ".tmp";
    return tmp;
}

namespace {

// The temporary being written, for remove_pending_temporary (called from a signal handler, maybe on
// another thread): its path is complete before `pending` says so, and CREATING covers the instant
// of the exclusive creation (the handler waits it out), so the handler neither misses a file this
// process made nor removes one it did not make.
enum PendingState : int { NONE, CREATING, CREATED };
std::array<char, PATH_MAX> pending_path{};
std::atomic<int> pending{NONE};
static_assert(std::atomic<int>::is_always_lock_free, "read from a signal handler");

[[noreturn]] void fail_on(const std::string& what, const std::filesystem::path& path, int error) {
    // A missing or unwritable destination is the caller's input; anything else is the system's.
    const std::string text = what + " '" + path.string() + "': " + std::strerror(error);
    if (error == EACCES || error == EPERM || error == ENOENT || error == ENOTDIR || error == EISDIR ||
        error == ENAMETOOLONG || error == EROFS || error == ELOOP || error == EEXIST)
        throw ConfigError("--output", text);
    throw Error(text);
}

/// SIGINT and SIGTERM held off in this thread while `action` runs (a handler on this thread
/// would wait for a record this thread cannot finish).
template <typename Action>
void without_interrupts(Action action) {
    sigset_t interrupts, previous;
    sigemptyset(&interrupts);
    sigaddset(&interrupts, SIGINT);
    sigaddset(&interrupts, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &interrupts, &previous);
    action();
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
}

/// The temporary file of one output, created exclusively (O_EXCL: never another file of the same
/// name) and removed unless committed. Committing syncs the file, renames it and syncs the
/// directory, so a committed output survives a power loss too.
class Temporary {
public:
    explicit Temporary(std::filesystem::path path) : path_(std::move(path)) {
        if (path_.native().size() >= pending_path.size())
            throw ConfigError("--output", "'" + path_.string() + "' is too long a path");
        int error = 0;
        without_interrupts([&] {
            std::memcpy(pending_path.data(), path_.c_str(), path_.native().size() + 1);
            pending.store(CREATING);
            fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
            error = errno;
            pending.store(fd_ >= 0 ? CREATED : NONE);
        });
        if (fd_ < 0) fail_on("cannot create", path_, error);
    }
    Temporary(const Temporary&) = delete;
    Temporary& operator=(const Temporary&) = delete;
    ~Temporary() {
        if (fd_ >= 0) ::close(fd_);
        if (!committed_) ::unlink(path_.c_str());
        pending.store(NONE);
    }
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }

    /// Renames the complete file to `out`; without `replace` the rename refuses an existing `out`
    /// (renameat2 RENAME_NOREPLACE), so a race with another writer never replaces a file silently.
    void commit(const std::filesystem::path& out, bool replace) {
        const int fd = std::exchange(fd_, -1);
        const int synced = ::fsync(fd) == 0 ? 0 : errno;
        ::close(fd);
        if (synced != 0) throw Error("cannot write '" + path_.string() + "': " + std::strerror(synced));
        const unsigned flags = replace ? 0U : static_cast<unsigned>(RENAME_NOREPLACE);
        if (::renameat2(AT_FDCWD, path_.c_str(), AT_FDCWD, out.c_str(), flags) != 0) {
            const int error = errno;
            if (error == EEXIST)
                throw ConfigError("--output", "'" + out.string() + "' exists; pass --force to replace it");
            fail_on("cannot rename '" + path_.string() + "' to", out, error);
        }
        committed_ = true;
        // The rename is the commit: a failure to sync the directory now cannot undo it, and a
        // whole output must not come with a failure status, so the sync is best effort.
        const std::filesystem::path dir = out.has_parent_path() ? out.parent_path() : ".";
        const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dir_fd >= 0) {
            (void)::fsync(dir_fd);
            ::close(dir_fd);
        }
    }

private:
    std::filesystem::path path_;
    int fd_ = -1;
    bool committed_ = false;
};

} // namespace

void remove_pending_temporary() noexcept {
    while (pending.load() == CREATING) {
    }
    if (pending.load() == CREATED) ::unlink(pending_path.data());
}

void write_atomically(const std::filesystem::path& out, const Provenance& provenance,
                      const std::function<void(const File&)>& fill) {
    // A partial file never looks finished: the temporary goes, whatever failed.
    Temporary tmp(temporary_path(out));
    File file = File::create(tmp.path());
    write_provenance(file, provenance);
    fill(file);
    file.close();
    tmp.commit(out, invocation().replace);
}

} // namespace beliefsim::io
