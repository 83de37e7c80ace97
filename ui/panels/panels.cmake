target_sources(sparselab_ui PRIVATE
    panels/config_field_editor.h panels/config_field_editor.cpp
    panels/config_panel.h panels/config_panel.cpp
    panels/run_list_panel.h panels/run_list_panel.cpp
    panels/lottery_dialog.h panels/lottery_dialog.cpp
    panels/speed_control.h panels/speed_control.cpp
    panels/prune_dialog.h panels/prune_dialog.cpp
    panels/gradient_traffic_panel.h panels/gradient_traffic_panel.cpp
)
