#pragma once
/// The HDF5 output layout of SPEC §3 in one place: group, dataset and attribute names of every
/// beliefsim file (simulate, menu, reproduce, bbs, ttc, sweep, TTC samples). Writers, readers,
/// `inspect` and the tests all use these constants (tests/e2e/check_output.py spells them out);
/// the datasets inside each group are listed in its writer's header.

#include <string>
#include <string_view>

namespace beliefsim::io::schema {

/// "GROUP/NAME": a dataset or subgroup of one of the groups below.
[[nodiscard]] inline std::string child(std::string_view group, std::string_view name) {
    return std::string(group).append("/").append(name);
}

/// Value of the root attribute `tool` that identifies a beliefsim output.
inline constexpr const char* TOOL_NAME = "beliefsim";

/// Root attributes.
namespace root {
inline constexpr const char* TOOL = "tool";
inline constexpr const char* VERSION = "version";
inline constexpr const char* GIT_SHA1 = "git_sha1";
inline constexpr const char* FORMAT_VERSION = "format_version";
inline constexpr const char* CREATED_UTC = "created_utc";
inline constexpr const char* HOST = "host";
inline constexpr const char* COMMAND_LINE = "command_line";
inline constexpr const char* RANKS = "ranks";
inline constexpr const char* HDF5 = "hdf5_version";
inline constexpr const char* BOOST = "boost_version";
inline constexpr const char* COMPILER = "compiler";
inline constexpr const char* SEED = "seed";
inline constexpr const char* THREADS = "threads";
inline constexpr const char* PATHS = "paths";
inline constexpr const char* BLOCK_SIZE = "block_size";
} // namespace root

/// Attributes every dataset carries (`units` only where the quantity has units).
inline constexpr const char* DESCRIPTION = "description";
inline constexpr const char* UNITS = "units";

/// The TOML text as run.
inline constexpr const char* CONFIG = "/provenance/config";

/// Group whose attributes are the model parameters (states, prior, entropy, q/alpha, chi, process).
inline constexpr const char* MODEL = "/model";

/// Monte Carlo estimates of the stopping-time law.
namespace stopping_time {
inline constexpr const char* GROUP = "/stopping_time";
inline constexpr const char* MEAN = "/stopping_time/mean";
inline constexpr const char* MEAN_STDERR = "/stopping_time/mean_stderr";
inline constexpr const char* VARIANCE = "/stopping_time/variance";
inline constexpr const char* VARIANCE_STDERR = "/stopping_time/variance_stderr";
inline constexpr const char* HISTOGRAM_EDGES = "/stopping_time/histogram/edges";
inline constexpr const char* HISTOGRAM_COUNTS = "/stopping_time/histogram/counts";
inline constexpr const char* HISTOGRAM_OVERFLOW = "/stopping_time/histogram/overflow";
inline constexpr const char* HISTOGRAM_BIN = "/stopping_time/histogram/bin_center";
inline constexpr const char* ECDF_T = "/stopping_time/ecdf/t";
inline constexpr const char* ECDF_F = "/stopping_time/ecdf/F";
inline constexpr const char* ECDF_F_STDERR = "/stopping_time/ecdf/F_stderr";
inline constexpr const char* ECDF_F_BY_STATE = "/stopping_time/ecdf/F_by_state";
inline constexpr const char* LAPLACE_R = "/stopping_time/laplace/r";
inline constexpr const char* LAPLACE_MEAN = "/stopping_time/laplace/mean";
inline constexpr const char* LAPLACE_STDERR = "/stopping_time/laplace/stderr";
inline constexpr const char* TERMINAL_FREQ = "/stopping_time/terminal_state_freq";
inline constexpr const char* TERMINAL_FREQ_STDERR = "/stopping_time/terminal_state_freq_stderr";
inline constexpr const char* STATE = "/stopping_time/state";
inline constexpr const char* NOT_LEARNED = "/stopping_time/not_learned";
inline constexpr const char* NOT_LEARNED_STDERR = "/stopping_time/not_learned_stderr";
inline constexpr const char* RAW_PATH = "/stopping_time/raw/path";
inline constexpr const char* RAW_TAU = "/stopping_time/raw/tau";
inline constexpr const char* RAW_STATE = "/stopping_time/raw/state";
} // namespace stopping_time

/// The exact stopping-time law, where the process has one; attributes `mean`, `variance`.
namespace exact {
inline constexpr const char* GROUP = "/stopping_time/exact";
inline constexpr const char* T = "/stopping_time/exact/t";
inline constexpr const char* R = "/stopping_time/exact/r";
inline constexpr const char* LEARNED_STATE = "/stopping_time/exact/learned_state";
inline constexpr const char* SURVIVAL = "/stopping_time/exact/survival";
inline constexpr const char* DENSITY = "/stopping_time/exact/density";
inline constexpr const char* STATE_DENSITY = "/stopping_time/exact/state_density";
inline constexpr const char* STATE_CDF = "/stopping_time/exact/state_cdf";
inline constexpr const char* LAPLACE = "/stopping_time/exact/laplace";
inline constexpr const char* TERMINAL_PROBABILITY = "/stopping_time/exact/terminal_probability";
inline constexpr const char* PHASE_TIMES = "/stopping_time/exact/phase_times";
inline constexpr const char* MEAN = "mean";
inline constexpr const char* VARIANCE = "variance";
inline constexpr const char* SOURCE = "source";
} // namespace exact

/// Throughput audit: per interval [t, t + s); attributes `verdict`, `paths`, `interval`, the totals.
namespace audit {
inline constexpr const char* GROUP = "/throughput_audit";
inline constexpr const char* T = "/throughput_audit/t";
inline constexpr const char* INCREMENT_MEAN = "/throughput_audit/increment_mean";
inline constexpr const char* INCREMENT_STDERR = "/throughput_audit/increment_stderr";
inline constexpr const char* BOUND = "/throughput_audit/bound";
inline constexpr const char* ALIVE_BOUND = "/throughput_audit/alive_bound";
inline constexpr const char* ALIVE_BOUND_STDERR = "/throughput_audit/alive_bound_stderr";
inline constexpr const char* EXCESS_MEAN = "/throughput_audit/excess_mean";
inline constexpr const char* EXCESS_STDERR = "/throughput_audit/excess_stderr";
inline constexpr const char* VERDICT = "verdict";
} // namespace audit

/// Opt-in sample paths: /sample_paths/NNNNNN/{t, belief}, attributes `terminal_state` and
/// `truncated`; /sample_paths/state labels the belief columns.
inline constexpr const char* SAMPLE_PATHS = "/sample_paths";
inline constexpr const char* SAMPLE_PATH_STATE = "/sample_paths/state";

/// Token-cap menus (io/menu_file.hpp).
namespace menu {
inline constexpr const char* GROUP = "/menu";
inline constexpr const char* FAMILIES = "/menu/families";
inline constexpr const char* TIERS = "/menu/tiers";
} // namespace menu

/// `reproduce`: the paper's numbers next to ours, and Figure 1's boundaries (io/reproduce_file.hpp).
namespace reproduce {
inline constexpr const char* GROUP = "/reproduce";
inline constexpr const char* QUALITY = "/quality";
} // namespace reproduce

/// Bergemann-Bonatti-Smolin token pricing (io/bbs_file.hpp).
namespace bbs {
inline constexpr const char* GROUP = "/bbs";
inline constexpr const char* EFFICIENT = "/bbs/efficient";
inline constexpr const char* ALLOCATIONS = "/bbs/allocations";
inline constexpr const char* PACKAGES = "/bbs/packages";
inline constexpr const char* FIGURE1 = "/bbs/figure1";
inline constexpr const char* BINARY = "/bbs/binary";
} // namespace bbs

/// The test-time-compute market (io/ttc_file.hpp).
namespace ttc {
inline constexpr const char* GROUP = "/ttc";
inline constexpr const char* PROVIDER = "/ttc/provider";
inline constexpr const char* CURVES = "/ttc/curves";
inline constexpr const char* OFFERS = "/ttc/offers";
inline constexpr const char* EQUILIBRIUM = "/ttc/equilibrium";
inline constexpr const char* DYNAMICS = "/ttc/dynamics";
inline constexpr const char* AUCTION = "/ttc/auction";
inline constexpr const char* COMPARISON = "/ttc/comparison";
inline constexpr const char* BETA_SWEEP = "/ttc/beta_sweep";
} // namespace ttc

/// TTC generation records in HDF5: /samples/NNN per provider (io/ttc_samples_file.hpp).
namespace samples {
inline constexpr const char* GROUP = "/samples";
} // namespace samples

/// `convergence` (io/convergence_file.hpp): the dt ladder, then one group per scheme with one
/// subgroup per kind of quantity.
namespace convergence {
inline constexpr const char* GROUP = "/convergence";
inline constexpr const char* DT = "/convergence/dt";
inline constexpr const char* LAPLACE_R = "/convergence/laplace_r";
inline constexpr const char* ECDF_T = "/convergence/ecdf_t";
inline constexpr const char* SCHEMES = "/convergence/schemes";
inline constexpr const char* REFERENCE = "reference"; ///< attribute: "exact" | "richardson"
inline constexpr const char* KINDS[] = {"mean", "laplace", "ecdf"};
} // namespace convergence

/// Sweeps (sweep/run.hpp): the assembled file's groups.
namespace sweep {
inline constexpr const char* GROUP = "/sweep";
inline constexpr const char* POINTS = "/points";
inline constexpr const char* SUMMARY = "/summary";
} // namespace sweep

} // namespace beliefsim::io::schema
