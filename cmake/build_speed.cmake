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

# The libraries' and the CLI's own files spend most of a fresh build parsing the same headers
# (Qt Widgets and Charts in ui, CLI11 and nlohmann/json in the CLI, the engine's headers in
# core) once per file. A unity build compiles them in batches of SPARSELAB_UNITY_BATCH files,
# each batch one translation unit, so those headers are parsed once per batch. Files whose
# file-local names clash with another file's stay out through sparselab_unity_exclude; a new
# clash shows as a redefinition error naming both files: rename the file-local name or
# exclude the file. OFF builds every file alone (e.g. to check a file's own includes).
option(SPARSELAB_UNITY "Compile the libraries' and the CLI's sources in batches (unity build)" ON)
set(SPARSELAB_UNITY_BATCH 8 CACHE STRING "Source files per unity batch (SPARSELAB_UNITY)")

# sparselab_unity(target [batch]): batch defaults to SPARSELAB_UNITY_BATCH.
function(sparselab_unity target)
    set(batch ${SPARSELAB_UNITY_BATCH})
    if(ARGC GREATER 1)
        set(batch ${ARGV1})
    endif()
    if(SPARSELAB_UNITY)
        set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE ${batch})
    endif()
endfunction()

# Compiles the given sources of the current directory alone, outside the unity batches.
function(sparselab_unity_exclude)
    set_source_files_properties(${ARGN} PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
endfunction()

# Every test executable links the static engine (and the window's library): GNU ld spent
# ~1.2 s on each of ~135 of them (one per test then; one per tests/ folder now). LLVM's lld (Debian package lld, in scripts/setup.sh) links
# the same objects several times faster; without it the default linker is used.
option(SPARSELAB_LLD "Link with lld when the compiler accepts -fuse-ld=lld" ON)
function(sparselab_use_fast_linker)
    if(SPARSELAB_LLD)
        include(CheckLinkerFlag)
        check_linker_flag(CXX -fuse-ld=lld SPARSELAB_HAVE_LLD)
        if(SPARSELAB_HAVE_LLD)
            add_link_options(-fuse-ld=lld)
        endif()
    endif()
endfunction()
