# Ports: the IANA ranges, the curated service table, the /etc/services parser (Asio-free, fuzzed)
# and the text table the lookups print through.
target_sources(socketlab_common PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/ranges.cpp
  ${CMAKE_CURRENT_LIST_DIR}/services_file.cpp
  ${CMAKE_CURRENT_LIST_DIR}/service_table.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lookup.cpp
  ${CMAKE_CURRENT_LIST_DIR}/text_table.cpp)
# This machine's ranges: one backend per OS (Linux: /proc/sys/net/ipv4; Windows: the dynamic and
# excluded port ranges through netsh).
if(WIN32)
  target_sources(socketlab_common PRIVATE ${CMAKE_CURRENT_LIST_DIR}/ranges_windows.cpp)
else()
  target_sources(socketlab_common PRIVATE ${CMAKE_CURRENT_LIST_DIR}/ranges_linux.cpp)
endif()
