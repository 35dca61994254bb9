// `stimbench verify DIR [--verify-key FILE]` and `stimbench keygen --out DIR`.
// Verdict lines and exit codes: docs/evidence-format.md, "Verifying a folder".
#include <cstdio>
#include <optional>

#include "harness/cli/bench_verify.hpp"
#include "harness/cli/commands.hpp"
#include "harness/cli/run_progress.hpp"
#include "harness/evidence/evidence_verify.hpp"
#include "harness/evidence/signing.hpp"

namespace stimbench::cli {
namespace {

void print_lines(const char* tag, const std::vector<std::string>& lines) {
  for (const std::string& line : lines) std::printf("%s %s\n", tag, printable(line).c_str());
}

std::string signature_summary(const VerifyReport& report) {
  switch (report.signature) {
    case SignatureState::valid:
      return "; signature valid, key " + report.signer;
    case SignatureState::not_checked:
      return "; signature not checked";
    case SignatureState::not_signed:
      return "; not signed";
    case SignatureState::invalid:
      break;
  }
  return "";
}

}  // namespace

int verify_command(const std::string& dir, const std::string& verify_key) {
  std::optional<Ed25519Key> key;
  if (!verify_key.empty()) {
    auto loaded = Ed25519Key::load_public(verify_key);
    if (!loaded) {
      std::fprintf(stderr, "verify: --verify-key: %s\n", printable(loaded.error().message).c_str());
      return exit_code::kUsage;
    }
    key = std::move(loaded).value();
  }
  // A bench run's top folder: every device folder it lists, against summary.json.
  if (auto bench = verify_bench_folder(dir, key ? &*key : nullptr)) return *bench;
  VerifyOptions options;
  options.key = key ? &*key : nullptr;
  auto report = verify_evidence(dir, options);
  if (!report) {
    std::fprintf(stderr, "verify: %s\n", printable(report.error().message).c_str());
    return exit_code::kUsage;
  }
  const std::string shown = printable(dir);
  switch (report->verdict) {
    case VerifyVerdict::ok:
      std::printf(
          "OK\nverify: %s: intact (every file matches manifest.json, transcript chain "
          "unbroken, %llu lines%s)\n",
          shown.c_str(), static_cast<unsigned long long>(report->intact_lines),
          signature_summary(*report).c_str());
      print_lines("NOTE", report->notes);
      return exit_code::kPass;
    case VerifyVerdict::incomplete:
      std::printf("INCOMPLETE: transcript intact, lines 1-%llu (run did not finish)\n",
                  static_cast<unsigned long long>(report->intact_lines));
      if (report->intact_lines == 0) std::printf("NOTE the transcript has no complete line\n");
      print_lines("NOTE", report->notes);
      return exit_code::kIncomplete;
    case VerifyVerdict::tampered:
      print_lines("PROBLEM", report->problems);
      print_lines("NOTE", report->notes);
      std::printf("verify: %s: %zu problem(s); the evidence is not intact\n", shown.c_str(),
                  report->problems.size());
      return exit_code::kCheckFailed;
    case VerifyVerdict::empty:
      std::printf("EMPTY\nverify: %s: nothing to check (no files)\n", shown.c_str());
      return exit_code::kUsage;
    case VerifyVerdict::not_evidence:
      break;
  }
  std::printf("verify: %s: not an evidence folder (%s)\n", shown.c_str(),
              report->problems.empty() ? "" : printable(report->problems[0]).c_str());
  return exit_code::kUsage;
}

int keygen_command(const std::string& out_dir) {
  Status made = generate_key_pair(out_dir);
  if (!made) {
    std::fprintf(stderr, "keygen: %s\n", printable(made.error().message).c_str());
    return made.error().code == ErrorCode::invalid_input ? exit_code::kUsage
                                                         : exit_code::kDeviceError;
  }
  auto key = Ed25519Key::load_public(out_dir + "/" + std::string(kPublicKeyFileName));
  std::printf(
      "keygen: wrote %s/%s (private, mode 0600; keep it off the bench's shared disk) "
      "and %s/%s\n",
      printable(out_dir).c_str(), std::string(kPrivateKeyFileName).c_str(),
      printable(out_dir).c_str(), std::string(kPublicKeyFileName).c_str());
  if (key)
    std::printf("keygen: key fingerprint (SHA-256 of the public key) %s\n",
                key->fingerprint().c_str());
  return exit_code::kPass;
}

}  // namespace stimbench::cli
