// The safety sections of a profile file: frequency_cap, energy_model, lockout,
// coil_temperature_limit (format: docs/safety-envelope.md). Internal to harness/config.
#pragma once

#include "devices/core/profile.hpp"
#include "harness/config/yaml_reader.hpp"

namespace stimbench {

// `power` is the profile's power limit (nullptr when it has none): the cap table must cover
// its range, on its step grid, without gaps.
void read_frequency_cap(YamlReader& in, const YAML::Node& node, const YAML::Node& key,
                        const ParameterLimit* power, DeviceProfile& profile);
void read_energy_model(YamlReader& in, const YAML::Node& node, const YAML::Node& key,
                       DeviceProfile& profile);
void read_lockout(YamlReader& in, const YAML::Node& node, const YAML::Node& key,
                  DeviceProfile& profile);
void read_coil_temperature_limit(YamlReader& in, const YAML::Node& node, const YAML::Node& key,
                                 DeviceProfile& profile);

}  // namespace stimbench
