target_sources(socketlab_common PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/port_list.cpp
  ${CMAKE_CURRENT_LIST_DIR}/bind.cpp)
