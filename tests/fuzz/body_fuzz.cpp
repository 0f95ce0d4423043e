// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// Typed JSON body binding against simdjson's DOM parser: a body that binds is valid JSON (the
// DOM accepts the same bytes), an object whose keys are all known and never repeated, and
// every bound member equals the DOM's value of its field. The binding's refusals are 400s
// with a message.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz.hpp"
#include "sluice/body.hpp"

namespace body_fuzz {

struct tag {
  std::string_view label;
  std::optional<bool> pinned;
  static constexpr auto sluice_fields() {
    return sluice::fields(sluice::field<"label">(&tag::label),
                          sluice::field<"pinned">(&tag::pinned));
  }
};

struct pet {
  std::string_view name;
  std::optional<std::int32_t> age;
  std::optional<std::uint8_t> legs;
  std::optional<double> weight;
  std::optional<std::string> note;
  std::vector<std::int64_t> scores;
  std::optional<std::vector<tag>> tags;
  std::optional<tag> best;
  static constexpr auto sluice_fields() {
    return sluice::fields(sluice::field<"name">(&pet::name, sluice::length{1, 16}),
                          sluice::field<"age">(&pet::age, sluice::range{0, 100}),
                          sluice::field<"legs">(&pet::legs), sluice::field<"weight">(&pet::weight),
                          sluice::field<"note">(&pet::note), sluice::field<"scores">(&pet::scores),
                          sluice::field<"tags">(&pet::tags), sluice::field<"best">(&pet::best));
  }
};

using dom_object = simdjson::dom::object;

/// Every key once, and each one a field of the struct.
bool keys_are(dom_object object, std::set<std::string_view> allowed) {
  std::set<std::string_view> seen;
  for (const auto field : object) {
    if (!allowed.contains(field.key) || !seen.insert(field.key).second) return false;
  }
  return true;
}

void check_tag(const tag& t, simdjson::dom::element e) {
  dom_object o;
  FUZZ_CHECK(e.get(o) == simdjson::SUCCESS && keys_are(o, {"label", "pinned"}));
  std::string_view label;
  FUZZ_CHECK(o["label"].get(label) == simdjson::SUCCESS && label == t.label);
  bool pinned = false;
  if (o["pinned"].get(pinned) == simdjson::SUCCESS)
    FUZZ_CHECK(t.pinned == pinned);
  else
    FUZZ_CHECK(!t.pinned);
}

void check_pet(const pet& p, std::string_view bytes) {
  static simdjson::dom::parser dom;
  simdjson::dom::element root;
  const simdjson::error_code parsed = dom.parse(bytes.data(), bytes.size()).get(root);
  if (parsed == simdjson::NUMBER_ERROR) {
    // The DOM parser refuses integers beyond 64 bits, which JSON allows (found by this target);
    // on-demand reads them as doubles, and only `weight` takes one.
    FUZZ_CHECK(p.weight && std::fabs(*p.weight) >= 9.2e18);
    return;
  }
  FUZZ_CHECK(parsed == simdjson::SUCCESS);
  dom_object o;
  FUZZ_CHECK(root.get(o) == simdjson::SUCCESS);
  FUZZ_CHECK(keys_are(o, {"name", "age", "legs", "weight", "note", "scores", "tags", "best"}));
  std::string_view name;
  FUZZ_CHECK(o["name"].get(name) == simdjson::SUCCESS && name == p.name);
  std::int64_t age = 0;
  if (o["age"].get(age) == simdjson::SUCCESS)
    FUZZ_CHECK(p.age == age && age >= 0 && age <= 100);
  else
    FUZZ_CHECK(!p.age);
  std::uint64_t legs = 0;
  if (o["legs"].get(legs) == simdjson::SUCCESS)
    FUZZ_CHECK(p.legs == legs);
  else
    FUZZ_CHECK(!p.legs);
  double weight = 0;
  if (o["weight"].get(weight) == simdjson::SUCCESS)
    FUZZ_CHECK(p.weight == weight);
  else
    FUZZ_CHECK(!p.weight);
  std::string_view note;
  if (o["note"].get(note) == simdjson::SUCCESS)
    FUZZ_CHECK(p.note == note);
  else
    FUZZ_CHECK(!p.note);
  simdjson::dom::array scores;
  FUZZ_CHECK(o["scores"].get(scores) == simdjson::SUCCESS && scores.size() == p.scores.size());
  std::size_t i = 0;
  for (const auto s : scores) {
    std::int64_t v = 0;
    FUZZ_CHECK(s.get(v) == simdjson::SUCCESS && v == p.scores[i++]);
  }
  simdjson::dom::array tags;
  if (o["tags"].get(tags) == simdjson::SUCCESS) {
    FUZZ_CHECK(p.tags && tags.size() == p.tags->size());
    i = 0;
    for (const auto t : tags) check_tag((*p.tags)[i++], t);
  } else {
    FUZZ_CHECK(!p.tags);
  }
  if (simdjson::dom::element best; o["best"].get(best) == simdjson::SUCCESS && !best.is_null()) {
    FUZZ_CHECK(p.best.has_value());
    check_tag(*p.best, best);
  } else {
    FUZZ_CHECK(!p.best);
  }
}

}  // namespace body_fuzz

void fuzz::body_target(const std::uint8_t* data, std::size_t size) {
  using namespace body_fuzz;
  static sluice::detail::arena arena;
  arena.reset();
  const sluice::detail::arena_scope scope(arena);
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  pet p;
  sluice::http_error err;
  if (sluice::detail::binding::bind(bytes, p, err)) {
    check_pet(p, bytes);
  } else {
    FUZZ_CHECK(err.status == 400 && !err.message.empty());
  }
}
