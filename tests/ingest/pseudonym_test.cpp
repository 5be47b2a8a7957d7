// Unit tests of pseudonymisation: longest match, whole words, case and accents, ñ.
#include "ingest/pseudonym.hpp"

#include <gtest/gtest.h>

using namespace qda::ingest;

TEST(Pseudonym, LongestMatchFirstWholeWords) {
  Pseudonymizer p;
  p.add("Carrillo", "Pueblo");
  p.add("Felipe Carrillo Puerto", "Villa Nueva");
  p.add("Rosario", "Lucía");
  long n = 0;
  EXPECT_EQ(p.apply("En Felipe Carrillo Puerto y en Carrillo vive ROSARIO; Rosarios no.", &n),
            "En Villa Nueva y en Pueblo vive Lucía; Rosarios no.");
  EXPECT_EQ(n, 3);
}

TEST(Pseudonym, CaseAndAccentInsensitiveButEnyeDistinct) {
  Pseudonymizer p;
  p.add("Raúl Pech", "Iván Mena");
  p.add("Peña", "Soto");
  EXPECT_EQ(p.apply("el supervisor raul  pech y la maestra Pena Peña"), "el supervisor Iván Mena y la maestra Pena Soto");
}

TEST(Pseudonym, NamesAcrossLineBreaksAndHyphens) {
  Pseudonymizer p;
  p.add("Xul-Ha", "Los Pinos");
  p.add("Guadalupe Canché", "Marta Cruz");
  EXPECT_EQ(p.apply("en Xul-Ha, la directora Guadalupe\nCanché dijo"), "en Los Pinos, la directora Marta Cruz dijo");
}

TEST(Pseudonym, EmptyKeyChangesNothing) {
  Pseudonymizer p;
  EXPECT_EQ(p.apply("Rosario"), "Rosario");
}
