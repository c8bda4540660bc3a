target_sources(socketlab_common PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/latency_histogram.cpp
  ${CMAKE_CURRENT_LIST_DIR}/echo_pattern.cpp)
