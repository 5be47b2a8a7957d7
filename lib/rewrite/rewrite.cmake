# qda_rewrite: third-person rewrite with Apertium morphology (liblttoolbox) and Constraint
# Grammar (libcg3) in process. lttoolbox's headers include libxml2's, and the memory streams
# it writes to are ICU UFILEs (icuio).
pkg_check_modules(LIBXML2 REQUIRED IMPORTED_TARGET libxml-2.0)
pkg_check_modules(ICUIO REQUIRED IMPORTED_TARGET icu-io)
# The verb classes (lib/rewrite/data) are compiled in, so the tool runs from any directory.
set(QDA_REWRITE_DATA ${CMAKE_CURRENT_SOURCE_DIR}/rewrite/data)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
  ${QDA_REWRITE_DATA}/verbs-es.txt ${QDA_REWRITE_DATA}/embedded.cpp.in)
file(READ ${QDA_REWRITE_DATA}/verbs-es.txt QDA_VERBS_ES)
configure_file(${QDA_REWRITE_DATA}/embedded.cpp.in ${CMAKE_BINARY_DIR}/generated/rewrite/embedded.cpp @ONLY)
add_library(qda_rewrite STATIC
  rewrite/morphology.cpp rewrite/rewrite.cpp rewrite/meaning.cpp rewrite/stream.cpp rewrite/verbs.cpp
  ${CMAKE_BINARY_DIR}/generated/rewrite/embedded.cpp)
target_link_libraries(qda_rewrite PUBLIC qda_core qda_model
  PRIVATE PkgConfig::LTTOOLBOX PkgConfig::CG3 PkgConfig::LIBXML2 PkgConfig::ICUIO ICU::uc)
