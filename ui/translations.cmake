# Qt Linguist: lupdate reads the window's sources and the core files whose user-visible strings
# are marked with SL_TRANSLATE_NOOP (core/util/translate_noop.h: the field table and the method
# registry), lrelease turns resources/translations/*.ts into .qm files embedded in
# sparselab_ui as :/i18n/sparselab_<locale>.qm.
#
#   cmake --build build/release --target update_translations   # refresh the .ts after edits
#
# The test tests/ui/test_translations runs the same lupdate on a copy of the .ts and fails
# on any string that is new, gone or untranslated, so the two lists below must stay the ones
# lupdate needs.
find_package(Qt6 REQUIRED COMPONENTS LinguistTools)

set(SPARSELAB_TS_FILES ${PROJECT_SOURCE_DIR}/resources/translations/sparselab_zh_CN.ts)
# The core strings the UI shows through QCoreApplication::translate(context, text).
set(SPARSELAB_TR_CORE_SOURCES
    ${PROJECT_SOURCE_DIR}/core/train/run_config.cpp
    ${PROJECT_SOURCE_DIR}/core/sparsity/registry.cpp)
get_target_property(_sl_ui_sources sparselab_ui SOURCES)
list(FILTER _sl_ui_sources INCLUDE REGEX "\\.(cpp|h)$")
list(TRANSFORM _sl_ui_sources PREPEND ${CMAKE_CURRENT_SOURCE_DIR}/)
set(SPARSELAB_TR_SOURCES ${_sl_ui_sources} ${SPARSELAB_TR_CORE_SOURCES})
set(SPARSELAB_LUPDATE_OPTIONS
    -tr-function-alias QT_TRANSLATE_NOOP+=SL_TRANSLATE_NOOP
    -locations none  # line numbers would make every edit a merge conflict in the .ts
    -no-obsolete)

qt_add_translations(sparselab_ui
    TS_FILES ${SPARSELAB_TS_FILES}
    SOURCES ${SPARSELAB_TR_SOURCES}
    INCLUDE_DIRECTORIES ${CMAKE_CURRENT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/core
    LUPDATE_OPTIONS ${SPARSELAB_LUPDATE_OPTIONS}
    RESOURCE_PREFIX /i18n
    OUTPUT_TARGETS _sl_translation_targets)

# For the completeness test: the sources, one per line, in lupdate's @file format.
string(JOIN "\n" _sl_tr_list ${SPARSELAB_TR_SOURCES})
file(GENERATE OUTPUT ${PROJECT_BINARY_DIR}/sparselab_tr_sources.lst CONTENT "${_sl_tr_list}\n")
set(SPARSELAB_TR_SOURCES_LIST ${PROJECT_BINARY_DIR}/sparselab_tr_sources.lst CACHE INTERNAL "")
set(SPARSELAB_TS_FILE ${SPARSELAB_TS_FILES} CACHE INTERNAL "")
