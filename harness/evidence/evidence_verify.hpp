// verify_evidence: what an evidence folder is (finished and intact, unfinished but intact,
// tampered, empty, or no evidence at all), behind `stimbench verify` (docs/evidence-format.md).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "devices/core/result.hpp"
#include "harness/evidence/signing.hpp"

namespace stimbench {

enum class VerifyVerdict {
  ok,          // manifest.json present, every file and line as it records (and signature, if asked)
  incomplete,  // no manifest.json (the run did not finish), transcript intact up to its end
  tampered,    // something changed, added, removed or cut short; or the signature fails
  empty,       // no file at all: nothing to check
  not_evidence,  // not a directory, or files but neither manifest.json nor transcript.jsonl
};

enum class SignatureState {
  not_signed,   // no manifest.sig and the manifest names none
  not_checked,  // signed, but no key was given
  valid,        // verified with the given key
  invalid,      // missing, wrong key or changed: always with a problem
};

struct VerifyOptions {
  const Ed25519Key* key = nullptr;  // public key to check manifest.sig with; null: not checked
};

struct VerifyReport {
  VerifyVerdict verdict = VerifyVerdict::not_evidence;
  // tampered: one line per finding, naming the file, the transcript line or the JSON pointer
  // in record.json; not_evidence: why.
  std::vector<std::string> problems;
  std::vector<std::string> notes;  // remarks that do not change the verdict
  std::uint64_t intact_lines = 0;  // transcript lines 1..N whose chain verified
  SignatureState signature = SignatureState::not_signed;
  std::string signer;  // fingerprint of the key that verified the signature
};

// Error only if `dir` is a directory that cannot be listed or read.
Result<VerifyReport> verify_evidence(const std::string& dir, const VerifyOptions& options = {});

const char* to_string(VerifyVerdict verdict);

}  // namespace stimbench
