#include "beliefsim/io/ttc_samples_file.hpp"

#include <array>
#include <cstdint>
#include <cstdio>
#include <string>

#include "beliefsim/core/error.hpp"
#include "beliefsim/io/hdf5.hpp"
#include "beliefsim/io/output_file.hpp"
#include "beliefsim/io/schema.hpp"

namespace beliefsim::io {

namespace {

std::string group_of(std::size_t i) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s/%03zu", schema::samples::GROUP, i);
    return buf;
}

} // namespace

/// 0..n−1 as the dimension scale `name` of `group`.
Dataset index_scale(const Group& group, const std::string& name, std::size_t n, const std::string& description) {
    std::vector<std::int32_t> index(n);
    for (std::size_t k = 0; k < n; ++k) index[k] = static_cast<std::int32_t>(k);
    Dataset scale = write_dataset(group, name, index, {description, ""});
    attach_scale(scale, name, std::span<const Dataset* const>{});
    return scale;
}

void write_samples_h5(const std::filesystem::path& file, std::span<const ttc::ProviderSamples> providers) {
    write_atomically(file, {}, [&](const File& f) {
        const Group root = create_group(f, schema::samples::GROUP);
        std::vector<std::string> names;
        for (std::size_t i = 0; i < providers.size(); ++i) {
            const ttc::ProviderSamples& p = providers[i];
            ttc::validate(p);
            names.push_back(p.name);
            const Group g = create_group(f, group_of(i));
            write_attribute(g, "name", p.name);
            const Shape2 shape{p.questions, p.samples};
            const std::vector<std::int32_t> correct(p.correct.begin(), p.correct.end());
            const std::array sets = {
                write_dataset(g, "correct", correct, shape, {"1 if the sample is correct (questions x samples)", ""}),
                write_dataset(g, "answer", p.answer, shape, {"extracted answer id, -1 = none", ""}),
                write_dataset(g, "reward", p.reward, shape, {"reward-model score, -inf = not scored", ""}),
                write_dataset(g, "tokens", p.tokens, shape, {"tokens of the sample", "tokens"}),
            };
            // Each group labels its own axes, so netCDF readers and xarray open it on its own.
            attach_scale(index_scale(g, "question", p.questions, "question index"), "question", sets, 0);
            attach_scale(index_scale(g, "sample", p.samples, "sample index within a question"), "sample", sets, 1);
        }
        const Dataset provider =
            write_strings(root, "provider", names, {"provider names; provider i's records are in group i (NNN)", ""});
        attach_scale(provider, "provider", std::span<const Dataset* const>{});
    });
}

std::vector<ttc::ProviderSamples> read_samples_h5(const std::filesystem::path& file) {
    const File f = File::open_read(file);
    const auto refuse = [&](const std::string& why) { return ConfigError(file.string(), why); };
    const std::string names_path = schema::child(schema::samples::GROUP, "provider");
    if (!exists(f, names_path)) throw refuse("not a TTC samples file (no dataset " + names_path + ")");
    std::vector<std::string> names;
    try {
        names = read_strings(open_dataset(f, names_path));
    } catch (const Error&) {
        throw refuse(names_path + " must hold the provider names as strings");
    }
    std::vector<ttc::ProviderSamples> out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        const std::string g = group_of(i);
        ttc::ProviderSamples p;
        p.name = names[i];
        for (const char* field : {"correct", "answer", "reward", "tokens"})
            if (!exists(f, g + "/" + field)) throw refuse("missing dataset " + g + "/" + field);
        const auto dims = shape(open_dataset(f, g + "/correct"));
        if (dims.size() != 2) throw refuse(g + "/correct must be 2-D (questions x samples)");
        p.questions = dims[0];
        p.samples = dims[1];
        for (const char* field : {"answer", "reward", "tokens"})
            if (shape(open_dataset(f, g + "/" + field)) != dims)
                throw refuse(g + "/" + field + " has another shape than correct");
        for (const double c : read_doubles(open_dataset(f, g + "/correct")))
            p.correct.push_back(static_cast<std::uint8_t>(c));
        for (const double a : read_doubles(open_dataset(f, g + "/answer")))
            p.answer.push_back(static_cast<std::int32_t>(a));
        p.reward = read_doubles(open_dataset(f, g + "/reward"));
        p.tokens = read_doubles(open_dataset(f, g + "/tokens"));
        ttc::validate(p);
        out.push_back(std::move(p));
    }
    if (out.empty()) throw refuse("no providers");
    return out;
}

} // namespace beliefsim::io
