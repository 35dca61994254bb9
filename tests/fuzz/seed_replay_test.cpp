// Replays one fuzz target's seeds (fixtures/fuzz/<target>/) through its LLVMFuzzerTestOneInput in
// the ordinary test builds, so every CI run, and the ASan+UBSan preset, checks the targets'
// properties on their seeds without the clang libFuzzer build. A violated property traps, which
// fails the test. ci/fuzz is the campaign that mutates the seeds.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

std::vector<std::filesystem::path> seed_files() {
  std::filesystem::path dir =
      std::filesystem::path(STIMBENCH_SOURCE_DIR) / "fixtures" / "fuzz" / STIMBENCH_FUZZ_TARGET;
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
    if (entry.is_regular_file()) files.push_back(entry.path());
  std::sort(files.begin(), files.end());  // a failure names the same seed every time
  return files;
}

TEST(FuzzSeeds, EverySeedKeepsTheTargetsProperties) {
  std::vector<std::filesystem::path> files = seed_files();
  ASSERT_FALSE(files.empty()) << "no seeds in fixtures/fuzz/" << STIMBENCH_FUZZ_TARGET;
  for (const auto& file : files) {
    SCOPED_TRACE(file.string());
    std::ifstream in(file, std::ios::binary);
    ASSERT_TRUE(in) << "cannot read " << file;
    std::vector<std::uint8_t> bytes{std::istreambuf_iterator<char>(in),
                                    std::istreambuf_iterator<char>()};
    // The empty input is the one every target must take too.
    EXPECT_EQ(LLVMFuzzerTestOneInput(bytes.data(), bytes.size()), 0);
  }
  EXPECT_EQ(LLVMFuzzerTestOneInput(nullptr, 0), 0);
}

}  // namespace
