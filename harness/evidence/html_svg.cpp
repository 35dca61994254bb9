#include "harness/evidence/html_svg.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "harness/evidence/junit_writer.hpp"

namespace stimbench {
namespace html_svg_internal {
namespace {

constexpr double kChartWidth = 940;

// SVG coordinates: two decimals are finer than any screen.
std::string px(double value) {
  return fixed_number(value, 2);
}

// Axis labels: shortest form of a round tick value ("0", "2.5", "1e+06").
std::string tick_text(double value) {
  if (value == 0) return "0";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  return buffer;
}

bool drawable(double value) {
  return std::isfinite(value) && value > 0;
}

// A 1-2-5 step that splits [0, max] into about five intervals; max must be positive.
double tick_step(double max_value) {
  double raw = max_value / 5;
  double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double fraction = raw / magnitude;
  double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * magnitude;
}

struct Axis {
  double top = 1;   // value at the far end of the axis
  double step = 1;  // between ticks
  int ticks() const { return static_cast<int>(std::lround(top / step)); }
};

Axis axis_for(double largest) {
  if (!drawable(largest)) return {};
  Axis axis;
  axis.step = tick_step(largest);
  axis.top = std::ceil(largest / axis.step - 1e-9) * axis.step;
  if (axis.top <= 0) axis.top = axis.step;
  return axis;
}

std::string svg_open(double height, std::string_view label) {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 " + px(kChartWidth) +
         " " + px(height) + "\" width=\"" + px(kChartWidth) + "\" height=\"" + px(height) +
         "\" aria-label=\"" + html_escape(label) + "\">\n<title>" + html_escape(label) +
         "</title>\n";
}

std::string line(double x1, double y1, double x2, double y2, std::string_view attributes) {
  return "<line x1=\"" + px(x1) + "\" y1=\"" + px(y1) + "\" x2=\"" + px(x2) + "\" y2=\"" + px(y2) +
         "\" " + std::string(attributes) + "/>\n";
}

std::string text(double x, double y, std::string_view anchor, std::string_view content) {
  return "<text x=\"" + px(x) + "\" y=\"" + px(y) + "\" text-anchor=\"" + std::string(anchor) +
         "\">" + html_escape(content) + "</text>\n";
}

std::string rect(double x, double y, double width, double height, Verdict verdict) {
  return "<rect x=\"" + px(x) + "\" y=\"" + px(y) + "\" width=\"" + px(width) + "\" height=\"" +
         px(height) + "\" fill=\"" + verdict_colour(verdict) + "\"/>";
}

std::string bars_svg(const std::vector<BarDatum>& bars, std::string_view unit,
                     std::string_view label) {
  constexpr double label_width = 290, value_width = 110, row = 22, bar = 14, top = 8, bottom = 30;
  const double plot = kChartWidth - label_width - value_width;
  double largest = 0;
  for (const auto& b : bars) {
    if (drawable(b.value)) largest = std::max(largest, b.value);
  }
  const Axis axis = axis_for(largest);
  const double height = top + row * static_cast<double>(bars.size()) + bottom;
  const double axis_y = height - bottom + 4;
  std::string out = svg_open(height, label);
  for (int k = 0; k <= axis.ticks(); ++k) {
    double tick = axis.step * k;
    double x = label_width + plot * tick / axis.top;
    out += line(x, top, x, axis_y, "stroke=\"#dddddd\"");
    out += text(x, axis_y + 14, "middle", tick_text(tick));
  }
  out += text(label_width + plot, axis_y + 26, "end", unit);
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const BarDatum& b = bars[i];
    double y = top + row * static_cast<double>(i);
    out += "<g><title>" + html_escape(b.tooltip) + "</title>\n";
    out += text(label_width - 8, y + bar - 2, "end", shorten_text(b.label, 42));
    double width = drawable(b.value) ? std::max(1.0, plot * b.value / axis.top) : 0;
    if (width > 0) out += rect(label_width, y + 2, width, bar, b.verdict) + "\n";
    out += text(label_width + width + 6, y + bar - 2, "start",
                fixed_number(b.value) + " " + std::string(unit) +
                    (b.verdict == Verdict::pass ? "" : std::string(" ") + to_string(b.verdict)));
    out += "</g>\n";
  }
  return out + "</svg>\n";
}

std::string columns_svg(const std::vector<ColumnDatum>& columns, std::string_view unit,
                        std::string_view label, std::string_view x_title) {
  constexpr double left = 70, right = 12, top = 22, plot_height = 200, bottom = 34;
  const double plot = kChartWidth - left - right;
  const double height = top + plot_height + bottom;
  const double base = top + plot_height;
  double largest = 0;
  bool any_limit = false;
  for (const auto& c : columns) {
    if (drawable(c.value)) largest = std::max(largest, c.value);
    if (c.limit && std::isfinite(*c.limit)) {
      largest = std::max(largest, *c.limit);
      any_limit = true;
    }
  }
  const Axis axis = axis_for(largest);
  auto y_of = [&](double v) { return base - plot_height * std::clamp(v / axis.top, 0.0, 1.0); };
  std::string out = svg_open(height, label);
  for (int k = 0; k <= axis.ticks(); ++k) {
    double tick = axis.step * k;
    out += line(left, y_of(tick), left + plot, y_of(tick), "stroke=\"#dddddd\"");
    out += text(left - 6, y_of(tick) + 4, "end", tick_text(tick));
  }
  out += text(left - 6, top - 8, "end", unit);
  out += line(left, top, left, base, "stroke=\"#888888\"");
  if (any_limit) {
    out += line(kChartWidth - 150, top - 12, kChartWidth - 126, top - 12,
                "stroke=\"#c62828\" stroke-width=\"2\" stroke-dasharray=\"6 3\"");
    out += text(kChartWidth - 120, top - 8, "start", "limit (high)");
  }
  const std::size_t n = columns.size();
  const double slot = n == 0 ? plot : plot / static_cast<double>(n);
  const std::size_t label_every = std::max<std::size_t>(1, (n + 19) / 20);
  for (std::size_t i = 0; i < n; ++i) {
    const ColumnDatum& c = columns[i];
    double x = left + slot * static_cast<double>(i);
    out += "<g><title>" + html_escape(c.tooltip) + "</title>";
    if (drawable(c.value)) {
      double y = y_of(c.value);
      out +=
          rect(x + slot * 0.15, y, std::max(0.5, slot * 0.7), std::max(0.5, base - y), c.verdict);
    }
    out += "</g>\n";
    if (i % label_every == 0) {
      out += text(x + slot / 2, base + 14, "middle",
                  c.x_label.empty() ? std::to_string(i + 1) : c.x_label);
    }
  }
  // Runs of equal limits become one line each.
  for (std::size_t i = 0; i < n;) {
    if (!columns[i].limit || !std::isfinite(*columns[i].limit)) {
      ++i;
      continue;
    }
    std::size_t end = i + 1;
    while (end < n && columns[end].limit == columns[i].limit) ++end;
    double y = y_of(*columns[i].limit);
    out += line(left + slot * static_cast<double>(i), y, left + slot * static_cast<double>(end), y,
                "stroke=\"#c62828\" stroke-width=\"2\" stroke-dasharray=\"6 3\"");
    i = end;
  }
  out += text(left + plot / 2, base + 30, "middle", x_title);
  return out + "</svg>\n";
}

}  // namespace
}  // namespace html_svg_internal

std::string html_escape(std::string_view text) {
  // The attribute rules also write tab/LF/CR as references, which is right in text too.
  return xml_escape(text, XmlContext::attribute);
}

std::string fixed_number(double value, int decimals) {
  if (!std::isfinite(value)) return std::isnan(value) ? "nan" : (value > 0 ? "inf" : "-inf");
  char buffer[400];  // %.Nf of 1e308 is 309 digits
  std::snprintf(buffer, sizeof buffer, "%.*f", std::clamp(decimals, 0, 9), value);
  std::string out = buffer;
  // "-0.000" helps nobody.
  if (out[0] == '-' && out.find_first_not_of("-0.") == std::string::npos) out.erase(0, 1);
  return out;
}

std::string measure_number(double value) {
  bool whole = std::isfinite(value) && std::fabs(value) < 1e15 && value == std::floor(value);
  return fixed_number(value, whole ? 0 : 3);
}

std::string or_dash(std::string_view text) {
  return text.empty() ? std::string("&mdash;") : html_escape(text);
}

std::string info_row(std::string_view name, const std::string& value_html) {
  return "<tr><th>" + html_escape(name) + "</th><td>" + value_html + "</td></tr>\n";
}

const char* verdict_colour(Verdict verdict) {
  switch (verdict) {
    case Verdict::pass:
      return "#2e7d32";
    case Verdict::fail:
      return "#c62828";
    case Verdict::error:
      return "#ef6c00";
    case Verdict::skipped:
      return "#9e9e9e";
  }
  return "#000000";
}

std::string shorten_text(std::string_view text, std::size_t max_chars) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;  // inside a character
    if (chars == max_chars) return std::string(text.substr(0, i)) + "\xE2\x80\xA6";  // U+2026
    ++chars;
  }
  return std::string(text);
}

std::string svg_horizontal_bars(const std::vector<BarDatum>& bars, std::string_view unit,
                                std::string_view label) {
  return html_svg_internal::bars_svg(bars, unit, label);
}

std::string svg_columns_with_limit(const std::vector<ColumnDatum>& columns, std::string_view unit,
                                   std::string_view label, std::string_view x_title) {
  return html_svg_internal::columns_svg(columns, unit, label, x_title);
}

}  // namespace stimbench
