#pragma once

#include "controller/snapshot.h"

namespace sl {
class Trainer;
}

namespace sl::ui {

// The Text view's figures for a gpt run, computed on the worker thread: a continuation of the
// prompt, the attention of one block and head over the prompt, and the per-character loss of
// the first held-out window. Generation costs one forward per character, so the figures are
// computed again only when the request changes or the run has been evaluated since, and the
// previous ones are reused in between.
class TextProbe {
public:
    void reset();  // a new run
    void setRequest(const TextRequest& request);
    // Fills snapshot.text for a gpt model (leaves it empty otherwise).
    void fill(Trainer& trainer, RunSnapshot& snapshot);

    // The figures themselves, for any trainer of a gpt model (tests call this directly).
    static TextSnapshot compute(Trainer& trainer, const TextRequest& request);

private:
    TextRequest m_request;
    bool m_requestChanged = true;
    long long m_evaluatedAt = -2;  // the step of the last evaluation the figures follow
    TextSnapshot m_last;
};

}  // namespace sl::ui
