#pragma once

#include <stdexcept>
#include <string>

namespace sl {

// Every runtime failure of the engine derives from Error, so the CLI and the window catch one
// type at their boundary. Messages name the file or field and say what was expected.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A dataset or other input file that is missing, truncated or malformed.
class DataError : public Error {
public:
    using Error::Error;
};

// A run config that fails validation; what() lists every problem, one per line.
class ConfigError : public Error {
public:
    using Error::Error;
};

// Matrices whose shapes disagree (a bug in a caller or a file that does not fit its model).
class ShapeError : public Error {
public:
    using Error::Error;
};

// A run whose loss or weights became NaN or infinite.
class DivergenceError : public Error {
public:
    using Error::Error;
};

// A checkpoint that cannot be written, or read back: not HDF5, truncated, an object missing
// or of the wrong shape or type, a newer format. The message names the file and the object.
class CheckpointError : public Error {
public:
    using Error::Error;
};

}  // namespace sl
