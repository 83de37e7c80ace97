#pragma once

// The registry behind SPARSELAB_TEST_MAIN (support/test_main.h), apart from it so that the
// shared main (support/test_main.cpp) compiles without parsing QtTest.

namespace sl::test {

using TestFunction = int (*)(int argc, char** argv);

// Registers run under the stem of sourceFile (".../test_dense.cpp" -> "test_dense"); returns
// true so that it can initialise a namespace-scope constant. Static registration is safe here,
// unlike for the engine's methods (STYLE.md): test objects are linked into the executable
// directly, never through a static library that could drop them.
bool registerTest(const char* sourceFile, TestFunction run);

}  // namespace sl::test
