#pragma once
/// Numbers as text, the library's only formatters: `shortest` for values that must read back (the
/// shortest decimal that round-trips, std::to_chars: a small χ prints as 1e-07, not 0.000000), and
/// `significant` for messages (12 significant digits, as config errors have always printed them).

#include <charconv>
#include <sstream>
#include <string>

namespace beliefsim {

[[nodiscard]] inline std::string shortest(double x) {
    char buffer[32];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, x).ptr;
    return {buffer, end};
}

[[nodiscard]] inline std::string significant(double x, int digits = 12) {
    std::ostringstream os;
    os.precision(digits);
    os << x;
    return os.str();
}

} // namespace beliefsim
