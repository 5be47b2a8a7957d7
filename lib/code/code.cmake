# qda_code: rule matching (vectorscan + Snowball + ICU regex) over the codebook's model, human
# codings, the choices among a unit's codes.
add_library(qda_code STATIC code/matcher.cpp code/unit.cpp code/codings.cpp code/coder.cpp code/select.cpp code/learn.cpp)
target_link_libraries(qda_code PUBLIC qda_core qda_model PRIVATE qda_refi qda_rewrite PkgConfig::HS)
