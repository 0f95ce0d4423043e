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
#include "sluice/emit.hpp"
#include "sluice/lambda.hpp"
#include "sluice/worker.hpp"

namespace sluice {

/**
 * A front `sluice::run` can offer besides the built-in ones, chosen by its command-line
 * option: `sluice::local_gateway` (serve.hpp) is one. Fronts are passed to `run`, so an app
 * that does not name one does not compile or link what it needs.
 *
 * **Example**: `sluice::run(app, argc, argv, sluice::local_gateway)` offers `--serve`.
 */
template <class F>
concept entry_front = requires {
  { F::option } -> std::convertible_to<std::string_view>;    // "--serve"
  { F::synopsis } -> std::convertible_to<std::string_view>;  // for the usage line
  { F::usage } -> std::convertible_to<std::string_view>;     // lines for --help
};

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

template <class... Fronts>
void print_usage(std::FILE* to, const char* program, const std::string_view* keys, std::size_t count) {
  std::fprintf(to, "usage: %s [--invoke FILE | --emit openapi|sam", program);
  ((std::fprintf(to, " | %.*s", static_cast<int>(Fronts::synopsis.size()), Fronts::synopsis.data())), ...);
  std::fprintf(to,
               " | --help]\n"
               "\n"
               "  (no argument)   with AWS_LAMBDA_RUNTIME_API set, as on Lambda: serve invocations\n"
               "                  from the Lambda Runtime API until the platform stops the process\n"
               "                  (AWS_LAMBDA_MAX_CONCURRENCY > 1: that many at once)\n"
               "  --invoke FILE   handle one Lambda event read from FILE (- for stdin) and print\n"
               "                  the response JSON on one line; a Lambda-level error prints\n"
               "                  {\"errorType\", \"errorMessage\"} and exits 1\n"
               "  --emit openapi  print the OpenAPI 3.1 document of the routes below (JSON)\n"
               "  --emit sam      print a SAM template: one provided.al2023 function with an HTTP\n"
               "                  API event per route\n");
  ((std::fprintf(to, "%.*s", static_cast<int>(Fronts::usage.size()), Fronts::usage.data())), ...);
  std::fprintf(to,
               "  --help          print this text\n"
               "\n"
               "Routes:\n");
  for (std::size_t i = 0; i < count; ++i) std::fprintf(to, "  %.*s\n", static_cast<int>(keys[i].size()), keys[i].data());
}

/// Builds the app with `make_app()` and returns `use(app)`; an exception while building it is
/// reported on stderr (exit status 1).
template <class Make, class Use>
int with_app(Make& make_app, const char* program, Use&& use) {
#if defined(__cpp_exceptions)
  try {
    return use(make_app());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n", program, e.what());
    return 1;
  }
#else
  (void)program;
  return use(make_app());
#endif
}
}  // namespace detail

/**
 * Runs an app as its command line asks, building it with `make_app()` first (except for
 * `--help`). In the Runtime API loop an exception from `make_app` is reported to
 * `/init/error`. Returns the process exit status.
 *
 * **Example**: `int main(int argc, char** argv) { return sluice::run([] { return make_app(); }, argc, argv); }`
 */
template <class Make, entry_front... Fronts>
  requires std::invocable<Make&>
int run(Make&& make_app, int argc, char** argv, const Fronts&... fronts) {
  using App = std::remove_cvref_t<std::invoke_result_t<Make&>>;
  const char* program = argc > 0 ? argv[0] : "app";
  constexpr auto keys = App::route_keys();
  const std::string_view first = argc > 1 ? argv[1] : "";
  if (first == "--help" || first == "-h") {
    detail::print_usage<Fronts...>(stdout, program, keys.data(), keys.size());
    return 0;
  }
  int status = 0;
  const bool chosen = ((first == Fronts::option && (status = fronts.run(make_app, argc, argv), true)) || ...);
  if (chosen) return status;
  if (first == "--emit") {
    const std::string_view kind = argc == 3 ? argv[2] : "";
    if (kind != "openapi" && kind != "sam") {
      std::fprintf(stderr, "%s: --emit needs one of: openapi, sam\n", program);
      return 2;
    }
    return detail::with_app(make_app, program, [&](const App& app) {
      const std::string text = kind == "openapi" ? sluice::openapi_document(app, program) : sluice::sam_template(app, program);
      std::fwrite(text.data(), 1, text.size(), stdout);
      return std::fflush(stdout) == 0 ? 0 : 1;
    });
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
    // Lambda refuses a payload that is not JSON before any function sees it
    // (InvalidRequestContentException), so the loop never gets one; a file may hold anything,
    // so it is checked whole here, as Lambda would (the decoders skip values they do not read).
    const bool json = detail::json::is_valid_json(event);
    event.resize(size + detail::json::padding, '\0');
    return detail::with_app(make_app, program, [&](const App& app) {
      worker w;
      const invocation_result r =
          json ? app.handle(w, event.data(), size, event.size())
               : w.fail("Sluice.InvalidEvent", "the event is not valid JSON (Lambda refuses such a payload)");
      std::fwrite(r.payload.data(), 1, r.payload.size(), stdout);
      std::fputc('\n', stdout);
      std::fflush(stdout);
      return r.ok ? 0 : 1;
    });
  }
  // A container image's entry point (and the Runtime Interface Emulator) may pass the image's
  // CMD, the handler name, as the only argument: a custom runtime has no use for it
  const bool handler_name_only = argc == 2 && !first.empty() && first.front() != '-';
  if ((argc == 1 || handler_name_only) && std::getenv("AWS_LAMBDA_RUNTIME_API") != nullptr) {
    return run_lambda(make_app, lambda_settings::from_environment());
  }
  if (argc > 1) std::fprintf(stderr, "%s: unknown argument '%s'\n\n", program, argv[1]);
  detail::print_usage<Fronts...>(stderr, program, keys.data(), keys.size());
  return 2;
}

/**
 * Runs an app as its command line asks. Returns the process exit status.
 *
 * **Example**: `int main(int argc, char** argv) { return sluice::run(my_app, argc, argv); }`
 */
template <class App, entry_front... Fronts>
  requires(!std::invocable<const App&>)
int run(const App& app, int argc, char** argv, const Fronts&... fronts) {
  return run([&app]() -> const App& { return app; }, argc, argv, fronts...);
}

}  // namespace sluice
