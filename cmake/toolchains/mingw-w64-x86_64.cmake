# Cross-build for 64-bit Windows with Debian's mingw-w64 (g++-mingw-w64-x86-64-posix: the posix
# thread model, which std::thread and Asio need). Used by the `windows` preset.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(LAB_MINGW_PREFIX x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${LAB_MINGW_PREFIX}-gcc-posix)
set(CMAKE_CXX_COMPILER ${LAB_MINGW_PREFIX}-g++-posix)
set(CMAKE_RC_COMPILER ${LAB_MINGW_PREFIX}-windres)

# Look for libraries and headers only in the MinGW sysroot, never in the Linux /usr: a Linux
# header or library found by accident would build something that cannot run on Windows. The few
# header-only libraries taken from Debian's Linux packages are staged one by one
# (cmake/windows.cmake), not by adding /usr/include.
set(CMAKE_FIND_ROOT_PATH /usr/${LAB_MINGW_PREFIX})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Static executables: no libstdc++/libgcc/winpthread DLLs to ship beside the .exe files.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static -static-libgcc -static-libstdc++")

# Tests run the .exe files under Wine (wine64; Debian puts it in /usr/lib/wine when the `wine`
# wrapper package is absent).
find_program(LAB_WINE NAMES wine64 wine PATHS /usr/lib/wine NO_CMAKE_FIND_ROOT_PATH)
if(LAB_WINE)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${LAB_WINE})
endif()
