#include "command_inspect.h"

#include "inspect_json.h"
#include "io/checkpoint.h"

#include <cmath>
#include <cstdio>
#include <memory>

namespace sl::cli {
namespace {

using nlohmann::json;

double number(const json& v) { return v.is_number() ? v.get<double>() : NAN; }

std::string percent(const json& v) {
    char text[32] = "-";
    if (v.is_number()) std::snprintf(text, sizeof text, "%.2f%%", 100.0 * v.get<double>());
    return text;
}

std::string text(const char* format, double v) {
    char out[64];
    std::snprintf(out, sizeof out, format, v);
    return out;
}

// What was tuned, labelled with the config keys, then where the schedules stood.
void printTuning(const json& j) {
    const json& t = j["configured"];
    const json& now = j["at_step"];
    const long long total = j["progress"]["total_steps"].get<long long>();
    const bool decays = t["drop_schedule"] == "cosine";
    std::printf("mask update ΔT %d steps (sparsity.delta_t), α %s (sparsity.drop_fraction)%s, "
                "no updates from step %lld (sparsity.t_end%s)\n",
                t["delta_t"].get<int>(), text("%.4g", number(t["drop_fraction"])).c_str(),
                decays ? " decaying to 0 by a cosine" : ", constant",
                t["t_end_step"].get<long long>(),
                t["t_end"].get<long long>() == 0 ? " auto: 75% of the run" : "");
    std::string sparsity = "sparsity    target " + percent(t["sparsity_target"]) +
                           " (sparsity.target), " + t["sparsity_schedule"].get<std::string>() +
                           " schedule";
    if (!t["sparsity_initial"].is_null())
        sparsity += " from " + percent(t["sparsity_initial"]) + " at step " +
                    std::to_string(t["sparsity_start_step"].get<long long>()) + " to step " +
                    std::to_string(t["sparsity_end_step"].get<long long>());
    sparsity += ", " + t["distribution"].get<std::string>() + " distribution";
    std::printf("%s\n", sparsity.c_str());
    std::string lr = "lr          " + text("%.6g", number(t["learning_rate"])) +
                     " (optimizer.lr), " + t["lr_schedule"].get<std::string>() + " schedule";
    if (!t["lr_min"].is_null()) lr += " to " + text("%.6g", number(t["lr_min"]));
    if (!t["lr_gamma"].is_null())
        lr += ", x" + text("%.4g", number(t["lr_gamma"])) + " every " +
              std::to_string(t["lr_step_epochs"].get<int>()) + " epochs";
    if (t["warmup_steps"].get<int>() > 0)
        lr += ", warm-up " + std::to_string(t["warmup_steps"].get<int>()) + " steps";
    std::printf("%s\n", lr.c_str());
    const std::string target = now["target_sparsity"].is_null()
                                   ? std::string("none (emergent sparsity)")
                                   : percent(now["target_sparsity"]);
    std::printf("at step %-4lld learning rate %.6g, target sparsity %s, drop fraction %.4g "
                "(the schedules' values %s)\n",
                now["step"].get<long long>(), number(now["learning_rate"]), target.c_str(),
                number(now["drop_fraction"]),
                now["step"].get<long long>() >= total ? "at the end of the run"
                                                      : "where the run stopped");
}

void printRun(const json& j) {
    const json& c = j["checkpoint"];
    const json& r = j["run"];
    const json& p = j["progress"];
    std::printf(
        "checkpoint  %s (%s version %d, written by %s)\n", c["path"].get<std::string>().c_str(),
        c["format"].get<std::string>().c_str(), c["version"].get<int>(),
        c["writer"].get<std::string>().empty() ? "?" : c["writer"].get<std::string>().c_str());
    std::printf("run         %s (%d train / %d test examples), %s %s %s, %s, method %s\n",
                r["data"].get<std::string>().c_str(), r["train_examples"].get<int>(),
                r["test_examples"].get<int>(), r["model"] == "cnn" ? "CNN" : "MLP",
                r["shape"].get<std::string>().c_str(), r["activation"].get<std::string>().c_str(),
                r["optimizer"].get<std::string>().c_str(), r["method"].get<std::string>().c_str());
    std::printf("progress    step %lld of %lld (epoch %d of %d), %.1f s of training\n",
                p["step"].get<long long>(), p["total_steps"].get<long long>(),
                p["epoch"].get<int>(), p["epochs"].get<int>(), number(p["training_seconds"]));
    printTuning(j);

    const json& m = j["metrics"];
    std::printf("metrics     test accuracy %s", percent(m["test_accuracy"]).c_str());
    if (!m["test_step"].is_null()) std::printf(" (at step %lld)", m["test_step"].get<long long>());
    if (!m["validation_accuracy"].is_null())
        std::printf(", validation accuracy %s", percent(m["validation_accuracy"]).c_str());
    std::printf(", train loss %.4f, %zu history points\n", number(m["train_loss"]),
                m["history_points"].get<std::size_t>());
    const json& s = j["sparsity"];
    std::printf("sparsity    overall %s, ITOP rate %.4f, %lld weights regrown, %zu mask updates\n",
                percent(s["overall"]).c_str(), number(s["itop"]), s["regrown"].get<long long>(),
                s["mask_updates"].get<std::size_t>());
}

// Active counts, sparsity and ITOP come from the stored masks themselves, so the table says
// what the file holds; the churn is the tracker's last update of the layer.
void printLayers(const json& j) {
    // Shapes up to 100000x100000 (13 characters) and counts up to 10^10 stay in their columns.
    std::printf("%-8s %13s %7s %11s %10s %9s %7s %17s %8s\n", "layer", "shape", "backend",
                "parameters", "active", "sparsity", "ITOP", "last churn", "at step");
    for (const auto& l : j["layers"]) {
        const std::string shape = std::to_string(l["shape"][0].get<long long>()) + "x" +
                                  std::to_string(l["shape"][1].get<long long>());
        const std::string churn = "-" + std::to_string(l["last_pruned"].get<long long>()) + "/+" +
                                  std::to_string(l["last_grown"].get<long long>());
        const std::string at = l["last_update_step"].is_null()
                                   ? std::string("-")
                                   : std::to_string(l["last_update_step"].get<long long>());
        std::printf("%-8s %13s %7s %11lld %10lld %9s %7.4f %17s %8s\n",
                    l["name"].get<std::string>().c_str(), shape.c_str(),
                    l.value("backend", std::string("dense")).c_str(),
                    l["parameters"].get<long long>(), l["active"].get<long long>(),
                    percent(l["sparsity"]).c_str(), number(l["itop"]), churn.c_str(), at.c_str());
    }
}

}  // namespace

void addInspectCommand(CLI::App& app, int& exitCode) {
    auto path = std::make_shared<std::string>();
    auto asJson = std::make_shared<bool>(false);
    CLI::App* cmd = app.add_subcommand(
        "inspect", "Print a checkpoint's run summary, what was tuned (ΔT, α, schedules) and "
                   "per-layer sparsity table");
    cmd->add_option("checkpoint", *path, "The checkpoint file (.h5)")->required();
    cmd->add_flag("--json", *asJson, "Print the same as one JSON object (with the whole config)");
    cmd->callback([path, asJson, &exitCode] {
        const json j = inspectJson(readCheckpoint(*path));
        if (*asJson) {
            std::printf("%s\n", j.dump(2).c_str());
        } else {
            printRun(j);
            printLayers(j);
        }
        exitCode = 0;
    });
}

}  // namespace sl::cli
