#include "devices/drivers/reference_driver.hpp"

#include <cmath>
#include <cstdio>

#include "devices/drivers/line_exchange.hpp"
#include "devices/protocols/reference/codec.hpp"

namespace stimbench {
namespace {

using reference::Command;
using reference::Header;
using reference::ReplyLine;

DeviceState to_device_state(reference::StatusState state) {
  switch (state) {
    case reference::StatusState::standby:
      return DeviceState::standby;
    case reference::StatusState::armed:
      return DeviceState::armed;
    case reference::StatusState::ready:
      return DeviceState::ready;
    case reference::StatusState::firing:
      return DeviceState::firing;
    case reference::StatusState::fault:
      return DeviceState::fault;
  }
  return DeviceState::unknown;
}

Error violation(const std::string& what, const std::string& line) {
  // `line` is escaped already; quote its start, the transcript has the rest.
  std::string shown = line.size() <= 2 * kQuotedBytes
                          ? line
                          : line.substr(0, 2 * kQuotedBytes) + "... (" +
                                std::to_string(line.size()) + " characters, see transcript)";
  return make_error(ErrorCode::protocol_violation, what + ": got \"" + shown + "\"");
}

class ReferenceDriver final : public StimulatorDriver {
 public:
  ReferenceDriver(Transport& transport, const Clock& clock) : link_(transport, clock) {}

  Result<Reply> identify() override {
    auto reply = query(Command{Header::idn, true, {}});
    if (!reply || reply->refusal) return reply;
    auto identity = reference::parse_identity(raw_value_);
    if (!identity) return violation("*IDN? reply is not maker,model,serial,firmware", reply->text);
    reply->identity = identity.value();
    return reply;
  }

  Result<Reply> set_remote(bool on) override {
    return command(Command{Header::system_remote, false, std::string(on ? "ON" : "OFF")});
  }
  Result<Reply> set(Parameter parameter, double value) override {
    auto header = header_of(parameter);
    if (!header) return header.error();
    return command(Command{*header, false, reference::format_number(value)});
  }
  Result<Reply> set_text(Parameter parameter, const std::string& argument) override {
    auto header = header_of(parameter);
    if (!header) return header.error();
    return command(Command{*header, false, argument});
  }
  Result<Reply> get(Parameter parameter) override {
    auto header = header_of(parameter);
    if (!header) return header.error();
    return numeric_query(Command{*header, true, {}});
  }
  Result<Reply> arm() override { return command(Command{Header::output_arm, false, {}}); }
  Result<Reply> disarm() override { return command(Command{Header::output_disarm, false, {}}); }
  Result<Reply> fire() override { return command(Command{Header::trigger, false, {}}); }
  Result<Reply> start_train() override { return command(Command{Header::initiate, false, {}}); }
  Result<Reply> abort() override { return command(Command{Header::abort, false, {}}); }
  Result<Reply> temperature() override {
    return numeric_query(Command{Header::temperature, true, {}});
  }
  Result<Reply> keepalive() override { return status(); }

  Result<Reply> status() override {
    auto reply = query(Command{Header::status, true, {}});
    if (!reply || reply->refusal) return reply;
    auto parsed = reference::parse_status_line(raw_value_);
    if (!parsed)
      return violation("STATus? reply unreadable (" + parsed.error().message + ")", reply->text);
    DeviceStatus status;
    status.state = to_device_state(parsed->state);
    status.remote = parsed->remote;
    status.fault = parsed->fault;
    status.pulses = parsed->pulses;
    // The state word is one of five (codec.hpp): FAULT excludes ARMED, READY and FIRING.
    status.armed_flags = parsed->state != reference::StatusState::standby &&
                         parsed->state != reference::StatusState::fault;
    status.raw = reply->text;
    reply->status = status;
    return reply;
  }

  Status send_raw(std::span<const std::uint8_t> bytes) override { return link_.send_raw(bytes); }
  std::vector<RawCommand> classify_raw(std::span<const std::uint8_t> bytes) const override {
    return classify_reference_raw(bytes);
  }
  Result<Chunk> receive_raw(std::size_t count, std::chrono::nanoseconds timeout) override {
    return link_.receive_raw(count, timeout);
  }
  void set_observer(FrameObserver* observer) override { link_.set_observer(observer); }
  void set_reply_timeout(std::chrono::nanoseconds timeout) override {
    link_.set_reply_timeout(timeout);
  }

 private:
  static Result<Header> header_of(Parameter parameter) {
    if (auto header = reference::header_for(parameter)) return *header;
    return make_error(ErrorCode::unsupported, std::string("the reference protocol has no ") +
                                                  to_string(parameter) + " setting");
  }

  // Sends one command line and reads exactly one reply line.
  Result<Reply> exchange(const Command& command, ReplyLine* parsed_out) {
    // The disarm goes out even after stray input: it must reach a misbehaving device.
    auto line =
        link_.exchange(reference::encode_command(command), command.header == Header::output_disarm);
    if (!line) return line.error();
    Reply reply;
    reply.sent_ns = line->sent_ns;
    reply.received_ns = line->received_ns;
    reply.text = escape_bytes(to_bytes(line->text));
    auto parsed = reference::parse_reply(line->text);
    if (!parsed)
      return violation("unreadable reply to " + reference::short_form(command.header), line->text);
    if (parsed->kind == ReplyLine::Kind::error) {
      reply.refusal = Refusal{parsed->error_code, escape_bytes(to_bytes(parsed->error_text))};
    } else {
      reply.accepted = true;
    }
    *parsed_out = parsed.value();
    return reply;
  }

  Result<Reply> command(const Command& command) {
    ReplyLine parsed;
    auto reply = exchange(command, &parsed);
    if (reply && reply->accepted && parsed.kind != ReplyLine::Kind::ok) {
      return violation("expected OK or ERR to " + reference::short_form(command.header),
                       reply->text);
    }
    return reply;
  }

  Result<Reply> query(const Command& command) {
    ReplyLine parsed;
    auto reply = exchange(command, &parsed);
    if (reply && reply->accepted && parsed.kind != ReplyLine::Kind::value) {
      return violation("expected a value for " + reference::short_form(command.header) + "?",
                       reply->text);
    }
    if (reply && reply->accepted) {
      raw_value_ = parsed.value;
      reply->text = escape_bytes(to_bytes(parsed.value));
    }
    return reply;
  }

  Result<Reply> numeric_query(const Command& command) {
    auto reply = query(command);
    if (!reply || reply->refusal) return reply;
    char* end = nullptr;
    double value = std::strtod(raw_value_.c_str(), &end);
    if (raw_value_.empty() || end == nullptr || *end != '\0' || !std::isfinite(value)) {
      return violation("expected a number for " + reference::short_form(command.header) + "?",
                       reply->text);
    }
    reply->value = value;
    return reply;
  }

  LineExchange link_;
  std::string raw_value_;  // the last query's value, unescaped, for parsing
};

}  // namespace

std::unique_ptr<StimulatorDriver> make_reference_driver(Transport& transport, const Clock& clock) {
  return std::make_unique<ReferenceDriver>(transport, clock);
}

}  // namespace stimbench
