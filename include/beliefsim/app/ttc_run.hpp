#pragma once
/// One `beliefsim ttc` run end to end (SPEC §2 "TTC", issue 7): generation records (CSV files or
/// the synthetic generator) → majority-vote or best-of-n curves by resampling (or curves given in a
/// file, issue 14) → market → sequential
/// dynamics to an equilibrium at one β → maximal welfare and price of anarchy → reverse
/// second-price auction and the market-versus-auction comparison → an optional β sweep. Also the
/// default synthetic market of data/ttc with the paper's GSM8K notebook settings and the checks
/// `beliefsim reproduce ttc-synthetic` prints. Tested by: tests/ttc/test_ttc_config.cpp,
/// tests/e2e/test_ttc_cli.cpp.

#include "beliefsim/core/paper_number.hpp"
#include "beliefsim/ttc/auction.hpp"
#include "beliefsim/ttc/curves.hpp"
#include "beliefsim/ttc/dynamics.hpp"
#include "beliefsim/ttc/market.hpp"
#include "beliefsim/ttc/sweep.hpp"
#include "beliefsim/ttc/synthetic.hpp"
#include "beliefsim/ttc/welfare.hpp"

#include "beliefsim/core/error.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace beliefsim::app {

/// Where the curves come from: generation records (a file, or the generator in memory) resampled
/// into curves, or curves given in a file; prices from a file (or the generator).
struct DataSource {
    std::filesystem::path samples;               ///< samples file (CSV or HDF5): labels the run
    std::filesystem::path curves;                ///< curves file (CSV or HDF5) instead of samples
    std::filesystem::path prices;                ///< price list CSV
    std::optional<ttc::SyntheticSpec> synthetic; ///< set: generate instead of reading; prices from it
    /// Read the files when the run starts: io::parse_ttc_config installs io's readers (files are
    /// read only in io), so parsing a config does not need its data files yet. `read_curves` is
    /// set for given curves (their accuracy stored as the aggregation's curve), `read_samples`
    /// for records.
    std::function<std::vector<ttc::ProviderSamples>()> read_samples;
    std::function<std::vector<ttc::ProviderCurves>(ttc::Aggregation)> read_curves;
    std::function<std::vector<ttc::PriceEntry>()> read_prices;
};

struct TtcSpec {
    DataSource data;
    /// Its `threads` is replaced by `threads`; with given curves only `levels` is used, and the run
    /// sets it to the file's.
    ttc::CurveOptions curves;
    ttc::Aggregation aggregation = ttc::Aggregation::majority_vote; ///< given curves: what they are
    ttc::MarketConfig market;
    std::optional<double>
        margin;         ///< replaces every provider's margin (p / c − 1); > 0, and α times the largest β ≤ 1e300
    double beta = 1000; ///< rationality of the reported equilibrium
    ttc::DynamicsOptions dynamics;   ///< `record` is forced on for the reported equilibrium
    std::vector<double> sweep_betas; ///< empty: no β sweep
    int threads = 0;                 ///< 0: OpenMP default; results do not depend on it
    /// Receives a rule the run breaks before it leaves run_ttc: io::parse_ttc_config installs one
    /// that throws the ConfigError naming the config field (io/fields.hpp), so a parsed config fails
    /// at run time as at parse time. Unset: the InvalidArgument leaves as it is.
    std::function<void(const InvalidArgument&)> name_field;
};

struct TtcRun {
    TtcSpec spec;
    std::string data_label;                 ///< the samples or curves file, or "synthetic (seed S)"
    bool curves_given = false;              ///< read from a curves file, not resampled
    std::size_t questions = 0, samples = 0; ///< of the first provider (samples per question); 0: curves given
    std::vector<ttc::ProviderCurves> curves;
    std::vector<ttc::Provider> providers; ///< what the market was built from (after the override)
    ttc::Market market;             ///< the members below carry `{}` so run_ttc's designated initializer can omit them
    ttc::DynamicsResult dynamics{}; ///< at spec.beta, with its trajectory
    std::vector<double> shares{}, utilities{};
    double welfare = 0, potential = 0;
    ttc::WelfareOptimum optimum{};
    double price_of_anarchy = 1;
    ttc::MarketVsAuction comparison{}; ///< requires ≥ 2 providers
    std::vector<ttc::SweepPoint> sweep{};
    std::vector<ttc::MarketSummary> sweep_markets{}; ///< the market at each sweep point's equilibrium
    int threads = 1;                                 ///< resolved thread count
    double wall_seconds = 0;
};

/// Throws: InvalidArgument naming the parameter for bad input (levels, market parameters, β,
/// "data" for a market of fewer than 2 providers, "prices" for a provider without a price or,
/// with given curves, a price without curves), passed to `spec.name_field` first; whatever the
/// data readers throw.
[[nodiscard]] TtcRun run_ttc(const TtcSpec& spec);

/// The default market of data/ttc, generated in memory (so it needs no data files): the generator's
/// default_market_spec(), majority-vote curves (50 replicates, seed 0), α = 0.008, linear value,
/// baseline 0.1, margin 0.25, β = 1000, nearest-better dynamics (tolerance 1e-8, seed 0), and the
/// notebooks' 100-point sweep np.logspace(0, 6, 100). experiments/ttc/default.toml is the same run
/// read from the files.
[[nodiscard]] TtcSpec default_synthetic_spec();

/// The invariants on a run: pure Nash equilibrium within the tolerance, the potential rises
/// at every move, Dinkelbach's maximal welfare equals the exhaustive search (m^N profiles: keep N
/// and m small), PoA ≥ 1 at β and over the sweep, the user's auction value is the runner-up's W,
/// the auction's welfare is at least the equilibrium's.
[[nodiscard]] std::vector<PaperNumber> run_checks(const TtcRun& run);

} // namespace beliefsim::app
