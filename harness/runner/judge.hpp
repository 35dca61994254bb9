// Turns a device reply into a verdict against the step's expectation.
#pragma once

#include <string>

#include "harness/evidence/run_record.hpp"
#include "harness/runner/run_context.hpp"
#include "harness/scenario/scenario.hpp"

namespace stimbench {

// Records what was observed and judges it; returns passed / failed / device_error / interrupted.
Outcome judge_reply(const Step& step, const Result<Reply>& reply, StepRecord& record);

// The parts of judge_reply, for steps judged against several alternatives (any_of).
// The expectation as record.json shows it.
nlohmann::json expected_json(const Expectation& expectation);
// Short words for messages: "accepted", "refused, state unchanged", "value 50 ± 0.5", ...
std::string expectation_text(const Expectation& expectation);
// Why the reply misses the expectation (state and pulse checks aside), or "".
std::string reply_mismatch(const Expectation& expectation, const Reply& reply);
// Why the reply took longer than the step's `within`, or "".
std::string latency_mismatch(const Step& step, const Reply& reply);
// Puts the reply under detail.observed and its latency under measurements.
void record_observed(const Step& step, const Reply& reply, StepRecord& record);
// The class of a failure that an error stands for (docs/evidence-format.md).
FailureClass failure_class_of(const Error& error);
// A failed exchange (no reply): the record's verdict and the outcome it leads to.
Outcome judge_exchange_error(const Error& error, StepRecord& record);

// Default human name of a step: "set power=50", "expect_bytes 4F 4B 0A", or its `name:`.
std::string step_label(const Step& step, std::size_t index);

std::string format_value(double value);

// The record of a check made after its step (`latency:`, `pulse_timing:`): "<name> <what>",
// with the step's kind, location and basis, from `start_ns` to `end_ns`.
StepRecord check_record(const Step& step, const std::string& phase, const std::string& name,
                        const std::string& what, std::int64_t start_ns, std::int64_t end_ns);

}  // namespace stimbench
