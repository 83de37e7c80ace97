#include "command_prune.h"

namespace sl::cli {

// TODO: not built yet.
void addPruneCommand(CLI::App&, int&) {}

} // namespace sl::cli
