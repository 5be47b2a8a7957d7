# qda_model: the codebook (codes, dimensions, rules, typology) and the study file. The codebook
# loader stems rule words with Snowball, which ships no pkg-config file on Debian.
find_path(STEMMER_INCLUDE_DIR libstemmer.h REQUIRED)
find_library(STEMMER_LIBRARY stemmer REQUIRED)
add_library(qda_model STATIC model/codebook.cpp model/stem.cpp model/study.cpp)
target_include_directories(qda_model PRIVATE ${STEMMER_INCLUDE_DIR})
target_link_libraries(qda_model PUBLIC qda_core PRIVATE qda_refi ${STEMMER_LIBRARY})
