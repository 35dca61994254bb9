// Turns a device reply into a verdict against the step's expectation.
#pragma once

#include <string>

#include "harness/evidence/run_record.hpp"
#include "harness/runner/run_context.hpp"
#include "harness/scenario/scenario.hpp"

namespace stimbench {

// Records what was observed and judges it; returns passed / failed / device_error / interrupted.
Outcome judge_reply(const Step& step, const Result<Reply>& reply, StepRecord& record);

// Default human name of a step: "set power=50", "expect_bytes 4F 4B 0A", or its `name:`.
std::string step_label(const Step& step, std::size_t index);

std::string format_value(double value);

}  // namespace stimbench
