// The Magstim link's input bound (issue 14, scope item 2): a device that floods the line
// before a command costs at most link::kMaxStrayBytes of reading, every byte read is reported,
// the message quotes only the start, and the command is not sent.
#include <gtest/gtest.h>

#include "devices/drivers/link_common.hpp"
#include "devices/drivers/magstim_driver.hpp"
#include "devices/protocols/magstim/codec.hpp"
#include "tests/drivers/magstim_test_profiles.hpp"
#include "tests/support/scripted_transport.hpp"
#include "tests/support/test_permits.hpp"

namespace stimbench::test {
namespace {

class RxRecorder final : public FrameObserver {
 public:
  void on_frame(const FrameEvent& frame) override {
    if (frame.direction == FrameDirection::rx) rx += frame.bytes.size();
  }
  std::size_t rx = 0;
};

TEST(MagstimBounds, FloodBeforeACommandIsBoundedAndNothingIsSent) {
  FakeClock clock{1'000'000'000};
  ScriptedTransport transport{clock};
  RxRecorder recorder;
  auto driver = make_magstim_driver(transport, clock, rapid_profile(), {});
  ASSERT_NE(driver, nullptr);
  driver->set_observer(&recorder);
  for (int i = 0; i < 64; ++i) transport.incoming.push_back(Bytes(4096, 'A'));  // 256 KiB

  auto reply = driver->arm(test_permit(Stimulation::arm));
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().code, ErrorCode::protocol_violation);
  EXPECT_NE(reply.error().message.find("still sending"), std::string::npos)
      << reply.error().message;
  EXPECT_NE(reply.error().message.find("see transcript"), std::string::npos);
  EXPECT_LT(reply.error().message.size(), 600u);
  EXPECT_TRUE(transport.writes.empty());
  EXPECT_EQ(recorder.rx, link::kMaxStrayBytes) << "every byte read reaches the transcript";
  EXPECT_FALSE(transport.incoming.empty()) << "the reader stopped at its bound";
}

TEST(MagstimBounds, DisarmGoesOutDespiteStrayInputAndStillReportsIt) {
  FakeClock clock{1'000'000'000};
  ScriptedTransport transport{clock};
  auto driver = make_magstim_driver(transport, clock, rapid_profile(), {});
  ASSERT_NE(driver, nullptr);
  transport.incoming.push_back(to_bytes("stray"));
  transport.reply(magstim::frame("E\x89"));
  auto reply = driver->disarm();
  ASSERT_EQ(transport.writes.size(), 1u) << "the disarm was not sent";
  EXPECT_EQ(transport.writes[0][0], 'E');
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().code, ErrorCode::protocol_violation);
  EXPECT_NE(reply.error().message.find("sent all the same"), std::string::npos)
      << reply.error().message;
}

}  // namespace
}  // namespace stimbench::test
