# The UDP system-call layer the UDP lab needs beyond Asio (sendmmsg / recvmmsg with control
# messages, SO_RXQ_OVFL, SO_MEMINFO) and the sender's pacing. Linux.
target_sources(socketlab_common PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/batch_io.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pacing.cpp)
