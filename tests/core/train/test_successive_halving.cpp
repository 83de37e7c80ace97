#include "support/test_main.h"
#include "train/successive_halving.h"
#include "util/error.h"

#include "support/error_message.h"

#include <QtTest>
#include <cmath>
#include <map>

using sl::test::expectError;

class TestSuccessiveHalving : public QObject {
    Q_OBJECT
private slots:
    void roundsAndBudgets() {
        QCOMPARE(sl::halvingRounds(1, 3), 1);
        QCOMPARE(sl::halvingRounds(2, 3), 1);
        QCOMPARE(sl::halvingRounds(3, 3), 2);
        QCOMPARE(sl::halvingRounds(8, 3), 2);
        QCOMPARE(sl::halvingRounds(9, 3), 3);
        QCOMPARE(sl::halvingRounds(27, 3), 4);
        QCOMPARE(sl::halvingRounds(4, 2), 3);
        QCOMPARE(sl::halvingBudget(90, 3, 3, 0), 10LL);
        QCOMPARE(sl::halvingBudget(90, 3, 3, 1), 30LL);
        QCOMPARE(sl::halvingBudget(90, 3, 3, 2), 90LL);
        QCOMPARE(sl::halvingBudget(5, 3, 4, 0), 1LL);  // never below one step
    }

    // Nine points, eta 3, a full budget of 90 steps: 9 points on 10 steps, the best 3 on 30,
    // the best 1 on 90. A NaN score (a run without a validation figure) counts as the worst.
    void keepsTheExpectedPointsEachRound() {
        const double table[9][3] = {{0.50, 0.90, 0.99}, {0.70, 0.90, 0.99}, {0.60, 0.90, 0.99},
                                    {0.80, 0.81, 0.99}, {0.55, 0.90, 0.99}, {NAN, 0.90, 0.99},
                                    {0.75, 0.86, 0.88}, {0.65, 0.90, 0.99}, {0.72, 0.84, 0.99}};
        std::map<std::pair<int, int>, long long> calls;  // (round, point) -> budget
        const auto rounds = sl::successiveHalving(9, 3, 90, [&](int p, long long budget, int r) {
            calls[{r, p}] = budget;
            return table[p][r];
        });
        QCOMPARE(int(rounds.size()), 3);
        QCOMPARE(rounds[0].budget, 10LL);
        QCOMPARE(rounds[0].points, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8}));
        QCOMPARE(rounds[0].kept, (std::vector<int>{3, 6, 8}));
        QCOMPARE(rounds[1].budget, 30LL);
        QCOMPARE(rounds[1].points, (std::vector<int>{3, 6, 8}));
        QCOMPARE(rounds[1].kept, (std::vector<int>{6}));
        QCOMPARE(rounds[2].budget, 90LL);
        QCOMPARE(rounds[2].points, (std::vector<int>{6}));
        QCOMPARE(rounds[2].kept, (std::vector<int>{6}));
        QCOMPARE(rounds[1].scores, (std::vector<double>{0.81, 0.86, 0.84}));
        // Exactly 9 + 3 + 1 runs, each on its round's budget.
        QCOMPARE(int(calls.size()), 13);
        QCOMPARE((calls[{1, 8}]), 30LL);
        QCOMPARE((calls[{2, 6}]), 90LL);
        QVERIFY(!calls.count({1, 1}));
    }

    // Ties go to the point listed first; eta 2 halves each round.
    void tiesKeepTheFirstListed() {
        const double table[4][3] = {{0.5, 0, 0}, {0.7, 0.6, 0}, {0.7, 0.6, 0.9}, {0.7, 0, 0}};
        const auto rounds =
            sl::successiveHalving(4, 2, 40, [&](int p, long long, int r) { return table[p][r]; });
        QCOMPARE(int(rounds.size()), 3);
        QCOMPARE(rounds[0].kept, (std::vector<int>{1, 2}));
        QCOMPARE(rounds[1].kept, (std::vector<int>{1}));  // 0.6 vs 0.6: the first listed
        QCOMPARE(rounds[2].points, (std::vector<int>{1}));
        QCOMPARE(rounds[0].budget, 10LL);
        QCOMPARE(rounds[1].budget, 20LL);
    }

    void keepBestOrdersByScore() {
        QCOMPARE(sl::keepBest({4, 7, 9}, {0.1, NAN, 0.3}, 3), (std::vector<int>{9, 4, 7}));
        QCOMPARE(sl::keepBest({4, 7, 9}, {0.1, 0.2, 0.3}, 1), (std::vector<int>{9}));
    }

    void badArguments() {
        auto none = [](int, long long, int) { return 0.0; };
        expectError<sl::ConfigError>([&] { sl::successiveHalving(0, 3, 10, none); }, {"no points"});
        expectError<sl::ConfigError>([&] { sl::successiveHalving(3, 1, 10, none); }, {"--eta"});
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestSuccessiveHalving)
#include "test_successive_halving.moc"
