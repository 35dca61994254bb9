// The reference protocol (design.md §6) on top of the mock's logical operations.
#include <cmath>

#include "devices/mock/mock_stimulator.hpp"
#include "devices/protocols/reference/text.hpp"

namespace stimbench {

namespace {

using namespace reference::error_codes;
using reference::Header;
using reference::ReplyLine;

ReplyLine reply_for(const MockOutcome& outcome) {
  if (outcome.ok()) return reference::ok_reply();
  std::string text = reference::error_text(outcome.code);
  if (!outcome.detail.empty()) text += "; " + outcome.detail;
  return reference::error_reply(outcome.code, std::move(text));
}

reference::StatusState status_state(MockState state) {
  switch (state) {
    case MockState::standby:
      return reference::StatusState::standby;
    case MockState::armed:
      return reference::StatusState::armed;
    case MockState::ready:
      return reference::StatusState::ready;
    case MockState::firing:
      return reference::StatusState::firing;
    case MockState::fault:
      return reference::StatusState::fault;
  }
  return reference::StatusState::fault;
}

}  // namespace

std::string MockStimulator::handle_line(std::string_view line, std::int64_t now_ns) {
  if (reference::text::trim(line).empty()) {
    advance(now_ns);
    return "";
  }
  command_received(now_ns);
  reference::CommandParse parsed = reference::parse_command_line(line);
  ReplyLine reply = parsed.command ? execute(*parsed.command, now_ns)
                                   : reply_for(MockOutcome{parsed.error_code, parsed.error_text});
  if (reply.kind == ReplyLine::Kind::error) queue_error(reply.error_code, reply.error_text);
  std::string wire = reference::encode_reply(reply);
  wire.pop_back();  // the dialect owns line endings
  return wire;
}

std::string MockStimulator::refuse_line(int code, std::string_view detail, std::int64_t now_ns) {
  command_received(now_ns);
  ReplyLine reply = reply_for(MockOutcome{code, std::string(detail)});
  queue_error(reply.error_code, reply.error_text);
  std::string wire = reference::encode_reply(reply);
  wire.pop_back();
  return wire;
}

ReplyLine MockStimulator::execute(const reference::Command& command, std::int64_t now_ns) {
  if (std::optional<Parameter> p = reference::parameter_for(command.header)) {
    return execute_setting(command, *p, now_ns);
  }
  switch (command.header) {
    case Header::idn:
      return reference::value_reply(reference::encode_identity(profile_.identity));
    case Header::rst:
      return reply_for(reset(now_ns));
    case Header::cls:
      clear_errors();
      return reference::ok_reply();
    case Header::system_error:
      return reference::value_reply(reference::encode_error_entry(pop_error()));
    case Header::system_remote: {
      if (command.query) return reference::value_reply(reference::format_boolean(remote_));
      std::optional<bool> on = reference::parse_boolean(command.argument.value_or(""));
      if (!on) return reply_for(MockOutcome{kDataTypeError, "expected ON, OFF, 1 or 0"});
      return reply_for(set_remote(*on, now_ns));
    }
    case Header::output_arm:
      return reply_for(arm(now_ns));
    case Header::output_disarm:
      return reply_for(disarm(now_ns));
    case Header::trigger:
      return reply_for(trigger(now_ns));
    case Header::initiate:
      return reply_for(initiate(now_ns));
    case Header::abort:
      return reply_for(abort(now_ns));
    case Header::status:
      return status_reply();
    case Header::temperature:
      return reference::value_reply(
          reference::format_number(std::round(temperature_c_ * 100) / 100));
    case Header::coil_temperature_hook: {
      if (command.query) {
        return reference::value_reply(
            reference::format_number(std::round(temperature_c_ * 100) / 100));
      }
      std::optional<double> c = reference::parse_number(command.argument.value_or(""));
      if (!c || *c < -40 || *c > 200) {
        return reply_for(MockOutcome{kDataOutOfRange, "coil temperature -40..200 C"});
      }
      return reply_for(force_coil_temperature(*c, now_ns));
    }
    default:
      return reply_for(MockOutcome{kUndefinedHeader, "header not handled by this device"});
  }
}

ReplyLine MockStimulator::status_reply() const {
  reference::StatusLine status;
  status.state = status_state(state_);
  status.remote = remote_;
  status.fault = state_ == MockState::fault;
  status.pulses = pulses_delivered_;
  // Only devices with a lockout rule report it, so other profiles keep the minimal line.
  if (has_lockout_rule()) status.extra.emplace_back("LOCKOUT", in_lockout() ? "1" : "0");
  return reference::value_reply(reference::encode_status_line(status));
}

ReplyLine MockStimulator::execute_setting(const reference::Command& command, Parameter parameter,
                                          std::int64_t now_ns) {
  if (command.query) {
    std::optional<double> v = readback(parameter);
    if (!v) {
      return reply_for(
          MockOutcome{kHardwareMissing, std::string(to_string(parameter)) + " not supported"});
    }
    return reference::value_reply(reference::format_number(*v));
  }
  // Remote and firing gate first: a local device does not look at the data at all.
  if (MockOutcome gate = settings_gate(); !gate.ok()) return reply_for(gate);
  std::optional<double> v = reference::parse_number(command.argument.value_or(""));
  if (!v) {
    return reply_for(MockOutcome{
        kDataTypeError,
        "expected a number, got " + reference::text::printable(command.argument.value_or(""), 32)});
  }
  return reply_for(set_parameter(parameter, *v, now_ns));
}

}  // namespace stimbench
