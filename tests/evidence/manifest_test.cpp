#include "harness/evidence/manifest.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "harness/evidence/evidence_folder.hpp"
#include "harness/evidence/evidence_verify.hpp"
#include "harness/evidence/hashing.hpp"
#include "tests/evidence/evidence_test_util.hpp"

namespace stimbench {
namespace {

using nlohmann::json;

bool mentions(const std::vector<std::string>& problems, const std::string& a,
              const std::string& b = "") {
  for (const auto& p : problems) {
    if (p.find(a) != std::string::npos && p.find(b) != std::string::npos) return true;
  }
  return false;
}

std::string dump(const std::vector<std::string>& problems) {
  std::string out;
  for (const auto& p : problems) out += p + "\n";
  return out;
}

// A complete folder as a run leaves it: transcript, an extra capture, then finish().
class EvidenceFolderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test::write_text(tmp_.file("scenario.yaml"), "scenario: refusals\n");
    auto folder = EvidenceFolder::create(dir_);
    ASSERT_TRUE(folder.ok()) << folder.error().message;
    auto transcript = folder->open_transcript();
    ASSERT_TRUE(transcript.ok()) << transcript.error().message;
    for (int i = 0; i < 4; ++i) {
      ASSERT_TRUE((*transcript)
                      ->append({{"t_ns", i * 1000},
                                {"type", "frame"},
                                {"dir", i % 2 ? "rx" : "tx"},
                                {"hex", "4F 4B 0A"},
                                {"decoded", "OK"}})
                      .ok());
    }
    ASSERT_TRUE((*transcript)->close().ok());
    std::filesystem::create_directories(dir_ + "/captures");
    test::write_text(dir_ + "/captures/scope.csv", "t,v\n0,1\n");
    run_ = test::sample_run();
    run_.inputs.push_back({"profile", tmp_.file("scenario.yaml"), ""});  // hash left to finish
    Status finished = folder->finish(run_);
    ASSERT_TRUE(finished.ok()) << finished.error().message;
  }

  VerifyReport report(const VerifyOptions& options = {}) {
    auto result = verify_evidence(dir_, options);
    EXPECT_TRUE(result.ok());
    return result.ok() ? *result : VerifyReport{};
  }
  std::vector<std::string> verify() {
    VerifyReport r = report();
    EXPECT_EQ(r.verdict == VerifyVerdict::ok, r.problems.empty()) << dump(r.problems);
    return r.problems;
  }
  json manifest() { return json::parse(test::read_text(dir_ + "/manifest.json")); }

  test::TempDir tmp_;
  std::string dir_ = tmp_.file("out/run-1");  // parent "out" does not exist yet
  RunRecord run_;
};

TEST_F(EvidenceFolderTest, IntactFolderVerifiesClean) {
  VerifyReport r = report();
  EXPECT_EQ(r.verdict, VerifyVerdict::ok) << dump(r.problems);
  EXPECT_EQ(r.intact_lines, 4u);
  EXPECT_EQ(r.signature, SignatureState::not_signed);
  // manifest.json appeared by rename: no temporary is left behind.
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/.manifest.json.tmp"));
}

TEST_F(EvidenceFolderTest, ManifestHoldsRunInfoAndEveryOtherFileSorted) {
  json m = manifest();
  EXPECT_EQ(m["format"], "stimbench-evidence-manifest");
  EXPECT_EQ(m["run_id"], run_.run_id);
  EXPECT_EQ(m["started_utc"], run_.started_utc);
  EXPECT_EQ(m["harness"]["git_commit"], run_.git_commit);
  EXPECT_EQ(m["operator"], "A. Tester");
  EXPECT_EQ(m["device"]["identity"]["model"], "Reference-1");
  EXPECT_EQ(m["profile"]["sha256"], std::string(64, 'a'));
  EXPECT_EQ(m["clock"]["source"], "CLOCK_MONOTONIC");
  EXPECT_EQ(m["seed"].get<std::uint64_t>(), run_.seed);
  EXPECT_EQ(m["time_scale"], 10.0);
  EXPECT_EQ(m["command_line"][4], "42");
  EXPECT_EQ(m["exit_code"], 3);
  EXPECT_EQ(m["inputs"][1]["sha256"], sha256_hex("scenario: refusals\n"));
  EXPECT_EQ(m["transcript"]["lines"], 4);

  std::vector<std::string> names;
  for (const auto& f : m["files"]) {
    names.push_back(f["path"]);
    auto actual = sha256_file(dir_ + "/" + f["path"].get<std::string>());
    ASSERT_TRUE(actual.ok());
    EXPECT_EQ(f["sha256"], *actual);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"captures/scope.csv", "junit.xml", "record.json",
                                             "report.html", "transcript.jsonl"}));
  // record.json got the same filled-in input hash as the manifest.
  json record = json::parse(test::read_text(dir_ + "/record.json"));
  EXPECT_EQ(record["run"]["inputs"][1]["sha256"], m["inputs"][1]["sha256"]);
}

TEST_F(EvidenceFolderTest, AlteredFileIsNamed) {
  std::string text = test::read_text(dir_ + "/record.json");
  text[text.find("\"fail\"") + 1] = 'p';
  test::write_text(dir_ + "/record.json", text);
  auto problems = verify();
  ASSERT_EQ(problems.size(), 2u) << dump(problems);
  EXPECT_TRUE(mentions(problems, "record.json", "SHA-256 mismatch"));
  // The manifest's record_index names the member: the first "fail" in the file (keys sorted)
  // is the verdict of the first scenario's second step.
  EXPECT_EQ(problems[1], "record.json at /scenarios/0/steps/1/verdict changed") << dump(problems);
}

TEST_F(EvidenceFolderTest, MissingAndExtraFilesAreNamed) {
  std::filesystem::remove(dir_ + "/junit.xml");
  test::write_text(dir_ + "/notes.txt", "added later");
  auto problems = verify();
  EXPECT_TRUE(mentions(problems, "junit.xml", "missing")) << dump(problems);
  EXPECT_TRUE(mentions(problems, "notes.txt", "not in the manifest")) << dump(problems);
}

TEST_F(EvidenceFolderTest, TranscriptTamperIsNamedByLine) {
  std::string text = test::read_text(dir_ + "/transcript.jsonl");
  auto second_line = text.find('\n') + 1;
  text[text.find("4F 4B", second_line)] = '5';
  test::write_text(dir_ + "/transcript.jsonl", text);
  auto problems = verify();
  EXPECT_TRUE(mentions(problems, "transcript.jsonl", "SHA-256 mismatch")) << dump(problems);
  EXPECT_TRUE(mentions(problems, "transcript.jsonl line 2", "hash mismatch")) << dump(problems);
}

TEST_F(EvidenceFolderTest, DroppedTailOfTranscriptIsNamed) {
  std::string text = test::read_text(dir_ + "/transcript.jsonl");
  text.erase(text.rfind('\n', text.size() - 2) + 1);  // drop the last line cleanly
  test::write_text(dir_ + "/transcript.jsonl", text);
  auto problems = verify();
  EXPECT_TRUE(mentions(problems, "transcript.jsonl: 3 lines", "recorded 4")) << dump(problems);
  EXPECT_TRUE(mentions(problems, "line 4 removed (cut short)")) << dump(problems);
}

TEST_F(EvidenceFolderTest, MissingOrGarbledManifestIsReported) {
  std::filesystem::rename(dir_ + "/manifest.json", tmp_.file("moved.json"));
  VerifyReport unfinished = report();  // what a run killed before its manifest leaves
  EXPECT_EQ(unfinished.verdict, VerifyVerdict::incomplete) << dump(unfinished.problems);
  EXPECT_EQ(unfinished.intact_lines, 4u);
  test::write_text(dir_ + "/manifest.json", "{ not json");
  EXPECT_EQ(report().verdict, VerifyVerdict::tampered);
  EXPECT_TRUE(mentions(verify(), "manifest.json is not a valid JSON object"));
  test::write_text(dir_ + "/manifest.json", R"({"format": 7, "files": [{"path": 1}]})");
  auto problems = verify();
  EXPECT_TRUE(mentions(problems, "manifest.json", "format")) << dump(problems);
  EXPECT_TRUE(mentions(problems, "files[0]", "needs string")) << dump(problems);
}

TEST_F(EvidenceFolderTest, ManifestCannotPointOutsideTheFolder) {
  json m = manifest();
  m["files"].push_back({{"path", "../../etc/passwd"}, {"sha256", std::string(64, '0')}});
  std::filesystem::remove(dir_ + "/manifest.json");
  test::write_text(dir_ + "/manifest.json", m.dump());
  EXPECT_TRUE(mentions(verify(), "../../etc/passwd", "leaves the evidence folder"));
}

TEST_F(EvidenceFolderTest, FinishTwiceAndCreateOverExistingFail) {
  auto again = EvidenceFolder::create(dir_);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::invalid_input);
  test::write_text(tmp_.file("plain-file"), "x");
  EXPECT_EQ(EvidenceFolder::create(tmp_.file("plain-file")).error().code, ErrorCode::invalid_input);
  auto other = EvidenceFolder::create(tmp_.file("out/run-2/"));
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->dir(), tmp_.file("out/run-2"));
  EXPECT_EQ(other->record_path(), tmp_.file("out/run-2/record.json"));
  EXPECT_EQ(other->junit_path(), tmp_.file("out/run-2/junit.xml"));
  EXPECT_EQ(other->manifest_path(), tmp_.file("out/run-2/manifest.json"));
  EXPECT_EQ(other->transcript_path(), tmp_.file("out/run-2/transcript.jsonl"));
  ASSERT_TRUE(other->finish(run_).ok());
  EXPECT_FALSE(other->finish(run_).ok());
  // That folder has no transcript: verify says so rather than calling it intact.
  auto other_report = verify_evidence(other->dir());
  ASSERT_TRUE(other_report.ok());
  EXPECT_EQ(other_report->verdict, VerifyVerdict::tampered);
  EXPECT_TRUE(mentions(other_report->problems, "transcript.jsonl", "required"))
      << dump(other_report->problems);
}

TEST_F(EvidenceFolderTest, SymlinksAreNotEvidence) {
  ASSERT_EQ(::symlink("/etc/hostname", (dir_ + "/link").c_str()), 0);
  EXPECT_TRUE(mentions(verify(), "link", "not a regular file"));
  auto folder = EvidenceFolder::create(tmp_.file("out/run-3"));
  ASSERT_TRUE(folder.ok());
  ASSERT_EQ(::symlink("/etc/hostname", (folder->dir() + "/link").c_str()), 0);
  Status written = write_manifest(run_, folder->dir());
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.error().code, ErrorCode::invalid_input);
}

TEST(VerifyEvidence, NotADirectoryIsNotEvidence) {
  auto result = verify_evidence("/nonexistent/stimbench-evidence");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->verdict, VerifyVerdict::not_evidence);
  EXPECT_TRUE(mentions(result->problems, "not a directory"));
}

}  // namespace
}  // namespace stimbench
