#include "harness/evidence/hashing.hpp"

#include "devices/core/clock.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <time.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>
#include <random>

namespace stimbench {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

std::string to_lower_hex(const unsigned char* bytes, std::size_t size) {
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out.push_back(kHexDigits[bytes[i] >> 4]);
    out.push_back(kHexDigits[bytes[i] & 0x0F]);
  }
  return out;
}

struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

constexpr std::int64_t kNsPerSecond = 1'000'000'000;

// Splits into whole seconds and a non-negative remainder, also for instants before 1970.
void split_ns(std::int64_t unix_ns, std::time_t& seconds, std::int64_t& remainder_ns) {
  std::int64_t s = unix_ns / kNsPerSecond;
  std::int64_t r = unix_ns % kNsPerSecond;
  if (r < 0) {
    r += kNsPerSecond;
    --s;
  }
  seconds = static_cast<std::time_t>(s);
  remainder_ns = r;
}

}  // namespace

std::int64_t realtime_ns() {
  return wall_clock_unix_ns();
}

std::string sha256_hex(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  // EVP_Digest only fails on allocation failure; an empty result is then visible to the caller.
  if (EVP_Digest(data.data(), data.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1) {
    return {};
  }
  return to_lower_hex(digest.data(), size);
}

struct Sha256Hasher::State {
  EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~State() {
    EVP_MD_CTX_free(ctx);
    EVP_MD_free(md);
  }
};

Sha256Hasher::Sha256Hasher() : state_(std::make_unique<State>()) {}

Sha256Hasher::~Sha256Hasher() = default;

bool Sha256Hasher::hex_digest(std::string_view data, char (&hex)[64]) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (state_->md == nullptr || state_->ctx == nullptr ||
      EVP_DigestInit_ex(state_->ctx, state_->md, nullptr) != 1 ||
      EVP_DigestUpdate(state_->ctx, data.data(), data.size()) != 1 ||
      EVP_DigestFinal_ex(state_->ctx, digest, &size) != 1 || size != 32) {
    return false;
  }
  for (unsigned int i = 0; i < size; ++i) {
    hex[2 * i] = kHexDigits[digest[i] >> 4];
    hex[2 * i + 1] = kHexDigits[digest[i] & 0x0F];
  }
  return true;
}

Result<std::string> sha256_file(const std::string& path) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) {
    return make_error(ErrorCode::io, "cannot open " + path + ": " + std::strerror(errno));
  }
  MdCtx ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) {
    return make_error(ErrorCode::internal, "cannot initialise SHA-256");
  }
  std::array<unsigned char, 64 * 1024> buffer{};
  for (;;) {
    std::size_t n = std::fread(buffer.data(), 1, buffer.size(), file.get());
    if (n > 0 && EVP_DigestUpdate(ctx.get(), buffer.data(), n) != 1) {
      return make_error(ErrorCode::internal, "SHA-256 update failed for " + path);
    }
    if (n < buffer.size()) {
      if (std::ferror(file.get())) {
        return make_error(ErrorCode::io, "cannot read " + path);
      }
      break;
    }
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (EVP_DigestFinal_ex(ctx.get(), digest.data(), &size) != 1) {
    return make_error(ErrorCode::internal, "SHA-256 final failed for " + path);
  }
  return to_lower_hex(digest.data(), size);
}

std::string new_uuid_v4() {
  std::array<unsigned char, 16> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    // OpenSSL's CSPRNG failing is near impossible; a run id must still be unique, not secret.
    std::random_device device;
    for (auto& b : bytes) b = static_cast<unsigned char>(device());
  }
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40);  // version 4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant
  std::string hex = to_lower_hex(bytes.data(), bytes.size());
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

namespace {
std::tm utc_fields(std::int64_t unix_ns, std::int64_t& remainder_ns) {
  std::time_t seconds = 0;
  split_ns(unix_ns, seconds, remainder_ns);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return tm;
}
}  // namespace

std::string utc_timestamp(std::int64_t unix_ns) {
  std::int64_t remainder = 0;
  std::tm tm = utc_fields(unix_ns, remainder);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(remainder / 1'000'000));
  return buffer;
}

std::string utc_timestamp_compact(std::int64_t unix_ns) {
  std::int64_t remainder = 0;
  std::tm tm = utc_fields(unix_ns, remainder);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d%02d%02dT%02d%02d%02dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buffer;
}

std::string utc_timestamp_now() {
  return utc_timestamp(realtime_ns());
}

std::string utc_timestamp_compact_now() {
  return utc_timestamp_compact(realtime_ns());
}

}  // namespace stimbench
