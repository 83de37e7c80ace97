# Sources of one feature, kept in their own list so that work on it touches no shared file.
target_sources(sparselab_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/gelu.h ${CMAKE_CURRENT_LIST_DIR}/gelu.cpp
    ${CMAKE_CURRENT_LIST_DIR}/layer_norm.h ${CMAKE_CURRENT_LIST_DIR}/layer_norm.cpp
    ${CMAKE_CURRENT_LIST_DIR}/embedding.h ${CMAKE_CURRENT_LIST_DIR}/embedding.cpp
    ${CMAKE_CURRENT_LIST_DIR}/causal_attention.h ${CMAKE_CURRENT_LIST_DIR}/causal_attention.cpp
    ${CMAKE_CURRENT_LIST_DIR}/gpt.h ${CMAKE_CURRENT_LIST_DIR}/gpt.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../train/gpt_builder.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../data/utf8.h ${CMAKE_CURRENT_LIST_DIR}/../data/utf8.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../data/text_dataset.h ${CMAKE_CURRENT_LIST_DIR}/../data/text_dataset.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../train/text_metrics.h ${CMAKE_CURRENT_LIST_DIR}/../train/text_metrics.cpp
)
