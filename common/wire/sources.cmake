# The lab datagram header, its parser and the sequence accounting. Pure C++ (no Asio, no fmt) so
# the libFuzzer target tests/fuzz/wire_header_fuzz.cpp builds these files on their own.
target_sources(socketlab_common PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/header.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sequence_tracker.cpp
  ${CMAKE_CURRENT_LIST_DIR}/preview.cpp)
