// Helpers shared by the end-to-end tests that drive the real stimbench binary.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/process.hpp"

namespace stimbench::test {

inline std::string scenario_dir(const std::string& name) {
  return source_dir() + "/scenarios/" + name;
}

// Writes a scenario file under a fresh temp dir and returns its path.
inline std::string write_scenario(const std::string& name, const std::string& yaml) {
  std::string dir = fresh_path("scenario");
  std::filesystem::create_directories(dir);
  std::string path = dir + "/" + name;
  FILE* f = std::fopen(path.c_str(), "w");
  std::fputs(yaml.c_str(), f);
  std::fclose(f);
  return path;
}

// A standalone mock started as `stimbench mock ...`, with the URI it printed.
struct StandaloneMock {
  std::unique_ptr<Child> child;
  std::string uri;
};

// `stimbench SUBCOMMAND args...` (mock, proxy) that prints its address as its first line.
inline StandaloneMock start_server(const std::string& subcommand, std::vector<std::string> args) {
  std::vector<std::string> argv = {binary_path(), subcommand};
  argv.insert(argv.end(), args.begin(), args.end());
  StandaloneMock mock;
  mock.child = std::make_unique<Child>(argv);
  auto line = mock.child->read_line(std::chrono::seconds(10));
  if (line) mock.uri = *line;
  return mock;
}

inline StandaloneMock start_mock(std::vector<std::string> args) {
  return start_server("mock", std::move(args));
}

inline ProcessResult run_cli(std::vector<std::string> args,
                             std::chrono::milliseconds timeout = std::chrono::seconds(120)) {
  std::vector<std::string> argv = {binary_path()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, timeout);
}

inline int count_substr(const std::string& text, const std::string& needle) {
  int n = 0;
  for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1))
    ++n;
  return n;
}

}  // namespace stimbench::test
