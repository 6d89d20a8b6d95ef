#include "beliefsim/io/convergence_file.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "beliefsim/io/hdf5.hpp"
#include "beliefsim/io/output_file.hpp"
#include "beliefsim/io/schema.hpp"
#include "beliefsim/io/simulation_file.hpp"

namespace beliefsim::io {
namespace {

namespace cv = schema::convergence;

const std::string TIME = "model time";

/// What a kind of quantity is, for the attributes and descriptions of its group.
struct Kind {
    const char* name;      // schema::convergence::KINDS
    const char* quantity;  // as a formula
    const char* units;     // of the quantity
    const Dataset* column; // the dimension scale of the K axis, if any
    const char* column_name;
};

void write_ladder(const Group& parent, const Kind& kind, const app::QuantityLadder& q, const Dataset& dt) {
    const Group group = create_group(parent, kind.name);
    write_attribute(group, "quantity", std::string_view(kind.quantity));
    if (*kind.units != '\0') write_attribute(group, "units", std::string_view(kind.units));
    const std::size_t K = q.reference.size(), rungs = K > 0 ? q.estimate.size() / K : 0;
    const Shape2 table{rungs, K};
    const std::string u = kind.units;
    const std::string q_name = kind.quantity;
    const std::array by_rung = {
        write_dataset(group, "estimate", q.estimate, table, {"Monte Carlo estimate of " + q_name + " (rungs x K)", u}),
        write_dataset(group, "estimate_stderr", q.estimate_stderr, table, {"standard error of estimate", u}),
        write_dataset(group, "bias", q.bias, table, {"estimate - reference (rungs x K)", u}),
        write_dataset(group, "bias_stderr", q.bias_stderr, table,
                      {"standard error of bias (with the reference's, for a Richardson reference)", u}),
    };
    attach_scale(dt, "dt", by_rung, 0);

    std::vector<double> order, order_se, constant, constant_se, chi2;
    std::vector<std::int32_t> points;
    std::vector<std::string> status;
    for (const app::PowerLawFit& f : q.fits) {
        order.push_back(f.order);
        order_se.push_back(f.order_stderr);
        constant.push_back(f.constant);
        constant_se.push_back(f.constant_stderr);
        chi2.push_back(f.chi2);
        points.push_back(f.points);
        status.push_back(f.status);
    }
    const std::string c_units = u.empty() ? "1/(model time)^order" : u + "/(model time)^order";
    const std::array by_column = {
        write_dataset(group, "reference", q.reference, {"reference value of " + q_name, u}),
        write_dataset(group, "reference_stderr", q.reference_stderr,
                      {"standard error of reference (0 for an exact law)", u}),
        write_dataset(group, "order", order,
                      {"fitted weak order p of |bias| = |C| dt^p (when fit_status is fitted)", ""}),
        write_dataset(group, "order_stderr", order_se, {"standard error of order", ""}),
        write_dataset(group, "constant", constant, {"fitted C (signed) of bias = C dt^p, dt in model time", c_units}),
        write_dataset(group, "constant_stderr", constant_se, {"standard error of constant", c_units}),
        write_dataset(group, "fit_chi2", chi2,
                      {"weighted residual sum of squares of the log-log fit (dof = fit_points - 2)", ""}),
        write_dataset(group, "fit_points", points,
                      {"rungs with |bias| >= resolved_z standard errors, used in the fit", ""}),
    };
    const Dataset status_set = write_strings(
        group, "fit_status", status,
        {"fitted | unresolved (fewer than two resolved rungs) | mixed-sign (resolved biases of both signs)", ""});
    // A quantity without an axis of its own (E[tau]) gets a one-entry index, so every axis is labelled.
    const std::optional<Dataset> own_column =
        kind.column == nullptr
            ? std::optional<Dataset>(write_index(group, "quantity", K, {"index of the quantity", ""}))
            : std::nullopt;
    const Dataset& column = kind.column != nullptr ? *kind.column : *own_column;
    const std::string column_name = kind.column != nullptr ? kind.column_name : "quantity";
    attach_scale(column, column_name, by_rung, 1);
    attach_scale(column, column_name, by_column, 0);
    attach_scale(column, column_name, std::array{&status_set}, 0);
}

void write_groups(const File& file, const app::ConvergenceResult& r) {
    (void)write_model_group(file, r.spec.simulation.model);
    const Group group = create_group(file, cv::GROUP);
    write_attribute(group, cv::REFERENCE, r.reference);
    write_attribute(group, "reference_source", r.reference_source);
    write_attribute(group, "resolved_z", app::RESOLVED_Z);
    write_attribute(group, "paths", static_cast<std::uint64_t>(r.spec.simulation.plan.paths));
    write_attribute(group, "seed", static_cast<std::uint64_t>(r.spec.simulation.plan.seed));
    write_attribute(group, "wall_seconds", r.wall_seconds);
    const Dataset dt = write_dataset(file, cv::DT, r.dt, {"time step of each rung, coarse to fine", TIME});
    const Dataset r_axis =
        write_dataset(file, cv::LAPLACE_R, r.laplace_r, {"discount rates r of E[exp(-r tau)]", "1/model time"});
    const Dataset t_axis = write_dataset(file, cv::ECDF_T, r.ecdf_t, {"times t of P(tau <= t)", TIME});
    std::vector<std::string> names;
    for (const auto& s : r.schemes) names.push_back(s.scheme);
    const Dataset scheme_index = write_index(group, "scheme", names.size(), {"index of the scheme", ""});
    const Dataset scheme_names =
        write_strings(file, cv::SCHEMES, names, {"the schemes of the ladder, in run order", ""});
    attach_scale(scheme_index, "scheme", std::array{&scheme_names}, 0);

    for (const app::SchemeLadder& s : r.schemes) {
        const std::string path = schema::child(cv::GROUP, s.scheme);
        const Group scheme = create_group(file, path);
        write_attribute(scheme, "scheme", s.scheme);
        if (r.reference == "richardson") write_attribute(scheme, "assumed_order", s.assumed_order);
        const std::array per_rung = {
            write_dataset(scheme, "seed", s.seeds,
                          {"simulation seed of each rung (seed + scheme index x rungs + rung)", ""}),
            write_dataset(scheme, "wall_seconds", s.wall_seconds, {"wall time of each rung", "s"}),
        };
        attach_scale(dt, "dt", per_rung, 0);
        const Kind kinds[] = {{cv::KINDS[0], "E[tau]", "model time", nullptr, ""},
                              {cv::KINDS[1], "E[exp(-r tau)]", "", &r_axis, "r"},
                              {cv::KINDS[2], "P(tau <= t)", "", &t_axis, "t"}};
        write_ladder(scheme, kinds[0], s.mean, dt);
        write_ladder(scheme, kinds[1], s.laplace, dt);
        write_ladder(scheme, kinds[2], s.ecdf, dt);
    }
}

} // namespace

void write_convergence(const app::ConvergenceResult& result, const std::string& config_text,
                       const std::filesystem::path& out) {
    const auto& plan = result.spec.simulation.plan;
    write_atomically(out, {config_text, plan.seed, result.threads, plan.paths, plan.block_size},
                     [&](const File& file) { write_groups(file, result); });
}

} // namespace beliefsim::io
