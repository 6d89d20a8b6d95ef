#pragma once
/// Numbers as text: the shortest decimal that reads back to the same double (std::to_chars), so a
/// small χ prints as 1e-07, not 0.000000, and a value in a message or a sweep key round-trips.

#include <charconv>
#include <string>

namespace beliefsim {

[[nodiscard]] inline std::string shortest(double x) {
    char buffer[32];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, x).ptr;
    return {buffer, end};
}

} // namespace beliefsim
