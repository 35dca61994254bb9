// A scriptable driver for the interlock and step-executor unit tests: it answers read-backs
// from a table the test edits, and counts every stimulating command that reaches it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "devices/drivers/driver.hpp"

namespace stimbench {

class FakeDriver final : public StimulatorDriver {
 public:
  // Read-backs: a parameter absent from `values` is answered without a value (fail closed).
  std::map<Parameter, double> values;
  std::optional<double> coil_temperature_c = 24;
  std::optional<DeviceState> state = DeviceState::ready;
  std::vector<RawCommand> raw_classes = {{RawEffect::harmless, "query"}};
  // Every command that went "out", in order: "arm", "fire", "train", "raw", "get power", ...
  std::vector<std::string> sent;

  int count(const std::string& what) const {
    int n = 0;
    for (const std::string& s : sent) n += s == what ? 1 : 0;
    return n;
  }

  Result<Reply> identify() override { return ok("identify"); }
  Result<Reply> set_remote(bool) override { return ok("remote"); }
  Result<Reply> set(Parameter p, double v) override {
    values[p] = v;
    return ok(std::string("set ") + to_string(p));
  }
  Result<Reply> get(Parameter p) override {
    Reply r = accepted(std::string("get ") + to_string(p));
    if (auto it = values.find(p); it != values.end()) r.value = it->second;
    return r;
  }
  Result<Reply> set_text(Parameter, const std::string&) override { return ok("set_text"); }
  Result<Reply> disarm() override {
    state = DeviceState::standby;
    return ok("disarm");
  }
  Result<Reply> abort() override { return ok("abort"); }
  Result<Reply> status() override {
    Reply r = accepted("status");
    if (state) r.status = DeviceStatus{*state, true, false, std::uint64_t{0}, "fake", std::nullopt};
    return r;
  }
  Result<Reply> temperature() override {
    Reply r = accepted("temperature");
    r.value = coil_temperature_c;
    return r;
  }
  Result<Reply> keepalive() override { return ok("keepalive"); }
  Result<Chunk> receive_raw(std::size_t, std::chrono::nanoseconds) override {
    return make_error(ErrorCode::timeout, "fake: no raw bytes");
  }
  std::vector<RawCommand> classify_raw(std::span<const std::uint8_t>) const override {
    return raw_classes;
  }
  void set_observer(FrameObserver*) override {}
  void set_reply_timeout(std::chrono::nanoseconds) override {}

 private:
  Reply accepted(const std::string& what) {
    sent.push_back(what);
    Reply r;
    r.accepted = true;
    r.text = "OK";
    return r;
  }
  Result<Reply> ok(const std::string& what) { return accepted(what); }
  Result<Reply> arm() override { return ok("arm"); }
  Result<Reply> fire() override { return ok("fire"); }
  Result<Reply> start_train() override { return ok("train"); }
  Status send_raw(std::span<const std::uint8_t>) override {
    sent.push_back("raw");
    return Status::success();
  }
};

}  // namespace stimbench
