// Agreement between coders: percent agreement, Cohen's kappa (two coders) and Krippendorff's
// alpha (nominal, any number of coders, missing values), per code and overall.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace qda::report {

// A reliability data matrix: values[unit][coder], a nominal category or nullopt (missing).
using Matrix = std::vector<std::vector<std::optional<int>>>;

// Share of agreeing pairs among all pairs of coders that both coded a unit (pairable units
// only). nullopt when no unit has two values.
std::optional<double> percent_agreement(const Matrix& m);
// Cohen's kappa for coders 0 and 1 over the units both coded. nullopt when undefined
// (fewer than one such unit, or expected agreement 1).
std::optional<double> cohen_kappa(const Matrix& m);
// Krippendorff's alpha for nominal data (coincidence matrix; units with fewer than two values
// are not pairable and ignored). nullopt when undefined (no pairable values, or one category).
std::optional<double> krippendorff_alpha_nominal(const Matrix& m);

// Who applied which code to which unit (a coder's "by" without the "coder:" prefix).
struct CodedUnit {
  std::string unit;
  std::string coder;
  std::vector<std::string> codes;
};

struct CodeAgreement {
  std::string code;       // "" for the overall row
  long units = 0;         // units of analysis counted
  std::optional<double> percent, kappa, alpha;
};

struct AgreementTable {
  // Stated with the figures: each code is a binary decision (applied or not) per unit that
  // every compared coder has seen; overall pools the decisions over all codes.
  std::string unit_of_analysis;
  std::vector<std::string> coders;
  std::vector<CodeAgreement> per_code;
  CodeAgreement overall;
};

// Agreement of `coders` (all coders found, sorted, when empty) over `codes`, on the units at
// least two of them coded. A unit a coder coded but gave no code to counts as "absent" for
// every code; a unit the coder never saw is missing.
AgreementTable agreement(const std::vector<CodedUnit>& data, const std::vector<std::string>& codes,
                         std::vector<std::string> coders = {});

}  // namespace qda::report
