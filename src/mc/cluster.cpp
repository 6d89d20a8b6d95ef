#include "beliefsim/mc/cluster.hpp"

#include <cstdint>
#include <cstdlib>
#include <vector>

#ifdef BELIEFSIM_HAVE_MPI
#include <mpi.h>
#endif

namespace beliefsim::mc {

#ifdef BELIEFSIM_HAVE_MPI

struct Cluster::Window {
    MPI_Win win = MPI_WIN_NULL;
    std::int64_t* counter = nullptr;
};

namespace {
bool launched_by_mpi() { return std::getenv("OMPI_COMM_WORLD_SIZE") != nullptr || std::getenv("PMI_SIZE") != nullptr; }
} // namespace

Cluster::Cluster() {
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

Cluster::~Cluster() {
    if (!window_) return;
    MPI_Win_free(&window_->win);
    MPI_Finalize();
}

std::size_t Cluster::claim() {
    if (!window_) return local_next_++;
    const std::int64_t one = 1;
    std::int64_t got = 0;
    MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, window_->win);
    MPI_Fetch_and_op(&one, &got, MPI_INT64_T, 0, 0, MPI_SUM, window_->win);
    MPI_Win_unlock(0, window_->win);
    return static_cast<std::size_t>(got);
}

void Cluster::barrier() {
    if (window_) MPI_Barrier(MPI_COMM_WORLD);
}

std::vector<std::vector<std::byte>> Cluster::gather(const std::vector<std::byte>& mine) {
    if (!window_) return {mine};
    const int bytes = static_cast<int>(mine.size());
    std::vector<int> sizes(rank_ == 0 ? static_cast<std::size_t>(size_) : 0);
    MPI_Gather(&bytes, 1, MPI_INT, sizes.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    std::vector<int> offsets(sizes.size());
    std::size_t total = 0;
    for (std::size_t r = 0; r < sizes.size(); ++r) {
        offsets[r] = static_cast<int>(total);
        total += static_cast<std::size_t>(sizes[r]);
    }
    std::vector<std::byte> all(total);
    MPI_Gatherv(mine.data(), bytes, MPI_BYTE, all.data(), sizes.data(), offsets.data(), MPI_BYTE, 0, MPI_COMM_WORLD);
    std::vector<std::vector<std::byte>> out;
    for (std::size_t r = 0; r < sizes.size(); ++r)
        out.emplace_back(all.begin() + offsets[r], all.begin() + offsets[r] + sizes[r]);
    return out;
}

void Cluster::abort(int status) {
    if (window_) MPI_Abort(MPI_COMM_WORLD, status);
    std::exit(status);
}

#else

struct Cluster::Window {};

Cluster::Cluster() = default;
Cluster::~Cluster() = default;
std::size_t Cluster::claim() { return local_next_++; }
void Cluster::barrier() {}
std::vector<std::vector<std::byte>> Cluster::gather(const std::vector<std::byte>& mine) { return {mine}; }
void Cluster::abort(int status) { std::exit(status); }

#endif

} // namespace beliefsim::mc
