#pragma once

#include <cstddef>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <vector>

namespace sl::ui {

// An append-only series shared between snapshots instead of copied into each: full chunks of
// kChunk items are sealed and held as std::shared_ptr<const Chunk>, so a snapshot taken later
// holds the very chunk objects an earlier one did and copies only the short unsealed tail.
// Reads like a const std::vector<T> (size, [], back, random-access iterators).
template <class T, std::size_t N> class ChunkedSeries {
public:
    static constexpr std::size_t kChunk = N;
    using Chunk = std::vector<T>;  // exactly kChunk items, never changed once sealed
    using ChunkPtr = std::shared_ptr<const Chunk>;
    using value_type = T;

    class const_iterator {
    public:
        using iterator_category = std::random_access_iterator_tag;
        using value_type = T;
        using difference_type = std::ptrdiff_t;
        using pointer = const T*;
        using reference = const T&;

        const_iterator() = default;
        const_iterator(const ChunkedSeries* s, std::size_t i) : m_s(s), m_i(i) {}
        reference operator*() const { return (*m_s)[m_i]; }
        pointer operator->() const { return &(*m_s)[m_i]; }
        reference operator[](difference_type n) const { return (*m_s)[m_i + n]; }
        const_iterator& operator++() {
            ++m_i;
            return *this;
        }
        const_iterator operator++(int) {
            auto t = *this;
            ++m_i;
            return t;
        }
        const_iterator& operator--() {
            --m_i;
            return *this;
        }
        const_iterator operator--(int) {
            auto t = *this;
            --m_i;
            return t;
        }
        const_iterator& operator+=(difference_type n) {
            m_i += n;
            return *this;
        }
        const_iterator& operator-=(difference_type n) {
            m_i -= n;
            return *this;
        }
        friend const_iterator operator+(const_iterator a, difference_type n) { return a += n; }
        friend const_iterator operator+(difference_type n, const_iterator a) { return a += n; }
        friend const_iterator operator-(const_iterator a, difference_type n) { return a -= n; }
        friend difference_type operator-(const const_iterator& a, const const_iterator& b) {
            return difference_type(a.m_i) - difference_type(b.m_i);
        }
        friend bool operator==(const const_iterator& a, const const_iterator& b) {
            return a.m_i == b.m_i;
        }
        friend auto operator<=>(const const_iterator& a, const const_iterator& b) {
            return a.m_i <=> b.m_i;
        }

    private:
        const ChunkedSeries* m_s = nullptr;
        std::size_t m_i = 0;
    };
    using iterator = const_iterator;
    using const_reverse_iterator = std::reverse_iterator<const_iterator>;

    ChunkedSeries() = default;
    ChunkedSeries(std::initializer_list<T> items) { append(items.begin(), items.end()); }
    explicit ChunkedSeries(const std::vector<T>& items) { append(items.begin(), items.end()); }

    std::size_t size() const { return m_chunks.size() * N + m_tail.size(); }
    bool empty() const { return size() == 0; }
    const T& operator[](std::size_t i) const {
        const std::size_t sealed = m_chunks.size() * N;
        return i < sealed ? (*m_chunks[i / N])[i % N] : m_tail[i - sealed];
    }
    const T& front() const { return (*this)[0]; }
    const T& back() const { return (*this)[size() - 1]; }
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, size()}; }
    const_reverse_iterator rbegin() const { return const_reverse_iterator(end()); }
    const_reverse_iterator rend() const { return const_reverse_iterator(begin()); }

    void push_back(const T& item) {
        m_tail.push_back(item);
        if (m_tail.size() == N) {
            m_chunks.push_back(std::make_shared<const Chunk>(std::move(m_tail)));
            m_tail = {};
            m_tail.reserve(N);
        }
    }
    template <class It> void append(It first, It last) {
        for (; first != last; ++first) push_back(*first);
    }
    void clear() {
        m_chunks.clear();
        m_tail.clear();
    }
    std::vector<T> toVector() const { return {begin(), end()}; }

    // What copies share: the sealed chunks (same objects in every copy) and the unsealed tail.
    const std::vector<ChunkPtr>& chunks() const { return m_chunks; }
    const std::vector<T>& tail() const { return m_tail; }

private:
    std::vector<ChunkPtr> m_chunks;
    std::vector<T> m_tail;
};

}  // namespace sl::ui
