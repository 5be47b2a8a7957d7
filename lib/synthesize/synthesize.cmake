# qda_synthesize: narratives, type scores, general structures, imaginative variation, arcs. The
# general valence lexicon (lib/synthesize/data) is compiled into the library.
set(QDA_SYNTHESIZE_DATA ${CMAKE_CURRENT_SOURCE_DIR}/synthesize/data)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
  ${QDA_SYNTHESIZE_DATA}/valence-es.tsv ${QDA_SYNTHESIZE_DATA}/embedded.cpp.in)
file(READ ${QDA_SYNTHESIZE_DATA}/valence-es.tsv QDA_VALENCE_ES)
configure_file(${QDA_SYNTHESIZE_DATA}/embedded.cpp.in ${CMAKE_BINARY_DIR}/generated/synthesize/embedded.cpp @ONLY)

add_library(qda_synthesize STATIC synthesize/arc.cpp synthesize/synthesize.cpp
  ${CMAKE_BINARY_DIR}/generated/synthesize/embedded.cpp)
target_link_libraries(qda_synthesize PUBLIC qda_core qda_model)
