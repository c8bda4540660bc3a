#pragma once
// The version every program prints for --version, from one place: the CMake project version,
// plus the git revision when built from a checkout ("0.1.0 (git 1a2b3c4d5)"). The definition is
// generated at build time by cmake/version.cmake, so only one small unit rebuilds per commit.
#include <string_view>

namespace lab {

std::string_view version();

}  // namespace lab
