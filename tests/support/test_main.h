#pragma once

// The tests of one folder share one executable (tests/CMakeLists.txt: compiling ~135 tests
// one executable each spent most of a fresh build loading the same precompiled header and
// linking the engine again). Each test file still defines one QtTest class and ends with one
// of the macros below instead of Qt's QTEST_*_MAIN: the macro registers a function that does
// exactly what Qt's macro of the same name does in main(), and the shared main
// (test_main.cpp) runs the test named by its first argument. CTest starts the executable once
// per test, so every test still runs alone in its own process.
//
// The name a test is registered under is its file's name without ".cpp" (test_dense.cpp ->
// test_dense), taken from __FILE__, so it cannot drift from the CTest name, which
// sparselab_add_test takes from the same file name.

#include "support/test_registry.h"

#include <QtTest>

// The body of Qt's QTEST_MAIN_WRAPPER (qtest.h), with the application object made by the same
// Qt macro that QTEST_MAIN, QTEST_GUILESS_MAIN or QTEST_APPLESS_MAIN passes to it.
#define SPARSELAB_TEST_MAIN_WRAPPER(TestObject, ...)                                               \
    namespace {                                                                                    \
    int slRunTest##TestObject(int argc, char* argv[]) {                                            \
        QT_PREPEND_NAMESPACE(QTest::Internal::callInitMain)<TestObject>();                         \
        __VA_ARGS__                                                                                \
        TestObject tc;                                                                             \
        QTEST_SET_MAIN_SOURCE_PATH                                                                 \
        return QTest::qExec(&tc, argc, argv);                                                      \
    }                                                                                              \
    [[maybe_unused]] const bool slRegistered##TestObject =                                         \
        sl::test::registerTest(__FILE__, &slRunTest##TestObject);                                  \
    }

// QTEST_MAIN: QApplication when the executable links Qt Widgets, QGuiApplication when it links
// Qt Gui only, else QCoreApplication (QTEST_MAIN_SETUP decides from QT_WIDGETS_LIB/QT_GUI_LIB).
#define SPARSELAB_TEST_MAIN(TestObject) SPARSELAB_TEST_MAIN_WRAPPER(TestObject, QTEST_MAIN_SETUP())
// QTEST_GUILESS_MAIN: a QCoreApplication.
#define SPARSELAB_TEST_GUILESS_MAIN(TestObject)                                                    \
    SPARSELAB_TEST_MAIN_WRAPPER(TestObject, QTEST_QAPP_SETUP(QCoreApplication))
// QTEST_APPLESS_MAIN: no application object.
#define SPARSELAB_TEST_APPLESS_MAIN(TestObject) SPARSELAB_TEST_MAIN_WRAPPER(TestObject)
