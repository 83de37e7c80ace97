#include "nn/conv2d.h"

#include "util/error.h"

namespace sl {

// TODO(issue 6).
MaxPool2d::MaxPool2d(ImageShape input, int window) : m_input(input), m_window(window) {
    throw ShapeError("MaxPool2d is not built yet");
}
void MaxPool2d::forward(const Activations&, Activations&) {}
void MaxPool2d::backward(const Activations&, const Activations&, const Activations&, Activations*) {}

} // namespace sl
