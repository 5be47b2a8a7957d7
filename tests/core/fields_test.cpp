// The fields tools exchange: one reader and one writer for a span and for a unit's codes.
#include "core/fields.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

using namespace qda;
using namespace qda::fields;

TEST(Fields, Span) {
  Span s;
  EXPECT_TRUE(parse_span(" [3, 8] ", s));
  EXPECT_EQ(s.start, 3u);
  EXPECT_EQ(s.end, 8u);
  for (const char* bad : {"[8,3]", "[-1,2]", "[1]", "[1,2,3]", "[1.5,2]", "\"1-2\"", "[1,99999999999999999999999]",
                          "[0,9223372036854775808]", "[0,9007199254740992]"})
    EXPECT_FALSE(parse_span(bad, s)) << bad;
  try {
    read_span("[8,3]");
    FAIL();
  } catch (const DataError& e) {
    EXPECT_EQ(e.describe(), "key 'span': must be [start, end]: two whole numbers, start <= end");
  }
  std::string out;
  append_span(out, Span{0, 12});
  EXPECT_EQ(out, "[0,12]");
}

TEST(Fields, CodesRoundTrip) {
  std::vector<CodeApplication> apps{{"a", "rule:a#1", 3, 8, "x \"y\"", "", {"b", "c"}, Passage::any, "", "", 0.25, {"word:x", "rule:b"}},
                                    {"d", "coder:ana", 0, 0, "", "m", {}, Passage::last, "a", "", -1, {}},
                                    {"e", "rule:e#2", 1, 2, "z", "", {}, Passage::any, "", "model:m", 0.01, {"word:y"}}};
  std::string out;
  append_codes(out, apps);
  EXPECT_EQ(out,
            "[{\"code\":\"a\",\"by\":\"rule:a#1\",\"span\":[3,8],\"evidence\":\"x \\\"y\\\"\",\"over\":[\"b\",\"c\"],"
            "\"probability\":0.250,\"features\":[\"word:x\",\"rule:b\"]},"
            "{\"code\":\"d\",\"by\":\"coder:ana\",\"span\":[0,0],\"evidence\":\"\",\"memo\":\"m\",\"passage\":\"last\",\"beside\":\"a\"},"
            "{\"code\":\"e\",\"by\":\"rule:e#2\",\"span\":[1,2],\"evidence\":\"z\",\"veto\":\"model:m\",\"probability\":0.010,"
            "\"features\":[\"word:y\"]}]");
  auto back = read_codes(out);
  ASSERT_EQ(back.size(), 3u);
  EXPECT_EQ(back[2].veto, "model:m");
  EXPECT_EQ(back[0].veto, "");
  EXPECT_EQ(back[0].evidence, "x \"y\"");
  EXPECT_EQ(back[0].end, 8u);
  EXPECT_EQ(back[0].over, apps[0].over);
  EXPECT_DOUBLE_EQ(back[0].probability, 0.25);
  EXPECT_EQ(back[0].features, apps[0].features);
  EXPECT_LT(back[1].probability, 0);
  EXPECT_EQ(back[1].passage, Passage::last);
  EXPECT_EQ(back[1].beside, "a");
  EXPECT_EQ(read_code_ids(out), (std::vector<std::string>{"a", "d", "e"}));
}

TEST(Fields, CodesRefusedWithOneMessage) {
  for (const char* bad : {"\"a\"", "[\"a\"]", "[{\"by\":\"x\"}]", "[{\"code\":1}]", "[tru]", "{}"}) {
    try {
      read_code_ids(bad);
      FAIL() << bad;
    } catch (const DataError& e) {
      EXPECT_EQ(e.describe(), "key 'codes': must be a list of {\"code\": …} objects") << bad;
    }
    EXPECT_THROW(read_codes(bad), DataError) << bad;
  }
  EXPECT_TRUE(read_code_ids("[]").empty());
}
