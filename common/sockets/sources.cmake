target_sources(socketlab_common PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/socket_row.cpp
  ${CMAKE_CURRENT_LIST_DIR}/proc_net.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sock_diag.cpp
  ${CMAKE_CURRENT_LIST_DIR}/process_map.cpp
  ${CMAKE_CURRENT_LIST_DIR}/socket_table.cpp)
# Per-connection TCP details (INET_DIAG_INFO) for lab-netstat --details.
target_sources(socketlab_common PRIVATE ${CMAKE_CURRENT_LIST_DIR}/tcp_details.cpp)
