# The Windows build (the `windows` preset, cross-compiled with mingw-w64 and tested under Wine).
# Included from the top-level CMakeLists.txt instead of the Linux part of it: every lab builds for
# Windows but lab-badnet and lab-trace, which change and watch the Linux kernel itself.
#
# Built for Windows now:
#   labs/textbook/  the four textbook programs (plain Winsock through socket_compat.hpp)
#   lab-netstat, lab-ports        on common/sockets' iphlpapi backend, cli/'s console handler
#   lab-tcp-server, lab-tcp-client, lab-multi-port (labs/tcp-echo, labs/multi-port)
#                                 Ctrl-C through cli/loop_signals (the console control handler;
#                                 Ctrl-Break lists lab-multi-port's connections, SIGUSR1 on
#                                 Linux), stdin through cli/input (a reader thread, binary),
#                                 TCP_INFO through tcp_info/'s SIO_TCP_INFO backend
#   lab-port-conflict             common/bind with Winsock's rules (SO_EXCLUSIVEADDRUSE, no
#                                 SO_REUSEPORT), its demo's children through CreateProcessW
#                                 (common/process/child_process_windows.cpp)
#   lab-udp-sender, lab-udp-receiver
#                                 on common/udp's Winsock backend (batch_io_windows.cpp: plain
#                                 sendto/recvfrom, SIO_UDP_CONNRESET; no kernel drop counter)
#   lab-check                     a student's program started through common/process
#                                 (CreateProcessW with pipes, a job object); its ctrl-c check is
#                                 not judged (a child started without a console has no Ctrl-C)
# Not built for Windows (what stops each one):
#   lab-badnet, lab-trace         Linux by nature (nftables + NFQUEUE; tracefs + libpcap); their
#                                 READMEs say what a Windows teacher uses instead
#   tests/integration, tests/worksheets
#                                 the test harness (posix_spawn, pipe2, poll, waitpid, kill)

add_compile_definitions(_WIN32_WINNT=0x0A00 WINVER=0x0A00 WIN32_LEAN_AND_MEAN NOMINMAX UNICODE
                        _UNICODE)
# GCC 12 flags Asio's coroutine frames (lab-multi-port's) with -Wmismatched-new-delete once it
# inlines header-only Asio, as here: the frame's operator new and delete are Asio's own matched
# pair (its recycling allocator); the Linux build compiles Asio once and never sees it.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  add_compile_options(-Wno-mismatched-new-delete)
endif()

# Winsock, its Microsoft extensions and the IP helper API (socket tables), linked by name:
# Asio's and the SDK's `#pragma comment(lib)` does nothing under MinGW.
set(LAB_WINDOWS_SYSTEM_LIBRARIES ws2_32 mswsock iphlpapi)

if(CMAKE_CROSSCOMPILING)
  # Header-only libraries from Debian's own packages (the same versions as the Linux build).
  # Each one is staged into the build tree by itself: adding /usr/include would let Linux system
  # headers (sys/socket.h, unistd.h ...) into a Windows build.
  set(LAB_DEBIAN_HEADERS ${CMAKE_BINARY_DIR}/debian-headers)
  foreach(item asio asio.hpp CLI fmt catch2 nlohmann)
    if(NOT EXISTS /usr/include/${item})
      message(FATAL_ERROR "/usr/include/${item} is missing: scripts/setup.sh --windows installs it")
    endif()
    file(MAKE_DIRECTORY ${LAB_DEBIAN_HEADERS})
    file(CREATE_LINK /usr/include/${item} ${LAB_DEBIAN_HEADERS}/${item} SYMBOLIC)
  endforeach()

  add_library(fmt INTERFACE)
  target_include_directories(fmt SYSTEM INTERFACE ${LAB_DEBIAN_HEADERS})
  target_compile_definitions(fmt INTERFACE FMT_HEADER_ONLY)  # Debian's libfmt.so is for Linux
  add_library(fmt::fmt ALIAS fmt)
  add_library(CLI11 INTERFACE)
  target_include_directories(CLI11 SYSTEM INTERFACE ${LAB_DEBIAN_HEADERS})
  add_library(CLI11::CLI11 ALIAS CLI11)
  set(ASIO_INCLUDE_DIR ${LAB_DEBIAN_HEADERS})
  add_library(lab_catch2 INTERFACE)
  target_include_directories(lab_catch2 SYSTEM INTERFACE ${LAB_DEBIAN_HEADERS})
  add_library(Catch2::Catch2 ALIAS lab_catch2)
  add_library(lab_nlohmann_json INTERFACE)
  target_include_directories(lab_nlohmann_json SYSTEM INTERFACE ${LAB_DEBIAN_HEADERS})
  add_library(nlohmann_json::nlohmann_json ALIAS lab_nlohmann_json)
else()
  # Built on Windows itself with MSVC and vcpkg (vcpkg.json; README "Windows"). Written from
  # the documentation of vcpkg and CMake, and not tested here: CI cross-builds instead.
  find_package(fmt CONFIG REQUIRED)
  find_package(CLI11 CONFIG REQUIRED)
  find_path(ASIO_INCLUDE_DIR asio.hpp REQUIRED)
  find_package(nlohmann_json 3.10 CONFIG REQUIRED)
  if(LAB_TESTS)
    find_package(Catch2 2 CONFIG REQUIRED)
  endif()
endif()

add_library(asio INTERFACE)
target_include_directories(asio SYSTEM INTERFACE ${ASIO_INCLUDE_DIR})
target_compile_definitions(asio INTERFACE ASIO_STANDALONE ASIO_NO_DEPRECATED)
target_link_libraries(asio INTERFACE ${LAB_WINDOWS_SYSTEM_LIBRARIES})
add_library(asio::asio ALIAS asio)

# socketlab_common: the same definition as on Linux (common/CMakeLists.txt); each part's
# sources.cmake picks its own OS backend (common/README.md, "Per-OS files").
add_subdirectory(${PROJECT_SOURCE_DIR}/common ${CMAKE_BINARY_DIR}/common)

include(${PROJECT_SOURCE_DIR}/cmake/version-library.cmake)  # lab_version, as on Linux
include(${PROJECT_SOURCE_DIR}/cmake/locale-library.cmake)  # lab_locale, as on Linux

# The zip's layout is flat, for a teacher who unzips it onto lab PCs: the .exe files, README.md,
# worksheets\ and START-HERE.txt side by side at the zip's top (Extract All puts them in one
# folder, socket-lab-VERSION-win64\), so that a cmd.exe opened there runs every program by name.
# (install.cmake installs into these.)
set(CMAKE_INSTALL_BINDIR .)
set(CMAKE_INSTALL_DOCDIR .)
# START-HERE.txt with Windows line ends (older Notepad shows a file with bare \n as one line).
file(READ ${PROJECT_SOURCE_DIR}/packaging/windows/START-HERE.txt start_here)
string(REPLACE "\n" "\r\n" start_here "${start_here}")
file(WRITE ${CMAKE_BINARY_DIR}/START-HERE.txt "${start_here}")
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             ${PROJECT_SOURCE_DIR}/packaging/windows/START-HERE.txt)
install(FILES ${CMAKE_BINARY_DIR}/START-HERE.txt DESTINATION .)
# The teacher's README (what is in the zip, how to start, where the worksheets are), not the
# developers' one; and the textbook programs' sources, which worksheets 2 and 3 open first.
install(FILES ${PROJECT_SOURCE_DIR}/packaging/windows/README.md DESTINATION .)
file(GLOB textbook_sources ${PROJECT_SOURCE_DIR}/labs/textbook/*.cpp
     ${PROJECT_SOURCE_DIR}/labs/textbook/*.hpp)
install(FILES ${textbook_sources} DESTINATION labs/textbook)

# The same helper as on Linux; lab_add_textbook_program (labs/textbook/CMakeLists.txt) registers
# its programs here too.
include(${PROJECT_SOURCE_DIR}/cmake/lab-program.cmake)
set(LAB_WINDOWS_LABS textbook netstat ports tcp-echo multi-port port-conflict udp check)
foreach(lab IN LISTS LAB_WINDOWS_LABS)
  add_subdirectory(${PROJECT_SOURCE_DIR}/labs/${lab} ${CMAKE_BINARY_DIR}/labs/${lab})
endforeach()

# The unit tests that make sense on Windows, one .exe run by tests/windows/run.sh under Wine
# (which also drives the programs above against the Linux build).
if(LAB_TESTS)
  # The Linux unit tests that need no Linux (no /proc parser, netlink, sendmmsg, SO_REUSEPORT or
  # the POSIX process harness), bind_rules (each OS's own expectations), and the Windows socket
  # table's own.
  set(LAB_WINDOWS_UNIT_TESTS bind_rules cli json netstat_args netstat_render ports_lookup
      ports_ranges ports_service_table ports_services_file stats tcp_figures wire_header
      wire_preview wire_sequence)
  list(TRANSFORM LAB_WINDOWS_UNIT_TESTS PREPEND ${PROJECT_SOURCE_DIR}/tests/unit/)
  list(TRANSFORM LAB_WINDOWS_UNIT_TESTS APPEND _test.cpp)
  add_executable(lab-windows-unit-tests ${PROJECT_SOURCE_DIR}/tests/windows/socket_table_test.cpp
                                        ${LAB_WINDOWS_UNIT_TESTS})
  target_link_libraries(lab-windows-unit-tests PRIVATE socketlab_common Catch2::Catch2)
  # Wine opens the fixtures by their Linux path (its Z: drive is /).
  target_compile_definitions(lab-windows-unit-tests PRIVATE
    LAB_FIXTURE_DIR="${PROJECT_SOURCE_DIR}/tests/unit/fixtures")
  if(MINGW)
    # With UNICODE, Catch2's main is wmain, which MinGW links only with -municode.
    target_link_options(lab-windows-unit-tests PRIVATE -municode)
  endif()
endif()

# Every program carries the application manifest packaging/windows/utf8.manifest (resource 1 of
# type 24, RT_MANIFEST, compiled by windres): its process code page is UTF-8 on Windows 10 1903
# and later. The programs read the wide command line as well (cli/command_line.hpp), which is
# right on every Windows and under Wine.
if(MINGW)
  enable_language(RC)
  set(lab_manifest_rc ${CMAKE_BINARY_DIR}/utf8-manifest.rc)
  file(WRITE ${lab_manifest_rc}
       "1 24 \"${PROJECT_SOURCE_DIR}/packaging/windows/utf8.manifest\"\n")
  set_source_files_properties(${lab_manifest_rc} PROPERTIES OBJECT_DEPENDS
                              ${PROJECT_SOURCE_DIR}/packaging/windows/utf8.manifest)
  get_property(lab_programs GLOBAL PROPERTY LAB_PROGRAMS)
  foreach(program IN LISTS lab_programs)
    target_sources(${program} PRIVATE ${lab_manifest_rc})
  endforeach()
endif()

# The programs' target and the zip (cpack -G ZIP in build-windows/): the same files as on Linux.
include(${PROJECT_SOURCE_DIR}/cmake/programs.cmake)
include(${PROJECT_SOURCE_DIR}/cmake/install.cmake)
