#pragma once
/// MPI ranks as seen by the Monte Carlo engine and the sweep runner, without MPI headers. Built
/// with MPI when CMake finds it (Debian `libopenmpi-dev`); otherwise, or when the process was not
/// started by an MPI launcher, one rank and every call is local.
/// - Sweeps: every rank claims the next point from one shared counter (MPI-3 `MPI_Fetch_and_op` on
///   a window at rank 0), so slow points never stall the others and rank 0 works too.
/// - One large run: `gather` brings every rank's serialized block accumulators to rank 0, which
///   merges them in block order (mc/engine.hpp), so the result is bitwise the single-process one.
/// Tested by: tests/e2e/check_mpi.py.

#include <cstddef>
#include <memory>
#include <vector>

namespace beliefsim::mc {

class Cluster {
public:
    /// Initializes MPI when the process was started by an MPI launcher (OMPI_COMM_WORLD_SIZE or
    /// PMI_SIZE is set) and MPI is built in; otherwise one rank, no MPI.
    Cluster();
    ~Cluster();
    Cluster(const Cluster&) = delete;
    Cluster& operator=(const Cluster&) = delete;

    [[nodiscard]] int rank() const noexcept { return rank_; }
    [[nodiscard]] int size() const noexcept { return size_; }
    /// The next number of a counter shared by all ranks (0, 1, 2, ... in claim order).
    [[nodiscard]] std::size_t claim();
    void barrier();
    /// On rank 0: every rank's `mine`, in rank order; elsewhere: empty. Collective.
    [[nodiscard]] std::vector<std::vector<std::byte>> gather(const std::vector<std::byte>& mine);
    /// Ends every rank at once after an error on one (a collective would otherwise wait forever).
    [[noreturn]] void abort(int status);

private:
    struct Window;
    std::unique_ptr<Window> window_;
    int rank_ = 0;
    int size_ = 1;
    std::size_t local_next_ = 0; ///< the counter when there is no MPI
};

} // namespace beliefsim::mc
