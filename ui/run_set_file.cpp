#include "run_set_file.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

namespace sl::ui::run_set {
namespace {

using nlohmann::json;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

// Reading helpers: each names the run and the entry when the value is not what it must be.
struct Reader {
    QString where;  // "runs.json: run 2"

    [[noreturn]] void fail(const std::string& what) const {
        throw RunSetError(where.toStdString() + ": " + what);
    }
    const json& member(const json& object, const char* key) const {
        if (!object.is_object() || !object.contains(key))
            fail(std::string("missing \"") + key + "\"");
        return object[key];
    }
    double real(const json& v, const std::string& what) const {
        if (v.is_null()) return kNaN;
        if (!v.is_number()) fail(what + ": expected a number or null, got " + v.dump());
        return v.get<double>();
    }
    long long integer(const json& v, const std::string& what) const {
        if (!v.is_number_integer()) fail(what + ": expected an integer, got " + v.dump());
        return v.get<long long>();
    }
    const json& array(const json& v, const std::string& what, std::size_t width = 0) const {
        if (!v.is_array()) fail(what + ": expected an array");
        if (width) {
            for (std::size_t i = 0; i < v.size(); ++i)
                if (!v[i].is_array() || v[i].size() != width)
                    fail(what + " entry " + std::to_string(i) + ": expected " +
                         std::to_string(width) + " values");
        }
        return v;
    }
    std::string text(const json& v, const std::string& what) const {
        if (!v.is_string()) fail(what + ": expected text");
        return v.get<std::string>();
    }
};

json runToJson(const RunRecord& run) {
    const RunSnapshot& s = *run.snapshot;
    json history = json::array();
    for (const MetricPoint& p : s.history)
        history.push_back({p.step, p.epoch, number(p.lr), number(p.trainLoss),
                           number(p.trainAccuracy), number(p.testLoss), number(p.testAccuracy),
                           p.sparsity, p.targetSparsity, p.dropFraction, p.grown, p.pruned, p.itop,
                           number(p.validationLoss), number(p.validationAccuracy)});
    json updates = json::array();
    for (const MaskUpdateSummary& u : s.maskUpdates)
        updates.push_back({u.step, u.layer, u.pruned, u.grown});
    json changes = json::array();
    for (const ParameterChange& c : s.parameterChanges)
        changes.push_back({c.step, c.key, c.from, c.to});
    json spikes = json::array();
    for (const LossSpikeEvent& e : s.lossSpikes)
        spikes.push_back(
            {e.step, e.loss, e.recentLevel, e.entered, e.enteredMeanAbs, e.activeMeanAbs});
    json schedule = json::array();
    for (std::size_t i = 0; i < s.scheduleSteps.size(); ++i)
        schedule.push_back({s.scheduleSteps[i],
                            i < s.scheduleTarget.size() ? s.scheduleTarget[i] : 0.0,
                            i < s.scheduleDropFraction.size() ? s.scheduleDropFraction[i] : 0.0});
    json layers = json::array();
    for (const LayerSnapshot& l : s.layers)
        layers.push_back({{"name", l.name.toStdString()},
                          {"kind", l.kind.toStdString()},
                          {"rows", l.rows},
                          {"cols", l.cols},
                          {"parameters", l.parameters},
                          {"active", l.active},
                          {"sparsity", l.sparsity},
                          {"target", l.target},
                          {"itop", l.itop}});
    return {{"name", run.name.toStdString()},
            {"color", run.color.name().toStdString()},
            {"visible", run.visible},
            {"step", s.step},
            {"total_steps", s.totalSteps},
            {"epoch", s.epoch},
            {"steps_per_epoch", s.stepsPerEpoch},
            {"finished", s.finished},
            {"method", s.method.toStdString()},
            {"config", sl::toJson(s.config)},
            {"history", history},
            {"mask_updates", updates},
            {"parameter_changes", changes},
            {"loss_spikes", spikes},
            {"schedule", schedule},
            {"layers", layers},
            {"emergent", s.emergentSparsity},
            {"sparsity", s.overallSparsity},
            {"itop", s.overallItop},
            {"total_grown", s.totalGrown}};
}

RunRecord runFromJson(const json& in, const Reader& r) {
    auto s = std::make_shared<RunSnapshot>();
    RunRecord run;
    run.name = QString::fromStdString(r.text(r.member(in, "name"), "name"));
    run.color = QColor(QString::fromStdString(r.text(r.member(in, "color"), "color")));
    if (!run.color.isValid()) r.fail("color: expected a colour like \"#1f77b4\"");
    run.visible = !in.contains("visible") || in["visible"] == true;
    s->step = r.integer(r.member(in, "step"), "step");
    s->totalSteps = r.integer(r.member(in, "total_steps"), "total_steps");
    s->epoch = int(r.integer(r.member(in, "epoch"), "epoch"));
    s->stepsPerEpoch = int(r.integer(r.member(in, "steps_per_epoch"), "steps_per_epoch"));
    s->finished = in.value("finished", false);
    s->method = QString::fromStdString(r.text(r.member(in, "method"), "method"));
    try {
        s->config = sl::fromJson(r.member(in, "config"));
    } catch (const sl::Error& e) {
        r.fail(std::string("config: ") + e.what());
    }
    for (const json& p : r.array(r.member(in, "history"), "history", 15)) {
        MetricPoint m;
        m.step = r.integer(p[0], "history step");
        m.epoch = int(r.integer(p[1], "history epoch"));
        m.lr = r.real(p[2], "lr");
        m.trainLoss = r.real(p[3], "train loss");
        m.trainAccuracy = r.real(p[4], "train accuracy");
        m.testLoss = r.real(p[5], "test loss");
        m.testAccuracy = r.real(p[6], "test accuracy");
        m.sparsity = r.real(p[7], "sparsity");
        m.targetSparsity = r.real(p[8], "target sparsity");
        m.dropFraction = r.real(p[9], "drop fraction");
        m.grown = r.integer(p[10], "grown");
        m.pruned = r.integer(p[11], "pruned");
        m.itop = r.real(p[12], "itop");
        m.validationLoss = r.real(p[13], "validation loss");
        m.validationAccuracy = r.real(p[14], "validation accuracy");
        s->history.push_back(m);
    }
    for (const json& u : r.array(r.member(in, "mask_updates"), "mask_updates", 4))
        s->maskUpdates.push_back({r.integer(u[0], "mask update step"),
                                  int(r.integer(u[1], "mask update layer")),
                                  int(r.integer(u[2], "pruned")), int(r.integer(u[3], "grown"))});
    for (const json& c : r.array(r.member(in, "parameter_changes"), "parameter_changes", 4))
        s->parameterChanges.push_back({r.integer(c[0], "change step"), r.text(c[1], "change key"),
                                       r.real(c[2], "from"), r.real(c[3], "to")});
    for (const json& e : r.array(r.member(in, "loss_spikes"), "loss_spikes", 6))
        s->lossSpikes.push_back({r.integer(e[0], "spike step"), r.real(e[1], "loss"),
                                 r.real(e[2], "level"), r.integer(e[3], "entered"),
                                 r.real(e[4], "entered mean"), r.real(e[5], "active mean")});
    for (const json& p : r.array(r.member(in, "schedule"), "schedule", 3)) {
        s->scheduleSteps.push_back(r.integer(p[0], "schedule step"));
        s->scheduleTarget.push_back(r.real(p[1], "schedule target"));
        s->scheduleDropFraction.push_back(r.real(p[2], "schedule drop fraction"));
    }
    for (const json& l : r.array(r.member(in, "layers"), "layers")) {
        LayerSnapshot layer;
        layer.name = QString::fromStdString(r.text(r.member(l, "name"), "layer name"));
        layer.kind = QString::fromStdString(r.text(r.member(l, "kind"), "layer kind"));
        layer.rows = int(r.integer(r.member(l, "rows"), "layer rows"));
        layer.cols = int(r.integer(r.member(l, "cols"), "layer cols"));
        layer.parameters = r.integer(r.member(l, "parameters"), "layer parameters");
        layer.active = r.integer(r.member(l, "active"), "layer active");
        layer.sparsity = r.real(r.member(l, "sparsity"), "layer sparsity");
        layer.target = r.real(r.member(l, "target"), "layer target");
        layer.itop = r.real(r.member(l, "itop"), "layer itop");
        s->layers.push_back(std::move(layer));
    }
    s->emergentSparsity = in.value("emergent", false);
    s->overallSparsity = r.real(in.value("sparsity", json(0.0)), "sparsity");
    s->overallItop = r.real(in.value("itop", json(0.0)), "itop");
    s->totalGrown = in.value("total_grown", 0LL);
    // A kept run is a picture: it does not train, whatever it was doing when kept.
    s->playing = false;
    run.snapshot = std::move(s);
    return run;
}

}  // namespace

QByteArray toJson(const RunList& runs) {
    json list = json::array();
    for (const RunRecord& run : runs)
        if (!run.live && run.snapshot) list.push_back(runToJson(run));
    const json doc = {{"format", kFormat}, {"version", kVersion}, {"runs", list}};
    return QByteArray::fromStdString(doc.dump());
}

RunList fromJson(const QByteArray& data, const QString& source) {
    json doc;
    try {
        doc = json::parse(data.constData(), data.constData() + data.size());
    } catch (const json::exception& e) {
        throw RunSetError(source.toStdString() + ": not JSON (" + e.what() + ")");
    }
    Reader top{source};
    if (!doc.is_object() || doc.value("format", std::string()) != kFormat)
        top.fail(std::string("not a SparseLab run set (expected \"format\": \"") + kFormat + "\")");
    const json& version = top.member(doc, "version");
    if (!version.is_number_integer() || version.get<long long>() < 1 ||
        version.get<long long>() > kVersion)
        top.fail("version " + version.dump() + " is not one this SparseLab reads (1 to " +
                 std::to_string(kVersion) + ")");
    const json& runs = top.array(top.member(doc, "runs"), "runs");
    RunList out;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const Reader r{QStringLiteral("%1: run %2").arg(source).arg(i + 1)};
        try {
            out.push_back(runFromJson(runs[i], r));
        } catch (const json::exception& e) {
            r.fail(e.what());
        }
    }
    return out;
}

void write(const RunList& runs, const QString& path) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        throw RunSetError(path.toStdString() + ": cannot write (" +
                          file.errorString().toStdString() + ")");
    file.write(toJson(runs));
    if (!file.commit())
        throw RunSetError(path.toStdString() + ": cannot write (" +
                          file.errorString().toStdString() + ")");
}

RunList read(const QString& path) {
    const QFileInfo info(path);
    if (!info.isFile()) throw RunSetError(path.toStdString() + ": no such file");
    if (info.size() > kMaxFileBytes)
        throw RunSetError(path.toStdString() + ": " + std::to_string(info.size()) +
                          " bytes, more than a run set may have (" + std::to_string(kMaxFileBytes) +
                          ")");
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw RunSetError(path.toStdString() + ": cannot read (" +
                          file.errorString().toStdString() + ")");
    return fromJson(file.readAll(), path);
}

}  // namespace sl::ui::run_set
