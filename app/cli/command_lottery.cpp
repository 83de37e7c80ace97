#include "command_lottery.h"

namespace sl::cli {

// TODO: not built yet.
void addLotteryCommand(CLI::App&, int&) {}

} // namespace sl::cli
