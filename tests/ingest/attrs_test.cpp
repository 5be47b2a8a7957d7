// Unit tests of attribute normalisation.
#include "ingest/attrs.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

using namespace qda;
using namespace qda::ingest;

TEST(Attrs, GenderSpellings) {
  for (auto s : {"Mujer", "mujer ", "Femenino", "F", "FEMENINO", "fem."}) EXPECT_EQ(normalize_gender(s).value(), "f") << s;
  for (auto s : {"Hombre", "Masculino", "M", "h", "Varón"}) EXPECT_EQ(normalize_gender(s).value(), "m") << s;
  for (auto s : {"No binario", "X", "Otro"}) EXPECT_EQ(normalize_gender(s).value(), "x") << s;
  EXPECT_FALSE(normalize_gender("  ").has_value());
  EXPECT_FALSE(normalize_gender("Prefiero no decir").has_value());
  EXPECT_THROW(normalize_gender("maestra"), DataError);
}

TEST(Attrs, Age) {
  EXPECT_EQ(normalize_age(" 41 ").value(), 41);
  EXPECT_EQ(normalize_age("57 años").value(), 57);
  EXPECT_FALSE(normalize_age("").has_value());
  EXPECT_THROW(normalize_age("cuarenta"), DataError);
  EXPECT_THROW(normalize_age("41.5"), DataError);
  EXPECT_THROW(normalize_age("230"), DataError);
}

TEST(Attrs, LevelThroughTheStudyMapping) {
  std::vector<Level> levels{{"preescolar", "Preescolar general", "", {"Preescolar", "Jardín de niños"}},
                            {"educacion_especial", "Educación especial", "otros", {"USAER", "CAM"}}};
  EXPECT_EQ(normalize_level("jardin de ninos ", levels).value(), "preescolar");
  EXPECT_EQ(normalize_level("Preescolar General", levels).value(), "preescolar");
  EXPECT_EQ(normalize_level("usaer", levels).value(), "educacion_especial");
  EXPECT_THROW(normalize_level("Bachillerato", levels), DataError);
  EXPECT_EQ(normalize_level("  Primaria  general ", {}).value(), "Primaria general");
}

TEST(Attrs, AddAttrSerialisesByKey) {
  Attrs a;
  EXPECT_TRUE(add_attr(a, "gender", "Mujer", {}));
  EXPECT_TRUE(add_attr(a, "age", "26", {}));
  EXPECT_TRUE(add_attr(a, "anos_atp", " 2 ", {}));
  EXPECT_FALSE(add_attr(a, "level", "", {}));
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(a[0].second, "\"f\"");
  EXPECT_EQ(a[1].second, "26");
  EXPECT_EQ(a[2].second, "\"2\"");
}
