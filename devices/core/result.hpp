// Error values that cross module boundaries instead of exceptions.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace stimbench {

// `timeout`, `closed` and `io` are device/transport failures (exit 3 at the CLI);
// `protocol_violation` is a device answering wrongly (a failed check, exit 1);
// `invalid_input` is bad user input (exit 2); `cancelled` is an interrupt (exit 130).
enum class ErrorCode {
  invalid_input,
  io,
  timeout,
  closed,
  protocol_violation,
  unsupported,
  busy,
  cancelled,
  interlock,
  internal,
};

const char* to_string(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string message;

  // Prefixes context so the final message reads outermost-first.
  Error with_context(const std::string& context) const {
    return Error{code, context + ": " + message};
  }
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}
  Result(Error error) : data_(std::move(error)) {}

  bool ok() const { return std::holds_alternative<T>(data_); }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { return std::get<Error>(data_); }

 private:
  std::variant<T, Error> data_;
};

// Result without a value.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)) {}
  static Status success() { return Status(); }

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return *error_; }

 private:
  std::optional<Error> error_;
};

inline Error make_error(ErrorCode code, std::string message) {
  return Error{code, std::move(message)};
}

}  // namespace stimbench
