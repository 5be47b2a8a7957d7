// The codebook's model (lib/model) under the names this step uses: one loader reads it for every
// tool; qda-code applies its rules.
#pragma once

#include "model/codebook.hpp"

namespace qda::code {

using model::Code;
using model::Codebook;
using model::Dimension;
using model::Near;
using model::NearTerm;
using model::Rule;
using model::Scope;
using model::Type;

}  // namespace qda::code
