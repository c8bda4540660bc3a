# --version text: generated at every build from the project version and the git revision
# (cmake/version.cmake), in a library of its own so a new commit recompiles one small unit.
set(LAB_VERSION_SOURCE ${CMAKE_BINARY_DIR}/generated/lab_version.cpp)
add_custom_target(lab-version-stamp
  COMMAND ${CMAKE_COMMAND} -DLAB_SOURCE_DIR=${PROJECT_SOURCE_DIR} -DLAB_VERSION=${PROJECT_VERSION}
          -DLAB_OUTPUT=${LAB_VERSION_SOURCE} -P ${PROJECT_SOURCE_DIR}/cmake/version.cmake
  BYPRODUCTS ${LAB_VERSION_SOURCE}
  COMMENT "Version: ${PROJECT_VERSION} and the git revision"
  VERBATIM)
add_library(lab_version STATIC ${LAB_VERSION_SOURCE})
target_include_directories(lab_version PUBLIC ${PROJECT_SOURCE_DIR}/common)
add_dependencies(lab_version lab-version-stamp)
target_link_libraries(socketlab_common PUBLIC lab_version)
