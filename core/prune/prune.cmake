# Sources of one feature, kept in their own list so that work on it touches no shared file.
target_sources(sparselab_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/one_shot_settings.h ${CMAKE_CURRENT_LIST_DIR}/one_shot_settings.cpp
    ${CMAKE_CURRENT_LIST_DIR}/prune_masks.h ${CMAKE_CURRENT_LIST_DIR}/prune_masks.cpp
    ${CMAKE_CURRENT_LIST_DIR}/sparse_gpt.h ${CMAKE_CURRENT_LIST_DIR}/sparse_gpt.cpp
    ${CMAKE_CURRENT_LIST_DIR}/layer_inputs.h ${CMAKE_CURRENT_LIST_DIR}/layer_inputs.cpp
    ${CMAKE_CURRENT_LIST_DIR}/one_shot.h ${CMAKE_CURRENT_LIST_DIR}/one_shot.cpp
)
