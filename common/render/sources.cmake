target_sources(socketlab_common PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/json.cpp
  ${CMAKE_CURRENT_LIST_DIR}/output.cpp
  ${CMAKE_CURRENT_LIST_DIR}/text_width.cpp
)
# A closed pipe as the OS reports it, and text for a console: one backend per OS.
if(WIN32)
  target_sources(socketlab_common PRIVATE ${CMAKE_CURRENT_LIST_DIR}/closed_pipe_windows.cpp
                                          ${CMAKE_CURRENT_LIST_DIR}/console_text_windows.cpp)
else()
  target_sources(socketlab_common PRIVATE ${CMAKE_CURRENT_LIST_DIR}/closed_pipe_posix.cpp
                                          ${CMAKE_CURRENT_LIST_DIR}/console_text_posix.cpp)
endif()
