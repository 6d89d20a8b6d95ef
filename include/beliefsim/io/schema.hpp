#pragma once
/// The HDF5 output layout of SPEC §3 in one place: group, dataset and attribute names. Writers,
/// `inspect` and the tests all use these constants (tests/e2e/check_output.py spells them out).

namespace beliefsim::io::schema {

/// Value of the root attribute `tool` that identifies a beliefsim output.
inline constexpr const char* TOOL_NAME = "beliefsim";

/// Root attributes.
namespace root {
inline constexpr const char* TOOL = "tool";
inline constexpr const char* VERSION = "version";
inline constexpr const char* GIT_SHA1 = "git_sha1";
inline constexpr const char* CREATED_UTC = "created_utc";
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
inline constexpr const char* RAW_TAU = "/stopping_time/raw/tau";
inline constexpr const char* RAW_STATE = "/stopping_time/raw/state";
} // namespace stopping_time

/// The exact stopping-time law, where the process has one; attributes `mean`, `variance`.
namespace exact {
inline constexpr const char* GROUP = "/stopping_time/exact";
inline constexpr const char* T = "/stopping_time/exact/t";
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

/// Opt-in sample paths: /sample_paths/NNNNNN/{t, belief}, attribute `terminal_state`.
inline constexpr const char* SAMPLE_PATHS = "/sample_paths";

} // namespace beliefsim::io::schema
