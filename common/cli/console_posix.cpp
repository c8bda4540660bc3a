#include "cli/console.hpp"

namespace lab {

void prepare_console() {}  // a Linux terminal takes UTF-8 and colour sequences as they are

}  // namespace lab
