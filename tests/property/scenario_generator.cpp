#include "tests/property/scenario_generator.hpp"

#include <cstdio>
#include <vector>

#include "devices/core/bytes.hpp"
#include "devices/protocols/magstim/codec.hpp"
#include "devices/protocols/magventure/codec.hpp"

namespace stimbench::property {
namespace {

std::string number(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

std::string hex_step(const Bytes& bytes) {
  return "send: {hex: \"" + to_hex(bytes) + "\"}";
}

std::vector<std::string> raw_vocabulary(const DeviceProfile& profile) {
  std::vector<std::string> out;
  if (profile.family == "reference") {
    for (const char* text : {"TRIG\\n", "INIT\\n", "OUTP:ARM\\n", "OUTP:DIS\\n", "SOUR:AMPL 150\\n",
                             "SOUR:AMPL 30\\n", "STAT?\\n", "SOUR:AMPL?\\n", "trig\\n",
                             "SOUR:AMPL 150\\nTRIG\\n", "ABOR\\n", "SOUR:FREQ 90\\n"}) {
      out.push_back(std::string("send: {text: \"") + text + "\"}");
    }
  } else if (profile.family == "magstim") {
    namespace ms = magstim;
    out.push_back(hex_step(ms::arm()));
    out.push_back(hex_step(ms::fire()));
    out.push_back(hex_step(ms::disarm()));
    out.push_back(hex_step(ms::get_parameters()));
    out.push_back(hex_step(ms::get_rapid_parameters()));
    for (int p : {30, 100, 150}) {
      if (auto b = ms::set_power_a(p)) out.push_back(hex_step(*b));
    }
    if (auto r = ms::enable_remote()) out.push_back(hex_step(*r));
    Bytes both = ms::arm();
    Bytes fire = ms::fire();
    both.insert(both.end(), fire.begin(), fire.end());
    out.push_back(hex_step(both));
  } else if (profile.family == "magventure") {
    namespace mv = magventure;
    auto add = [&](const Bytes& payload) {
      if (auto f = mv::encode_frame(payload)) out.push_back(hex_step(*f));
    };
    add(mv::get_status());
    add(mv::set_enabled(true));
    add(mv::set_enabled(false));
    add(mv::fire());
    add(mv::start_train());
    add(mv::set_page(2));
    add(mv::get_timing());
    for (int a : {30, 100}) {
      if (auto b = mv::set_amplitude(a)) add(*b);
    }
  }
  return out;
}

}  // namespace

std::string generate_steps(const DeviceProfile& profile, std::uint64_t seed, int steps) {
  std::mt19937_64 rng(seed);
  auto pick = [&](std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
  };
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
  const std::vector<std::string> raw = raw_vocabulary(profile);
  const bool has_remote = profile.has_capability("remote");
  std::string out = has_remote ? "  - remote: on\n" : "";
  for (int i = 0; i < steps; ++i) {
    std::string step;
    switch (pick(13)) {
      case 0:
      case 1: {  // a setting: at, inside or just outside a limit, on or off the grid
        const ParameterLimit& l = profile.limits[pick(profile.limits.size())];
        const double step_size = l.step > 0 ? l.step : 1;
        const std::vector<double> values = {l.min,
                                            l.max,
                                            l.max + step_size,
                                            l.min - step_size,
                                            l.min + step_size * static_cast<double>(pick(20)),
                                            l.max * 1.5,
                                            (l.min + l.max) / 2};
        step = std::string("set: {") + to_string(l.parameter) + ": " +
               number(values[pick(values.size())]) + "}";
        break;
      }
      case 2:
        step =
            std::string("get: ") + to_string(profile.limits[pick(profile.limits.size())].parameter);
        break;
      case 3:
        step = chance(0.1) ? "arm: {}\n    probe: coil_temperature" : "arm";
        break;
      case 4:
        step = "disarm";
        break;
      case 5:
        step = chance(0.15) ? "fire: {}\n    probe: lockout" : "fire: {}";
        break;
      case 6:
        step = chance(0.15) ? "train: {}\n    probe: lockout" : "train: {}";
        break;
      case 7:
        step = chance(0.5) ? "abort" : "status: {}";
        break;
      case 8:
        step = "wait: " + number(0.05 * static_cast<double>(1 + pick(30))) + "s";
        break;
      case 9:
        step = "wait_until: {state: ready, timeout: 1.5s, poll: 0.1s}";
        break;
      case 10:
      case 11:
        step = raw.empty() ? "status: {}" : raw[pick(raw.size())];
        break;
      default:
        step =
            has_remote && chance(0.3) ? "remote: off" : (has_remote ? "remote: on" : "status: {}");
        break;
    }
    out += "  - " + step + "\n";
  }
  return out;
}

}  // namespace stimbench::property
