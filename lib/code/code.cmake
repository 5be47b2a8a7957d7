# qda_code: codebook, rule matching (vectorscan + Snowball + ICU regex), human codings, agreement.
# libstemmer ships no pkg-config file on Debian.
find_path(STEMMER_INCLUDE_DIR libstemmer.h REQUIRED)
find_library(STEMMER_LIBRARY stemmer REQUIRED)
add_library(qda_code STATIC
  code/codebook.cpp code/stem.cpp code/matcher.cpp code/unit.cpp code/codings.cpp code/coder.cpp
  code/agreement.cpp code/select.cpp)
target_include_directories(qda_code PRIVATE ${STEMMER_INCLUDE_DIR})
target_link_libraries(qda_code PUBLIC qda_core PRIVATE qda_ingest PkgConfig::HS ${STEMMER_LIBRARY})
