// Ed25519 signatures of manifest.json (OpenSSL 3). Keys are PEM files exactly as
// `openssl genpkey -algorithm ed25519` and `openssl pkey -pubout` write them.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "devices/core/result.hpp"

typedef struct evp_pkey_st EVP_PKEY;

namespace stimbench {

inline constexpr std::string_view kSignatureFileName = "manifest.sig";
inline constexpr std::string_view kPrivateKeyFileName = "stimbench.key";
inline constexpr std::string_view kPublicKeyFileName = "stimbench.pub";

struct PkeyDeleter {
  void operator()(EVP_PKEY* key) const;
};

// An Ed25519 private key (signing) or public key (verifying), loaded from a PEM file.
class Ed25519Key {
 public:
  // "-----BEGIN PRIVATE KEY-----" (PKCS#8, unencrypted). invalid_input if unreadable, not PEM
  // or not Ed25519.
  static Result<Ed25519Key> load_private(const std::string& path);
  // "-----BEGIN PUBLIC KEY-----" (SubjectPublicKeyInfo).
  static Result<Ed25519Key> load_public(const std::string& path);

  bool is_private() const { return private_; }
  // Lower-case hex SHA-256 of the public key's DER form; the same for a key pair's two files:
  // `openssl pkey -pubin -in stimbench.pub -outform DER | sha256sum`.
  const std::string& fingerprint() const { return fingerprint_; }

  // The 64-byte raw signature of `data` (private keys only).
  Result<std::string> sign(std::string_view data) const;
  // True when `signature` is a valid signature of `data` under this key's public half.
  bool verify(std::string_view data, std::string_view signature) const;

 private:
  Ed25519Key(std::unique_ptr<EVP_PKEY, PkeyDeleter> key, bool is_private);
  std::shared_ptr<EVP_PKEY> key_;
  bool private_ = false;
  std::string fingerprint_;
};

// Writes a new key pair as `dir`/stimbench.key (mode 0600) and `dir`/stimbench.pub, creating
// `dir` (and its parents) if needed. invalid_input, writing nothing, if either file exists.
Status generate_key_pair(const std::string& dir);

}  // namespace stimbench
