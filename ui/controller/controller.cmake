target_sources(sparselab_ui PRIVATE
    controller/snapshot.h
    controller/chunked_series.h
    controller/shared_value.h
    controller/shared_array.h
    controller/run_record.h
    controller/snapshot_builder.h controller/snapshot_builder.cpp
    controller/training_worker.h controller/training_worker.cpp
    controller/training_controller.h controller/training_controller.cpp
    controller/routing_stats.h controller/routing_stats.cpp
    controller/lottery_worker.h controller/lottery_worker.cpp
    controller/sweep_loader.h controller/sweep_loader.cpp
    controller/snapshot_size.h controller/snapshot_size.cpp
    controller/text_probe.h controller/text_probe.cpp
    controller/sparse_explanation.h controller/sparse_explanation.cpp
)
