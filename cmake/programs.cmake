# lab-programs: every lab program and nothing else (no tests, no benchmark helpers). The tour
# builds this on a first run, so a newcomer waits for what they are about to use.
get_property(LAB_PROGRAM_LIST GLOBAL PROPERTY LAB_PROGRAMS)
add_custom_target(lab-programs)
if(LAB_PROGRAM_LIST)
  add_dependencies(lab-programs ${LAB_PROGRAM_LIST})
endif()
# The same list for scripts (the tour, the package test): one program a line.
list(JOIN LAB_PROGRAM_LIST "\n" lab_program_lines)
file(CONFIGURE OUTPUT ${CMAKE_BINARY_DIR}/lab-programs.txt CONTENT "${lab_program_lines}\n")
