# The socket table: one model (socket_row), the questions asked of it (socket_queries), and one
# backend per OS that reads it.
target_sources(socketlab_common PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/socket_row.cpp
  ${CMAKE_CURRENT_LIST_DIR}/socket_queries.cpp)
if(WIN32)
  # GetExtendedTcpTable / GetExtendedUdpTable (iphlpapi), process names via OpenProcess.
  target_sources(socketlab_common PRIVATE ${CMAKE_CURRENT_LIST_DIR}/socket_table_windows.cpp
                                          ${CMAKE_CURRENT_LIST_DIR}/tcp_details_windows.cpp)
  target_link_libraries(socketlab_common PUBLIC iphlpapi ws2_32)
else()
  # NETLINK_SOCK_DIAG or /proc/net, and the /proc/*/fd scan for PIDs; per-connection TCP details
  # (INET_DIAG_INFO) for lab-netstat --details. proc_net, sock_diag and process_map are Linux's
  # own parsers (no suffix: they have no Windows counterpart), fuzzed on their own.
  target_sources(socketlab_common PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/proc_net.cpp
    ${CMAKE_CURRENT_LIST_DIR}/sock_diag.cpp
    ${CMAKE_CURRENT_LIST_DIR}/process_map.cpp
    ${CMAKE_CURRENT_LIST_DIR}/socket_table_linux.cpp
    ${CMAKE_CURRENT_LIST_DIR}/tcp_details_linux.cpp)
endif()
target_sources(socketlab_common PRIVATE ${CMAKE_CURRENT_LIST_DIR}/tcp_details.cpp)
