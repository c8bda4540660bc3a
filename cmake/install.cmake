# cmake --install: the layout Debian users expect (GNUInstallDirs), and CPack on top of it.
#   bin/lab-*                                     every program (lab_add_program installs it)
#   share/man/man1/, share/man/ko/man1/           manual pages (cmake/docs.cmake)
#   share/bash-completion/completions/lab-*       bash completion (cmake/docs.cmake)
#   share/doc/socket-lab/                         README, the labs' READMEs, the worksheets and
#                                                 their answer keys (ko/ and en/)
# (The Windows zip carries a teacher's README instead: cmake/windows.cmake.)
if(NOT WIN32)
  install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
endif()
install(DIRECTORY worksheets/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/worksheets)
file(GLOB lab_readmes RELATIVE ${PROJECT_SOURCE_DIR}/labs ${PROJECT_SOURCE_DIR}/labs/*/README.md)
foreach(readme IN LISTS lab_readmes)
  get_filename_component(lab ${readme} DIRECTORY)
  install(FILES labs/${readme} DESTINATION ${CMAKE_INSTALL_DOCDIR}/labs/${lab})
endforeach()

# CPack: `cpack -G DEB` on Debian/Ubuntu (from the build folder), `cpack -G ZIP` for the
# Windows build (the Windows preset's folder). Shared settings first, then each generator's.
set(CPACK_PACKAGE_NAME socket-lab)  # not taken in Debian (apt-cache policy socket-lab: none)
set(CPACK_PACKAGE_VENDOR "socket-lab")
set(CPACK_PACKAGE_CONTACT "socket-lab maintainers <socket-lab@example.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "hands-on socket labs: TCP/UDP echo pairs, port demos and a netstat clone")
set(CPACK_PACKAGE_DESCRIPTION
    "socket-lab is a set of small paired programs for a first networking course. Students run a
TCP echo server and client, a UDP sender and receiver, a port-conflict demo and a
one-process-many-ports demo on their own machine, and watch the sockets with lab-netstat, a
netstat clone that accepts the Windows syntax (netstat -ano) and the Linux one (-tulpn).
lab-ports looks up well-known services and the port ranges. Every program speaks English and
Korean. Worksheets and answer keys are in /usr/share/doc/socket-lab.")
set(CPACK_RESOURCE_FILE_README ${PROJECT_SOURCE_DIR}/README.md)
set(CPACK_PACKAGE_INSTALL_DIRECTORY socket-lab)
set(CPACK_STRIP_FILES ON)

# Debian: the runtime dependencies are computed from the programs' shared libraries
# (dpkg-shlibdeps, from dpkg-dev), so a new library never goes unlisted.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# lab-ports reads /etc/services (netbase); lab-badnet, where it is built, runs nft (nftables).
# The completion is for bash-completion; worksheet 1 compares lab-netstat with ss (iproute2).
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "netbase")
if(TARGET lab-badnet)
  set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "netbase, nftables")
endif()
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion, iproute2")

# Windows zip: the files at the zip's top, no folder around them. Explorer's "Extract All" already
# makes a folder named after the zip (socket-lab-VERSION-win64\); a folder inside the zip would
# be nested in it again (socket-lab-VERSION-win64\socket-lab-VERSION-win64\).
set(CPACK_INCLUDE_TOPLEVEL_DIRECTORY OFF)

if(WIN32)
  set(CPACK_GENERATOR ZIP)
else()
  set(CPACK_GENERATOR DEB)
endif()
include(CPack)
