#pragma once
/// An accumulator's state as bytes, to send partial results between MPI ranks (mc/cluster.hpp).
/// An accumulator exposes `template <class V> void visit_state(V& v)` calling `v(field)` on every
/// field its merge reads (numbers, vectors of numbers, or nested accumulators); the writer appends
/// them, the reader restores them in the same order, so a restored accumulator merges exactly as
/// the original would (same bits).
/// Tested by: tests/mc/test_engine.cpp.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <type_traits>
#include <vector>

#include "beliefsim/core/error.hpp"

namespace beliefsim {

class StateWriter {
public:
    template <class T>
    requires std::is_arithmetic_v<T>
    void operator()(const T& x) { append(&x, sizeof x); }
    template <class T>
    void operator()(const std::vector<T>& v) {
        const std::uint64_t n = v.size();
        append(&n, sizeof n);
        append(v.data(), n * sizeof(T));
    }
    template <class T>
    requires requires(T& t, StateWriter& w) { t.visit_state(w); }
    void operator()(T& nested) { nested.visit_state(*this); }
    [[nodiscard]] std::vector<std::byte>& bytes() noexcept { return bytes_; }

private:
    void append(const void* p, std::size_t n) {
        const auto* b = static_cast<const std::byte*>(p);
        bytes_.insert(bytes_.end(), b, b + n);
    }
    std::vector<std::byte> bytes_;
};

class StateReader {
public:
    explicit StateReader(std::span<const std::byte> bytes) : bytes_(bytes) {}
    template <class T>
    requires std::is_arithmetic_v<T>
    void operator()(T& x) { take(&x, sizeof x); }
    template <class T>
    void operator()(std::vector<T>& v) {
        std::uint64_t n = 0;
        take(&n, sizeof n);
        v.resize(n);
        take(v.data(), n * sizeof(T));
    }
    template <class T>
    requires requires(T& t, StateReader& r) { t.visit_state(r); }
    void operator()(T& nested) { nested.visit_state(*this); }
    [[nodiscard]] std::size_t consumed() const noexcept { return at_; }

private:
    void take(void* p, std::size_t n) {
        BELIEFSIM_REQUIRE(at_ + n <= bytes_.size(), "state buffer too short (" << bytes_.size() << " bytes)");
        if (n > 0) std::memcpy(p, bytes_.data() + at_, n);
        at_ += n;
    }
    std::span<const std::byte> bytes_;
    std::size_t at_ = 0;
};

} // namespace beliefsim
