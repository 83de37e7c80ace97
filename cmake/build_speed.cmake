# A fresh build on a 2-core machine spent most of its time parsing the same headers (Eigen,
# Qt, nlohmann/json) again in every translation unit: ~10 s per test object, 126 tests. The
# helpers here precompile those headers once per kind of target.
option(SPARSELAB_PCH "Precompile the external headers (Eigen, Qt, json) shared by many files" ON)

# ccache can serve objects compiled against a precompiled header only when it may ignore the
# header's mtime/ctime (it is rebuilt just before use) and the __DATE__/__TIME__ and macro
# state it cannot see inside the .gch. Set here rather than in the user's ccache.conf so a
# fresh clone gets cache hits.
function(sparselab_use_ccache)
    find_program(CCACHE_PROGRAM ccache)
    if(CCACHE_PROGRAM)
        set(launcher ${CMAKE_COMMAND} -E env
            CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
            ${CCACHE_PROGRAM})
        set(CMAKE_CXX_COMPILER_LAUNCHER ${launcher} PARENT_SCOPE)
    endif()
endfunction()

# Precompiles the given headers for target (angle-bracket names, e.g. <Eigen/Core>). Only
# external headers belong here: a project header in a PCH rebuilds every user when it changes.
function(sparselab_precompile target)
    if(SPARSELAB_PCH)
        target_precompile_headers(${target} PRIVATE ${ARGN})
    endif()
endfunction()
