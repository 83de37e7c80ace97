#pragma once

#include <memory>
#include <utility>

namespace sl::ui {

// A value that snapshots share instead of copying: copies point at one immutable T, so a
// snapshot built when nothing changed (the last update's explanation between two updates)
// costs a reference count, not the value. Writing goes through edit(), which first takes a
// copy of its own when others hold the value. A default SharedValue reads as T{}.
template <class T> class SharedValue {
public:
    SharedValue() = default;
    SharedValue(T value) : m_p(std::make_shared<T>(std::move(value))) {}  // NOLINT: implicit

    const T& operator*() const { return m_p ? *m_p : empty(); }
    const T* operator->() const { return &**this; }
    T& edit() {
        if (!m_p) m_p = std::make_shared<T>();
        else if (m_p.use_count() > 1) m_p = std::make_shared<T>(*m_p);
        return *m_p;
    }
    // The same object as other's (shared, not copied); two default values are the same too.
    bool sameAs(const SharedValue& other) const { return m_p == other.m_p; }

private:
    static const T& empty() {
        static const T kEmpty{};
        return kEmpty;
    }
    std::shared_ptr<T> m_p;
};

}  // namespace sl::ui
