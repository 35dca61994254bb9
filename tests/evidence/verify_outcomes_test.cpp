// verify_evidence's verdicts, one test per outcome: OK, INCOMPLETE, each way of tampering
// (file or transcript line changed, added, removed, cut short; record.json by JSON pointer;
// signature missing, bad or by another key), EMPTY and not an evidence folder.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "harness/evidence/evidence_folder.hpp"
#include "harness/evidence/evidence_verify.hpp"
#include "harness/evidence/hashing.hpp"
#include "tests/evidence/evidence_test_util.hpp"

namespace stimbench {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string dump(const VerifyReport& r) {
  std::string out = std::string(to_string(r.verdict)) + "\n";
  for (const auto& p : r.problems) out += "PROBLEM " + p + "\n";
  for (const auto& n : r.notes) out += "NOTE " + n + "\n";
  return out;
}

bool has(const std::vector<std::string>& lines, const std::string& a, const std::string& b = "") {
  for (const auto& l : lines) {
    if (l.find(a) != std::string::npos && l.find(b) != std::string::npos) return true;
  }
  return false;
}

class VerifyOutcomes : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(generate_key_pair(tmp_.file("keys")).ok());
    ASSERT_TRUE(generate_key_pair(tmp_.file("other-keys")).ok());
  }

  // A run's folder with a 5-line transcript; `finish` false stops where a kill would.
  void make_folder(bool finish, bool sign = false) {
    auto folder = EvidenceFolder::create(dir_);
    ASSERT_TRUE(folder.ok()) << folder.error().message;
    auto transcript = folder->open_transcript(TranscriptSync::none);
    ASSERT_TRUE(transcript.ok());
    for (int i = 0; i < 5; ++i) {
      ASSERT_TRUE((*transcript)->append({{"t_ns", i}, {"type", "event"}, {"event", "tick"}}).ok());
    }
    ASSERT_TRUE((*transcript)->close().ok());
    if (!finish) return;
    auto key = Ed25519Key::load_private(tmp_.file("keys/stimbench.key"));
    ASSERT_TRUE(key.ok()) << key.error().message;
    ASSERT_TRUE(folder->finish(test::sample_run(), sign ? &*key : nullptr).ok());
  }

  VerifyReport verify(const std::string& public_key = "") {
    std::optional<Ed25519Key> key;
    if (!public_key.empty()) {
      auto loaded = Ed25519Key::load_public(public_key);
      EXPECT_TRUE(loaded.ok()) << loaded.error().message;
      if (loaded.ok()) key = *loaded;
    }
    VerifyOptions options;
    options.key = key ? &*key : nullptr;
    auto report = verify_evidence(dir_, options);
    EXPECT_TRUE(report.ok());
    return report.ok() ? *report : VerifyReport{};
  }

  std::string path(const std::string& name) const { return dir_ + "/" + name; }
  std::string read(const std::string& name) const { return test::read_text(path(name)); }
  void replace(const std::string& name, const std::string& text) {
    fs::remove(path(name));
    test::write_text(path(name), text);
  }
  // A transcript's lines as they were written, without their '\n'.
  std::vector<std::string> transcript_lines() const {
    std::vector<std::string> lines;
    std::string text = read("transcript.jsonl");
    for (std::size_t start = 0; start < text.size();) {
      auto end = text.find('\n', start);
      lines.push_back(text.substr(start, end - start));
      start = end + 1;
    }
    return lines;
  }
  void write_lines(const std::vector<std::string>& lines, bool final_newline = true) {
    std::string text;
    for (const auto& l : lines) text += l + "\n";
    if (!final_newline) text.pop_back();
    replace("transcript.jsonl", text);
  }

  test::TempDir tmp_;
  std::string dir_ = tmp_.file("run");
};

TEST_F(VerifyOutcomes, FinishedFolderIsOk) {
  make_folder(true);
  VerifyReport r = verify();
  EXPECT_EQ(r.verdict, VerifyVerdict::ok) << dump(r);
  EXPECT_EQ(r.intact_lines, 5u);
}

TEST_F(VerifyOutcomes, ChangedAddedRemovedAndCutShortFilesAreNamed) {
  make_folder(true);
  std::string junit = read("junit.xml");
  junit[junit.size() / 2] ^= 1;
  replace("junit.xml", junit);
  std::string html = read("report.html");
  replace("report.html", html.substr(0, html.size() / 2));
  test::write_text(path("notes.txt"), "added later");
  fs::remove(path("record.json"));
  VerifyReport r = verify();
  EXPECT_EQ(r.verdict, VerifyVerdict::tampered);
  EXPECT_TRUE(has(r.problems, "junit.xml: SHA-256 mismatch (file altered)")) << dump(r);
  EXPECT_TRUE(
      has(r.problems, "report.html",
          "cut short: " + std::to_string(html.size() / 2) + " of " + std::to_string(html.size())))
      << dump(r);
  EXPECT_TRUE(has(r.problems, "notes.txt: present but not in the manifest (added)")) << dump(r);
  EXPECT_TRUE(has(r.problems, "record.json: listed in the manifest but missing (removed)"))
      << dump(r);
}

TEST_F(VerifyOutcomes, ChangedTranscriptLineIsNamed) {
  make_folder(true);
  auto lines = transcript_lines();
  lines[2].replace(lines[2].find("tick"), 4, "tock");
  write_lines(lines);
  VerifyReport r = verify();
  EXPECT_EQ(r.verdict, VerifyVerdict::tampered);
  EXPECT_TRUE(has(r.problems, "transcript.jsonl line 3: hash mismatch")) << dump(r);
}

TEST_F(VerifyOutcomes, RemovedTranscriptLineIsNamed) {
  make_folder(true);
  auto lines = transcript_lines();
  lines.erase(lines.begin() + 1);
  write_lines(lines);
  VerifyReport r = verify();
  EXPECT_EQ(r.verdict, VerifyVerdict::tampered);
  // What was line 3 is now line 2: its seq and prev give the gap away.
  EXPECT_TRUE(has(r.problems, "transcript.jsonl line 2: seq 2, expected 1")) << dump(r);
  EXPECT_TRUE(has(r.problems, "4 lines, but the manifest recorded 5: line 5 removed")) << dump(r);
}

TEST_F(VerifyOutcomes, TranscriptCutShortMidLineIsNamed) {
  make_folder(true);
  auto lines = transcript_lines();
  lines[4].resize(lines[4].size() / 2);
  write_lines(lines, /*final_newline=*/false);
  VerifyReport r = verify();
  EXPECT_EQ(r.verdict, VerifyVerdict::tampered);
  EXPECT_TRUE(has(r.problems, "transcript.jsonl line 5: cut short")) << dump(r);
}

TEST_F(VerifyOutcomes, LinesAppendedAfterTheRunAreNamed) {
  make_folder(true);
  auto lines = transcript_lines();
  lines.push_back(lines.back());  // a copy: its seq and prev are wrong too
  write_lines(lines);
  VerifyReport r = verify();
  EXPECT_EQ(r.verdict, VerifyVerdict::tampered);
  EXPECT_TRUE(has(r.problems, "6 lines, but the manifest recorded 5: line 6 added after the run"))
      << dump(r);
  EXPECT_TRUE(has(r.problems, "transcript.jsonl line 6: seq")) << dump(r);
}

TEST_F(VerifyOutcomes, RecordJsonChangeIsNamedByJsonPointer) {
  make_folder(true);
  json record = json::parse(read("record.json"));
  record["scenarios"][0]["steps"][1]["measurements"][0]["value"] = 99;
  record["scenarios"][1]["note"] = "inserted";
  record["summary"].erase("steps");
  replace("record.json", record.dump(2));
  VerifyReport r = verify();
  EXPECT_EQ(r.verdict, VerifyVerdict::tampered);
  EXPECT_TRUE(has(r.problems, "record.json at /scenarios/0/steps/1/measurements/0/value changed"))
      << dump(r);
  EXPECT_TRUE(has(r.problems, "record.json at /scenarios/1/note added")) << dump(r);
  EXPECT_TRUE(has(r.problems, "record.json at /summary/steps removed")) << dump(r);
  // Only the deepest nodes: not their parents.
  EXPECT_FALSE(has(r.problems, "record.json at /scenarios/0 changed")) << dump(r);
}

TEST_F(VerifyOutcomes, RecordJsonReformattedKeepsItsContent) {
  make_folder(true);
  replace("record.json", json::parse(read("record.json")).dump());
  VerifyReport r = verify();
  EXPECT_EQ(r.verdict, VerifyVerdict::tampered);
  EXPECT_TRUE(has(r.problems, "record.json: same JSON content, other bytes")) << dump(r);
}

TEST_F(VerifyOutcomes, SignedFolderVerifiesWithItsKeyOnly) {
  make_folder(true, /*sign=*/true);
  VerifyReport good = verify(tmp_.file("keys/stimbench.pub"));
  EXPECT_EQ(good.verdict, VerifyVerdict::ok) << dump(good);
  EXPECT_EQ(good.signature, SignatureState::valid);
  VerifyReport unchecked = verify();
  EXPECT_EQ(unchecked.verdict, VerifyVerdict::ok) << dump(unchecked);
  EXPECT_EQ(unchecked.signature, SignatureState::not_checked);
  EXPECT_TRUE(has(unchecked.notes, "signature not checked")) << dump(unchecked);

  VerifyReport wrong = verify(tmp_.file("other-keys/stimbench.pub"));
  EXPECT_EQ(wrong.verdict, VerifyVerdict::tampered);
  EXPECT_TRUE(has(wrong.problems, "manifest.sig: does not verify with the given key", "wrong key"))
      << dump(wrong);
}

TEST_F(VerifyOutcomes, RehashedEditBreaksTheSignature) {
  make_folder(true, /*sign=*/true);
  // The attack a hash chain alone cannot stop: edit a file, then fix its hash in the manifest.
  std::string record = read("record.json");
  record.replace(record.find("\"fail\""), 6, "\"pass\"");
  replace("record.json", record);
  json manifest = json::parse(read("manifest.json"));
  for (auto& f : manifest["files"]) {
    if (f["path"] == "record.json") f["sha256"] = sha256_hex(record);
  }
  manifest.erase("record_index");
  replace("manifest.json", manifest.dump(2) + "\n");
  EXPECT_EQ(verify().verdict, VerifyVerdict::ok);  // without a key the edit is invisible
  VerifyReport r = verify(tmp_.file("keys/stimbench.pub"));
  EXPECT_EQ(r.verdict, VerifyVerdict::tampered);
  EXPECT_TRUE(has(r.problems, "manifest.sig: bad signature")) << dump(r);
}

TEST_F(VerifyOutcomes, MissingSignatureIsTampering) {
  make_folder(true, /*sign=*/true);
  fs::remove(path("manifest.sig"));
  VerifyReport r = verify();  // the manifest says it was signed
  EXPECT_EQ(r.verdict, VerifyVerdict::tampered);
  EXPECT_TRUE(has(r.problems, "manifest.sig: missing (removed)")) << dump(r);
}

TEST_F(VerifyOutcomes, UnsignedFolderFailsWhenAKeyIsGiven) {
  make_folder(true);
  EXPECT_EQ(verify().verdict, VerifyVerdict::ok);
  VerifyReport r = verify(tmp_.file("keys/stimbench.pub"));
  EXPECT_EQ(r.verdict, VerifyVerdict::tampered);
  EXPECT_EQ(r.signature, SignatureState::invalid);
  EXPECT_TRUE(has(r.problems, "manifest.sig: missing: the folder is not signed")) << dump(r);
}

TEST_F(VerifyOutcomes, UnfinishedRunIsIncompleteButIntact) {
  make_folder(false);
  test::write_text(path(".manifest.json.tmp"), "{\"half");  // killed mid-manifest
  VerifyReport r = verify();
  EXPECT_EQ(r.verdict, VerifyVerdict::incomplete) << dump(r);
  EXPECT_EQ(r.intact_lines, 5u);
  EXPECT_TRUE(has(r.notes, ".manifest.json.tmp: not checked")) << dump(r);
}

TEST_F(VerifyOutcomes, UnfinishedRunWithALineCutByTheKill) {
  make_folder(false);
  auto lines = transcript_lines();
  lines[4].resize(20);
  write_lines(lines, /*final_newline=*/false);
  VerifyReport r = verify();
  EXPECT_EQ(r.verdict, VerifyVerdict::incomplete) << dump(r);
  EXPECT_EQ(r.intact_lines, 4u);
  EXPECT_TRUE(has(r.notes, "transcript.jsonl line 5: cut short")) << dump(r);
}

TEST_F(VerifyOutcomes, UnfinishedRunWithAChangedLineIsTampered) {
  make_folder(false);
  auto lines = transcript_lines();
  lines[1].replace(lines[1].find("tick"), 4, "tock");
  write_lines(lines);
  VerifyReport r = verify();
  EXPECT_EQ(r.verdict, VerifyVerdict::tampered) << dump(r);
  EXPECT_TRUE(has(r.problems, "transcript.jsonl line 2: hash mismatch")) << dump(r);
}

TEST_F(VerifyOutcomes, EmptyFolderIsEmpty) {
  fs::create_directories(path("captures"));  // empty subfolders hold nothing either
  EXPECT_EQ(verify().verdict, VerifyVerdict::empty);
}

TEST_F(VerifyOutcomes, FolderWithoutManifestOrTranscriptIsNotEvidence) {
  fs::create_directories(dir_);
  test::write_text(path("holiday.jpg"), "not evidence");
  VerifyReport r = verify();
  EXPECT_EQ(r.verdict, VerifyVerdict::not_evidence);
  EXPECT_TRUE(has(r.problems, "not an evidence folder")) << dump(r);
}

TEST(KeyPair, PrivateKeyIsMode0600AndNeverOverwritten) {
  test::TempDir tmp;
  const std::string dir = tmp.file("nested/keys");  // created, parents too
  ::umask(0);                                       // no help from the umask
  ASSERT_TRUE(generate_key_pair(dir).ok());
  ::umask(022);
  struct stat st {};
  ASSERT_EQ(::stat((dir + "/stimbench.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  std::string key = test::read_text(dir + "/stimbench.key");
  EXPECT_EQ(key.rfind("-----BEGIN PRIVATE KEY-----", 0), 0u) << key;
  EXPECT_EQ(test::read_text(dir + "/stimbench.pub").rfind("-----BEGIN PUBLIC KEY-----", 0), 0u);

  Status again = generate_key_pair(dir);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::invalid_input);
  EXPECT_NE(again.error().message.find("never overwrites"), std::string::npos);
  EXPECT_EQ(test::read_text(dir + "/stimbench.key"), key);
  // Only the public half left: still refused, so the pair is never split.
  fs::remove(dir + "/stimbench.key");
  EXPECT_FALSE(generate_key_pair(dir).ok());
  EXPECT_FALSE(fs::exists(dir + "/stimbench.key"));
}

TEST(KeyPair, SignsAndVerifiesAndTellsKeysApart) {
  test::TempDir tmp;
  ASSERT_TRUE(generate_key_pair(tmp.file("a")).ok());
  ASSERT_TRUE(generate_key_pair(tmp.file("b")).ok());
  auto a = Ed25519Key::load_private(tmp.file("a/stimbench.key"));
  auto a_pub = Ed25519Key::load_public(tmp.file("a/stimbench.pub"));
  auto b_pub = Ed25519Key::load_public(tmp.file("b/stimbench.pub"));
  ASSERT_TRUE(a.ok() && a_pub.ok() && b_pub.ok());
  EXPECT_EQ(a->fingerprint(), a_pub->fingerprint());
  EXPECT_NE(a->fingerprint(), b_pub->fingerprint());
  auto signature = a->sign("manifest bytes");
  ASSERT_TRUE(signature.ok());
  EXPECT_EQ(signature->size(), 64u);
  EXPECT_TRUE(a_pub->verify("manifest bytes", *signature));
  EXPECT_FALSE(a_pub->verify("manifest bytez", *signature));
  EXPECT_FALSE(b_pub->verify("manifest bytes", *signature));
  EXPECT_FALSE(a_pub->sign("x").ok());  // a public key cannot sign
  // The halves are not interchangeable, and other files are not keys.
  EXPECT_FALSE(Ed25519Key::load_public(tmp.file("a/stimbench.key")).ok());
  EXPECT_FALSE(Ed25519Key::load_private(tmp.file("a/stimbench.pub")).ok());
  test::write_text(tmp.file("junk.pem"), "-----BEGIN PUBLIC KEY-----\nAAAA\n");
  EXPECT_EQ(Ed25519Key::load_public(tmp.file("junk.pem")).error().code, ErrorCode::invalid_input);
}

}  // namespace
}  // namespace stimbench
