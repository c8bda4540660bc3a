// Asio compiled once. With ASIO_SEPARATE_COMPILATION defined on every unit that includes Asio
// (the asio target in the top-level CMakeLists.txt does that), the headers only declare Asio's
// non-template parts, and this one unit holds their definitions. Each lab unit that includes
// Asio then compiles faster, which is most of a first build's time.
#include <asio/impl/src.hpp>
