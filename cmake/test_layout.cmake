# Tests mirror the source tree: tests/core/nn/test_dense.cpp tests core/nn/dense.cpp. Read by
# tests/CMakeLists.txt at configure time, and runnable alone:
#   cmake -DSPARSELAB_SOURCE_DIR=. -P cmake/test_layout.cmake
# It fails, naming the file, when
#   - a folder under tests/ that holds tests has no source folder of the same path (tests/core/
#     quant when there is no core/quant): a reader looks for the code where the test sits;
#   - test_<name>.cpp sits elsewhere than the folder of a source <name>.cpp or <name>.h (or
#     one of that folder's parents: tests/core/sparsity/test_l1.cpp for core/sparsity/methods/).
# tests/support (shared helpers), tests/bench and tests/fuzz are not tests of one folder.
# The globs only read the tree to check it; every target still lists its sources.

function(sparselab_check_test_layout root)
    set(exempt "^(support|bench|fuzz)(/|$)")
    # In a build, a new test file re-runs this check at the next build, not only at the next
    # configure (CONFIGURE_DEPENDS exists only there, not under -P).
    set(rerun "")
    if(NOT CMAKE_SCRIPT_MODE_FILE)
        set(rerun CONFIGURE_DEPENDS)
    endif()
    file(GLOB_RECURSE tests RELATIVE ${root}/tests ${rerun}
         ${root}/tests/test_*.cpp ${root}/tests/CMakeLists.txt)
    file(GLOB_RECURSE sources RELATIVE ${root} ${root}/core/*.cpp ${root}/core/*.h
         ${root}/ui/*.cpp ${root}/ui/*.h ${root}/app/*.cpp ${root}/app/*.h)
    set(problems "")
    foreach(test IN LISTS tests)
        get_filename_component(folder ${test} DIRECTORY)
        if(folder STREQUAL "" OR folder MATCHES "${exempt}")
            continue()
        endif()
        if(NOT IS_DIRECTORY ${root}/${folder})
            list(APPEND problems "tests/${test}: there is no folder ${folder}/ for it to mirror")
            continue()
        endif()
        get_filename_component(file ${test} NAME_WE)
        if(NOT file MATCHES "^test_(.+)$")
            continue()
        endif()
        set(name ${CMAKE_MATCH_1})
        set(homes "")
        set(placed FALSE)
        foreach(source IN LISTS sources)
            get_filename_component(stem ${source} NAME_WE)
            if(NOT stem STREQUAL name)
                continue()
            endif()
            get_filename_component(home ${source} DIRECTORY)
            list(APPEND homes ${home})
            if(home STREQUAL folder OR home MATCHES "^${folder}/")
                set(placed TRUE)
            endif()
        endforeach()
        list(REMOVE_DUPLICATES homes)
        if(homes AND NOT placed)
            list(JOIN homes " or " where)
            list(APPEND problems "tests/${test} tests ${name} in ${where}/: move it to tests/${where}/")
        endif()
    endforeach()
    if(problems)
        list(JOIN problems "\n  " text)
        message(FATAL_ERROR "tests/ does not mirror the source tree:\n  ${text}")
    endif()
endfunction()

if(CMAKE_SCRIPT_MODE_FILE)
    if(NOT SPARSELAB_SOURCE_DIR)
        message(FATAL_ERROR "usage: cmake -DSPARSELAB_SOURCE_DIR=<repository> -P cmake/test_layout.cmake")
    endif()
    get_filename_component(root ${SPARSELAB_SOURCE_DIR} ABSOLUTE)
    sparselab_check_test_layout(${root})
    message(STATUS "tests/ mirrors the source tree")
endif()
