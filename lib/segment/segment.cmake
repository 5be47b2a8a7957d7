# qda_segment: sentences, cues, meaning units and segmentation metrics. The default language
# data (lib/segment/data) is compiled into the library, so the tool runs from any directory.
set(QDA_SEGMENT_DATA ${CMAKE_CURRENT_SOURCE_DIR}/segment/data)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
  ${QDA_SEGMENT_DATA}/markers-es.yaml ${QDA_SEGMENT_DATA}/abbreviations-es.txt ${QDA_SEGMENT_DATA}/embedded.cpp.in)
file(READ ${QDA_SEGMENT_DATA}/markers-es.yaml QDA_MARKERS_ES)
file(READ ${QDA_SEGMENT_DATA}/abbreviations-es.txt QDA_ABBREVIATIONS_ES)
configure_file(${QDA_SEGMENT_DATA}/embedded.cpp.in ${CMAKE_BINARY_DIR}/generated/segment/embedded.cpp @ONLY)

add_library(qda_segment STATIC
  segment/sentences.cpp segment/cues.cpp segment/segment.cpp segment/metrics.cpp
  ${CMAKE_BINARY_DIR}/generated/segment/embedded.cpp)
target_link_libraries(qda_segment PUBLIC qda_core qda_model ICU::uc ICU::i18n ICU::data)
