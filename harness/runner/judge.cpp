#include "harness/runner/judge.hpp"

#include <cmath>
#include <cstdio>

namespace stimbench {

std::string format_value(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.10g", value);
  return buffer;
}

namespace {

std::string refusal_text(const Refusal& r) {
  return "code " + std::to_string(r.code) + " \"" + r.text + "\"";
}

nlohmann::json observed_json(const Reply& reply) {
  nlohmann::json o = {
      {"accepted", reply.accepted}, {"text", reply.text}, {"latency_ns", reply.latency_ns()}};
  if (reply.refusal) o["refusal"] = {{"code", reply.refusal->code}, {"text", reply.refusal->text}};
  if (reply.value) o["value"] = *reply.value;
  if (reply.status) {
    o["state"] = to_string(reply.status->state);
    o["remote"] = reply.status->remote;
    o["fault"] = reply.status->fault;
  }
  if (reply.identity) {
    o["identity"] = {{"maker", reply.identity->maker},
                     {"model", reply.identity->model},
                     {"serial", reply.identity->serial},
                     {"firmware", reply.identity->firmware}};
  }
  return o;
}

}  // namespace

nlohmann::json expected_json(const Expectation& e) {
  switch (e.kind) {
    case Expectation::Kind::any_of: {
      nlohmann::json list = nlohmann::json::array();
      for (const Expectation& alternative : e.alternatives)
        list.push_back(expected_json(alternative));
      return {{"any_of", list}};
    }
    case Expectation::Kind::none:
      return "any reply";
    case Expectation::Kind::accepted:
      return "accepted";
    case Expectation::Kind::refused: {
      nlohmann::json j = {{"refused", true}};
      if (e.refusal_code) j["code"] = *e.refusal_code;
      if (e.state_unchanged) j["state_unchanged"] = true;
      return j;
    }
    case Expectation::Kind::value: {
      nlohmann::json j = nlohmann::json::object();
      if (e.equals) j["value"] = *e.equals, j["tolerance"] = e.tolerance;
      if (e.at_most) j["max"] = *e.at_most;
      if (e.at_least) j["min"] = *e.at_least;
      return j;
    }
    case Expectation::Kind::interlock_refusal:
      return {{"refused_by", "interlock"}};
    case Expectation::Kind::failure:
      return {{"failure", to_string(e.failure)}};
    case Expectation::Kind::state: {
      nlohmann::json j = nlohmann::json::object();
      if (e.state) j["state"] = to_string(*e.state);
      if (e.pulses_since_train) j["pulses_since_train"] = *e.pulses_since_train;
      return j;
    }
  }
  return nullptr;
}

std::string expectation_text(const Expectation& e) {
  switch (e.kind) {
    case Expectation::Kind::none:
      return "any reply";
    case Expectation::Kind::accepted:
      return "accepted";
    case Expectation::Kind::refused: {
      std::string text = "refused";
      if (e.refusal_code) text += " with code " + std::to_string(*e.refusal_code);
      if (e.state_unchanged) text += ", state unchanged";
      return text;
    }
    case Expectation::Kind::interlock_refusal:
      return "refused by the interlock";
    case Expectation::Kind::failure:
      return std::string("the harness detects a ") +
             (e.failure == Expectation::Failure::link_fault ? "link fault" : "protocol violation");
    case Expectation::Kind::any_of: {
      std::string text = "any of: ";
      for (std::size_t i = 0; i < e.alternatives.size(); ++i)
        text += (i ? " | " : "") + expectation_text(e.alternatives[i]);
      return text;
    }
    case Expectation::Kind::value:
    case Expectation::Kind::state:
      break;
  }
  std::string text;
  auto add = [&](const std::string& part) { text += (text.empty() ? "" : ", ") + part; };
  if (e.equals)
    add("value " + format_value(*e.equals) +
        (e.tolerance > 0 ? " ± " + format_value(e.tolerance) : ""));
  if (e.at_least) add("min " + format_value(*e.at_least));
  if (e.at_most) add("max " + format_value(*e.at_most));
  if (e.state) add(std::string("state ") + to_string(*e.state));
  if (e.pulses_since_train) add("pulses " + std::to_string(*e.pulses_since_train));
  return text;
}

// Empty when the reply meets the expectation, else the reason it does not.
std::string reply_mismatch(const Expectation& e, const Reply& reply) {
  switch (e.kind) {
    case Expectation::Kind::none:
    case Expectation::Kind::accepted:
    case Expectation::Kind::value:
    case Expectation::Kind::state:
      if (reply.refusal) return "device refused: " + refusal_text(*reply.refusal);
      break;
    case Expectation::Kind::interlock_refusal:  // never dispatched: judged by the interlock
    case Expectation::Kind::any_of:             // judged alternative by alternative
      return "";
    case Expectation::Kind::failure:  // a clean reply is what this expectation rules out
      return "expected " + expectation_text(e) + ", but the reply was whole and in protocol (\"" +
             reply.text + "\")";
    case Expectation::Kind::refused:
      if (!reply.refusal)
        return "expected a refusal, but the device accepted (\"" + reply.text + "\")";
      if (e.refusal_code && reply.refusal->code != *e.refusal_code) {
        return "expected refusal code " + std::to_string(*e.refusal_code) +
               ", device refused with " + refusal_text(*reply.refusal);
      }
      return "";
  }
  if (e.kind == Expectation::Kind::value) {
    if (!reply.value) return "no numeric value in the reply";
    if (e.at_most && *reply.value > *e.at_most) {
      return "expected at most " + format_value(*e.at_most) + ", device reported " +
             format_value(*reply.value);
    }
    if (e.at_least && *reply.value < *e.at_least) {
      return "expected at least " + format_value(*e.at_least) + ", device reported " +
             format_value(*reply.value);
    }
    if (!e.equals) return "";
    double want = *e.equals;
    if (std::fabs(*reply.value - want) > e.tolerance + 1e-9 * std::max(1.0, std::fabs(want))) {
      return "expected " + format_value(want) +
             (e.tolerance > 0 ? " ± " + format_value(e.tolerance) : "") + ", device reported " +
             format_value(*reply.value);
    }
  }
  if (e.kind == Expectation::Kind::state) {
    if (!reply.status) return "no state in the reply";
    if (e.state && reply.status->state != *e.state) {
      return std::string("expected state ") + to_string(*e.state) + ", device is " +
             to_string(reply.status->state);
    }
  }
  return "";
}

FailureClass failure_class_of(const Error& error) {
  switch (error.code) {
    case ErrorCode::protocol_violation:
      return FailureClass::protocol_violation;
    case ErrorCode::timeout:
    case ErrorCode::closed:
    case ErrorCode::io:
    case ErrorCode::busy:
      return FailureClass::link_fault;
    case ErrorCode::interlock:
      return FailureClass::check_failed;
    case ErrorCode::cancelled:
      return FailureClass::interrupted;
    case ErrorCode::invalid_input:
    case ErrorCode::unsupported:
    case ErrorCode::internal:
      return FailureClass::harness_error;
  }
  return FailureClass::harness_error;
}

Outcome judge_exchange_error(const Error& error, StepRecord& record) {
  bool violation = error.code == ErrorCode::protocol_violation;
  record.verdict = violation ? Verdict::fail : Verdict::error;
  record.failure = failure_class_of(error);
  record.message = (violation ? std::string(to_string(FailureClass::protocol_violation)) + ": "
                              : std::string(to_string(error.code)) + ": ") +
                   error.message;
  record.detail["observed"] = {{"error", to_string(error.code)}, {"message", error.message}};
  if (error.code == ErrorCode::cancelled) return Outcome::interrupted;
  return violation ? Outcome::failed : Outcome::device_error;
}

namespace {

// `expect: {failure: ...}`: passes only when the harness detected exactly that failure.
Outcome judge_detected_failure(const Step& step, const Result<Reply>& reply, StepRecord& record) {
  const FailureClass wanted = step.expect.failure == Expectation::Failure::link_fault
                                  ? FailureClass::link_fault
                                  : FailureClass::protocol_violation;
  if (reply) {
    record_observed(step, *reply, record);
    record.verdict = Verdict::fail;
    record.failure = FailureClass::check_failed;
    record.message = reply_mismatch(step.expect, *reply);
    return Outcome::failed;
  }
  const Error& error = reply.error();
  if (error.code == ErrorCode::cancelled) return judge_exchange_error(error, record);
  const FailureClass found = failure_class_of(error);
  record.detail["observed"] = {
      {"error", to_string(error.code)}, {"message", error.message}, {"failure", to_string(found)}};
  if (found == wanted) return Outcome::passed;
  record.verdict = Verdict::fail;
  record.failure = found;
  record.message = "expected " + expectation_text(step.expect) + ", found a " + to_string(found) +
                   ": " + error.message;
  return Outcome::failed;
}

}  // namespace

void record_observed(const Step& step, const Reply& reply, StepRecord& record) {
  record.detail["observed"] = observed_json(reply);
  Measurement latency{"latency", static_cast<double>(reply.latency_ns()), "ns", std::nullopt,
                      std::nullopt};
  if (step.within) latency.high = static_cast<double>(step.within->count());
  record.measurements.push_back(latency);
}

std::string latency_mismatch(const Step& step, const Reply& reply) {
  if (!step.within || reply.latency_ns() <= step.within->count()) return "";
  return "reply took " + format_value(reply.latency_ns() / 1e6) + " ms, limit " +
         format_value(step.within->count() / 1e6) + " ms";
}

Outcome judge_reply(const Step& step, const Result<Reply>& reply, StepRecord& record) {
  record.detail["expected"] = expected_json(step.expect);
  if (step.expect.kind == Expectation::Kind::failure)
    return judge_detected_failure(step, reply, record);
  if (!reply) return judge_exchange_error(reply.error(), record);
  record_observed(step, *reply, record);
  std::string why = reply_mismatch(step.expect, *reply);
  if (why.empty()) why = latency_mismatch(step, *reply);
  if (why.empty()) return Outcome::passed;
  record.verdict = Verdict::fail;
  record.message = why;
  return Outcome::failed;
}

std::string step_label(const Step& step, std::size_t index) {
  std::string base = step.name.empty() ? std::string(to_string(step.kind)) : step.name;
  if (step.name.empty()) {
    switch (step.kind) {
      case StepKind::set:
        for (const auto& [p, v] : step.values)
          base += " " + std::string(to_string(p)) + "=" + format_value(v);
        break;
      case StepKind::get:
        if (step.parameter) base += " " + std::string(to_string(*step.parameter));
        break;
      case StepKind::remote:
        base += step.remote_on ? " on" : " off";
        break;
      case StepKind::send:
      case StepKind::expect_bytes:
        base += " " + to_hex(step.bytes);
        break;
      case StepKind::wait:
        base += " " + format_value(step.duration.count() / 1e9) + "s";
        break;
      default:
        break;
    }
  }
  return "#" + std::to_string(index + 1) + " " + base;
}

StepRecord check_record(const Step& step, const std::string& phase, const std::string& name,
                        const std::string& what, std::int64_t start_ns, std::int64_t end_ns) {
  StepRecord record;
  record.name = name + " " + what;
  record.kind = to_string(step.kind);
  record.phase = phase;
  record.location = step.where.to_string();
  record.basis = step.basis;
  record.start_ns = start_ns;
  record.end_ns = end_ns;
  return record;
}

}  // namespace stimbench
