# qda_rewrite: third-person rewrite with Apertium morphology (liblttoolbox) and Constraint
# Grammar (libcg3) in process. lttoolbox's headers include libxml2's, and the memory streams
# it writes to are ICU UFILEs (icuio).
pkg_check_modules(LIBXML2 REQUIRED IMPORTED_TARGET libxml-2.0)
pkg_check_modules(ICUIO REQUIRED IMPORTED_TARGET icu-io)
add_library(qda_rewrite STATIC
  rewrite/morphology.cpp rewrite/rewrite.cpp rewrite/meaning.cpp rewrite/stream.cpp)
target_link_libraries(qda_rewrite PUBLIC qda_core qda_model
  PRIVATE PkgConfig::LTTOOLBOX PkgConfig::CG3 PkgConfig::LIBXML2 PkgConfig::ICUIO ICU::uc)
