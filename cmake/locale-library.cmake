# lab_locale: what the OS says about a student's language and text, in a library of its own
# because the textbook programs use it too and nothing else of socketlab_common:
#   cli/display_language.hpp  ko or en when no --lang says (LANG, else Windows' display language)
#   cli/command_line.hpp      the command line as UTF-8 (Windows: the wide command line)
if(WIN32)
  set(lab_locale_os windows)
else()
  set(lab_locale_os posix)
endif()
add_library(lab_locale STATIC
  ${PROJECT_SOURCE_DIR}/common/cli/display_language.cpp
  ${PROJECT_SOURCE_DIR}/common/cli/display_language_${lab_locale_os}.cpp
  ${PROJECT_SOURCE_DIR}/common/cli/command_line_${lab_locale_os}.cpp)
target_include_directories(lab_locale PUBLIC ${PROJECT_SOURCE_DIR}/common)
if(WIN32)
  target_link_libraries(lab_locale PUBLIC shell32)  # CommandLineToArgvW
endif()
target_link_libraries(socketlab_common PUBLIC lab_locale)
