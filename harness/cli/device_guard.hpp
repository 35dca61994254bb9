// A device session's driver behind its own LinkGuard (runner/link_guard.hpp): every command a
// run sends to that device gets a deadline, retries, resync and reconnect.
#pragma once

#include <boost/asio/io_context.hpp>
#include <memory>

#include "devices/core/clock.hpp"
#include "devices/core/interrupt.hpp"
#include "devices/core/profile.hpp"
#include "devices/transport/uri.hpp"
#include "harness/cli/device_session.hpp"
#include "harness/runner/link_guard.hpp"

namespace stimbench::cli {

// The guard's reconnect reopens `session` (reopen_device). Each device of a run gets its own,
// so one device's reconnect never touches another's link; inside a device's coroutine the
// reconnect's waits suspend only that coroutine. `session`, `profile`, `events` and
// `interrupt` must outlive the guard. A serial line is reopened after it closed, never after
// mere silence (LinkGuardOptions::reopen_when_silent).
std::unique_ptr<LinkGuard> guard_device(DeviceSession& session, const DeviceUri& uri,
                                        const DeviceProfile& profile, boost::asio::io_context& io,
                                        const Clock& clock, EventSink& events,
                                        const InterruptToken* interrupt);

}  // namespace stimbench::cli
