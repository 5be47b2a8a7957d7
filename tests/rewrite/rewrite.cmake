# qda-rewrite: unit tests of lib/rewrite, and the quality gate against the linguist's gold
# rewrites (skipped, status 77, while gold/rewrite.jsonl is missing).
add_executable(rewrite_test rewrite/rewrite_test.cpp)
target_link_libraries(rewrite_test PRIVATE qda_rewrite GTest::gtest_main)
gtest_discover_tests(rewrite_test TEST_PREFIX "rewrite/" DISCOVERY_TIMEOUT 60)
# The issue's target is exact match >= 0.90. The tool measures 1.00 (306/306) on the gold since
# its general rules for tense context, object case, reflexives and infinitive subjects (0.886
# before), but those rules were written while reading this gold's failures, so 1.00 is a
# development figure (on 163 new sentences of the same register: 159 right). The gate (0.99)
# leaves room for one or two sentences; a gold sentence it misses is a rule to generalise,
# never a special case.
add_test(NAME quality/rewrite
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/quality/rewrite_quality.py -q --assert 0.99
                 ${CMAKE_BINARY_DIR}/bin ${PROJECT_SOURCE_DIR})
set_tests_properties(quality/rewrite PROPERTIES SKIP_RETURN_CODE 77)
# -j: whole episodes rewritten by worker threads, each with its own morphology; the output is the
# same bytes as one thread's, on both example studies (coded), in many 64 KB batches.
add_test(NAME rewrite/jobs-same-bytes
         COMMAND bash -c "set -eo pipefail; d=$(mktemp -d); trap 'rm -rf $d' EXIT; for e in asesoria salud; do $<TARGET_FILE:qda-ingest> -q '${PROJECT_SOURCE_DIR}/examples/'$e/study.yaml | $<TARGET_FILE:qda-segment> -q | $<TARGET_FILE:qda-code> -q -c '${PROJECT_SOURCE_DIR}/examples/'$e/codebook.yaml; done > $d/coded.jsonl; $<TARGET_FILE:qda-rewrite> -q -j 1 $d/coded.jsonl > $d/one.jsonl; $<TARGET_FILE:qda-rewrite> -q -j 3 $d/coded.jsonl > $d/three.jsonl; cmp $d/one.jsonl $d/three.jsonl && echo same bytes")
set_tests_properties(rewrite/jobs-same-bytes PROPERTIES TIMEOUT 600)
