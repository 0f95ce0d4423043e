// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// The app entry point (DESIGN section 5): one binary, several fronts, chosen by arguments.

#include <concepts>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>
#include <type_traits>

#include "sluice/detail/json.hpp"
#include "sluice/lambda.hpp"
#include "sluice/worker.hpp"

namespace sluice {

namespace detail {
/// Reads a whole file (`-` for stdin) into `out`, followed by zeroed JSON padding.
inline bool read_event_file(const char* name, std::string& out, std::string& problem) {
  const bool from_stdin = std::strcmp(name, "-") == 0;
  std::FILE* f = from_stdin ? stdin : std::fopen(name, "rb");
  if (f == nullptr) {
    problem = std::string("cannot open ") + name + ": " + std::strerror(errno);
    return false;
  }
  out.clear();
  char buf[65536];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  const bool failed = std::ferror(f) != 0;
  if (!from_stdin) std::fclose(f);
  if (failed) {
    problem = std::string("cannot read ") + name;
    return false;
  }
  return true;
}

inline void print_usage(std::FILE* to, const char* program, const std::string_view* keys, std::size_t count) {
  std::fprintf(to,
               "usage: %s [--invoke FILE | --help]\n"
               "\n"
               "  (no argument)   with AWS_LAMBDA_RUNTIME_API set, as on Lambda: serve invocations\n"
               "                  from the Lambda Runtime API until the platform stops the process\n"
               "                  (AWS_LAMBDA_MAX_CONCURRENCY > 1: that many at once)\n"
               "  --invoke FILE   handle one Lambda event read from FILE (- for stdin) and print\n"
               "                  the response JSON on one line; a Lambda-level error prints\n"
               "                  {\"errorType\", \"errorMessage\"} and exits 1\n"
               "  --help          print this text\n"
               "\n"
               "Routes:\n",
               program);
  for (std::size_t i = 0; i < count; ++i) std::fprintf(to, "  %.*s\n", static_cast<int>(keys[i].size()), keys[i].data());
}
}  // namespace detail

/**
 * Runs an app as its command line asks, building it with `make_app()` first (except for
 * `--help`). In the Runtime API loop an exception from `make_app` is reported to
 * `/init/error`. Returns the process exit status.
 *
 * **Example**: `int main(int argc, char** argv) { return sluice::run([] { return make_app(); }, argc, argv); }`
 */
template <class Make>
  requires std::invocable<Make&>
int run(Make&& make_app, int argc, char** argv) {
  using App = std::remove_cvref_t<std::invoke_result_t<Make&>>;
  const char* program = argc > 0 ? argv[0] : "app";
  constexpr auto keys = App::route_keys();
  const std::string_view first = argc > 1 ? argv[1] : "";
  if (first == "--help" || first == "-h") {
    detail::print_usage(stdout, program, keys.data(), keys.size());
    return 0;
  }
  if (first == "--invoke") {
    if (argc != 3) {
      std::fprintf(stderr, "%s: --invoke needs one FILE (or - for stdin)\n", program);
      return 2;
    }
    std::string event;
    std::string problem;
    if (!detail::read_event_file(argv[2], event, problem)) {
      std::fprintf(stderr, "%s: %s\n", program, problem.c_str());
      return 2;
    }
    const std::size_t size = event.size();
    event.resize(size + detail::json::padding, '\0');
    const auto invoke = [&](const App& app) {
      worker w;
      const invocation_result r = app.handle(w, event.data(), size, event.size());
      std::fwrite(r.payload.data(), 1, r.payload.size(), stdout);
      std::fputc('\n', stdout);
      std::fflush(stdout);
      return r.ok ? 0 : 1;
    };
#if defined(__cpp_exceptions)
    try {
      return invoke(make_app());
    } catch (const std::exception& e) {
      std::fprintf(stderr, "%s: %s\n", program, e.what());
      return 1;
    }
#else
    return invoke(make_app());
#endif
  }
  if (argc == 1 && std::getenv("AWS_LAMBDA_RUNTIME_API") != nullptr) {
    return run_lambda(make_app, lambda_settings::from_environment());
  }
  if (argc > 1) std::fprintf(stderr, "%s: unknown argument '%s'\n\n", program, argv[1]);
  detail::print_usage(stderr, program, keys.data(), keys.size());
  return 2;
}

/**
 * Runs an app as its command line asks. Returns the process exit status.
 *
 * **Example**: `int main(int argc, char** argv) { return sluice::run(my_app, argc, argv); }`
 */
template <class App>
  requires(!std::invocable<const App&>)
int run(const App& app, int argc, char** argv) {
  return run([&app]() -> const App& { return app; }, argc, argv);
}

}  // namespace sluice
