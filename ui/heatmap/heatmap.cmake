target_sources(sparselab_ui PRIVATE
    heatmap/heatmap_builder.h heatmap/heatmap_builder.cpp
)
