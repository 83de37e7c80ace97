#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

namespace sl::test {

// What a program run by a test printed and how it ended. code -1: it did not finish in time.
struct ProcessResult {
    int code = -1;
    QString out, err;
};

// Runs one of our executables (sparselab-cli, sparselab) to the end, as a user's shell would.
inline ProcessResult runProgram(const QString& program, const QStringList& args,
                                int timeoutMs = 300000) {
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(timeoutMs)) return {};
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

// Runs program on n ranks under mpiexec, as a user would on this machine: as root, with more
// ranks than cores allowed, and unbound so that ranks share the cores as the tests need.
inline ProcessResult runOnRanks(const QString& mpiexec, int n, const QString& program,
                                const QStringList& args, int timeoutMs = 120000) {
    return runProgram(mpiexec,
                      QStringList{"-np", QString::number(n), "--oversubscribe",
                                  "--allow-run-as-root", "--bind-to", "none", program} +
                          args,
                      timeoutMs);
}

}  // namespace sl::test
