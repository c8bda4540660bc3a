# Manual pages (English and Korean) and bash completion for every program in LAB_PROGRAMS, made
# at build time from the program's own --help by cmake/help-docs.sh, so a program added by any
# lab folder gets both without an edit here, and neither can drift from the program.
#   build/share/man/man1/lab-X.1  build/share/man/ko/man1/lab-X.1
#   build/share/bash-completion/completions/lab-X
# Needs help2man for the manual pages (scripts/setup.sh installs it); a cross build (Windows)
# cannot run its programs here and makes neither.
# The sanitizer build skips them: the default build makes and tests the same pages, and running
# every instrumented program at build time would only slow that build down.
if(LAB_SANITIZE)
  set(lab_docs_default OFF)
else()
  set(lab_docs_default ON)
endif()
option(LAB_DOCS "Make manual pages and bash completion from each program's --help" ${lab_docs_default})
find_program(LAB_HELP2MAN help2man)
find_program(LAB_BASH bash)
find_program(LAB_GZIP gzip)
set(LAB_DOCS_DIR ${CMAKE_BINARY_DIR}/share)

if(LAB_DOCS AND LAB_BASH AND LAB_GZIP AND NOT CMAKE_CROSSCOMPILING AND NOT WIN32)
  if(NOT LAB_HELP2MAN)
    message(WARNING "help2man not found: no manual pages (Debian: apt-get install help2man)")
  endif()
  set(help_docs ${PROJECT_SOURCE_DIR}/cmake/help-docs.sh)
  set(doc_outputs "")
  foreach(program IN LISTS LAB_PROGRAM_LIST)
    set(completion ${LAB_DOCS_DIR}/bash-completion/completions/${program})
    add_custom_command(OUTPUT ${completion}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${LAB_DOCS_DIR}/bash-completion/completions
      COMMAND ${LAB_BASH} ${help_docs} completion $<TARGET_FILE:${program}> ${completion}
      DEPENDS ${program} ${help_docs}
      COMMENT "Bash completion for ${program}"
      VERBATIM)
    list(APPEND doc_outputs ${completion})
    install(FILES ${completion} DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
    if(LAB_HELP2MAN)
      foreach(lang en ko)
        if(lang STREQUAL "en")
          set(mandir ${LAB_DOCS_DIR}/man/man1)
        else()
          set(mandir ${LAB_DOCS_DIR}/man/${lang}/man1)
        endif()
        add_custom_command(OUTPUT ${mandir}/${program}.1
          COMMAND ${CMAKE_COMMAND} -E make_directory ${mandir}
          COMMAND ${LAB_BASH} ${help_docs} manpage $<TARGET_FILE:${program}> ${mandir}/${program}.1
                  ${lang}
          # Installed compressed, as Debian keeps manual pages (gzip -9n: no name, no time).
          COMMAND ${LAB_GZIP} -9nkf ${mandir}/${program}.1
          BYPRODUCTS ${mandir}/${program}.1.gz
          DEPENDS ${program} ${help_docs}
          COMMENT "Manual page (${lang}) for ${program}"
          VERBATIM)
        list(APPEND doc_outputs ${mandir}/${program}.1)
        if(lang STREQUAL "en")
          install(FILES ${mandir}/${program}.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
        else()
          install(FILES ${mandir}/${program}.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/${lang}/man1)
        endif()
      endforeach()
    endif()
  endforeach()
  add_custom_target(lab-docs ALL DEPENDS ${doc_outputs})

  if(LAB_TESTS)
    # One version everywhere: the project version and the git commit of this build.
    add_test(NAME "version: every program prints the project version and the git revision"
             COMMAND ${LAB_BASH} ${PROJECT_SOURCE_DIR}/tests/docs/check_version.sh
                     ${CMAKE_RUNTIME_OUTPUT_DIRECTORY} ${PROJECT_SOURCE_DIR} ${PROJECT_VERSION}
                     ${LAB_PROGRAM_LIST})
    # Every option each program's --help lists is in its manual pages and its completion.
    add_test(NAME "docs: manual pages and completion cover every option of every program"
             COMMAND ${LAB_BASH} ${PROJECT_SOURCE_DIR}/tests/docs/check_docs.sh
                     ${CMAKE_RUNTIME_OUTPUT_DIRECTORY} ${LAB_DOCS_DIR} ${LAB_PROGRAM_LIST})
  endif()
endif()
