# qda-report: unit tests of lib/report, the example report rendered by headless Chromium and
# compiled by pdflatex, and the committed example report checked against the pipeline.
add_executable(report_test report/text_test.cpp report/agreement_test.cpp report/qdpx_test.cpp)
target_link_libraries(report_test PRIVATE qda_report GTest::gtest_main)
gtest_discover_tests(report_test TEST_PREFIX "report/" DISCOVERY_TIMEOUT 60)

# The example studies' reports: the committed tables are what the pipeline produces now; the HTML
# renders in headless Chromium without console errors (screenshot kept in the build folder);
# the LaTeX compiles in one pass without overfull boxes; pandoc's .docx has no literal Markdown.
# Skipped (77) when Chromium, pdflatex or pandoc is missing.
foreach(example asesoria salud)
  foreach(mode check browser latex docx)
    add_test(NAME example/${example}/report-${mode}
             COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/report/example_report.sh ${mode} ${CMAKE_BINARY_DIR}/bin
                     ${PROJECT_SOURCE_DIR} ${CMAKE_BINARY_DIR}/report-example-${example}-${mode} ${example})
    set_tests_properties(example/${example}/report-${mode} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)
  endforeach()
endforeach()
# Every special character of the fixture compiles.
add_test(NAME report/latex-special-characters
         COMMAND bash -c "mkdir -p '${CMAKE_BINARY_DIR}/report-latex-fixture' && $<TARGET_FILE:qda-report> -f tex -c '${PROJECT_SOURCE_DIR}/examples/asesoria/codebook.yaml' '${CMAKE_CURRENT_SOURCE_DIR}/report/data/small.jsonl' -o '${CMAKE_BINARY_DIR}/report-latex-fixture/small.tex' && bash '${CMAKE_CURRENT_SOURCE_DIR}/report/latex_check.sh' '${CMAKE_BINARY_DIR}/report-latex-fixture/small.tex' '${CMAKE_BINARY_DIR}/report-latex-fixture'")
set_tests_properties(report/latex-special-characters PROPERTIES SKIP_RETURN_CODE 77)
# A quotation of several paragraphs (with a line that reads as a list) stays one block quote in
# pandoc's Word document. Skipped (77) without pandoc.
add_test(NAME report/docx-quotation-of-paragraphs
         COMMAND bash -c "mkdir -p '${CMAKE_BINARY_DIR}/report-docx-fixture' && $<TARGET_FILE:qda-report> -f md '${CMAKE_CURRENT_SOURCE_DIR}/report/data/small.jsonl' -o '${CMAKE_BINARY_DIR}/report-docx-fixture/small.md' && bash '${CMAKE_CURRENT_SOURCE_DIR}/report/docx_check.sh' '${CMAKE_BINARY_DIR}/report-docx-fixture/small.md' '${CMAKE_BINARY_DIR}/report-docx-fixture'")
set_tests_properties(report/docx-quotation-of-paragraphs PROPERTIES SKIP_RETURN_CODE 77)
