#include "harness/evidence/html_report.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <regex>

#include <nlohmann/json.hpp>

#include "harness/evidence/evidence_folder.hpp"
#include "harness/evidence/evidence_verify.hpp"
#include "harness/evidence/hashing.hpp"
#include "harness/evidence/html_report_scenarios.hpp"
#include "harness/evidence/html_svg.hpp"
#include "harness/evidence/manifest.hpp"
#include "tests/evidence/evidence_test_util.hpp"

namespace stimbench {
namespace {

std::size_t occurrences(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = 0; (at = text.find(needle, at)) != std::string::npos; at += needle.size()) {
    ++n;
  }
  return n;
}

bool contains(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

// A run where everything passed: the one case in which PASS may be shown.
RunRecord clean_run() {
  RunRecord run = test::sample_run();
  run.scenarios = {run.scenarios[3]};  // "all-good"
  run.exit_code = 0;
  run.exit_reason = "every executed check passed";
  return run;
}

Measurement latency_ns(double value, std::optional<double> high) {
  return {"latency", value, "ns", std::nullopt, high};
}

TEST(HtmlEscape, EscapesEveryMarkupCharacter) {
  EXPECT_EQ(html_escape("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&apos;f");
  EXPECT_EQ(html_escape("&lt;"), "&amp;lt;");
  EXPECT_EQ(html_escape(std::string("nul\0 bad\xff", 9)), "nul\\x00 bad\xEF\xBF\xBD");
}

TEST(HtmlNumbers, FixedPointAndWholeNumbers) {
  EXPECT_EQ(fixed_number(1234.5), "1234.500");
  EXPECT_EQ(fixed_number(-0.0001), "0.000");
  EXPECT_EQ(fixed_number(std::nan("")), "nan");
  EXPECT_EQ(fixed_number(-INFINITY), "-inf");
  EXPECT_EQ(fixed_number(2.25, 1), "2.2");  // round-half-even of the binary value, no locale
  EXPECT_EQ(measure_number(3000), "3000");
  EXPECT_EQ(measure_number(-222), "-222");
  EXPECT_EQ(measure_number(0.5), "0.500");
}

TEST(HtmlShorten, CutsAtACharacterBoundary) {
  EXPECT_EQ(shorten_text("abc", 3), "abc");
  EXPECT_EQ(shorten_text("abcd", 3), "abc\xE2\x80\xA6");
  EXPECT_EQ(shorten_text("\xC2\xB2\xC2\xB2\xC2\xB2", 2), "\xC2\xB2\xC2\xB2\xE2\x80\xA6");
}

TEST(HtmlReport, HostileTextNeverAppearsRaw) {
  RunRecord run = test::sample_run();
  run.scenarios[0].steps[1].message = "<script>alert(1)</script>";
  run.device_identity->model = "<img src=x onerror=alert(2)>";
  run.unverified_sources = {"</li><script>alert(3)</script>"};
  run.command_line.push_back("\"><iframe>");
  std::string html = render_html_report(run);
  EXPECT_FALSE(contains(html, "<script")) << "a script tag got through";
  EXPECT_FALSE(contains(html, "<img"));
  EXPECT_FALSE(contains(html, "<iframe"));
  EXPECT_FALSE(contains(html, "<b>"));  // test::hostile_text() in titles and step names
  EXPECT_TRUE(contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_TRUE(contains(html, "&lt;img src=x onerror=alert(2)&gt;"));
  EXPECT_TRUE(contains(html, "&quot;quoted&quot; &apos;single&apos;"));
  EXPECT_FALSE(contains(html, std::string(1, '\0')));
  EXPECT_FALSE(contains(html, "\xff"));
}

TEST(HtmlReport, SelfContainedWithoutScriptOrExternalResources) {
  std::string html = render_html_report(test::sample_run());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_TRUE(contains(html, "<meta charset=\"utf-8\">"));
  EXPECT_TRUE(contains(html, "<style>"));
  EXPECT_FALSE(contains(html, "<script"));
  EXPECT_FALSE(contains(html, "<link"));
  EXPECT_FALSE(contains(html, " src="));
  EXPECT_FALSE(contains(html, "url("));
  // The only absolute URL is the SVG namespace name, which nothing fetches.
  EXPECT_EQ(occurrences(html, "http"), occurrences(html, "xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_EQ(html.substr(html.size() - 8), "</html>\n");
}

TEST(HtmlReport, FailBannerWhenExitCodeIsNotZero) {
  RunRecord run = clean_run();
  run.exit_code = 3;
  run.exit_reason = "device error";
  EXPECT_FALSE(report_shows_pass(run));
  std::string html = render_html_report(run);
  EXPECT_TRUE(contains(html, "<div class=\"banner fail\" id=\"verdict\"><span class=\"big\">FAIL"));
  EXPECT_TRUE(contains(html, "exit code 3: device error"));
  EXPECT_FALSE(contains(html, "PASS"));
}

TEST(HtmlReport, FailBannerWhenAScenarioFailedEvenWithExitCodeZero) {
  RunRecord run = test::sample_run();
  run.exit_code = 0;
  EXPECT_FALSE(report_shows_pass(run));
  std::string html = render_html_report(run);
  EXPECT_TRUE(contains(html, "<span class=\"big\">FAIL</span>"));
  EXPECT_FALSE(contains(html, "PASS"));

  run.scenarios = {run.scenarios[2]};  // "lost-link": error, not fail
  EXPECT_FALSE(report_shows_pass(run));
  EXPECT_FALSE(contains(render_html_report(run), "PASS"));
}

TEST(HtmlReport, PassBannerOnlyForACleanRun) {
  RunRecord run = clean_run();
  EXPECT_TRUE(report_shows_pass(run));
  std::string html = render_html_report(run);
  EXPECT_TRUE(contains(html, "<div class=\"banner pass\" id=\"verdict\"><span class=\"big\">PASS"));
  EXPECT_FALSE(contains(html, "FAIL"));
}

TEST(HtmlReport, UnverifiedBannerListsSourcesOnlyWhenThereAreAny) {
  RunRecord run = clean_run();
  EXPECT_FALSE(contains(render_html_report(run), "id=\"unverified\""));
  run.unverified_sources = {"Wassermann 1998 table 4", "Rapid2 cap table (240 V)"};
  std::string html = render_html_report(run);
  ASSERT_TRUE(contains(html, "<div class=\"banner warn\" id=\"unverified\">"));
  EXPECT_TRUE(contains(html, "NOTE unverified data in use"));
  EXPECT_TRUE(contains(html, "<li>Wassermann 1998 table 4</li>"));
  EXPECT_TRUE(contains(html, "<li>Rapid2 cap table (240 V)</li>"));
  // Right below the verdict, before the run details.
  EXPECT_LT(html.find("id=\"unverified\""), html.find("<h2>Run</h2>"));
}

TEST(HtmlReport, HeaderCarriesRunIdentity) {
  RunRecord run = test::sample_run();
  std::string html = render_html_report(run);
  for (const std::string& needle :
       {run.run_id, run.started_utc, run.ended_utc, run.git_commit, run.host, run.station,
        std::string("A. Tester"), std::string("Reference-1"), std::string("SN0001"),
        std::string("firmware 1.2.3"), run.profile_sha256, std::string("CLOCK_MONOTONIC"),
        std::string("18446744073709551615"), std::string("stimbench run scenarios/ --seed 42")}) {
    EXPECT_TRUE(contains(html, needle)) << needle;
  }
}

TEST(HtmlReport, SkippedScenarioShowsItsReason) {
  std::string html = render_html_report(test::sample_run());
  const std::string reason = "profile lacks capability &apos;train&apos;";
  // Once in the summary table, once as "Skip reason" in its details section.
  EXPECT_EQ(occurrences(html, reason), 2u) << html;
  EXPECT_TRUE(contains(html, "<th>Skip reason</th><td>" + reason + "</td>"));
}

TEST(HtmlReport, FailedScenarioWithoutMessageNamesItsFirstFailingStep) {
  RunRecord run = test::sample_run();
  run.scenarios[0].message.clear();
  std::string html = render_html_report(run);
  EXPECT_TRUE(contains(html, "device accepted 150 % (expected refusal)"));
  EXPECT_FALSE(contains(html, "without a recorded reason"));
}

TEST(HtmlReport, StepsAndMeasurementsAreListed) {
  std::string html = render_html_report(test::sample_run());
  EXPECT_TRUE(contains(html, "<code>scenarios/refusals.yaml:12:5</code>"));
  EXPECT_TRUE(contains(html, "latency = 1234.500 us [0 .. 50000]"));
  EXPECT_TRUE(contains(html, "coil_temperature = 24.500 degC [-inf .. 40]"));
  EXPECT_TRUE(contains(html, "reply_time = nan ms"));
  EXPECT_TRUE(contains(html, "timeout after 50 ms"));
  EXPECT_TRUE(contains(html, "<span class=\"alarm\">NO: the closing disarm"));  // lost-link
  EXPECT_EQ(occurrences(html, "<details id=\"scenario-"), 4u);
  EXPECT_TRUE(contains(html, "<details id=\"scenario-1\" open>"));  // failed: unfolded
  EXPECT_TRUE(contains(html, "<details id=\"scenario-4\">"));       // passed: folded
}

// Whoever reads report.html sees what kind of failure each failed step and scenario was, and
// a pass or skip is never given one.
TEST(HtmlReport, FailedStepsAndScenariosShowTheirFailureClass) {
  RunRecord run = test::sample_run();
  ScenarioRecord& refusals = run.scenarios[0];
  refusals.failure = FailureClass::check_failed;
  refusals.steps[1].failure = FailureClass::protocol_violation;
  refusals.steps[2].failure = FailureClass::link_fault;
  refusals.steps[0].failure = FailureClass::device_fault;  // on a pass: must not show
  run.scenarios[2].failure = FailureClass::harness_error;
  run.scenarios[3].failure = FailureClass::interrupted;  // on a pass: must not show
  const std::string html = render_html_report(run);
  auto cell = [](const std::string& text) {
    return "<td><span class=\"fc\">" + text + "</span></td>";
  };
  EXPECT_EQ(occurrences(html, cell("protocol violation (device or link)")), 1u) << html;
  EXPECT_EQ(occurrences(html, cell("link fault")), 1u);
  // The scenario table's row and the scenario's own details.
  EXPECT_EQ(occurrences(html, cell("check failed")), 2u);
  EXPECT_EQ(occurrences(html, cell("harness error")), 2u);
  EXPECT_TRUE(contains(html, "<th>Failure class</th>" + cell("check failed")));
  EXPECT_FALSE(contains(html, "device fault"));
  EXPECT_FALSE(contains(html, ">interrupted<"));
  EXPECT_EQ(occurrences(html, "<th>failure class</th>"), 1u + 3u);  // run table, 3 step tables

  // A failed step nobody classified says so rather than showing nothing.
  refusals.steps[2].failure = FailureClass::none;
  EXPECT_TRUE(contains(render_html_report(run), cell("not classified")));
}

TEST(HtmlReport, SvgChartsAreBalancedAndDrawTheLatencyLimit) {
  RunRecord run = test::sample_run();
  std::string html = render_html_report(run);
  EXPECT_EQ(occurrences(html, "<svg "), 1u);  // durations only: no step has an ns latency
  EXPECT_EQ(occurrences(html, "</svg>"), 1u);

  auto& steps = run.scenarios[0].steps;
  steps[0].measurements.push_back(latency_ns(2'000'000, 5'000'000));
  steps[1].measurements.push_back(latency_ns(7'000'000, 5'000'000));
  steps[2].measurements.push_back(latency_ns(std::nan(""), std::nullopt));
  run.scenarios[3].steps[0].measurements.push_back(latency_ns(1'500'000, std::nullopt));
  steps[0].measurements.push_back({"waited", 9e9, "ns", std::nullopt, std::nullopt});  // not one
  html = render_html_report(run);
  EXPECT_EQ(occurrences(html, "<svg "), 3u);
  EXPECT_EQ(occurrences(html, "</svg>"), 3u);
  EXPECT_EQ(occurrences(html, "<g>"), occurrences(html, "</g>"));
  EXPECT_EQ(occurrences(html, "<text "), occurrences(html, "</text>"));
  EXPECT_EQ(occurrences(html, "<title>"), occurrences(html, "</title>"));
  // Two equal limits on neighbouring steps: one dashed line, plus the legend's.
  EXPECT_EQ(occurrences(html, "stroke-dasharray"), 2u);
  // Tooltips and x labels use the step's # in the step table; the caption gives the numbers.
  EXPECT_TRUE(contains(html, "<title>#2 steps[1] set power=150"));
  EXPECT_TRUE(contains(html, "latency 7.000 ms, limit 5.000 ms (fail)"));
  EXPECT_TRUE(contains(html, "<p>3 replies, longest 7.000 ms, 1 over their limit</p>"));
  EXPECT_TRUE(contains(html, "<p>1 reply, longest 1.500 ms, 0 over their limit</p>"));
  // Every coordinate is a plain number: no "nan"/"inf" leaked into the geometry.
  std::regex bad_coordinate(R"((x|y|x1|y1|x2|y2|width|height)="[^"0-9.-])");
  EXPECT_FALSE(std::regex_search(html, bad_coordinate));
}

TEST(HtmlReport, LatencyMeasurementsAreTheNanosecondLatencies) {
  EXPECT_TRUE(is_latency_measurement(latency_ns(1, std::nullopt)));
  EXPECT_FALSE(is_latency_measurement({"latency", 1, "us", std::nullopt, std::nullopt}));
  EXPECT_FALSE(is_latency_measurement({"waited", 1, "ns", std::nullopt, std::nullopt}));
}

TEST(HtmlReport, WriteRefusesToOverwrite) {
  test::TempDir dir;
  ASSERT_TRUE(write_html_report(test::sample_run(), dir.file("report.html")).ok());
  EXPECT_FALSE(write_html_report(test::sample_run(), dir.file("report.html")).ok());
  EXPECT_EQ(test::read_text(dir.file("report.html")), render_html_report(test::sample_run()));
}

TEST(HtmlReportFolder, FinishWritesReportBeforeTheManifestHashesIt) {
  test::TempDir tmp;
  auto folder = EvidenceFolder::create(tmp.file("run"));
  ASSERT_TRUE(folder.ok()) << folder.error().message;
  auto transcript = folder->open_transcript();
  ASSERT_TRUE(transcript.ok()) << transcript.error().message;
  ASSERT_TRUE((*transcript)->append({{"t_ns", 1}, {"type", "event"}}).ok());
  ASSERT_TRUE((*transcript)->close().ok());
  RunRecord run = test::sample_run();
  ASSERT_TRUE(folder->finish(run).ok());

  EXPECT_EQ(folder->report_path(), tmp.file("run/report.html"));
  std::string html = test::read_text(folder->report_path());
  EXPECT_EQ(html, render_html_report(run));
  auto manifest = nlohmann::json::parse(test::read_text(folder->manifest_path()));
  bool listed = false;
  for (const auto& f : manifest["files"]) {
    if (f["path"] != "report.html") continue;
    listed = true;
    EXPECT_EQ(f["sha256"], sha256_hex(html));
    EXPECT_EQ(f["bytes"], html.size());
  }
  EXPECT_TRUE(listed) << manifest["files"].dump();
  auto report = verify_evidence(folder->dir());
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->verdict, VerifyVerdict::ok)
      << (report->problems.empty() ? "" : report->problems.front());

  // An altered report is caught like any other evidence file.
  std::filesystem::remove(folder->report_path());
  test::write_text(folder->report_path(), html + "<!-- edited -->");
  report = verify_evidence(folder->dir());
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->verdict, VerifyVerdict::tampered);
  ASSERT_FALSE(report->problems.empty());
  EXPECT_TRUE(contains(report->problems.front(), "report.html")) << report->problems.front();
}

}  // namespace
}  // namespace stimbench
