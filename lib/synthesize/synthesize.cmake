# qda_synthesize: narratives, type scores, general structures, imaginative variation, arcs.
add_library(qda_synthesize STATIC synthesize/arc.cpp synthesize/synthesize.cpp)
target_link_libraries(qda_synthesize PUBLIC qda_core qda_model)
