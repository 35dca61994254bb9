// Host-side driver for the reference protocol (design.md §6).
#pragma once

#include <memory>

#include "devices/core/clock.hpp"
#include "devices/drivers/driver.hpp"
#include "devices/transport/transport.hpp"

namespace stimbench {

std::unique_ptr<StimulatorDriver> make_reference_driver(Transport& transport, const Clock& clock);

}  // namespace stimbench
