// SIGINT and SIGTERM end a command at once, leaving no temporary (commands.hpp: exit_on_interrupt).
// The handler does the clean-up itself with async-signal-safe calls (unlink, rmdir, write, _exit)
// instead of asking the run to stop: every command, phase and thread is covered the same way (an
// OpenMP region, a solver without a progress callback, the HDF5 write), and nothing waits.

#include <array>
#include <atomic>
#include <climits>
#include <csignal>
#include <cstring>

#include <unistd.h>

#include "beliefsim/io/output_file.hpp"
#include "commands.hpp"

namespace beliefsim::cli {
namespace {

// Set before the handlers are installed and not changed while they may run.
std::array<char, PATH_MAX> empty_directory{};
std::array<char, 512> interrupted_note{};

void write_text(const char* text) {
    for (std::size_t left = std::strlen(text); left > 0;) {
        const ssize_t n = ::write(STDERR_FILENO, text, left);
        if (n <= 0) return;
        text += n;
        left -= static_cast<std::size_t>(n);
    }
}

extern "C" void end_interrupted(int signal) {
    io::remove_pending_temporary();
    if (empty_directory[0] != '\0') (void)::rmdir(empty_directory.data()); // removes it only when empty
    write_text(signal == SIGINT ? "\nbeliefsim: interrupted (SIGINT)" : "\nbeliefsim: terminated (SIGTERM)");
    write_text(interrupted_note.data());
    write_text("\n");
    ::_exit(128 + signal);
}

void copy_into(auto& buffer, const std::string& text) {
    const std::size_t n = std::min(text.size(), buffer.size() - 1);
    std::memcpy(buffer.data(), text.data(), n);
    buffer[n] = '\0';
}

} // namespace

void exit_on_interrupt(const std::string& note, const std::filesystem::path& empty_dir) {
    // Held off while the texts change, so a handler never reads half of one.
    sigset_t interrupts, previous;
    sigemptyset(&interrupts);
    sigaddset(&interrupts, SIGINT);
    sigaddset(&interrupts, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &interrupts, &previous);
    copy_into(interrupted_note, note);
    copy_into(empty_directory, empty_dir.string());
    struct sigaction action {};
    action.sa_handler = end_interrupted;
    sigemptyset(&action.sa_mask);
    sigaddset(&action.sa_mask, SIGINT);
    sigaddset(&action.sa_mask, SIGTERM);
    for (const int signal : {SIGINT, SIGTERM}) {
        // A signal ignored at start stays ignored (a shell's background job must not die of ^C).
        struct sigaction current {};
        sigaction(signal, nullptr, &current);
        if (current.sa_handler != SIG_IGN) sigaction(signal, &action, nullptr);
    }
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
}

} // namespace beliefsim::cli
