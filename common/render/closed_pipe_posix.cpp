#include <cerrno>

#include "render/closed_pipe.hpp"

namespace lab::out {

bool is_closed_pipe(int error) {
  return error == EPIPE;
}

}  // namespace lab::out
