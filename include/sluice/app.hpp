// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// The app: the one part that sees routes, decoders and response writers together.
// Event bytes in, response bytes out: decode -> canonical path -> route -> handler -> write.

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "sluice/auth.hpp"
#include "sluice/context.hpp"
#include "sluice/detail/arena.hpp"
#include "sluice/detail/base64.hpp"
#include "sluice/detail/http_response.hpp"
#include "sluice/detail/streamed_answer.hpp"
#include "sluice/detail/json.hpp"
#include "sluice/events/http.hpp"
#include "sluice/log.hpp"
#include "sluice/middleware.hpp"
#include "sluice/path.hpp"
#include "sluice/request.hpp"
#include "sluice/response.hpp"
#include "sluice/result.hpp"
#include "sluice/route.hpp"
#include "sluice/router.hpp"
#include "sluice/worker.hpp"

namespace sluice {

/// What to do with a path that differs from a route only by a trailing slash.
enum class trailing_slash : unsigned char {
  strict,    // `/pets/` is not `/pets`: 404 (API Gateway's behaviour)
  ignore,    // serve it from the route without (or with) the slash
  redirect,  // answer 308 to the path the route has
};

/**
 * What `APP --emit openapi` and `APP --emit sam` say about the API (docs/openapi.md).
 *
 * **Example**: `sluice::options{.api = {.title = "Pets", .version = "2.1.0"}}`
 */
struct api_info {
  std::string title{};            // empty: the program's name
  std::string version = "1.0.0";  // the API's version (OpenAPI `info.version`)
  std::string description{};
  std::string code_uri{};  // the SAM function's CodeUri; empty: `<program>.zip`
};

/**
 * Per-app settings. Stage and base-path stripping are explicit: nothing is guessed.
 *
 * **Example**: `sluice::options{.strip_stage = true, .base_paths = {"/v1"}}`
 */
struct options {
  /// Strip `/{requestContext.stage}` from HTTP API paths (named stages put it in `rawPath`).
  /// REST API paths never hold the stage, so this does not touch them.
  bool strip_stage = false;
  /// Custom-domain base paths (API mappings) to strip when the path starts with one.
  std::vector<std::string> base_paths{};
  trailing_slash slash = trailing_slash::strict;
  /// Answer Function URL events with Lambda response streaming (set the URL's invoke mode to
  /// RESPONSE_STREAM): bodies up to 200 MB, sent as bytes. Only in the Runtime API loop.
  bool stream_function_urls = false;
  path_limits path{};
  events::http_decode_limits http{};
  /// Verifies `Authorization: Bearer` tokens when no gateway authorizer did (Function URLs,
  /// ALB, the local gateway), and for routes under `auth::local_token`. See jwt.hpp.
  bearer_verifier bearer{};
  /// The trust boundary: when not empty, an authorizer context is believed only from these
  /// API ids (`requestContext.apiId`); others are treated as unauthenticated. An event can be
  /// forged by anyone allowed to call `lambda:Invoke` directly (docs/auth.md).
  std::vector<std::string> trusted_api_ids{};
  /// For `--emit openapi` and `--emit sam` only.
  api_info api{};
};

namespace detail {
constexpr path_encoding encoding_of(http_source s) noexcept {
  // HTTP APIs decode the path once before the event is built; the others pass it as sent
  return s == http_source::http_api_v2 || s == http_source::http_api_v1 ? path_encoding::decoded
                                                                         : path_encoding::encoded;
}

/// `path` minus a leading `prefix` that ends at a segment boundary.
constexpr bool strip_prefix(std::string_view& path, std::string_view prefix) noexcept {
  if (prefix.size() < 2 || !path.starts_with(prefix)) return false;
  if (path.size() != prefix.size() && path[prefix.size()] != '/') return false;
  path.remove_prefix(prefix.size());
  if (path.empty()) path = "/";
  return true;
}

inline void append_query_component(arena_string& out, std::string_view s) {
  constexpr char hex[] = "0123456789ABCDEF";
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out.push_back(ch);
    } else {
      const char esc[] = {'%', hex[c >> 4], hex[c & 15]};
      out.append({esc, 3});
    }
  }
}
}  // namespace detail

namespace errors {
// NOLINTBEGIN(readability-identifier-naming)
template <class Part>
struct app_part_is_not_understood {
  static_assert(detail::always_false<Part>,
                "sluice::app: takes sluice::every_route_declares_auth, sluice::options, app-level steps "
                "(sluice::use(...), sluice::before, sluice::after, sluice::on_error, pieces such as "
                "sluice::cors) and routes (sluice::route<...>(...))");
};
// NOLINTEND(readability-identifier-naming)
}  // namespace errors

namespace detail {
template <class T>
struct is_route : std::false_type {};
template <fixed_string Key, class Handler, class Policy, class Steps>
struct is_route<route_definition<Key, Handler, Policy, Steps>> : std::true_type {};

template <class T>
constexpr bool is_step_part = is_before_step<T>::value || is_after_step<T>::value || is_steps<T>::value ||
                              is_error_mapping<T>::value;

template <class P>
struct is_step_part_type : std::bool_constant<is_step_part<P>> {};

/// Refuses a part that is neither a route, a step, `options` nor `every_route_declares_auth`.
template <class P>
constexpr bool check_part() {
  if constexpr (!is_route<P>::value && !is_step_part<P> && !std::is_same_v<P, options> &&
                !std::is_same_v<P, every_route_declares_auth_t>) {
    (void)errors::app_part_is_not_understood<P>{};
  }
  return true;
}

// The parts are split by type lists and index arrays, never by a std::tuple_cat over every
// part: with hundreds of routes, libstdc++'s tuple_cat costs minutes of compile time.

/// The types of `P...` that `Keep` accepts, in order.
template <template <class> class Keep, class Acc, class... P>
struct kept_types {
  using type = Acc;
};
template <template <class> class Keep, class... A, class P0, class... P>
struct kept_types<Keep, type_list<A...>, P0, P...>
    : kept_types<Keep, std::conditional_t<Keep<P0>::value, type_list<A..., P0>, type_list<A...>>, P...> {};

/// The positions in `P...` of the types `Keep` accepts.
template <template <class> class Keep, class... P>
constexpr auto kept_positions() {
  std::array<std::size_t, (std::size_t{Keep<P>::value} + ... + 0)> out{};
  std::size_t k = 0;
  std::size_t i = 0;
  ((Keep<P>::value ? (out[k++] = i++) : i++), ...);
  return out;
}

template <template <class> class Keep, class... P>
inline constexpr auto kept_positions_v = kept_positions<Keep, P...>();

template <class... P>
using app_routes_of = typename kept_types<is_route, type_list<>, P...>::type;

// Pack indexing in O(1) per lookup: the I-th element is the unique base `indexed_ref<I, T>` (or
// `route_slot<I, R>`), found by deduction. std::tuple_element and std::get recurse over the
// pack in libstdc++ 12, which is quadratic over a route table.
template <std::size_t I, class T>
struct indexed_ref {
  T& ref;
};
template <class Seq, class... T>
struct indexed_refs;
template <std::size_t... I, class... T>
struct indexed_refs<std::index_sequence<I...>, T...> : indexed_ref<I, T>... {
  explicit indexed_refs(T&... t) : indexed_ref<I, T>{t}... {}
};
template <std::size_t I, class T>
T& ref_at(const indexed_ref<I, T>& r) noexcept {
  return r.ref;
}

/// An app's routes, each in its own base, in declared order.
template <std::size_t I, class R>
struct route_slot {
  R route;
};
template <class Seq, class... R>
struct route_slots;
template <std::size_t... I, class... R>
struct route_slots<std::index_sequence<I...>, R...> : route_slot<I, R>... {
  explicit route_slots(R&&... routes) : route_slot<I, R>{std::move(routes)}... {}
};
template <std::size_t I, class R>
const R& route_at(const route_slot<I, R>& s) noexcept {
  return s.route;
}
template <std::size_t I, class R>
R route_type_at(const route_slot<I, R>&);  // unevaluated: the I-th route's type
template <class List>
struct slots_of;
template <class... R>
struct slots_of<type_list<R...>> {
  using type = route_slots<std::index_sequence_for<R...>, R...>;
};

template <class List>
struct steps_of_parts;
template <class... S>
struct steps_of_parts<type_list<S...>> {
  using type = decltype(steps_from_tuple(std::tuple_cat(as_step_tuple(std::declval<S&&>())...)));
};
template <class... P>
using app_steps_of = typename steps_of_parts<typename kept_types<is_step_part_type, type_list<>, P...>::type>::type;

/// The app's routes, moved out of its parts.
template <class... P>
typename slots_of<app_routes_of<P...>>::type take_routes(P&... parts) {
  static_assert((check_part<P>() && ... && true));
  constexpr const auto& at = kept_positions_v<is_route, P...>;
  const indexed_refs<std::index_sequence_for<P...>, P...> all(parts...);
  return [&]<std::size_t... I>(std::index_sequence<I...>) {
    return typename slots_of<app_routes_of<P...>>::type(std::move(ref_at<kept_positions_v<is_route, P...>[I]>(all))...);
  }(std::make_index_sequence<at.size()>{});
}

/// The app's steps, in order, moved out of its parts.
template <class... P>
app_steps_of<P...> take_steps(P&... parts) {
  constexpr const auto& at = kept_positions_v<is_step_part_type, P...>;
  const indexed_refs<std::index_sequence_for<P...>, P...> all(parts...);
  return [&]<std::size_t... I>(std::index_sequence<I...>) {
    return steps_from_tuple(std::tuple_cat(
        as_step_tuple(std::move(ref_at<kept_positions_v<is_step_part_type, P...>[I]>(all)))...));
  }(std::make_index_sequence<at.size()>{});
}

template <class P>
struct is_options_part : std::is_same<P, options> {};

/// The app's options: its last `options` part, else the defaults. Found by position, not by a
/// function per part: every function instantiated per part carries the whole app's type in its
/// name, and with hundreds of routes the compiler's cost of those names grows with their square.
template <class... P>
options options_part(P&... parts) {
  constexpr const auto& at = kept_positions_v<is_options_part, P...>;
  if constexpr (at.empty()) {
    ((void)parts, ...);
    return options{};
  } else {
    const indexed_refs<std::index_sequence_for<P...>, P...> all(parts...);
    return std::move(ref_at<kept_positions_v<is_options_part, P...>[at.size() - 1]>(all));
  }
}

// ---- invoking a route ------------------------------------------------------------------------
//
// What runs per route is a function of the route's handler and steps types (and of the app's
// steps), never of the whole app: a function that is a member of the app (or a lambda inside
// one) carries every route's key in its name, and 200 such functions made the compiler spend
// most of its time on names (quadratic in the number of routes). Routes that share a handler
// type share one invoker, unless an extractor of theirs needs the route's key (path<...>).

template <class AppSteps>
using app_store_of = typename store_of<typename steps_types<AppSteps>::provided>::type;

template <class AppSteps>
struct route_entry;

/// A route's chain (before steps, handler, after steps), reached through its entry.
template <class AppSteps>
using route_invoker = response (*)(const route_entry<AppSteps>& route, const AppSteps& app_steps,
                                   const request& req, const app_store_of<AppSteps>& outer);

/// What the app keeps per route to call it: the functions made for its types and where its
/// parts live in the app.
template <class AppSteps>
struct route_entry {
  route_invoker<AppSteps> invoke;
  auth_verdict (*authorize)(const void* policy, const request& req);
  const void* handler;
  const void* policy;
  const void* steps;
};

/// Runs `body`; an exception becomes an answer: the first `on_error` mapping that fits (of
/// `route_steps`, then of `app_steps`), else a `500` whose detail goes to the log only.
template <class AppSteps, class RouteSteps, class Body>
auto guard_answer(const request& req, const AppSteps& app_steps, const RouteSteps& route_steps, Body&& body)
    -> decltype(body()) {
#if defined(__cpp_exceptions)
  using answer_type = decltype(body());
  try {
    return with_error_mappings(app_steps, [&]() -> answer_type { return with_error_mappings(route_steps, body); });
  } catch (const std::exception& e) {
    report_failure_line(req, "threw", e.what());
  } catch (...) {
    report_failure_line(req, "threw", "an exception that is not a std::exception");
  }
  return answer_type(error(500, "Internal Server Error"));
#else
  (void)req;
  (void)app_steps;
  (void)route_steps;
  return body();
#endif
}

/// A handler's error value: the first `on_error` mapping that takes it (the route's, then the
/// app's), else a `500`.
template <class AppSteps, class RouteSteps, class E>
response answer_failure(const request& req, const AppSteps& app_steps, const RouteSteps& route_steps,
                        const E& failure) {
  if (std::optional<response> mapped = map_error_value(route_steps, failure)) return std::move(*mapped);
  if (std::optional<response> mapped = map_error_value(app_steps, failure)) return std::move(*mapped);
  report_failure_line(req, "returned the error", describe_failure(failure));
  return error(500, "Internal Server Error");
}

/// One route's chain: its before steps, the handler, its after steps; error values become
/// answers. `Key` is the route's key when an extractor needs it, else `unkeyed_route`.
///
/// Exceptions: a route without after steps maps those of its `on_error` types here; the rest
/// propagate to the app's one guard around every call (`app_core::route_and_call`), so this
/// code has no handler of its own. A route with after steps guards its parts itself, as its
/// after steps run on every answer, a 500 included.
template <fixed_string Key, class Handler, class RouteSteps, class AppSteps>
response invoke_route(const route_entry<AppSteps>& route, const AppSteps& app_steps, const request& req,
                      const app_store_of<AppSteps>& outer) {
  const Handler& handler = *static_cast<const Handler*>(route.handler);
  const RouteSteps& route_steps = *static_cast<const RouteSteps*>(route.steps);
  using route_store = typename store_of<typename steps_types<RouteSteps>::provided>::type;
  route_store own;
  const context_chain<app_store_of<AppSteps>, route_store> context{&outer, &own};
  const auto run = [&]() -> response {
    if constexpr (steps_types<RouteSteps>::has_before) {
      if (std::optional<response> early = run_before_steps<Key>(route_steps, req, context, own)) {
        return std::move(*early);
      }
    }
    auto out = call_handler<Key>(handler, req, context, args_of_handler<Handler>{});
    if constexpr (is_result<decltype(out)>::value) {
      if (out.failed()) return answer_failure(req, app_steps, route_steps, out.error());
      return std::move(out).answer();
    } else {
      return out;
    }
  };
  if constexpr (steps_types<RouteSteps>::has_after) {
    response answer = guard_answer(req, app_steps, route_steps, run);
    return guard_answer(req, app_steps, route_steps, [&]() -> response {
      run_after_steps<Key>(route_steps, req, context, answer);
      return std::move(answer);
    });
  } else {
    return with_error_mappings(route_steps, run);
  }
}

template <class Policy>
auth_verdict authorize_route(const void* policy, const request& req) {
  return static_cast<const Policy*>(policy)->check(req.caller(), req);
}

/// The key an invoker is made for when no extractor of the route reads it.
inline constexpr fixed_string unkeyed_route{"*"};

template <class A>
constexpr bool needs_route_param() {
  if constexpr (is_extractor_param<A>) {
    return bare<A>::needs_route;
  } else {
    return false;
  }
}
template <class... A>
constexpr bool args_need_route(type_list<A...>) {
  return (needs_route_param<A>() || ... || false);
}
template <class S>
constexpr bool step_needs_route() {
  if constexpr (is_before_step<S>::value || is_after_step<S>::value) {
    return args_need_route(args_of_handler<decltype(S::fn)>{});
  } else {
    return false;
  }
}
template <class... S>
constexpr bool steps_need_route(const steps<S...>*) {
  return (step_needs_route<S>() || ... || false);
}

/// The invoker of route type `R` in an app with steps `AppSteps`.
template <class R, class AppSteps>
constexpr route_invoker<AppSteps> invoker_of() {
  using handler_type = decltype(R::handler);
  using route_steps = typename R::steps_type;
  if constexpr (args_need_route(args_of_handler<handler_type>{}) ||
                steps_need_route(static_cast<const route_steps*>(nullptr))) {
    return &invoke_route<R::key, handler_type, route_steps, AppSteps>;
  } else {
    return &invoke_route<unkeyed_route, handler_type, route_steps, AppSteps>;
  }
}
template <class R, class AppSteps>
inline constexpr route_invoker<AppSteps> invoker_of_v = invoker_of<R, AppSteps>();

/// Checks route `R`'s steps and the context its handler asks for, given what the app's steps
/// provide (a function of the route, not a member of the app: see above).
template <class R, class AppProvided>
constexpr bool check_route_steps() {
  using route_steps = typename R::steps_type;
  constexpr bool steps_ok =
      check_steps<R::key, step_level{false, R::policy_type::public_route}, AppProvided, route_steps>();
  using available = typename list_concat<AppProvided, typename steps_types<route_steps>::provided>::type;
  return steps_ok && check_handler_context<R::key, available>(args_of_handler<decltype(R::handler)>{});
}

template <class Steps, bool Strict, class Routes>
class app_core;
}  // namespace detail

/**
 * An app: a route table of plain function objects. `handle` takes an event's JSON and gives
 * the response JSON its source expects. Route tables that break a rule do not compile.
 * Its parts, in any order: `sluice::options`, `sluice::every_route_declares_auth`, app-level
 * steps (see middleware.hpp) and routes.
 *
 * **Example**:
 * ```
 * const auto app = sluice::app{
 *     sluice::route<"GET /health">([] { return sluice::json(R"({"status":"ok"})"); }),
 *     sluice::route<"GET /pets/{id}">([](sluice::path<"id", std::uint64_t> id) { ... }),
 * };
 * std::string_view out = app.handle(event_json).payload;
 * ```
 */
template <class... Parts>
class app : public detail::app_core<detail::app_steps_of<Parts...>,
                                    (std::is_same_v<Parts, every_route_declares_auth_t> || ...),
                                    detail::app_routes_of<Parts...>> {
  using base = detail::app_core<detail::app_steps_of<Parts...>,
                                (std::is_same_v<Parts, every_route_declares_auth_t> || ...), detail::app_routes_of<Parts...>>;

 public:
  explicit app(Parts... parts)
      : base(detail::options_part(parts...), detail::take_steps(parts...), detail::take_routes(parts...)) {}
};

namespace detail {
template <class Steps, bool Strict, class... Routes>
class app_core<Steps, Strict, type_list<Routes...>> {
 public:
  using table = router<Routes::key...>;
  static_assert(table::is_valid, "sluice::app: the route table is invalid (see the error above)");

 private:
  using app_steps = steps_types<Steps>;
  using app_provided = typename app_steps::provided;
  using app_store = typename store_of<app_provided>::type;
  static constexpr fixed_string app_level_key{"sluice::use"};

  static constexpr bool steps_fit = check_steps<app_level_key, step_level{true, false}, type_list<>, Steps>() &&
                                    (check_route_steps<Routes, app_provided>() && ... && true);
  static_assert(steps_fit, "sluice::app: a step or handler does not fit (see the error above)");

 public:
  using route_storage = route_slots<std::index_sequence_for<Routes...>, Routes...>;

  app_core(options opts, Steps app_steps_value, route_storage routes)
      : routes_(std::move(routes)),
        steps_(std::move(app_steps_value)),
        options_(std::move(opts)),
        entries_(entries_of(routes_)) {
    if constexpr (Strict) check_declared();
  }

  // The route entries point into the app's own routes: a copy, or an app moved to, makes its
  // own; assignment keeps them (the routes it points to stay where they are).
  app_core(const app_core& other)
    requires(std::is_copy_constructible_v<route_storage> && std::is_copy_constructible_v<Steps>)
      : routes_(other.routes_), steps_(other.steps_), options_(other.options_), entries_(entries_of(routes_)) {}
  app_core(app_core&& other) noexcept(std::is_nothrow_move_constructible_v<route_storage> &&
                                      std::is_nothrow_move_constructible_v<Steps> &&
                                      std::is_nothrow_move_constructible_v<options>)
    requires(std::is_move_constructible_v<route_storage> && std::is_move_constructible_v<Steps>)
      : routes_(std::move(other.routes_)),
        steps_(std::move(other.steps_)),
        options_(std::move(other.options_)),
        entries_(entries_of(routes_)) {}
  app_core& operator=(const app_core& other)
    requires(std::is_copy_assignable_v<route_storage> && std::is_copy_assignable_v<Steps>)
  {
    routes_ = other.routes_;
    steps_ = other.steps_;
    options_ = other.options_;
    return *this;
  }
  app_core& operator=(app_core&& other) noexcept(std::is_nothrow_move_assignable_v<route_storage> &&
                                                 std::is_nothrow_move_assignable_v<Steps> &&
                                                 std::is_nothrow_move_assignable_v<options>)
    requires(std::is_move_assignable_v<route_storage> && std::is_move_assignable_v<Steps>)
  {
    routes_ = std::move(other.routes_);
    steps_ = std::move(other.steps_);
    options_ = std::move(other.options_);
    return *this;
  }
  ~app_core() = default;

  [[nodiscard]] const options& settings() const noexcept { return options_; }

  /// Handles one event whose JSON sits in a buffer with `detail::json::padding` readable
  /// bytes after it (`capacity >= size + padding`).
  [[nodiscard]] invocation_result handle(worker& w, const char* data, std::size_t size, std::size_t capacity) const {
    w.begin();
    detail::arena_scope scope(w.arena());
    return dispatch(w, data, size, capacity);
  }

  /// Handles one event given as plain text (copied into the worker's padded buffer).
  [[nodiscard]] invocation_result handle(worker& w, std::string_view event) const {
    const std::string_view padded = w.pad(event);
    return handle(w, padded.data(), padded.size(), w.padded_capacity());
  }

  /// Handles one event with this thread's default worker.
  [[nodiscard]] invocation_result handle(std::string_view event) const { return handle(default_worker(), event); }

  /// The worker `handle(event)` uses on this thread.
  [[nodiscard]] static worker& default_worker() {
    thread_local worker w;
    return w;
  }

  /// Calls `v.add<Handler, Policy, Steps>(key, policy)` for each route, in declaration order
  /// (for `--emit`, see emit.hpp).
  template <class Visitor>
  void describe_routes(Visitor& v) const {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (v.template add<decltype(Routes::handler), typename Routes::policy_type, typename Routes::steps_type>(
           Routes::key.view(), route_at<I>(routes_).policy),
       ...);
    }(std::index_sequence_for<Routes...>{});
  }

  /// Route keys, in declaration order.
  [[nodiscard]] static constexpr std::array<std::string_view, sizeof...(Routes)> route_keys() noexcept {
    return {Routes::key.view()...};
  }

 private:
  static constexpr void check_declared() {
    [[maybe_unused]] const bool all = (declared<Routes>() && ...);
  }
  template <class R>
  static constexpr bool declared() {
    if constexpr (std::is_same_v<typename R::policy_type, auth::unspecified>) {
      (void)errors::route_does_not_declare_its_auth<R::key>{};
      return false;
    }
    return true;
  }

  static constexpr std::array<bool, sizeof...(Routes)> public_routes{Routes::policy_type::public_route...};
  static constexpr std::array<bool, sizeof...(Routes)> local_tokens{
      needs_local_verification<typename Routes::policy_type>...};

  using entry = route_entry<Steps>;
  using entry_table = std::array<entry, sizeof...(Routes)>;

  /// Each route's entry, pointing into `routes` (made again when the app is copied or moved).
  static entry_table entries_of(const route_storage& routes) {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return entry_table{entry{invoker_of_v<decltype(route_type_at<I>(routes)), Steps>,
                               &authorize_route<typename decltype(route_type_at<I>(routes))::policy_type>,
                               &route_at<I>(routes).handler, &route_at<I>(routes).policy,
                               &route_at<I>(routes).steps}...};
    }(std::index_sequence_for<Routes...>{});
  }

  /// Routes whose handler or steps may read the body: a body that cannot be read is answered
  /// (400, 413, 415) before they run.
  static constexpr std::array<bool, sizeof...(Routes)> needs_body{
      (handler_needs_body(args_of_handler<decltype(Routes::handler)>{}) ||
       steps_read_body(static_cast<const typename Routes::steps_type*>(nullptr)))...};

  invocation_result dispatch(worker& w, const char* data, std::size_t size, std::size_t capacity) const {
    request& req = w.current_request();
    detail::http_event& ev = detail::request_access::event(req);
    const events::decode_result decoded = events::decode_http_event(
        w.parser(), detail::json::padded_view(data, size, capacity), w.arena(), ev, options_.http);
    app_store context;
    if constexpr (app_steps::has_after) {  // for logs and metrics (request::received_at)
      detail::request_access::set_timing(req, std::chrono::steady_clock::now(), detail::take_cold_start());
    }
    switch (decoded.status) {
      case events::decode_status::ok: break;
      case events::decode_status::not_json:
      case events::decode_status::invalid_event: return w.fail("Sluice.InvalidEvent", decoded.message);
      case events::decode_status::not_http:
        // the decoder stops at the first keys that rule HTTP out: is the rest JSON at all?
        if (!detail::json::is_valid_json(std::string_view(data, size))) {
          return w.fail("Sluice.InvalidEvent", "the event is not valid JSON");
        }
        return w.fail("Sluice.UnsupportedEvent", decoded.message);
      case events::decode_status::too_many_headers: return respond(w, ev, finish(req, error(431, decoded.message), context));
      case events::decode_status::too_many_query_parameters:
        return respond(w, ev, finish(req, error(414, decoded.message), context));
      case events::decode_status::conflicting_header:
        return respond(w, ev, finish(req, error(400, decoded.message), context));
    }
    if (ev.context.request_id.empty()) ev.context.request_id = w.lambda_request_id();  // ALB has none
    return respond(w, ev, finish(req, route_and_call(w, req, ev, context), context));
  }

  /// The app's after steps, on every HTTP answer.
  response finish(const request& req, response answer, const app_store& context) const {
    if constexpr (app_steps::has_after) {
      return guard(req, steps<>{}, [&]() -> response {
        run_after_steps<app_level_key>(steps_, req, context, answer);
        return std::move(answer);
      });
    } else {
      return answer;
    }
  }

  response route_and_call(worker& w, request& req, const detail::http_event& ev, app_store& context) const {
    std::string_view path = ev.path;
    std::string_view prefix;
    if (options_.strip_stage && detail::encoding_of(ev.source) == path_encoding::decoded &&
        !ev.context.stage.empty() && ev.context.stage != "$default") {
      std::string_view stage_path = path;
      if (detail::strip_prefix(stage_path, stage_prefix(w, ev.context.stage))) {
        prefix = path.substr(0, path.size() - stage_path.size());
        path = stage_path;
      }
    }
    for (const std::string& base : options_.base_paths) {
      std::string_view rest = path;
      if (detail::strip_prefix(rest, base)) {
        prefix = ev.path.substr(0, ev.path.size() - rest.size());
        path = rest;
        break;
      }
    }
    detail::request_access::set_path(req, prefix, path);

    canonical_path& canonical = w.path();
    if (const path_problem p = canonical.parse(path, detail::encoding_of(ev.source), options_.path, w.arena());
        p != path_problem::none) {
      return error(status_of(p), describe(p));
    }

    if constexpr (app_steps::has_before) {
      std::optional<response> early = guard(req, steps<>{}, [&]() -> std::optional<response> {
        return run_before_steps<app_level_key>(steps_, req, context, context);
      });
      if (early) return std::move(*early);
    }

    route_match m = table::match_with_template(ev.route_key, canonical, ev.verb);
    if (m.route < 0 && options_.slash != trailing_slash::strict && !canonical.segments().empty()) {
      canonical.toggle_trailing_slash();
      const route_match other = table::match(canonical, ev.verb);
      if (other.route >= 0 && options_.slash == trailing_slash::redirect) return slash_redirect(req, ev, prefix, path);
      if (other.route >= 0) {
        m = other;
      } else {
        canonical.toggle_trailing_slash();
      }
    }
    if (m.route < 0) {
      if constexpr (table::default_route >= 0) {
        m = {};
        m.route = table::default_route;
      } else if (m.path_matched) {
        const allow_list allow(m.allowed | bit(method::options));
        if (ev.verb != method::options) return std::move(error(405, "Method Not Allowed").header("Allow", allow.view()));
        // A CORS preflight is the only OPTIONS answered to anyone; any other OPTIONS must
        // pass the policies of the routes it lists, or it would tell a stranger what exists.
        if (!is_preflight(req)) {
          for (std::size_t i = 0; i < named_method_count; ++i) {
            if (!(m.allowed & (1u << i))) continue;
            const route_match other = table::match(canonical, static_cast<method>(i));
            const auto r = static_cast<std::size_t>(other.route);
            if (other.route < 0 || public_routes[r]) continue;
            const token_outcome token = identify(req, local_tokens[r]);
            const auth_verdict v = entries_[r].authorize(entries_[r].policy, req);
            if (v != auth_verdict::allow) return refuse(req, v, token);
          }
        }
        return std::move(response(204).header("Allow", allow.view()));
      } else {
        return error(404, "Not Found");
      }
    }

    const auto route = static_cast<std::size_t>(m.route);
    auto* captures = w.arena().allocate_array<detail::path_capture>(m.capture_count);
    const auto segments = canonical.segments();
    for (std::size_t k = 0; k < m.capture_count; ++k) {
      const bool greedy = m.last_is_greedy && k + 1 == m.capture_count;
      captures[k] = {table::templates[route].param_name(k),
                     greedy ? canonical.tail(m.captures[k], w.arena()) : segments[m.captures[k]]};
    }
    detail::request_access::set_route(req, table::key(route), {captures, m.capture_count});

    if (!public_routes[route]) {
      const token_outcome token = identify(req, local_tokens[route]);
      const auth_verdict v = entries_[route].authorize(entries_[route].policy, req);
      if (v != auth_verdict::allow) return refuse(req, v, token);
    }

    if (needs_body[route] && ev.has_body) {
      if (const body_problem p = req.body_error(); p != body_problem::none) return error(status_of(p), describe(p));
    }
    // the one exception guard of every route without after steps (see invoke_route)
    const entry& e = entries_[route];
    return guard(req, steps<>{}, [&]() -> response { return e.invoke(e, steps_, req, context); });
  }

  /// Runs `body`; an exception becomes an answer: the first `on_error` mapping that fits (of
  /// `route_steps`, then the app's), else a `500` whose detail goes to the log only.
  template <class RouteSteps, class Body>
  auto guard(const request& req, const RouteSteps& route_steps, Body&& body) const -> decltype(body()) {
    return guard_answer(req, steps_, route_steps, std::forward<Body>(body));
  }

  /// The detail of an answered failure, for the operator: an ERROR JSON line on stderr with
  /// the route and the request ids (the client sees only "Internal Server Error").
  static void report_failure(const request& req, std::string_view what, std::string_view detail) {
    detail::report_failure_line(req, what, detail);
  }

  /// Settles who the caller is before a policy looks: believes the gateway's authorizer
  /// context (when its API is trusted), else verifies a bearer token locally if the app can;
  /// a route under `auth::local_token` always verifies locally.
  token_outcome identify(request& req, bool local_only) const {
    detail::http_event& ev = detail::request_access::event(req);
    detail::arena& a = detail::current_arena();
    if (ev.auth.source != principal_source::none && (local_only || !trusted_api(ev.context.api_id))) {
      if (!local_only) {
        std::fprintf(stderr, "sluice: ignoring the authorizer context of untrusted API '%.*s' (request id %.*s)\n",
                     static_cast<int>(ev.context.api_id.size()), ev.context.api_id.data(),
                     static_cast<int>(ev.context.request_id.size()), ev.context.request_id.data());
      }
      detail::request_access::reset_auth(ev.auth, a);
    }
    if (ev.auth.source != principal_source::none) return {token_status::verified, {}};
    if (!local_only && !options_.bearer) return {token_status::missing, {}};
    const std::optional<std::string_view> header = req.header("authorization");
    if (!header) return {token_status::missing, {}};
    std::string_view credential = *header;
    if (credential.size() < 7 || !detail::iequals(credential.substr(0, 7), "bearer ")) {
      return {token_status::malformed, "the Authorization header is not a Bearer credential"};
    }
    credential.remove_prefix(7);
    while (!credential.empty() && credential.front() == ' ') credential.remove_prefix(1);
    if (credential.empty() || credential.find_first_of(", \t") != std::string_view::npos) {
      return {token_status::malformed, "send exactly one bearer token"};
    }
    if (!options_.bearer) {
      std::fprintf(stderr, "sluice: the route %.*s needs a locally verified token, but no verifier is set\n",
                   static_cast<int>(req.route().size()), req.route().data());
      return {token_status::invalid, "no key is configured to verify tokens"};
    }
    return options_.bearer.verify(options_.bearer.state, credential, ev.auth, a);
  }

  [[nodiscard]] bool trusted_api(std::string_view api_id) const noexcept {
    if (options_.trusted_api_ids.empty()) return true;
    for (const std::string& id : options_.trusted_api_ids) {
      if (id == api_id) return true;
    }
    return false;
  }

  /// `401` with a Bearer challenge (RFC 6750), or `403`; a `500` when the token could not be
  /// checked at all (OpenSSL missing): the client is not to blame, the log says what is wrong.
  static response refuse(const request& req, auth_verdict v, const token_outcome& token) {
    if (token.status == token_status::unavailable) {
      report_failure(req, "could not verify the bearer token", token.reason);
      return error(500, "Internal Server Error");
    }
    if (v == auth_verdict::forbidden) return error(403, "Forbidden");
    if (v == auth_verdict::insufficient_scope) {
      return std::move(error(403, "Forbidden").header("WWW-Authenticate", R"(Bearer error="insufficient_scope")"));
    }
    detail::arena_string challenge(detail::current_arena());
    challenge.append("Bearer");
    if (token.status == token_status::malformed || token.status == token_status::invalid) {
      challenge.append(token.status == token_status::malformed ? R"( error="invalid_request")" : R"( error="invalid_token")");
      if (!token.reason.empty()) {
        challenge.append(R"(, error_description=")");
        challenge.append(token.reason);
        challenge.push_back('"');
      }
    }
    return std::move(error(401, "Unauthorized").header("WWW-Authenticate", challenge.view()));
  }

  /// An OPTIONS request a browser sends before a cross-origin request.
  static bool is_preflight(const request& req) {
    return req.header("origin").has_value() && req.header("access-control-request-method").has_value();
  }

  static std::string_view stage_prefix(worker& w, std::string_view stage) {
    detail::arena_string s(w.arena());
    s.push_back('/');
    s.append(stage);
    return s.view();
  }

  /// What the client's URL holds before the event's whole path: a REST API's `path` leaves
  /// out the stage of an execute-api URL, which its `requestContext.path` keeps
  /// (`/prod/pets/` for `/pets/`); a redirect must put it back or it leaves the stage.
  static std::string_view unsent_prefix(const detail::http_event& ev) {
    const std::string_view client = ev.context.path;
    if (ev.path.empty() || client.size() <= ev.path.size() || client.front() != '/' || !client.ends_with(ev.path)) {
      return {};
    }
    return client.substr(0, client.size() - ev.path.size());
  }

  static response slash_redirect(const request& req, const detail::http_event& ev, std::string_view prefix,
                                 std::string_view path) {
    detail::arena_string location(detail::current_arena());
    location.append(unsent_prefix(ev));
    location.append(prefix);
    if (!path.empty() && path.back() == '/') {
      location.append(path.substr(0, path.size() - 1));
    } else {
      location.append(path);
      location.push_back('/');
    }
    bool first = true;
    req.for_each_query_pair([&](std::string_view key, std::string_view value) {
      location.push_back(first ? '?' : '&');
      first = false;
      detail::append_query_component(location, key);
      location.push_back('=');
      detail::append_query_component(location, value);
    });
    return redirect(location.view(), 308);
  }

  invocation_result respond(worker& w, const detail::http_event& ev, const response& r) const {
    if (options_.stream_function_urls && ev.source == http_source::function_url && w.invocation() != nullptr) {
      return detail::streamed_answer(w, ev, r);
    }
    detail::response_writer writer(w.output(), ev.source, ev.alb_multi_value);
    const detail::response_problem problem = writer.write(r, ev.verb == method::head);
    if (problem != detail::response_problem::none) {
      const std::string_view why = detail::describe(problem);
      std::fprintf(stderr, "sluice: cannot send the response: %.*s\n", static_cast<int>(why.size()), why.data());
      (void)writer.write(error(500, why), false);
    }
    return {true, w.output().view(), {}, {}, false, {}};
  }

  route_storage routes_;
  Steps steps_;
  options options_;
  entry_table entries_;
};
}  // namespace detail

}  // namespace sluice
