// The main of every test executable that holds several tests (support/test_main.h):
//   tests_core_nn test_dense [QtTest arguments...]
// runs test_dense with the remaining arguments, as test_dense's own executable did before.
// Plain C++: the test's function creates the Qt application object it needs.

#include "support/test_registry.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sl::test {
namespace {

using Registry = std::vector<std::pair<std::string, TestFunction>>;

// A function-local static: registrations run during static initialisation of the test
// objects, in an order across files that C++ does not fix.
Registry& registry() {
    static Registry tests;
    return tests;
}

std::string stemOf(const char* path) {
    std::string_view name(path);
    if (const auto slash = name.find_last_of("/\\"); slash != std::string_view::npos)
        name.remove_prefix(slash + 1);
    if (name.size() > 4 && name.substr(name.size() - 4) == ".cpp") name.remove_suffix(4);
    return std::string(name);
}

int usage(const char* program, const char* problem) {
    std::fprintf(stderr, "%s: %s\nusage: %s <test> [QtTest arguments]\ntests in this program:\n",
                 program, problem, program);
    Registry sorted = registry();
    std::sort(sorted.begin(), sorted.end());
    for (const auto& [name, run] : sorted) std::fprintf(stderr, "  %s\n", name.c_str());
    return 2;
}

}  // namespace

bool registerTest(const char* sourceFile, TestFunction run) {
    registry().emplace_back(stemOf(sourceFile), run);
    return true;
}

}  // namespace sl::test

int main(int argc, char** argv) {
    using sl::test::registry;
    const char* program = argc > 0 ? argv[0] : "tests";
    if (argc < 2) return sl::test::usage(program, "no test named");
    const char* wanted = argv[1];
    for (const auto& [name, run] : registry()) {
        if (name == wanted) {
            // QtTest reads its own options from argv[1] on: drop the test's name, keep the
            // program's path in front.
            argv[1] = argv[0];
            return run(argc - 1, argv + 1);
        }
    }
    const std::string problem = std::string("unknown test \"") + wanted + "\"";
    return sl::test::usage(program, problem.c_str());
}
