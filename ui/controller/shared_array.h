#pragma once

#include <cstddef>
#include <initializer_list>
#include <memory>
#include <utility>
#include <vector>

namespace sl::ui {

// A per-weight array that snapshots share instead of copying (the shown layer's weights, mask
// and fades: about 7 bytes a weight, 1.6 MB for the reference MLP's first layer, published 30
// times a second). Copies point at one array; reading is std::vector's; writing (tests, the
// builder's fades) first takes a copy of its own when others hold the array, so a snapshot
// already published never changes. Two arrays share when their data() is the same pointer.
template <class T> class SharedArray {
public:
    using value_type = T;
    using const_iterator = typename std::vector<T>::const_iterator;

    SharedArray() = default;
    SharedArray(std::vector<T> values)  // NOLINT: implicit, as a vector is assigned
        : m_p(std::make_shared<std::vector<T>>(std::move(values))) {}
    SharedArray(std::initializer_list<T> values) : m_p(std::make_shared<std::vector<T>>(values)) {}

    std::size_t size() const { return m_p ? m_p->size() : 0; }
    bool empty() const { return size() == 0; }
    const T* data() const { return m_p ? m_p->data() : nullptr; }
    const T& operator[](std::size_t i) const { return (*m_p)[i]; }
    const_iterator begin() const { return vector().begin(); }
    const_iterator end() const { return vector().end(); }
    const std::vector<T>& vector() const { return m_p ? *m_p : none(); }
    bool sameAs(const SharedArray& other) const { return m_p == other.m_p; }

    // Writing: a copy of its own first if the array is shared. Note that operator[] on a
    // non-const array is writing (as std::vector's is): read shared arrays through a const
    // reference or data(), or each read of a shared array copies it once.
    std::vector<T>& edit() {
        if (!m_p) m_p = std::make_shared<std::vector<T>>();
        else if (m_p.use_count() > 1) m_p = std::make_shared<std::vector<T>>(*m_p);
        return *m_p;
    }
    T& operator[](std::size_t i) { return edit()[i]; }
    void assign(std::size_t n, const T& value) { edit().assign(n, value); }
    void resize(std::size_t n) { edit().resize(n); }
    void push_back(const T& value) { edit().push_back(value); }
    void pop_back() { edit().pop_back(); }
    void clear() { m_p.reset(); }

    friend bool operator==(const SharedArray& a, const SharedArray& b) {
        return a.m_p == b.m_p || a.vector() == b.vector();
    }

private:
    static const std::vector<T>& none() {
        static const std::vector<T> kEmpty;
        return kEmpty;
    }
    std::shared_ptr<std::vector<T>> m_p;
};

}  // namespace sl::ui
