#include "command_export_compact.h"

namespace sl::cli {

// TODO: not built yet.
void addExportCompactCommand(CLI::App&, int&) {}

} // namespace sl::cli
