// Fuzz target: `stimbench verify` (verify_evidence) on a mutated evidence folder. A small good
// folder is written once (transcript, a capture, record.json, junit.xml, report.html,
// manifest.json); each input then changes it and verify runs on the result.
// Input byte 0 picks the mutation, the rest is its content:
//   0x00-0x7F  replace file (byte0 % file count), in sorted order, with the content
//   0x80-0xBF  add an unlisted file holding the content
//   0xC0-0xFF  remove file (byte0 % file count)
// Asserts: verify never crashes and never calls a folder intact when a file the manifest
// covers changed, was added or removed; an unchanged folder is intact. manifest.json itself
// may be reformatted without changing its meaning, so a changed manifest only must not crash.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "harness/evidence/evidence_folder.hpp"
#include "harness/evidence/evidence_verify.hpp"
#include "harness/evidence/manifest.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

namespace fs = std::filesystem;
using namespace stimbench;
using stimbench::fuzz::property_failed;

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void write_all(const std::string& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

[[noreturn]] void setup_failed(const std::string& what) {
  std::fprintf(stderr, "fuzz_verify_evidence: setup: %s\n", what.c_str());
  std::abort();
}

// Fixed names, hashes and times, so the folder is the same in every process and the seeds in
// fixtures/fuzz/verify_evidence stay close to it.
RunRecord small_run() {
  RunRecord run;
  run.run_id = "6a1f0c2e-3b4d-4c5e-8f90-a1b2c3d4e5f6";
  run.started_utc = "2026-12-07T23:00:00.000Z";
  run.ended_utc = "2026-12-07T23:00:01.000Z";
  run.harness_version = "0.1.0";
  run.command_line = {"stimbench", "run", "fuzz.yaml"};
  run.device_uri = "mock:";
  run.profile_name = "reference";
  run.clock_name = "virtual";
  run.inputs.push_back({"scenario", "scenarios/fuzz.yaml", std::string(64, 'c')});
  ScenarioRecord scenario;
  scenario.id = "fuzz";
  scenario.title = "fuzz folder";
  scenario.file = "scenarios/fuzz.yaml";
  scenario.disarm_confirmed = true;
  StepRecord step;
  step.name = "steps[0] set power=50";
  step.kind = "set";
  step.phase = "steps";
  step.location = "fuzz.yaml:3:5";
  scenario.steps.push_back(step);
  run.scenarios.push_back(scenario);
  return run;
}

// The good folder, its files (sorted, manifest.json included) and their contents.
struct Folder {
  std::string dir;
  std::vector<std::string> files;
  std::vector<std::string> contents;
};

// With STIMBENCH_FUZZ_WRITE_SEEDS=DIR, writes one seed per file (replace it by itself) there:
// how fixtures/fuzz/verify_evidence was made.
void write_seeds(const Folder& folder) {
  const char* dir = std::getenv("STIMBENCH_FUZZ_WRITE_SEEDS");
  if (dir == nullptr) return;
  for (std::size_t i = 0; i < folder.files.size(); ++i) {
    std::string seed(1, static_cast<char>(i));
    write_all(std::string(dir) + "/keep-" + std::to_string(i), seed + folder.contents[i]);
  }
  write_all(std::string(dir) + "/add", std::string(1, '\x80') + "unlisted\n");
  write_all(std::string(dir) + "/remove", std::string(1, '\xC0'));
}

std::string& scratch_dir() {
  static std::string dir;
  return dir;
}

void remove_scratch_dir() {
  std::error_code ignored;
  fs::remove_all(scratch_dir(), ignored);
}

Folder make_good_folder() {
  std::string base = (fs::temp_directory_path() / "stimbench-fuzz-verify-XXXXXX").string();
  if (::mkdtemp(base.data()) == nullptr) setup_failed("mkdtemp");
  scratch_dir() = base;
  std::atexit(remove_scratch_dir);
  Folder folder{base + "/evidence", {}, {}};
  auto evidence = EvidenceFolder::create(folder.dir);
  if (!evidence.ok()) setup_failed(evidence.error().message);
  auto transcript = evidence->open_transcript(TranscriptSync::none);
  if (!transcript.ok()) setup_failed(transcript.error().message);
  for (int i = 0; i < 3; ++i) {
    Status appended = (*transcript)
                          ->append({{"t_ns", i * 1000},
                                    {"type", "frame"},
                                    {"dir", i % 2 ? "rx" : "tx"},
                                    {"hex", "4F 4B 0A"},
                                    {"decoded", "OK"}});
    if (!appended.ok()) setup_failed(appended.error().message);
  }
  if (!(*transcript)->close().ok()) setup_failed("transcript close");
  fs::create_directories(folder.dir + "/captures");
  write_all(folder.dir + "/captures/scope.csv", "t,v\n0,1\n");
  Status finished = evidence->finish(small_run());
  if (!finished.ok()) setup_failed(finished.error().message);
  std::vector<std::string> irregular;
  auto listed = list_evidence_files(folder.dir, irregular);
  if (!listed.ok()) setup_failed(listed.error().message);
  folder.files = *listed;
  folder.files.push_back(std::string(kManifestFileName));
  for (const std::string& f : folder.files)
    folder.contents.push_back(read_all(folder.dir + "/" + f));
  auto report = verify_evidence(folder.dir);
  if (!report.ok() || report->verdict != VerifyVerdict::ok)
    setup_failed("the good folder does not verify");
  write_seeds(folder);
  return folder;
}

const Folder& good_folder() {
  static const Folder folder = make_good_folder();
  return folder;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const Folder& folder = good_folder();
  const std::uint8_t mode = data[0];
  const std::size_t index = (mode & 0x3F) % folder.files.size();
  const std::string& name = folder.files[index];
  const std::string path = folder.dir + "/" + name;
  const std::string_view content = fuzz::as_text(data + 1, size - 1);
  const std::string extra = folder.dir + "/captures/extra.bin";

  bool changed = true;  // whether a file the manifest covers differs from the good folder
  if (mode < 0x80) {
    write_all(path, content);
    changed = content != folder.contents[index];
    if (name == kManifestFileName && changed) changed = false;  // only must not crash
  } else if (mode < 0xC0) {
    write_all(extra, content);
  } else {
    fs::remove(path);
  }

  auto report = verify_evidence(folder.dir);
  if (!report.ok()) property_failed("verify could not read the folder");
  if (changed && report->verdict == VerifyVerdict::ok)
    property_failed("verify called a changed folder intact");
  if (mode < 0x80 && content == folder.contents[index] && report->verdict != VerifyVerdict::ok)
    property_failed("verify found problems in an unchanged folder");

  // Restore the good folder for the next input.
  std::error_code ignored;
  fs::remove(extra, ignored);
  write_all(path, folder.contents[index]);
  return 0;
}
