# Warnings travel as an INTERFACE target linked PRIVATE, so they never leak to consumers.
add_library(sparselab_warnings INTERFACE)
target_compile_options(sparselab_warnings INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Wunused
    -Woverloaded-virtual -Wnull-dereference
    # GCC only: clang (the sanitize and fuzz build) knows neither flag and warns on each file.
    $<$<CXX_COMPILER_ID:GNU>:-Wno-maybe-uninitialized>
    # Designated initializers that leave members at their defaults are the point of the
    # descriptor and field-table rows, not a mistake.
    -Wno-missing-field-initializers
    # GCC 12 reports a false -Wrestrict inside <string>'s inlined memcpy (GCC bug 105329),
    # which SPARSELAB_WERROR would turn into a failed build.
    $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>
    # GCC 12 at -O3 also reports a 2^63-byte memcpy inside std::string's operator+ (GCC bug
    # 105651) as -Wstringop-overflow or -Warray-bounds, in more files once the core's
    # precompiled header changed its inlining (sweep_table.cpp, json_text.cpp): still shown,
    # never a failed -Werror build. The sanitizer build checks real overflows at run time.
    $<$<CXX_COMPILER_ID:GNU>:-Wno-error=stringop-overflow>
    $<$<CXX_COMPILER_ID:GNU>:-Wno-error=array-bounds>)
# CI builds with warnings as errors; a developer's build does not stop on a new compiler's
# new warning.
option(SPARSELAB_WERROR "Treat compiler warnings in SparseLab's own code as errors" OFF)
if(SPARSELAB_WERROR)
    target_compile_options(sparselab_warnings INTERFACE -Werror)
endif()

add_library(sparselab_optimize INTERFACE)
if(SPARSELAB_NATIVE)
    target_compile_options(sparselab_optimize INTERFACE -march=native)
endif()
