# Sources of issue 13 (a network dense cannot hold), kept in their own list so that work on
# it touches no shared file: the memory estimate that refuses a run before it allocates.
target_sources(sparselab_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/memory_estimate.h
    ${CMAKE_CURRENT_LIST_DIR}/memory_estimate.cpp
)
# The density map of a layer too big for a pixel per weight (the window's mask heatmap).
target_sources(sparselab_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/density_map.h
    ${CMAKE_CURRENT_LIST_DIR}/density_map.cpp
)
