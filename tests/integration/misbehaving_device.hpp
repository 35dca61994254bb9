// A scripted misbehaving stimulator for integration tests (issue 14, scope item 5): the real
// reference mock answers, and after a number of good replies the chosen misbehaviour bends
// what goes back. Served on loopback TCP (127.0.0.1, port 0) or on a real PTY (openpty), on
// its own thread, so `stimbench run --device <uri()>` meets it like a unit on the bench.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace stimbench::test {

enum class Misbehaviour {
  none,                  // a correct device (the control case)
  never_replies,         // reads everything, answers nothing
  replies_late,          // every reply arrives after the harness's reply timeout
  truncates_and_closes,  // sends the start of one reply, then hangs up
  garbage,               // replies are replaced by bytes that are no reply
  nul_bytes,             // replies carry NUL bytes
  double_replies,        // every reply is sent twice
  endless_line,          // a flood of 'A' with no line end
  closes_mid_scenario,   // hangs up between two replies
  answers_some_queries,  // every other query ('?') goes unanswered
};
const char* to_string(Misbehaviour mode);

struct MisbehaviourOptions {
  Misbehaviour mode = Misbehaviour::none;
  int good_replies = 6;                     // answered correctly before the misbehaviour starts
  std::chrono::milliseconds late_by{1500};  // replies_late: past the 1 s reply timeout
  std::size_t flood_bytes = 10u << 20;      // endless_line
};

class MisbehavingDevice {
 public:
  enum class Transport { tcp, pty };
  // nullptr (with the reason in *error) when the socket or PTY cannot be set up.
  static std::unique_ptr<MisbehavingDevice> start(Transport transport, MisbehaviourOptions options,
                                                  std::string* error);
  ~MisbehavingDevice();
  MisbehavingDevice(const MisbehavingDevice&) = delete;
  MisbehavingDevice& operator=(const MisbehavingDevice&) = delete;

  // tcp://127.0.0.1:PORT or serial:///dev/pts/N?baud=115200
  const std::string& uri() const { return uri_; }
  // Every byte written to the harness, in order.
  std::string sent() const;
  // Everything the harness sent after the misbehaviour began.
  std::string received_after_fault() const;
  bool fault_started() const { return fault_started_; }

 private:
  MisbehavingDevice() = default;
  void run();
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string uri_;
  std::thread thread_;
  std::atomic<bool> fault_started_{false};
  mutable std::mutex mutex_;
  std::string sent_;
  std::string received_after_fault_;
  friend struct DeviceLoop;
};

}  // namespace stimbench::test
