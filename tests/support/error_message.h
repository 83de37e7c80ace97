#pragma once

#include <QtTest>
#include <initializer_list>
#include <string>

namespace sl::test {

// Checks that f throws exactly an E (a sibling type propagates and fails the case) whose
// what() contains every one of parts. Returns the message so a case can check more.
template <typename E, typename F>
std::string expectError(F&& f, std::initializer_list<std::string> parts) {
    std::string message;
    bool thrown = false;
    try {
        f();
    } catch (const E& e) {
        thrown = true;
        message = e.what();
    }
    [&] {
        QVERIFY2(thrown, "the expected exception was not thrown");
        for (const auto& part : parts)
            QVERIFY2(message.find(part) != std::string::npos,
                     ("message lacks '" + part + "': " + message).c_str());
    }();
    return message;
}

}  // namespace sl::test
