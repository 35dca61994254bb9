// Markup helpers for report.html: escaping, locale-independent numbers and the inline SVG charts
// (plain markup: no script, no external resources, readable without a network).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/evidence/run_record.hpp"

namespace stimbench {

// Escapes & < > " ' for HTML text and attribute values alike. Invalid UTF-8 bytes and control
// characters become U+FFFD (the rules of xml_escape), so hostile scenario text or device replies
// cannot open a tag, close an attribute or smuggle a script in.
std::string html_escape(std::string_view text);

// `decimals` digits after the point, always '.', whatever the locale; "nan", "inf", "-inf" for
// non-finite values.
std::string fixed_number(double value, int decimals = 3);

// A measured value for reading: whole numbers without decimals ("3000", "-222"), others with
// three ("1.235"); same rules as fixed_number otherwise.
std::string measure_number(double value);

// The escaped text, or an em dash when it is empty (an empty table cell reads as an omission).
std::string or_dash(std::string_view text);

// <tr><th>name</th><td>value_html</td></tr>: `name` is escaped, `value_html` is markup already.
std::string info_row(std::string_view name, const std::string& value_html);

// Fill colour of a verdict in charts (the stylesheet uses the same colours for text).
const char* verdict_colour(Verdict verdict);

// At most `max_chars` code points; a longer text is cut at a character boundary and gets "…".
std::string shorten_text(std::string_view text, std::size_t max_chars);

struct BarDatum {
  std::string label;  // left of the bar; shortened when long
  double value = 0;   // in the chart's unit; negative or non-finite values draw no bar
  Verdict verdict = Verdict::pass;
  std::string tooltip;  // full text, shown on hover (<title>)
};

// One horizontal bar per datum, top to bottom, scaled to the largest value, with a value axis.
std::string svg_horizontal_bars(const std::vector<BarDatum>& bars, std::string_view unit,
                                std::string_view label);

struct ColumnDatum {
  double value = 0;             // in the chart's unit
  std::optional<double> limit;  // upper limit, drawn as a red line across the column
  Verdict verdict = Verdict::pass;
  std::string tooltip;
  std::string x_label;  // under the column (e.g. the step number); empty: its 1-based position
};

// Vertical columns in order, y from zero, x labels thinned to about 20; consecutive equal limits
// are joined into one line, so a scenario-wide bound reads as one horizontal line.
std::string svg_columns_with_limit(const std::vector<ColumnDatum>& columns, std::string_view unit,
                                   std::string_view label, std::string_view x_title);

}  // namespace stimbench
