// The tables of a clinical policy file: train_duration, pauses, theta_burst.
// Internal to harness/config; format in docs/safety-envelope.md.
#pragma once

#include "harness/config/yaml_reader.hpp"
#include "harness/safety/policy.hpp"

namespace stimbench {

void read_train_duration(YamlReader& in, const YAML::Node& node, const YAML::Node& key,
                         ClinicalPolicy& policy);
void read_pauses(YamlReader& in, const YAML::Node& node, const YAML::Node& key,
                 ClinicalPolicy& policy);
void read_theta_burst(YamlReader& in, const YAML::Node& node, const YAML::Node& key,
                      ClinicalPolicy& policy);

}  // namespace stimbench
