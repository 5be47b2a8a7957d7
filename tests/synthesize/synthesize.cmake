# qda-synthesize: unit tests of lib/synthesize and the quality gate against the gold types.
add_executable(synthesize_test synthesize/synthesize_test.cpp)
target_link_libraries(synthesize_test PRIVATE qda_synthesize GTest::gtest_main)
gtest_discover_tests(synthesize_test TEST_PREFIX "synthesize/" DISCOVERY_TIMEOUT 60)
# The issue's target is best-type accuracy >= 0.85 (gold/types.yaml); the pipeline reaches 0.950
# (57/60) with the codes qda-code finds today, so the gate guards that figure (0.945). Raise it,
# never lower it. --assert-arcs: the arcs in real order must agree with the codebook's expected
# shapes more often than the same units shuffled (mean of 50 shuffles).
# Skipped (77) while a tool, the codebook or the gold is missing.
add_test(NAME quality/synthesize
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/quality/synthesize_quality.py
                 ${CMAKE_BINARY_DIR}/bin ${PROJECT_SOURCE_DIR} --assert 0.945 --assert-arcs)
set_tests_properties(quality/synthesize PROPERTIES SKIP_RETURN_CODE 77)
