target_sources(sparselab_ui PRIVATE
    charts/thin_points.h charts/thin_points.cpp
    charts/chart_widget.h charts/chart_widget.cpp
    charts/loss_accuracy_chart.h charts/loss_accuracy_chart.cpp
    charts/churn_chart.h charts/churn_chart.cpp
    charts/schedule_chart.h charts/schedule_chart.cpp
    charts/weight_histogram_chart.h charts/weight_histogram_chart.cpp
    charts/layer_sparsity_bars.h charts/layer_sparsity_bars.cpp
)
