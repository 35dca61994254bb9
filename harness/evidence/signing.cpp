#include "harness/evidence/signing.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "harness/evidence/file_io.hpp"
#include "harness/evidence/hashing.hpp"

namespace fs = std::filesystem;

namespace stimbench {
namespace {

struct PemBioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
using PemBio = std::unique_ptr<BIO, PemBioDeleter>;
using Pkey = std::unique_ptr<EVP_PKEY, PkeyDeleter>;

struct SignCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using SignCtx = std::unique_ptr<EVP_MD_CTX, SignCtxDeleter>;

Result<Pkey> read_pem(const std::string& path, bool want_private) {
  auto text = read_file(path);
  if (!text.ok()) return make_error(ErrorCode::invalid_input, text.error().message);
  PemBio bio(BIO_new_mem_buf(text->data(), static_cast<int>(text->size())));
  if (!bio) return make_error(ErrorCode::internal, "out of memory reading " + path);
  Pkey key(want_private ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr)
                        : PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  const char* kind = want_private ? "an unencrypted PEM private key (BEGIN PRIVATE KEY)"
                                  : "a PEM public key (BEGIN PUBLIC KEY)";
  if (!key) return make_error(ErrorCode::invalid_input, path + " is not " + std::string(kind));
  if (EVP_PKEY_get_id(key.get()) != EVP_PKEY_ED25519) {
    return make_error(ErrorCode::invalid_input, path + " is not an Ed25519 key");
  }
  return key;
}

std::string public_fingerprint(EVP_PKEY* key) {
  unsigned char* der = nullptr;
  int size = i2d_PUBKEY(key, &der);
  if (size <= 0) return {};
  std::string hash = sha256_hex(std::string_view(reinterpret_cast<char*>(der), size));
  OPENSSL_free(der);
  return hash;
}

Result<std::string> pem_text(EVP_PKEY* key, bool write_private) {
  PemBio bio(BIO_new(BIO_s_mem()));
  int written = !bio            ? 0
                : write_private ? PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0,
                                                           nullptr, nullptr)
                                : PEM_write_bio_PUBKEY(bio.get(), key);
  if (written != 1) return make_error(ErrorCode::internal, "cannot encode the key as PEM");
  char* data = nullptr;
  long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

// Creates `path` exclusively with exactly `mode` (umask cannot widen it, fchmod undoes any
// narrowing so the private key is 0600, not 0400 or 0000).
Status write_key_file(const std::string& path, const std::string& text, mode_t mode) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    return make_error(errno == EEXIST ? ErrorCode::invalid_input : ErrorCode::io,
                      "cannot create " + path + ": " + std::strerror(errno));
  }
  Status status =
      ::fchmod(fd, mode) == 0
          ? write_all(fd, text, path)
          : make_error(ErrorCode::io, "cannot chmod " + path + ": " + std::strerror(errno));
  if (status.ok() && ::fsync(fd) != 0) {
    status = make_error(ErrorCode::io, "cannot sync " + path + ": " + std::strerror(errno));
  }
  ::close(fd);
  return status;
}

}  // namespace

void PkeyDeleter::operator()(EVP_PKEY* key) const {
  EVP_PKEY_free(key);
}

Ed25519Key::Ed25519Key(std::unique_ptr<EVP_PKEY, PkeyDeleter> key, bool is_private)
    : key_(key.release(), PkeyDeleter{}), private_(is_private) {
  fingerprint_ = public_fingerprint(key_.get());
}

Result<Ed25519Key> Ed25519Key::load_private(const std::string& path) {
  auto key = read_pem(path, true);
  if (!key.ok()) return key.error();
  return Ed25519Key(std::move(key).value(), true);
}

Result<Ed25519Key> Ed25519Key::load_public(const std::string& path) {
  auto key = read_pem(path, false);
  if (!key.ok()) return key.error();
  return Ed25519Key(std::move(key).value(), false);
}

Result<std::string> Ed25519Key::sign(std::string_view data) const {
  if (!private_) return make_error(ErrorCode::invalid_input, "a public key cannot sign");
  SignCtx ctx(EVP_MD_CTX_new());
  std::string signature(64, '\0');
  std::size_t size = signature.size();
  // Ed25519 hashes internally: no digest, one-shot sign over the whole message.
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key_.get()) != 1 ||
      EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &size,
                     reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1) {
    return make_error(ErrorCode::internal, "Ed25519 signing failed");
  }
  signature.resize(size);
  return signature;
}

bool Ed25519Key::verify(std::string_view data, std::string_view signature) const {
  SignCtx ctx(EVP_MD_CTX_new());
  return ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key_.get()) == 1 &&
         EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                          signature.size(), reinterpret_cast<const unsigned char*>(data.data()),
                          data.size()) == 1;
}

Status generate_key_pair(const std::string& dir) {
  std::string key_path = dir + "/" + std::string(kPrivateKeyFileName);
  std::string pub_path = dir + "/" + std::string(kPublicKeyFileName);
  std::error_code ec;
  for (const std::string& path : {key_path, pub_path}) {
    if (fs::exists(fs::symlink_status(path, ec))) {
      return make_error(ErrorCode::invalid_input,
                        path + " already exists; keygen never overwrites a key");
    }
  }
  fs::create_directories(dir, ec);
  if (ec) return make_error(ErrorCode::io, "cannot create " + dir + ": " + ec.message());
  Pkey key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  if (!key) return make_error(ErrorCode::internal, "Ed25519 key generation failed");
  auto private_pem = pem_text(key.get(), true);
  if (!private_pem.ok()) return private_pem.error();
  auto public_pem = pem_text(key.get(), false);
  if (!public_pem.ok()) return public_pem.error();
  if (Status s = write_key_file(key_path, *private_pem, 0600); !s.ok()) return s;
  if (Status s = write_key_file(pub_path, *public_pem, 0644); !s.ok()) {
    ::unlink(key_path.c_str());  // half a pair is no use, and the next keygen would refuse
    return s;
  }
  return sync_directory(dir);
}

}  // namespace stimbench
