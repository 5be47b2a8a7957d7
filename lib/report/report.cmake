# qda_report: the study's tables from a stream of records, in Markdown, HTML, LaTeX, CSV, JSON;
# and the stream as a REFI-QDA project (.qdpx).
# The label catalogue (lib/report/data/messages.tsv) is compiled into the library.
set(QDA_REPORT_DATA ${CMAKE_CURRENT_SOURCE_DIR}/report/data)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
  ${QDA_REPORT_DATA}/messages.tsv ${QDA_REPORT_DATA}/embedded.cpp.in)
file(READ ${QDA_REPORT_DATA}/messages.tsv QDA_REPORT_MESSAGES)
configure_file(${QDA_REPORT_DATA}/embedded.cpp.in ${CMAKE_BINARY_DIR}/generated/report/embedded.cpp @ONLY)

add_library(qda_report STATIC
  report/text.cpp report/model.cpp report/agreement.cpp report/tables.cpp report/render.cpp report/html.cpp report/latex.cpp report/qdpx.cpp
  ${CMAKE_BINARY_DIR}/generated/report/embedded.cpp)
target_link_libraries(qda_report PUBLIC qda_core qda_model qda_refi)
