#pragma once
/// MPI for sweeps (issue "Parameter sweeps", scale-out): `mpirun -np K beliefsim sweep ...`.
/// Points are scheduled dynamically: every rank claims the next point from one shared counter
/// (MPI-3 `MPI_Fetch_and_op` on a window at rank 0), so a slow point never stalls the others and
/// rank 0 works too. Each point is committed as its own file exactly as without MPI; after a
/// barrier rank 0 assembles. A point depends only on its own config, so the result file is
/// identical to a single-process run for any number of ranks.
/// Built when CMake finds MPI (Debian `libopenmpi-dev`); otherwise every call is single-rank.
/// Tested by: tests/e2e/check_mpi_sweep.py.

#include <cstddef>
#include <memory>

namespace beliefsim::sweep {

class MpiSession {
public:
    /// Initializes MPI when the process was started by an MPI launcher (OMPI_COMM_WORLD_SIZE or
    /// PMI_SIZE is set) and MPI is built in; otherwise one rank, no MPI.
    MpiSession();
    ~MpiSession();
    MpiSession(const MpiSession&) = delete;
    MpiSession& operator=(const MpiSession&) = delete;

    [[nodiscard]] int rank() const noexcept { return rank_; }
    [[nodiscard]] int size() const noexcept { return size_; }
    /// The next point number across all ranks (0, 1, 2, ... in claim order).
    [[nodiscard]] std::size_t claim();
    void barrier();
    /// Ends every rank at once after an error on one (a barrier would otherwise wait forever).
    [[noreturn]] void abort(int status);

private:
    struct Window;
    std::unique_ptr<Window> window_;
    int rank_ = 0;
    int size_ = 1;
    std::size_t local_next_ = 0; ///< the counter when there is no MPI
};

} // namespace beliefsim::sweep
