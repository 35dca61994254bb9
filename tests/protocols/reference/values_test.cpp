#include <gtest/gtest.h>

#include <cmath>

#include "devices/protocols/reference/codec.hpp"

namespace stimbench::reference {
namespace {

TEST(ReferenceValues, NumbersInScpiDecimalForms) {
  EXPECT_EQ(parse_number("50"), 50.0);
  EXPECT_EQ(parse_number("+50"), 50.0);
  EXPECT_EQ(parse_number("-2.5"), -2.5);
  EXPECT_EQ(parse_number(".5"), 0.5);
  EXPECT_EQ(parse_number("5."), 5.0);
  EXPECT_EQ(parse_number("1e2"), 100.0);
  EXPECT_EQ(parse_number("1.5E-1"), 0.15);
  EXPECT_EQ(parse_number(" 7 "), 7.0);
}

TEST(ReferenceValues, NonNumbersAreRefused) {
  for (const char* text : {"", "abc", "inf", "nan", "NaN", "0x10", "1e", "1e+", ".", "+", "5 Hz",
                           "5,6", "1..2", "--1", "1e999"}) {
    EXPECT_FALSE(parse_number(text)) << text;
  }
}

TEST(ReferenceValues, Booleans) {
  EXPECT_EQ(parse_boolean("ON"), true);
  EXPECT_EQ(parse_boolean("on"), true);
  EXPECT_EQ(parse_boolean("1"), true);
  EXPECT_EQ(parse_boolean("Off"), false);
  EXPECT_EQ(parse_boolean("0"), false);
  for (const char* text : {"", "2", "yes", "true", "ONN", "01"}) {
    EXPECT_FALSE(parse_boolean(text)) << text;
  }
  EXPECT_EQ(format_boolean(true), "1");
  EXPECT_EQ(format_boolean(false), "0");
}

TEST(ReferenceValues, FormatIsShortestAndRoundTrips) {
  EXPECT_EQ(format_number(50), "50");
  EXPECT_EQ(format_number(0.1), "0.1");
  EXPECT_EQ(format_number(12.5), "12.5");
  EXPECT_EQ(format_number(-0.0), "0");
  for (double v : {0.0, 1.0, 0.3, 99.9, 1234567.125, 1e-7, 3.0e20}) {
    EXPECT_EQ(parse_number(format_number(v)), v) << v;
  }
}

}  // namespace
}  // namespace stimbench::reference
