target_sources(sparselab_ui PRIVATE
    panels/layer_sparsity_panel.h panels/layer_sparsity_panel.cpp
    panels/cost_counters_panel.h panels/cost_counters_panel.cpp
)
