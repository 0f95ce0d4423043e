// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// End to end in process: event bytes in, response bytes out, through the sluice-echo app
// (examples/echo/echo_app.hpp) on the events of benchmarks/events/echo. The Node.js peers
// answer the same events with the same routes (peers/e2e.mjs); benchmarks/suite.sh runs both
// and reports them side by side. Before timing, each response is checked against
// benchmarks/events/echo/expected/<event>.json: same status code, same body bytes.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "echo_app.hpp"

namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "echo_bench: cannot read %s\n", path.c_str());
    std::abort();
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::string s = std::move(text).str();
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

/// An event in a buffer with simdjson's padding after it, as the runtime reads it.
struct padded_event {
  std::string name;
  std::size_t size = 0;
  std::string bytes;
};

/// The status code and the body (still escaped) of a response object.
struct answer {
  std::int64_t status = -1;
  std::string body;
};

answer read_answer(std::string_view response) {
  answer a;
  simdjson::ondemand::parser parser;
  const simdjson::padded_string text(response);
  simdjson::ondemand::document doc;
  if (parser.iterate(text).get(doc) != simdjson::SUCCESS) return a;
  if (doc["statusCode"].get_int64().get(a.status) != simdjson::SUCCESS) return a;
  std::string_view body;
  if (doc["body"].get_string().get(body) == simdjson::SUCCESS) a.body = body;
  return a;
}

/// The events, each checked to get the expected answer from the app.
std::vector<padded_event> load_events(sluice::worker& w) {
  const std::filesystem::path dir = SLUICE_BENCH_ECHO_EVENTS_DIR;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::vector<padded_event> events;
  for (const auto& file : files) {
    padded_event e{file.stem().string(), 0, read_file(file)};
    e.size = e.bytes.size();
    e.bytes.resize(e.size + simdjson::SIMDJSON_PADDING, '\0');
    const sluice::invocation_result r = echo::app().handle(w, e.bytes.data(), e.size, e.bytes.size());
    const answer got = read_answer(r.payload);
    const answer want = read_answer(read_file(dir / "expected" / file.filename()));
    if (!r.ok || got.status != want.status || got.body != want.body || want.status < 0) {
      std::fprintf(stderr, "echo_bench: %s: sluice-echo answers %.*s\n", e.name.c_str(),
                   static_cast<int>(r.payload.size()), r.payload.data());
      std::abort();
    }
    events.push_back(std::move(e));
  }
  if (events.empty()) {
    std::fprintf(stderr, "echo_bench: no events in %s\n", dir.c_str());
    std::abort();
  }
  return events;
}

/// The fastest repetition: on a shared machine, the one least disturbed.
double fastest(const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); }

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  static sluice::worker w;
  static const std::vector<padded_event> events = load_events(w);
  for (const padded_event& e : events) {
    benchmark::RegisterBenchmark(("e2e/" + e.name + "/sluice").c_str(), [&e](benchmark::State& state) {
      const auto& app = echo::app();
      for (auto _ : state) {
        const sluice::invocation_result r = app.handle(w, e.bytes.data(), e.size, e.bytes.size());
        benchmark::DoNotOptimize(r);
      }
      state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
      state.counters["event_bytes"] = static_cast<double>(e.size);
    })->ComputeStatistics("min", fastest);
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
