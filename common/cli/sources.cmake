target_sources(socketlab_common PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/app.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lang.cpp
  ${CMAKE_CURRENT_LIST_DIR}/color.cpp
  ${CMAKE_CURRENT_LIST_DIR}/error_names.cpp
  ${CMAKE_CURRENT_LIST_DIR}/validators.cpp
  ${CMAKE_CURRENT_LIST_DIR}/wording.cpp)
# Ctrl-C, the console, stdin lines, an event loop's signals and the OS's words: one backend per
# OS.
if(WIN32)
  target_sources(socketlab_common PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/interrupt_windows.cpp
    ${CMAKE_CURRENT_LIST_DIR}/console_windows.cpp
    ${CMAKE_CURRENT_LIST_DIR}/input_windows.cpp
    ${CMAKE_CURRENT_LIST_DIR}/loop_signals_windows.cpp
    ${CMAKE_CURRENT_LIST_DIR}/os_words_windows.cpp
    ${CMAKE_CURRENT_LIST_DIR}/win32.cpp)
else()
  target_sources(socketlab_common PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/interrupt_posix.cpp
    ${CMAKE_CURRENT_LIST_DIR}/console_posix.cpp
    ${CMAKE_CURRENT_LIST_DIR}/input_posix.cpp
    ${CMAKE_CURRENT_LIST_DIR}/loop_signals_posix.cpp
    ${CMAKE_CURRENT_LIST_DIR}/os_words_posix.cpp)
endif()
