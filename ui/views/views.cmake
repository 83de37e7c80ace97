target_sources(sparselab_ui PRIVATE
    views/palette.h views/palette.cpp
    views/heatmap_image.h views/heatmap_image.cpp
    views/image_canvas.h views/image_canvas.cpp
    views/heatmap_legend.h views/heatmap_legend.cpp
    views/layer_combo.h views/layer_combo.cpp
    views/mask_heatmap_view.h views/mask_heatmap_view.cpp
    views/histogram_bins.h views/histogram_bins.cpp
    views/explanation_histogram.h views/explanation_histogram.cpp
    views/why_update_text.h views/why_update_text.cpp
    views/why_update_view.h views/why_update_view.cpp
    views/expert_routing_view.h views/expert_routing_view.cpp
    views/sweep_plot.h views/sweep_plot.cpp
    views/sweep_view.h views/sweep_view.cpp
    views/attention_map.h views/attention_map.cpp
    views/text_view.h views/text_view.cpp
)
