// When a wait_until gives up early: only once its state cannot come any more.
#include <gtest/gtest.h>

#include "harness/runner/step_executor.hpp"

namespace stimbench {
namespace {

TEST(WaitUntilUnreachable, FaultEndsAnyWaitExceptForAFault) {
  EXPECT_NE(wait_until_unreachable(DeviceState::ready, DeviceState::fault, false), "");
  EXPECT_NE(wait_until_unreachable(DeviceState::standby, DeviceState::fault, false), "");
  EXPECT_EQ(wait_until_unreachable(DeviceState::fault, DeviceState::fault, false), "");
}

TEST(WaitUntilUnreachable, StandbyAfterArmedEndsAWaitForAnArmedState) {
  EXPECT_NE(wait_until_unreachable(DeviceState::ready, DeviceState::standby, true), "");
  EXPECT_NE(wait_until_unreachable(DeviceState::firing, DeviceState::standby, true), "");
  EXPECT_NE(wait_until_unreachable(DeviceState::armed, DeviceState::standby, true), "");
}

TEST(WaitUntilUnreachable, StandbyBeforeArmingIsStillWaiting) {
  // Some units report standby for a moment after the arm command: not a reason to give up.
  EXPECT_EQ(wait_until_unreachable(DeviceState::ready, DeviceState::standby, false), "");
  EXPECT_EQ(wait_until_unreachable(DeviceState::ready, DeviceState::armed, true), "");
  EXPECT_EQ(wait_until_unreachable(DeviceState::standby, DeviceState::ready, true), "");
  EXPECT_EQ(wait_until_unreachable(DeviceState::ready, DeviceState::unknown, true), "");
}

}  // namespace
}  // namespace stimbench
