#pragma once
/// TOML configuration of a `beliefsim ttc` run (SPEC §2 "TTC", §3) → app::TtcSpec. Tables:
///   [data]        samples = "FILE.csv", prices = "FILE.csv" (relative paths are read from the
///                 config file's directory), or curves = "FILE" (CSV or HDF5, io/ttc_curves.hpp)
///                 in place of samples, or synthetic = true (then [synthetic] applies). With
///                 curves, every provider of the price list needs curves, and [curves] takes only
///                 `method` (what the file's accuracy is: nothing is resampled)
///   [synthetic]   questions = 40, samples = 64, difficulty_sd = 1.5, distractors = 4,
///                 distractor_shape = 0.5, reward_gap = 1.5, reward_noise = 1, reward_decimals = 3,
///                 token_log_sd = 0.35, token_difficulty = 0.15, seed = 2026, and optionally
///                 [[synthetic.providers]] name, skill, verbosity = 250, no_answer_rate = 0.02,
///                 price_per_million = 0.1 (default: the nine providers of data/ttc)
///   [curves]      method = "majority-vote" | "best-of-n", levels = [1, 4, 8, 16, 32, 64],
///                 replicates = 50, band = 0.95, seed = 0
///   [market]      beta = 1000, alpha = 10, baseline = 0.1, value_curve = "exp" | "linear" |
///                 "power", gamma = 3.5 (power), kappa = 6 (exp), margin (replaces the price
///                 list's)
///   [dynamics]    rule = "nearest-better" | "best-response", tolerance = 1e-8, max_rounds = 1000,
///                 seed = 0 (the provider order of each round)
///   [beta_sweep]  betas = [...], or log10_min = 0, log10_max = 6, points = 100 (numpy's logspace);
///                 no table: no sweep
/// Defaults are the library's (curves.hpp, market.hpp, dynamics.hpp, synthetic.hpp). The parsed
/// spec reads its data files through io (ttc_csv.hpp, ttc_samples_file.hpp, ttc_curves.hpp) when it runs, and names
/// the config field of a rule the run breaks (levels beyond the samples per question, a negative α)
/// through the parser's field table (io/fields.hpp), as a rule checked while parsing does.
/// Tested by: tests/ttc/test_ttc_config.cpp, tests/ttc/test_curves_file.cpp.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string_view>

#include "beliefsim/app/ttc_run.hpp"

namespace beliefsim::io {

/// Throws: ConfigError naming the dotted field ("config" for TOML syntax errors).
[[nodiscard]] app::TtcSpec parse_ttc_config(std::string_view toml_text, const std::filesystem::path& config_dir = ".");

/// `--seed` replaces curves.seed and dynamics.seed (the data generator's seed is part of the
/// data); `--threads` the thread count. Throws: ConfigError("--seed" or "--threads", rule).
void apply_ttc_overrides(app::TtcSpec& spec, std::optional<std::int64_t> seed, std::optional<std::int64_t> threads);

} // namespace beliefsim::io
