#include "io/json_text.h"

#include "util/error.h"
#include "util/input_limits.h"

#include <algorithm>
#include <vector>

namespace sl {
namespace {

using nlohmann::json;

// Builds the tree as nlohmann's own DOM parser does (a stack of open containers) and knows,
// at every event, the key path it is at, so that an error can say where it happened.
class BoundedBuilder : public nlohmann::json_sax<json> {
public:
    explicit BoundedBuilder(json& root) : m_root(root) {}

    bool null() override { return put(nullptr); }
    bool boolean(bool v) override { return put(v); }
    bool number_integer(number_integer_t v) override { return put(v); }
    bool number_unsigned(number_unsigned_t v) override { return put(v); }
    bool number_float(number_float_t v, const string_t&) override { return put(v); }
    bool string(string_t& v) override { return put(std::move(v)); }
    bool binary(binary_t& v) override { return put(json::binary(std::move(v))); }
    bool start_object(std::size_t) override { return open(json::object()); }
    bool start_array(std::size_t) override { return open(json::array()); }
    bool end_object() override { return close(); }
    bool end_array() override { return close(); }
    bool key(string_t& k) override {
        m_key = std::move(k);
        m_path.back() = m_key;
        return true;
    }
    bool parse_error(std::size_t position, const std::string&,
                     const nlohmann::detail::exception& e) override {
        m_errorAt = position;
        // 406 is nlohmann's "number overflow" (1e999); its parse errors say the line themselves.
        m_error = e.id == 406 ? "a number out of range (beyond ±1.8e308)"
                              : "not valid JSON (" + std::string(e.what()) + ")";
        return false;
    }

    const std::string& error() const { return m_error; }
    std::size_t errorAt() const { return m_errorAt; }

    // The dotted path of the current position: "model.hidden[2]".
    std::string path() const {
        std::string p;
        for (std::size_t i = 0; i < m_path.size() && i < m_stack.size(); ++i) {
            // An open inner container is its parent's last element; the innermost one's next
            // element is the one being read.
            const bool inner = i + 1 == m_stack.size();
            if (m_stack[i]->is_array())
                p += "[" + std::to_string(m_stack[i]->size() - (inner ? 0 : 1)) + "]";
            else if (!m_path[i].empty()) p += (p.empty() ? "" : ".") + m_path[i];
        }
        return p;
    }

private:
    template <class V> bool put(V&& v) {
        if (m_stack.empty()) {
            m_root = json(std::forward<V>(v));
            return true;
        }
        json& top = *m_stack.back();
        if (top.is_array()) top.emplace_back(std::forward<V>(v));
        else top[m_key] = json(std::forward<V>(v));
        return true;
    }
    bool open(json&& container) {
        if (static_cast<int>(m_stack.size()) >= kMaxJsonDepth) {
            m_error = "nested deeper than " + std::to_string(kMaxJsonDepth) +
                      " levels of objects and lists (a config needs 3)";
            return false;
        }
        json* child = nullptr;
        if (m_stack.empty()) {
            m_root = std::move(container);
            child = &m_root;
        } else if (m_stack.back()->is_array()) {
            m_stack.back()->emplace_back(std::move(container));
            child = &m_stack.back()->back();
        } else {
            child = &((*m_stack.back())[m_key] = std::move(container));
        }
        m_stack.push_back(child);
        m_path.emplace_back();
        return true;
    }
    bool close() {
        m_stack.pop_back();
        m_path.pop_back();
        return true;
    }

    json& m_root;
    std::vector<json*> m_stack;       // the open containers, outermost first
    std::vector<std::string> m_path;  // the last key seen at each open level
    std::string m_key;
    std::string m_error;
    std::size_t m_errorAt = 0;
};

}  // namespace

json parseJsonText(const std::string& text, const std::string& where) {
    json root;
    BoundedBuilder builder(root);
    const bool ok = json::sax_parse(text, &builder, json::input_format_t::json, true, false);
    if (ok && builder.error().empty()) return root;
    const std::string at = clipped(builder.path(), 120);
    // nlohmann reports a byte offset; people look for a line.
    std::string line;
    if (builder.errorAt() > 0) {
        const auto offset = std::min(builder.errorAt(), text.size());
        line = ":" + std::to_string(1 + std::count(text.begin(),
                                                   text.begin() + static_cast<long>(offset), '\n'));
    }
    throw ConfigError(where + line + ": " + (at.empty() ? "" : at + ": ") +
                      clipped(builder.error(), 240));
}

std::string describeJson(const json& v) {
    switch (v.type()) {
    case json::value_t::object: return "an object";
    case json::value_t::array: return "a list";
    case json::value_t::string:
        return "the text \"" + clipped(v.get_ref<const std::string&>()) + "\"";
    case json::value_t::null: return "null";
    default: return clipped(v.dump());  // numbers and booleans are short
    }
}

}  // namespace sl
