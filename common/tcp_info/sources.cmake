# The figures and their text and JSON (tcp_info.cpp), and one backend per OS that reads them.
target_sources(socketlab_common PRIVATE ${CMAKE_CURRENT_LIST_DIR}/tcp_info.cpp)
if(WIN32)
  target_sources(socketlab_common PRIVATE ${CMAKE_CURRENT_LIST_DIR}/tcp_info_windows.cpp)
else()
  target_sources(socketlab_common PRIVATE ${CMAKE_CURRENT_LIST_DIR}/tcp_info_linux.cpp)
endif()
