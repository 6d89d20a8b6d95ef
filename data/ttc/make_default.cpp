// Regenerates data/ttc/samples.csv and data/ttc/prices.csv from the synthetic generator's default
// market (beliefsim::ttc::default_market_spec). See data/ttc/README.md for the build line.
// Usage: make_default OUT_DIR

#include "beliefsim/ttc/synthetic.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: make_default OUT_DIR\n";
        return 2;
    }
    const std::filesystem::path dir = argv[1];
    const beliefsim::ttc::SyntheticSpec spec = beliefsim::ttc::default_market_spec();
    const auto samples = beliefsim::ttc::generate_samples(spec);
    beliefsim::ttc::write_samples_csv(dir / "samples.csv", samples);
    std::ofstream prices(dir / "prices.csv");
    prices << "name,price_per_million,margin\n";
    for (const auto& p : spec.providers) prices << p.name << ',' << p.price_per_million << ",0.25\n";
    return prices ? 0 : 1;
}
