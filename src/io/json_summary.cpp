#include "beliefsim/io/json_summary.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <variant>

#include "beliefsim/io/hdf5.hpp"
#include "beliefsim/io/schema.hpp"

namespace beliefsim::io {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::size_t MAX_ENTRIES = 64;

Json number(double x) { return std::isfinite(x) ? Json(x) : Json(nullptr); }

Json numbers(const std::vector<double>& values, bool scalar) {
    if (scalar) return number(values.at(0));
    Json out = Json::array();
    for (const double x : values) out.push_back(number(x));
    return out;
}

Json attributes(const Object& obj) {
    Json out = Json::object();
    for (const auto& name : attribute_names(obj)) {
        try { // integers exactly (seeds use all 64 bits), then floating point, then text
            out[name] =
                std::visit([](const auto& values) { return values.size() == 1 ? Json(values[0]) : Json(values); },
                           read_integer_attribute(obj, name));
        } catch (const Error&) {
            try {
                const auto values = read_numeric_attribute(obj, name);
                out[name] = numbers(values, values.size() == 1);
            } catch (const Error&) {
                out[name] = read_string_attribute(obj, name);
            }
        }
    }
    return out;
}

bool left_out(const std::string& path) {
    return path.starts_with(std::string(schema::sweep::POINTS) + "/") || path.starts_with(schema::SAMPLE_PATHS);
}

} // namespace

std::string json_summary(const std::filesystem::path& path) {
    const File file = File::open_read(path);
    Json out = Json::object();
    out["file"] = path.string();
    out["attributes"] = attributes(file);
    Json groups = Json::object();
    for (const auto& g : list_groups(file))
        if (!left_out(g)) {
            Json a = attributes(open_group(file, g));
            if (!a.empty()) groups[g] = std::move(a);
        }
    out["groups"] = std::move(groups);
    Json datasets = Json::object();
    for (const auto& d : list_datasets(file)) {
        if (left_out(d)) continue;
        const Dataset ds = open_dataset(file, d);
        const auto dims = shape(ds);
        const bool summary = d.starts_with(std::string(schema::sweep::SUMMARY) + "/");
        if (dims.size() > 1 || (dims.size() == 1 && dims[0] > MAX_ENTRIES && !summary)) continue;
        try {
            datasets[d] = numbers(read_doubles(ds), dims.empty());
        } catch (const Error&) {
            if (dims.empty())
                datasets[d] = read_string(ds);
            else
                datasets[d] = read_strings(ds);
        }
    }
    out["datasets"] = std::move(datasets);
    return out.dump(2);
}

} // namespace beliefsim::io
