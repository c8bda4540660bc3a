# The UDP system-call layer the UDP lab needs beyond Asio (batch_io.hpp), one backend per OS,
# the sender's pacing, and the guard that keeps a program answering datagrams from reflecting.
target_sources(socketlab_common PRIVATE ${CMAKE_CURRENT_LIST_DIR}/batch_io.cpp
                                        ${CMAKE_CURRENT_LIST_DIR}/pacing.cpp
                                        ${CMAKE_CURRENT_LIST_DIR}/answer_guard.cpp)
if(WIN32)
  # Winsock: plain sendto/recvfrom (a batch of 1), SIO_UDP_CONNRESET.
  target_sources(socketlab_common PRIVATE ${CMAKE_CURRENT_LIST_DIR}/batch_io_windows.cpp)
  target_link_libraries(socketlab_common PUBLIC ws2_32)
else()
  # sendmmsg / recvmmsg with control messages, SO_RXQ_OVFL, SO_MEMINFO.
  target_sources(socketlab_common PRIVATE ${CMAKE_CURRENT_LIST_DIR}/batch_io_linux.cpp)
endif()
