#include "beliefsim/sweep/mpi.hpp"

#include <cstdint>
#include <cstdlib>

#ifdef BELIEFSIM_HAVE_MPI
#include <mpi.h>
#endif

namespace beliefsim::sweep {

#ifdef BELIEFSIM_HAVE_MPI

struct MpiSession::Window {
    MPI_Win win = MPI_WIN_NULL;
    std::int64_t* counter = nullptr;
};

namespace {
bool launched_by_mpi() { return std::getenv("OMPI_COMM_WORLD_SIZE") != nullptr || std::getenv("PMI_SIZE") != nullptr; }
} // namespace

MpiSession::MpiSession() {
    if (!launched_by_mpi()) return;
    int provided = 0;
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided); // OpenMP threads never call MPI
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
    window_ = std::make_unique<Window>();
    const MPI_Aint bytes = rank_ == 0 ? static_cast<MPI_Aint>(sizeof(std::int64_t)) : 0;
    MPI_Win_allocate(bytes, sizeof(std::int64_t), MPI_INFO_NULL, MPI_COMM_WORLD, &window_->counter, &window_->win);
    if (rank_ == 0) *window_->counter = 0;
    MPI_Barrier(MPI_COMM_WORLD); // the counter is zero before anyone claims
}

MpiSession::~MpiSession() {
    if (!window_) return;
    MPI_Win_free(&window_->win);
    MPI_Finalize();
}

std::size_t MpiSession::claim() {
    if (!window_) return local_next_++;
    const std::int64_t one = 1;
    std::int64_t got = 0;
    MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, window_->win);
    MPI_Fetch_and_op(&one, &got, MPI_INT64_T, 0, 0, MPI_SUM, window_->win);
    MPI_Win_unlock(0, window_->win);
    return static_cast<std::size_t>(got);
}

void MpiSession::barrier() {
    if (window_) MPI_Barrier(MPI_COMM_WORLD);
}

void MpiSession::abort(int status) {
    if (window_) MPI_Abort(MPI_COMM_WORLD, status);
    std::exit(status);
}

#else

struct MpiSession::Window {};

MpiSession::MpiSession() = default;
MpiSession::~MpiSession() = default;
std::size_t MpiSession::claim() { return local_next_++; }
void MpiSession::barrier() {}
void MpiSession::abort(int status) { std::exit(status); }

#endif

} // namespace beliefsim::sweep
