target_sources(socketlab_common PRIVATE ${CMAKE_CURRENT_LIST_DIR}/tcp_info.cpp)
