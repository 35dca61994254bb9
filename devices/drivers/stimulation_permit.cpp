#include "devices/drivers/stimulation_permit.hpp"

#include <algorithm>

namespace stimbench {

const char* to_string(Stimulation kind) {
  switch (kind) {
    case Stimulation::arm:
      return "arm";
    case Stimulation::fire:
      return "fire";
    case Stimulation::train:
      return "train";
    case Stimulation::raw:
      return "raw send";
  }
  return "unknown";
}

Status StimulationPermit::redeem(Stimulation kind, std::span<const std::uint8_t> bytes) {
  if (!live_) {
    return make_error(ErrorCode::interlock, std::string("no interlock permit for this ") +
                                                to_string(kind) + ": the permit was already spent");
  }
  if (kind != kind_) {
    return make_error(ErrorCode::interlock, std::string("the interlock permitted a ") +
                                                to_string(kind_) + ", not a " + to_string(kind));
  }
  if (kind == Stimulation::raw &&
      !std::equal(bytes.begin(), bytes.end(), bytes_.begin(), bytes_.end())) {
    return make_error(ErrorCode::interlock,
                      "the interlock judged other raw bytes than the ones to be sent");
  }
  live_ = false;
  return Status::success();
}

}  // namespace stimbench
