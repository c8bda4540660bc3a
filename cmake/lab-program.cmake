# lab_add_program(NAME SOURCES...): one lab executable, linked with the shared library, installed
# into bin/, and remembered (LAB_PROGRAMS) so the tests, the manual pages, the completion and the
# lab-programs target all cover it. The Linux and the Windows build both use it.
function(lab_add_program name)
  add_executable(${name} ${ARGN})
  target_link_libraries(${name} PRIVATE socketlab_common)
  if(LAB_PCH)
    target_precompile_headers(${name} REUSE_FROM socketlab_common)
  endif()
  set_property(GLOBAL APPEND PROPERTY LAB_PROGRAMS ${name})
  install(TARGETS ${name} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endfunction()
