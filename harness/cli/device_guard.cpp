#include "harness/cli/device_guard.hpp"

namespace stimbench::cli {

std::unique_ptr<LinkGuard> guard_device(DeviceSession& session, const DeviceUri& uri,
                                        const DeviceProfile& profile, boost::asio::io_context& io,
                                        const Clock& clock, EventSink& events,
                                        const InterruptToken* interrupt) {
  LinkGuardOptions options;
  options.reopen_when_silent = uri.scheme != "serial";
  auto reopen = [&session, uri, &profile, &io, &clock, interrupt]() -> Result<DeviceLink> {
    if (Status s = reopen_device(session, uri, profile, io, clock, interrupt); !s) return s.error();
    return DeviceLink{session.driver.get(), session.transport.get()};
  };
  return std::make_unique<LinkGuard>(DeviceLink{session.driver.get(), session.transport.get()},
                                     std::move(reopen), io, clock, events, interrupt, options);
}

}  // namespace stimbench::cli
