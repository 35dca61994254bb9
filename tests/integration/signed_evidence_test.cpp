// `stimbench keygen`, `run --sign-key` and `verify --verify-key` through the binary, with its
// own keys and with keys the openssl CLI made; verify's verdict lines and exit codes.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "tests/integration/cli_fixture.hpp"

namespace stimbench::test {
namespace {

constexpr const char* kOpenssl = "/usr/bin/openssl";

std::string first_line(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

void write_text(const std::string& path, const std::string& text) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr) << path;
  std::fputs(text.c_str(), f);
  std::fclose(f);
}

ProcessResult signed_smoke_run(const std::string& out, const std::string& key) {
  return run_cli({"run", scenario_dir("smoke"), "--out", out, "--sign-key", key, "--quiet"});
}

TEST(SignedEvidence, KeygenRunAndVerifyWithThePublicKey) {
  std::string keys = fresh_path("keys");
  ProcessResult made = run_cli({"keygen", "--out", keys});
  ASSERT_EQ(made.exit_code, 0) << made.out << made.err;
  struct stat st {};
  ASSERT_EQ(stat((keys + "/stimbench.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ProcessResult again = run_cli({"keygen", "--out", keys});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("never overwrites"), std::string::npos) << again.err;

  std::string out = fresh_path("evidence");
  ProcessResult run = signed_smoke_run(out, keys + "/stimbench.key");
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  ProcessResult good = run_cli({"verify", out, "--verify-key", keys + "/stimbench.pub"});
  EXPECT_EQ(good.exit_code, 0) << good.out << good.err;
  EXPECT_EQ(first_line(good.out), "OK");
  EXPECT_NE(good.out.find("signature valid"), std::string::npos) << good.out;

  ProcessResult unchecked = run_cli({"verify", out});
  EXPECT_EQ(unchecked.exit_code, 0) << unchecked.out;
  EXPECT_NE(unchecked.out.find("signature not checked"), std::string::npos) << unchecked.out;

  std::string other = fresh_path("keys");
  ASSERT_EQ(run_cli({"keygen", "--out", other}).exit_code, 0);
  ProcessResult wrong = run_cli({"verify", out, "--verify-key", other + "/stimbench.pub"});
  EXPECT_EQ(wrong.exit_code, 1) << wrong.out;
  EXPECT_NE(wrong.out.find("PROBLEM manifest.sig: does not verify"), std::string::npos)
      << wrong.out;
}

TEST(SignedEvidence, BadSignKeyIsRefusedBeforeTheRun) {
  std::string out = fresh_path("evidence");
  ProcessResult r = signed_smoke_run(out, "/nonexistent/stimbench.key");
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("--sign-key"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));  // no device contacted, no folder
}

// Keys from `openssl genpkey`, and the signature checked by `openssl pkeyutl` on its own: the
// folder does not need stimbench to be verified.
TEST(SignedEvidence, OpensslMadeKeysAndOpensslVerifies) {
  if (::access(kOpenssl, X_OK) != 0) GTEST_SKIP() << "no " << kOpenssl << " (Debian: openssl)";
  std::string keys = fresh_path("keys");
  std::filesystem::create_directories(keys);
  std::string key = keys + "/bench.key";
  std::string pub = keys + "/bench.pub";
  ASSERT_EQ(run_process({kOpenssl, "genpkey", "-algorithm", "ed25519", "-out", key}).exit_code, 0);
  ASSERT_EQ(run_process({kOpenssl, "pkey", "-in", key, "-pubout", "-out", pub}).exit_code, 0);

  std::string out = fresh_path("evidence");
  ProcessResult run = signed_smoke_run(out, key);
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  ProcessResult good = run_cli({"verify", out, "--verify-key", pub});
  EXPECT_EQ(good.exit_code, 0) << good.out << good.err;
  ProcessResult independent =
      run_process({kOpenssl, "pkeyutl", "-verify", "-pubin", "-inkey", pub, "-rawin", "-in",
                   out + "/manifest.json", "-sigfile", out + "/manifest.sig"});
  EXPECT_EQ(independent.exit_code, 0) << independent.out << independent.err;
}

TEST(VerifyCommand, VerdictLinesAndExitCodes) {
  std::string empty = fresh_path("empty");
  std::filesystem::create_directories(empty);
  ProcessResult e = run_cli({"verify", empty});
  EXPECT_EQ(e.exit_code, 2);
  EXPECT_EQ(first_line(e.out), "EMPTY") << e.out;

  ProcessResult missing = run_cli({"verify", fresh_path("nothing-here")});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.out.find("not an evidence folder"), std::string::npos) << missing.out;

  std::string out = fresh_path("evidence");
  ASSERT_EQ(run_cli({"run", scenario_dir("smoke"), "--out", out, "--quiet"}).exit_code, 0);
  std::filesystem::rename(out + "/manifest.json", out + "/../moved-manifest.json");
  ProcessResult incomplete = run_cli({"verify", out});
  EXPECT_EQ(incomplete.exit_code, 4) << incomplete.out;
  EXPECT_TRUE(first_line(incomplete.out).rfind("INCOMPLETE: transcript intact, lines 1-", 0) == 0)
      << incomplete.out;
  EXPECT_NE(incomplete.out.find("(run did not finish)"), std::string::npos) << incomplete.out;

  write_text(out + "/manifest.json", "{\"format\": ");
  ProcessResult corrupt = run_cli({"verify", out});
  EXPECT_EQ(corrupt.exit_code, 1) << corrupt.out;
  EXPECT_NE(corrupt.out.find("PROBLEM manifest.json is not a valid JSON object"), std::string::npos)
      << corrupt.out;
}

}  // namespace
}  // namespace stimbench::test
