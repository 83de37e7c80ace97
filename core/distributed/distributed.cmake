# The MPI-free half of data parallelism (the MPI half is app/mpi, built when MPI is found).
target_sources(sparselab_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/communicator.h
    ${CMAKE_CURRENT_LIST_DIR}/communicator.cpp
    ${CMAKE_CURRENT_LIST_DIR}/gradient_exchange.h
    ${CMAKE_CURRENT_LIST_DIR}/gradient_exchange.cpp
    ${CMAKE_CURRENT_LIST_DIR}/exchange_traffic.h
    ${CMAKE_CURRENT_LIST_DIR}/exchange_traffic.cpp
    ${CMAKE_CURRENT_LIST_DIR}/exchange_record.h
    ${CMAKE_CURRENT_LIST_DIR}/exchange_record.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../train/trainer_parallel.cpp
)
