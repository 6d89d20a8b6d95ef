#include "beliefsim/io/ttc_samples_file.hpp"

#include <cstdint>
#include <cstdio>
#include <sstream>
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

void write_samples_h5(const std::filesystem::path& file, std::span<const ttc::ProviderSamples> providers) {
    write_atomically(file, {}, [&](const File& f) {
        const Group root = create_group(f, schema::samples::GROUP);
        std::string names;
        for (std::size_t i = 0; i < providers.size(); ++i) {
            const ttc::ProviderSamples& p = providers[i];
            ttc::validate(p);
            names += (i ? "\n" : "") + p.name;
            const std::string g = group_of(i);
            write_attribute(create_group(f, g), "name", p.name);
            const Shape2 shape{p.questions, p.samples};
            const std::vector<std::int32_t> correct(p.correct.begin(), p.correct.end());
            (void)write_dataset(f, g + "/correct", correct, shape,
                                {"1 if the sample is correct (questions x samples)", ""});
            (void)write_dataset(f, g + "/answer", p.answer, shape, {"extracted answer id, -1 = none", ""});
            (void)write_dataset(f, g + "/reward", p.reward, shape, {"reward-model score, -inf = not scored", ""});
            (void)write_dataset(f, g + "/tokens", p.tokens, shape, {"tokens of the sample", "tokens"});
        }
        write_attribute(root, "providers", names);
    });
}

std::vector<ttc::ProviderSamples> read_samples_h5(const std::filesystem::path& file) {
    const File f = File::open_read(file);
    const auto refuse = [&](const std::string& why) { return ConfigError(file.string(), why); };
    if (!exists(f, schema::samples::GROUP) || !has_attribute(open_group(f, schema::samples::GROUP), "providers"))
        throw refuse("not a TTC samples file (no /samples with attribute `providers`)");
    std::vector<std::string> names;
    std::istringstream lines(read_string_attribute(open_group(f, schema::samples::GROUP), "providers"));
    for (std::string name; std::getline(lines, name);) names.push_back(name);
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
