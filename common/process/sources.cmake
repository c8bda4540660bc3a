# A child process with pipes: one backend per OS (child_process.hpp).
if(WIN32)
  target_sources(socketlab_common PRIVATE ${CMAKE_CURRENT_LIST_DIR}/child_process_windows.cpp)
else()
  target_sources(socketlab_common PRIVATE ${CMAKE_CURRENT_LIST_DIR}/child_process_linux.cpp)
endif()
