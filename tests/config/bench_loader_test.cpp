// Bench files and repeated --device: what a multi-device run drives, checked before any
// device is contacted.
#include "harness/config/bench_loader.hpp"

#include <gtest/gtest.h>

namespace stimbench {
namespace {

std::string bench_errors(const std::string& text) {
  auto bench = load_bench_text(text, "b.yaml");
  EXPECT_FALSE(bench.ok()) << text;
  if (bench.ok()) return "";
  EXPECT_EQ(bench.error().code, ErrorCode::invalid_input);
  return bench.error().message;
}

TEST(BenchFile, ShippedExampleLoads) {
  auto bench =
      load_bench_file(std::string(STIMBENCH_SOURCE_DIR) + "/fixtures/benches/example.yaml");
  ASSERT_TRUE(bench.ok()) << bench.error().message;
  EXPECT_EQ(bench->name, "example");
  ASSERT_EQ(bench->devices.size(), 3u);
  EXPECT_EQ(bench->devices[0].name, "left");
  EXPECT_EQ(bench->devices[0].uri, "mock:");
  EXPECT_EQ(bench->devices[2].profile, "magventure-magpro-x100");
}

TEST(BenchFile, SerialSettingsGoIntoTheUri) {
  auto bench = load_bench_text(
      "devices:\n"
      "  - name: r2\n"
      "    uri: serial:///dev/ttyUSB0\n"
      "    profile: magstim-rapid2-v9-240v\n"
      "    serial: {baud: 9600, parity: none, stop_bits: 1}\n"
      "    host: local\n",
      "b.yaml");
  ASSERT_TRUE(bench.ok()) << bench.error().message;
  EXPECT_EQ(bench->devices[0].uri, "serial:///dev/ttyUSB0?baud=9600&parity=none&stop_bits=1");
  EXPECT_EQ(bench->devices[0].where, "b.yaml:2:5");
}

TEST(BenchFile, ErrorsSayFileLineColumn) {
  EXPECT_EQ(bench_errors("devices:\n  - name: a\n    url: 'mock:'\n"),
            "b.yaml:2:5: error: missing required key 'uri'\n"
            "b.yaml:3:5: error: unknown key 'url' (did you mean 'uri'?)");
}

TEST(BenchFile, RefusesBadEntries) {
  EXPECT_NE(bench_errors("devices:\n  - {name: a, uri: 'mock:'}\n  - {name: a, uri: 'mock:'}\n")
                .find("b.yaml:3:12: error: device name 'a' repeats"),
            std::string::npos);
  EXPECT_NE(bench_errors("devices:\n  - {name: 'a b', uri: 'mock:'}\n").find("b.yaml:2:12"),
            std::string::npos);
  EXPECT_NE(bench_errors("devices:\n  - {name: a, uri: 'ftp://x'}\n").find("b.yaml:2:20"),
            std::string::npos);
  EXPECT_NE(bench_errors("devices:\n  - {name: a, uri: 'tcp://h:1', serial: {baud: 9600}}\n")
                .find("need a serial:// uri"),
            std::string::npos);
  EXPECT_NE(bench_errors("devices:\n  - {name: a, uri: 'serial:///dev/x', serial: {baud: -3}}\n")
                .find("baud"),
            std::string::npos);
  EXPECT_NE(bench_errors("devices:\n  - {name: a, uri: 'tcp://h:1', host: lab-pc-2}\n")
                .find("not supported yet"),
            std::string::npos);
  EXPECT_NE(bench_errors("devices: []\n").find("lists no device"), std::string::npos);
  EXPECT_NE(bench_errors("devices:\n  - {uri: 'mock:'}\n")
                .find("b.yaml:2:5: error: missing required key 'name'"),
            std::string::npos);
  EXPECT_NE(bench_errors("bench: x\n").find("missing required key 'devices'"), std::string::npos);
  EXPECT_NE(bench_errors("scenario: x\nsteps: []\n").find("not a bench file"), std::string::npos);
}

TEST(BenchFile, IsBounded) {
  std::string text = "devices:\n";
  for (int i = 0; i < 1025; ++i) text += "  - {name: d" + std::to_string(i) + ", uri: 'mock:'}\n";
  EXPECT_NE(bench_errors(text).find("more than 1024 devices"), std::string::npos);
}

TEST(DeviceOptions, NamesByPositionOrByPrefix) {
  auto bench = bench_from_device_options(
      {"mock:", "left=tcp://127.0.0.1:5025", "serial:///dev/ttyUSB0?baud=9600"});
  ASSERT_TRUE(bench.ok()) << bench.error().message;
  ASSERT_EQ(bench->devices.size(), 3u);
  EXPECT_EQ(bench->devices[0].name, "dev1");
  EXPECT_EQ(bench->devices[1].name, "left");
  EXPECT_EQ(bench->devices[1].uri, "tcp://127.0.0.1:5025");
  EXPECT_EQ(bench->devices[2].name, "dev3");
  EXPECT_EQ(bench->devices[2].uri, "serial:///dev/ttyUSB0?baud=9600");
}

TEST(DeviceOptions, RefusesRepeatsAndBadUris) {
  auto repeated = bench_from_device_options({"a=mock:", "a=mock:"});
  ASSERT_FALSE(repeated.ok());
  EXPECT_NE(repeated.error().message.find("repeats"), std::string::npos);
  auto bad = bench_from_device_options({"mock:", "tcp://nohost"});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("--device tcp://nohost"), std::string::npos);
  EXPECT_FALSE(bench_from_device_options({"a b=mock:"}).ok());
}

}  // namespace
}  // namespace stimbench
