// Device profiles from fixtures/profiles/*.yaml (format: docs/scenario-format.md).
#pragma once

#include <string>

#include "devices/core/profile.hpp"
#include "devices/core/result.hpp"

namespace stimbench {

// Reads and validates one profile. Every problem found is reported, one per line, as
// "file:line:column: message" in an ErrorCode::invalid_input error.
Result<DeviceProfile> load_profile_file(const std::string& path);

// Same, from text already in memory; `file` only labels the messages.
Result<DeviceProfile> load_profile_text(const std::string& text, const std::string& file);

// NAME -> <dir>/<folder>/NAME.yaml for the first dir of `fixtures_dir` (a ':'-separated
// search path) that has it; a value containing '/' or ending in .yaml/.yml is a path used as
// is (for command-line options). The file must exist (ErrorCode::invalid_input otherwise).
// `kind` names the thing in messages ("profile", "policy").
Result<std::string> resolve_fixture_path(const std::string& name_or_file,
                                         const std::string& fixtures_dir, const std::string& folder,
                                         const std::string& kind);
// A `profile:` or `envelope:` written in a scenario: a NAME from the search path (else
// NAME.yaml beside the scenario), or a relative .yaml path beside the scenario. Absolute
// paths and paths climbing out with '..' are refused: a scenario cannot point anywhere.
Result<std::string> resolve_scenario_fixture(const std::string& value,
                                             const std::string& scenario_file,
                                             const std::string& fixtures_dir,
                                             const std::string& folder, const std::string& kind);

Result<std::string> resolve_profile_path(const std::string& name_or_file,
                                         const std::string& fixtures_dir);

// resolve_profile_path + load_profile_file.
Result<DeviceProfile> load_profile(const std::string& name_or_file,
                                   const std::string& fixtures_dir);

}  // namespace stimbench
