// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// Local verification of `Authorization: Bearer` JWTs with OpenSSL 3, for Function URLs, ALB
// and the local gateway, where nothing verified the token. Link `sluice::jwt` to use it; apps
// that do not include this header do not need OpenSSL.
//
// By default libcrypto is not linked: OpenSSL's headers give the types and constants, and the
// functions are resolved with dlopen("libcrypto.so.3") the first time a key is loaded or a
// token verified, so a process that never sees a token does not pay for loading OpenSSL at
// start (about 0.8 ms of a Lambda cold start). Define SLUICE_JWT_LINK_OPENSSL (CMake option
// SLUICE_JWT_LINK_OPENSSL) and link libcrypto to call OpenSSL directly instead. See
// docs/auth.md.

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#if !defined(SLUICE_JWT_LINK_OPENSSL)
#include <dlfcn.h>
#endif

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sluice/auth.hpp"
#include "sluice/detail/arena.hpp"
#include "sluice/detail/base64.hpp"
#include "sluice/detail/json.hpp"
#include "sluice/events/http_auth.hpp"
#include "sluice/principal.hpp"

namespace sluice {

/// The signature algorithms sluice accepts. `none`, and everything else, never verifies.
enum class jwt_algorithm : unsigned char { hs256, rs256, es256 };

[[nodiscard]] constexpr std::string_view name_of(jwt_algorithm a) noexcept {
  switch (a) {
    case jwt_algorithm::hs256: return "HS256";
    case jwt_algorithm::rs256: return "RS256";
    case jwt_algorithm::es256: return "ES256";
  }
  return "";
}

namespace detail::libcrypto {

// Every OpenSSL function this header calls (BIO_reset and OPENSSL_free are macros over
// BIO_ctrl and CRYPTO_free). One list, so that the table, its loading and its use agree.
// clang-format off
#define SLUICE_DETAIL_LIBCRYPTO_FUNCTIONS(X)                                                                   \
  X(BIO_new_mem_buf) X(BIO_free) X(BIO_ctrl) X(PEM_read_bio_PUBKEY) X(PEM_read_bio_X509) X(X509_get_pubkey)   \
  X(X509_free) X(EVP_PKEY_free) X(EVP_PKEY_get_base_id) X(EVP_PKEY_get_bits) X(EVP_PKEY_get_utf8_string_param) \
  X(EVP_Q_mac) X(CRYPTO_memcmp) X(CRYPTO_free) X(ECDSA_SIG_new) X(ECDSA_SIG_set0) X(ECDSA_SIG_free)           \
  X(i2d_ECDSA_SIG) X(BN_bin2bn) X(BN_free) X(EVP_MD_CTX_new) X(EVP_MD_CTX_free) X(EVP_sha256)                 \
  X(EVP_DigestVerifyInit) X(EVP_DigestVerify) X(OSSL_PARAM_BLD_new) X(OSSL_PARAM_BLD_free)                     \
  X(OSSL_PARAM_BLD_push_BN) X(OSSL_PARAM_BLD_push_utf8_string) X(OSSL_PARAM_BLD_push_octet_string)             \
  X(OSSL_PARAM_BLD_to_param) X(OSSL_PARAM_free) X(EVP_PKEY_CTX_new_from_name) X(EVP_PKEY_CTX_free)             \
  X(EVP_PKEY_fromdata_init) X(EVP_PKEY_fromdata)
// clang-format on

/// The OpenSSL functions, each a pointer with the type OpenSSL's header declares.
struct functions {
#define SLUICE_DETAIL_LIBCRYPTO_MEMBER(name) decltype(&::name) name = nullptr;
  SLUICE_DETAIL_LIBCRYPTO_FUNCTIONS(SLUICE_DETAIL_LIBCRYPTO_MEMBER)
#undef SLUICE_DETAIL_LIBCRYPTO_MEMBER
};

/// The file dlopen loads unless `SLUICE_LIBCRYPTO` names another (a path, or a soname).
inline constexpr const char* default_file = "libcrypto.so.3";

/**
 * libcrypto, loaded, or why it could not be: every function resolved, or none. Trivially
 * destructible (the reason lives in a fixed buffer), so that keys destroyed at exit still
 * find `EVP_PKEY_free`.
 */
struct library {
  functions fn{};
  char problem[320] = {};  // empty when loaded

  [[nodiscard]] bool loaded() const noexcept { return problem[0] == '\0'; }
  /// What went wrong and what to install, for the operator's log (never for the client).
  [[nodiscard]] std::string_view error() const noexcept { return problem; }
};

/**
 * Loads `file` with dlopen and resolves every function, or says why not: the library is
 * missing (what to install), or lacks a function (not OpenSSL 3). With SLUICE_JWT_LINK_OPENSSL
 * the functions are the linked ones and `file` is not used.
 */
[[nodiscard]] inline library load(const char* file) {
  library lib;
#if defined(SLUICE_JWT_LINK_OPENSSL)
  (void)file;
#define SLUICE_DETAIL_LIBCRYPTO_LINKED(name) lib.fn.name = &::name;
  SLUICE_DETAIL_LIBCRYPTO_FUNCTIONS(SLUICE_DETAIL_LIBCRYPTO_LINKED)
#undef SLUICE_DETAIL_LIBCRYPTO_LINKED
#else
  void* handle = ::dlopen(file, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = ::dlerror();
    std::snprintf(lib.problem, sizeof lib.problem,
                  "OpenSSL 3 could not be loaded (%s); install its libcrypto.so.3 (Amazon Linux 2023: openssl-libs, "
                  "Debian: libssl3)",
                  why != nullptr ? why : file);
    return lib;
  }
  const char* missing = nullptr;
  // dlsym returns an object pointer; POSIX guarantees it converts to the function's type
#define SLUICE_DETAIL_LIBCRYPTO_RESOLVE(name)                                   \
  if (missing == nullptr) {                                                     \
    void* symbol = ::dlsym(handle, #name);                                      \
    if (symbol == nullptr) missing = #name;                                     \
    lib.fn.name = reinterpret_cast<decltype(&::name)>(symbol); /* NOLINT */     \
  }
  SLUICE_DETAIL_LIBCRYPTO_FUNCTIONS(SLUICE_DETAIL_LIBCRYPTO_RESOLVE)
#undef SLUICE_DETAIL_LIBCRYPTO_RESOLVE
  if (missing != nullptr) {
    lib.fn = {};
    ::dlclose(handle);
    std::snprintf(lib.problem, sizeof lib.problem, "%s is not OpenSSL 3: it lacks %s; install OpenSSL 3's libcrypto.so.3",
                  file, missing);
  }
#endif
  return lib;
}

/**
 * The process's libcrypto, loaded on first use: by the first key read from PEM or JWKS, or the
 * first token verified. Thread-safe (a function-local static), and done once: a failure is
 * remembered, not retried per request.
 */
[[nodiscard]] inline const library& process_library() {
  static const library lib = [] {
    const char* file = default_file;
#if !defined(SLUICE_JWT_LINK_OPENSSL)
    if (const char* named = ::secure_getenv("SLUICE_LIBCRYPTO"); named != nullptr && *named != '\0') file = named;
#endif
    return load(file);
  }();
  return lib;
}

/// The functions, once `process_library().loaded()` was checked (or a key exists, which implies it).
[[nodiscard]] inline const functions& api() noexcept { return process_library().fn; }

}  // namespace detail::libcrypto

namespace detail {
struct pkey_free {
  void operator()(EVP_PKEY* k) const noexcept { libcrypto::api().EVP_PKEY_free(k); }
};
using pkey_ptr = std::shared_ptr<EVP_PKEY>;

inline pkey_ptr adopt(EVP_PKEY* k) { return pkey_ptr(k, pkey_free{}); }
}  // namespace detail

/**
 * One key, pinned to one algorithm: an HMAC secret (HS256), an RSA public key of at least
 * 2048 bits (RS256) or a P-256 public key (ES256). A token signed with any other algorithm
 * never verifies with it: no `alg: none`, no RSA key used as an HMAC secret.
 *
 * **Example**: `auto key = sluice::jwt_key::from_pem(pem_text, "key-1", &error);`
 */
class jwt_key {
 public:
  /// RFC 7518 section 3.2: an HS256 key must have at least 256 bits. A shorter secret can be
  /// found from one captured token, offline.
  static constexpr std::size_t min_hmac_secret_bytes = 32;

  /// An HS256 key. A secret shorter than `min_hmac_secret_bytes` makes a key that verifies
  /// nothing: a token it would check is a `500` whose logged reason says so (`problem()`),
  /// not a `401` that would hide the misconfiguration.
  [[nodiscard]] static jwt_key hmac(std::string secret, std::string kid = {}) {
    jwt_key k;
    k.algorithm_ = jwt_algorithm::hs256;
    if (secret.size() < min_hmac_secret_bytes) {
      k.problem_ = "an HS256 secret must be at least 32 bytes (RFC 7518, section 3.2); this one has " +
                   std::to_string(secret.size());
    }
    k.secret_ = std::move(secret);
    k.kid_ = std::move(kid);
    return k;
  }

  /// Why this key cannot be used (empty when it can): an HS256 secret that is too short.
  [[nodiscard]] std::string_view problem() const noexcept { return problem_; }

  /// A public key (or certificate) in PEM form; RS256 or ES256 by key type.
  /// Loads OpenSSL if it is not yet: when it cannot be, `error` says so and what to install.
  [[nodiscard]] static std::optional<jwt_key> from_pem(std::string_view pem, std::string kid = {},
                                                       std::string* error = nullptr) {
    const detail::libcrypto::library& crypto = detail::libcrypto::process_library();
    if (!crypto.loaded()) return fail(error, crypto.error());
    const detail::libcrypto::functions& c = crypto.fn;
    std::unique_ptr<BIO, decltype(c.BIO_free)> bio(c.BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())),
                                                   c.BIO_free);
    EVP_PKEY* raw = bio ? c.PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr) : nullptr;
    if (raw == nullptr && bio) {
      (void)c.BIO_ctrl(bio.get(), BIO_CTRL_RESET, 0, nullptr);  // BIO_reset
      if (X509* cert = c.PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
        raw = c.X509_get_pubkey(cert);
        c.X509_free(cert);
      }
    }
    if (raw == nullptr) return fail(error, "not a PEM public key or certificate");
    return from_public_key(detail::adopt(raw), std::move(kid), error);
  }

  [[nodiscard]] jwt_algorithm algorithm() const noexcept { return algorithm_; }
  [[nodiscard]] std::string_view kid() const noexcept { return kid_; }

  /// Whether `signature` signs `signed_part` under this key; false too when OpenSSL cannot be
  /// loaded (`jwt_verifier::verify` tells that case apart).
  [[nodiscard]] bool verifies(std::string_view signed_part, std::string_view signature) const {
    if (!detail::libcrypto::process_library().loaded()) return false;
    const detail::libcrypto::functions& c = detail::libcrypto::api();
    switch (algorithm_) {
      case jwt_algorithm::hs256: {
        unsigned char mac[EVP_MAX_MD_SIZE];
        std::size_t length = 0;
        if (signature.size() != 32) return false;
        if (c.EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, secret_.data(), secret_.size(),
                        reinterpret_cast<const unsigned char*>(signed_part.data()), signed_part.size(), mac,
                        sizeof mac, &length) == nullptr) {
          return false;
        }
        return length == 32 && c.CRYPTO_memcmp(mac, signature.data(), 32) == 0;
      }
      case jwt_algorithm::rs256:
        return digest_verify(signed_part, signature);
      case jwt_algorithm::es256: {
        // JWS carries R || S (32 bytes each); OpenSSL verifies DER
        if (signature.size() != 64) return false;
        ECDSA_SIG* sig = c.ECDSA_SIG_new();
        BIGNUM* r = c.BN_bin2bn(reinterpret_cast<const unsigned char*>(signature.data()), 32, nullptr);
        BIGNUM* s = c.BN_bin2bn(reinterpret_cast<const unsigned char*>(signature.data()) + 32, 32, nullptr);
        if (sig == nullptr || r == nullptr || s == nullptr || c.ECDSA_SIG_set0(sig, r, s) != 1) {
          c.BN_free(r);
          c.BN_free(s);
          c.ECDSA_SIG_free(sig);
          return false;
        }
        unsigned char* der = nullptr;
        const int der_length = c.i2d_ECDSA_SIG(sig, &der);
        c.ECDSA_SIG_free(sig);
        if (der_length <= 0) return false;
        const bool ok = digest_verify(signed_part, {reinterpret_cast<const char*>(der), static_cast<std::size_t>(der_length)});
        c.CRYPTO_free(der, OPENSSL_FILE, OPENSSL_LINE);  // OPENSSL_free
        return ok;
      }
    }
    return false;
  }

  /// Keys from a JWKS document (`{"keys": [...]}`): RSA (`n`, `e`), EC P-256 (`x`, `y`) and
  /// `oct` (`k`) keys meant for signatures; a key whose `alg` disagrees with its type is an error.
  [[nodiscard]] static std::optional<std::vector<jwt_key>> from_jwks(std::string_view document, std::string* error = nullptr);

 private:
  jwt_key() = default;

  static std::nullopt_t fail(std::string* error, std::string_view what) {
    if (error != nullptr) error->assign(what);
    return std::nullopt;
  }

  static std::optional<jwt_key> from_public_key(detail::pkey_ptr key, std::string kid, std::string* error) {
    jwt_key k;
    k.kid_ = std::move(kid);
    const detail::libcrypto::functions& c = detail::libcrypto::api();  // loaded: there is a key
    switch (c.EVP_PKEY_get_base_id(key.get())) {
      case EVP_PKEY_RSA:
        if (c.EVP_PKEY_get_bits(key.get()) < 2048) return fail(error, "RSA keys shorter than 2048 bits are refused");
        k.algorithm_ = jwt_algorithm::rs256;
        break;
      case EVP_PKEY_EC: {
        char group[64] = {};
        std::size_t length = 0;
        if (c.EVP_PKEY_get_utf8_string_param(key.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &length) != 1 ||
            std::string_view(group, length) != "prime256v1") {
          return fail(error, "EC keys must be on P-256 (ES256)");
        }
        k.algorithm_ = jwt_algorithm::es256;
        break;
      }
      default:
        return fail(error, "only RSA and EC P-256 public keys are supported");
    }
    k.key_ = std::move(key);
    return k;
  }

  [[nodiscard]] bool digest_verify(std::string_view data, std::string_view signature) const {
    const detail::libcrypto::functions& c = detail::libcrypto::api();
    std::unique_ptr<EVP_MD_CTX, decltype(c.EVP_MD_CTX_free)> ctx(c.EVP_MD_CTX_new(), c.EVP_MD_CTX_free);
    if (!ctx || c.EVP_DigestVerifyInit(ctx.get(), nullptr, c.EVP_sha256(), nullptr, key_.get()) != 1) return false;
    return c.EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                              reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
  }

  friend class jwt_verifier;
  jwt_algorithm algorithm_ = jwt_algorithm::hs256;
  std::string kid_;
  std::string secret_;
  std::string problem_;
  detail::pkey_ptr key_;
};

/// What a token must also satisfy besides its signature.
struct jwt_rules {
  std::string issuer{};    // `iss` must equal it, when not empty
  // `aud` (a string, or an array) must hold it, when not empty; a token without `aud` (a
  // Cognito access token) is matched by its `client_id`, as API Gateway's JWT authorizer does
  std::string audience{};
  std::chrono::seconds leeway{60};  // clock skew allowed on `exp`, `nbf` and `iat`
  bool require_expiry = true;       // a token without `exp` is refused
  std::size_t max_token_bytes = 8192;
};

/**
 * Verifies bearer JWTs against configured keys and rules, and fills the request's principal
 * with the token's claims. Bounded work: a token over `max_token_bytes` is refused before it
 * is decoded, and no key is tried that the token's `alg` (and `kid`) does not select.
 *
 * **Example**:
 * ```
 * static const sluice::jwt_verifier verifier({sluice::jwt_key::hmac(secret)}, {.issuer = "me"});
 * const auto app = sluice::app{sluice::options{.bearer = verifier.bearer()}, routes...};
 * ```
 */
class jwt_verifier {
 public:
  explicit jwt_verifier(std::vector<jwt_key> keys = {}, jwt_rules rules = {})
      : keys_(std::move(keys)), rules_(std::move(rules)) {}

  /// The verifier apps put in `sluice::options::bearer`. It refers to this object.
  [[nodiscard]] bearer_verifier bearer() const noexcept {
    return {this, [](const void* self, std::string_view token, detail::auth_data& out, detail::arena& a) {
              return static_cast<const jwt_verifier*>(self)->verify(token, out, a);
            }};
  }

  /**
   * From the environment: `<PREFIX>_SECRET` (an HS256 secret), `<PREFIX>_PUBLIC_KEY_FILE` (a
   * PEM; RS256 or ES256 by key type), `<PREFIX>_JWKS_FILE`, `<PREFIX>_ISSUER`,
   * `<PREFIX>_AUDIENCE`. Problems are reported on stderr; with no key, every token is refused.
   */
  [[nodiscard]] static jwt_verifier from_environment(std::string_view prefix = "SLUICE_JWT") {
    const auto get = [&](std::string_view name) -> std::string {
      const std::string var = std::string(prefix) + "_" + std::string(name);
      const char* value = std::getenv(var.c_str());
      return value != nullptr ? std::string(value) : std::string();
    };
    std::vector<jwt_key> keys;
    if (const std::string secret = get("SECRET"); !secret.empty()) {
      keys.push_back(jwt_key::hmac(secret));
      if (!keys.back().problem().empty()) {
        std::fprintf(stderr, "sluice: %s_SECRET: %.*s\n", std::string(prefix).c_str(),
                     static_cast<int>(keys.back().problem().size()), keys.back().problem().data());
      }
    }
    if (const std::string file = get("PUBLIC_KEY_FILE"); !file.empty()) {
      std::string error;
      if (auto key = jwt_key::from_pem(read_file(file), {}, &error)) {
        keys.push_back(std::move(*key));
      } else {
        std::fprintf(stderr, "sluice: %s_PUBLIC_KEY_FILE %s: %s\n", std::string(prefix).c_str(), file.c_str(), error.c_str());
      }
    }
    if (const std::string file = get("JWKS_FILE"); !file.empty()) {
      std::string error;
      if (auto set = jwt_key::from_jwks(read_file(file), &error)) {
        for (auto& k : *set) keys.push_back(std::move(k));
      } else {
        std::fprintf(stderr, "sluice: %s_JWKS_FILE %s: %s\n", std::string(prefix).c_str(), file.c_str(), error.c_str());
      }
    }
    jwt_rules rules;
    rules.issuer = get("ISSUER");
    rules.audience = get("AUDIENCE");
    return jwt_verifier(std::move(keys), std::move(rules));
  }

  [[nodiscard]] std::size_t key_count() const noexcept { return keys_.size(); }
  [[nodiscard]] const jwt_rules& rules() const noexcept { return rules_; }

  /// Verifies `token`; on success fills `out` (source `local_jwt`, the token's claims).
  [[nodiscard]] token_outcome verify(std::string_view token, detail::auth_data& out, detail::arena& a) const;

 private:
  /// `exp`, `nbf` and `iat` (with the leeway), `iss`, and `aud` (else `client_id`), once the
  /// signature holds.
  [[nodiscard]] token_outcome check_claims(const principal& who) const {
    const auto invalid = [](std::string_view why) { return token_outcome{token_status::invalid, why}; };
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
    const auto seconds = [&](std::string_view name) -> std::optional<std::int64_t> {
      const auto c = who.claim_named(name);
      if (!c) return std::nullopt;
      if (c->kind() != json_kind::number) return std::int64_t{-1};
      return c->as_int().value_or(-1);
    };
    const auto exp = seconds("exp");
    const auto nbf = seconds("nbf");
    const auto iat = seconds("iat");
    if ((exp && *exp < 0) || (nbf && *nbf < 0) || (iat && *iat < 0)) {
      return invalid("the token's exp, nbf or iat is not a whole number of seconds");
    }
    if (!exp && rules_.require_expiry) return invalid("the token has no expiry (exp)");
    // RFC 7519: valid only before exp (now - leeway < exp; written so that no sum overflows)
    if (exp && now.count() - rules_.leeway.count() >= *exp) return invalid("the token has expired");
    if (nbf && now.count() + rules_.leeway.count() < *nbf) return invalid("the token is not valid yet");
    // issued in the future: a clock far off, or a token minted to outlive its keys
    if (iat && now.count() + rules_.leeway.count() < *iat) return invalid("the token was issued in the future (iat)");
    if (!rules_.issuer.empty()) {
      const auto iss = who.claim_named("iss");
      const auto text = iss ? iss->as_string() : std::nullopt;
      if (!text || *text != rules_.issuer) return invalid("the token's issuer is not accepted");
    }
    if (!rules_.audience.empty()) {
      // RFC 7519: a string is one audience, matched whole (API Gateway's "[a b]" spelling of a
      // list is for the claims it forwards, never for a token's own aud); an array, any item.
      // No aud: the client_id string (API Gateway reads it only then: aud, when sent, decides)
      const auto aud = who.claim_named("aud");
      bool meant = false;
      if (aud && aud->kind() == json_kind::string) meant = aud->as_string() == rules_.audience;
      if (aud && aud->kind() == json_kind::array) meant = aud->contains(rules_.audience);
      if (const auto client = aud ? std::nullopt : who.claim_named("client_id");
          client && client->kind() == json_kind::string) {
        meant = client->as_string() == rules_.audience;
      }
      if (!meant) return invalid("the token is not meant for this audience");
    }
    return {token_status::verified, {}};
  }

  static std::string read_file(const std::string& name) {
    std::string text;
    if (std::FILE* f = std::fopen(name.c_str(), "rb")) {
      char buf[4096];
      std::size_t n = 0;
      while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
      std::fclose(f);
    }
    return text;
  }

  std::vector<jwt_key> keys_;
  jwt_rules rules_;
};

namespace detail::jwt {
namespace od = json::od;

/// One parser per thread for token JSON: its string buffer holds claim names until the
/// thread's next token.
inline od::parser& parser() {
  thread_local od::parser p;
  return p;
}

/// Decodes a base64url segment and parses it as a JSON object, in place (padded copy).
inline bool parse_segment(std::string_view segment, arena& a, od::document& doc, od::object& obj) {
  const std::optional<std::string_view> bytes = base64url_decode(segment, a);
  if (!bytes) return false;
  char* padded = a.allocate_chars(bytes->size() + json::padding);
  if (!bytes->empty()) std::memcpy(padded, bytes->data(), bytes->size());
  std::memset(padded + bytes->size(), 0, json::padding);
  if (parser().iterate(json::padded_view(padded, bytes->size(), bytes->size() + json::padding)).get(doc) !=
      simdjson::SUCCESS) {
    return false;
  }
  return doc.get_object().get(obj) == simdjson::SUCCESS;
}

inline std::optional<jwt_algorithm> algorithm_named(std::string_view name) noexcept {
  if (name == "HS256") return jwt_algorithm::hs256;
  if (name == "RS256") return jwt_algorithm::rs256;
  if (name == "ES256") return jwt_algorithm::es256;
  return std::nullopt;
}
}  // namespace detail::jwt

inline token_outcome jwt_verifier::verify(std::string_view token, detail::auth_data& out, detail::arena& a) const {
  namespace od = detail::json::od;
  const auto invalid = [](std::string_view why) { return token_outcome{token_status::invalid, why}; };
  if (token.size() > rules_.max_token_bytes) return invalid("the token is too large");
  const std::size_t first_dot = token.find('.');
  const std::size_t second_dot = first_dot == std::string_view::npos ? first_dot : token.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos || token.find('.', second_dot + 1) != std::string_view::npos) {
    return invalid("the token is not a signed JWT");
  }
  const std::string_view header_part = token.substr(0, first_dot);
  const std::string_view payload_part = token.substr(first_dot + 1, second_dot - first_dot - 1);
  const std::string_view signature_part = token.substr(second_dot + 1);

  // the header: `alg` selects the algorithm (never `none`), `kid` only picks among our keys
  std::optional<jwt_algorithm> algorithm;
  std::string_view kid;
  {
    od::document doc;
    od::object header;
    if (!detail::jwt::parse_segment(header_part, a, doc, header)) return invalid("the token's header is not JSON");
    events::detail_http::object_keys names(a);  // RFC 7515: each header parameter once
    for (auto result : header) {
      od::field f;
      if (std::move(result).get(f) != simdjson::SUCCESS) return invalid("the token's header is not JSON");
      std::string_view key;
      if (f.unescaped_key().get(key) != simdjson::SUCCESS) return invalid("the token's header is not JSON");
      if (!names.add(key)) return invalid("the token's header names a parameter twice");
      std::string_view value;
      if (key == "alg") {
        if (f.value().get_string().get(value) != simdjson::SUCCESS) return invalid("the token's alg is not a string");
        algorithm = detail::jwt::algorithm_named(value);
        if (!algorithm) return invalid("the token's algorithm is not accepted");
      } else if (key == "kid") {
        if (f.value().get_string().get(value) != simdjson::SUCCESS) return invalid("the token's kid is not a string");
        kid = a.copy(value);
      } else if (key == "crit") {
        return invalid("the token names critical extensions this verifier does not know");
      }
    }
    if (names.repeated()) return invalid("the token's header names a parameter twice");
  }
  if (!algorithm) return invalid("the token has no algorithm");
  const std::optional<std::string_view> signature = detail::base64url_decode(signature_part, a);
  if (!signature) return invalid("the token's signature is not base64url");

  bool selected = false;
  bool verified = false;
  for (const jwt_key& key : keys_) {
    if (key.algorithm() != *algorithm || (!kid.empty() && !key.kid().empty() && key.kid() != kid)) continue;
    selected = true;
    if (!key.problem().empty()) return {token_status::unavailable, key.problem()};  // the server's fault
    if (const detail::libcrypto::library& crypto = detail::libcrypto::process_library(); !crypto.loaded()) {
      return {token_status::unavailable, crypto.error()};  // the server's fault, not the token's
    }
    if (key.verifies(token.substr(0, second_dot), *signature)) {
      verified = true;
      break;
    }
  }
  if (keys_.empty()) return invalid("no key is configured to verify tokens");
  if (!selected) return invalid("no configured key accepts this token's algorithm and kid");
  if (!verified) return invalid("the token's signature does not verify");

  // the payload: its claims, then the time, issuer and audience rules
  od::document doc;
  od::object payload;
  if (!detail::jwt::parse_segment(payload_part, a, doc, payload)) return invalid("the token's payload is not a JSON object");
  events::detail_http::auth_decoder claims{a, out, {}, false};
  // RFC 7519: each claim once; a verifier that took another copy would see another caller or expiry
  events::detail_http::object_keys names(a);
  const auto twice = [&] {
    out.claims.clear();
    return invalid("the token's payload names a claim twice");
  };
  for (auto result : payload) {
    od::field f;
    std::string_view key;
    if (std::move(result).get(f) != simdjson::SUCCESS || f.unescaped_key().get(key) != simdjson::SUCCESS) {
      return invalid("the token's payload is not a JSON object");
    }
    if (!names.add(key)) return twice();
    od::value value = f.value();
    if (!claims.value(key, value, out.claims)) return invalid("the token's payload is not a JSON object");
  }
  if (names.repeated()) return twice();
  const token_outcome ok = check_claims(principal(out, a));
  if (ok.status != token_status::verified) {
    out.claims.clear();  // a refused token leaves no claims behind
    return ok;
  }
  out.source = principal_source::local_jwt;
  return {token_status::verified, {}};
}

inline std::optional<std::vector<jwt_key>> jwt_key::from_jwks(std::string_view document, std::string* error) {
  namespace od = detail::json::od;
  detail::arena a;
  std::string padded(document);
  padded.append(detail::json::padding, '\0');
  od::parser p;
  od::document doc;
  od::array list;
  if (p.iterate(detail::json::padded_view(padded.data(), document.size(), padded.size())).get(doc) != simdjson::SUCCESS ||
      doc["keys"].get_array().get(list) != simdjson::SUCCESS) {
    return fail(error, "a JWKS document is a JSON object with a \"keys\" array");
  }
  std::vector<jwt_key> keys;
  for (auto item : list) {
    od::object jwk;
    if (std::move(item).get_object().get(jwk) != simdjson::SUCCESS) return fail(error, "a JWK must be an object");
    std::string kty, kid, alg, use, n, e, crv, x, y, k;
    for (auto result : jwk) {
      od::field f;
      std::string_view key;
      std::string_view value;
      if (std::move(result).get(f) != simdjson::SUCCESS || f.unescaped_key().get(key) != simdjson::SUCCESS) {
        return fail(error, "a JWK is not valid JSON");
      }
      if (f.value().get_string().get(value) != simdjson::SUCCESS) continue;  // key_ops, x5c...: not needed
      std::string* slot = key == "kty" ? &kty : key == "kid" ? &kid : key == "alg" ? &alg : key == "use" ? &use
                        : key == "n" ? &n : key == "e" ? &e : key == "crv" ? &crv : key == "x" ? &x
                        : key == "y" ? &y : key == "k" ? &k : nullptr;
      if (slot != nullptr) slot->assign(value);
    }
    if (!use.empty() && use != "sig") continue;
    const auto bytes = [&](const std::string& text) { return detail::base64url_decode(text, a); };
    if (kty == "oct") {
      if (!alg.empty() && alg != "HS256") return fail(error, "an oct JWK must be HS256");
      const auto secret = bytes(k);
      if (!secret || secret->empty()) return fail(error, "an oct JWK needs a base64url k");
      if (secret->size() < min_hmac_secret_bytes) {
        return fail(error, "an oct JWK's k must be at least 32 bytes (RFC 7518, section 3.2)");
      }
      keys.push_back(hmac(std::string(*secret), kid));
      continue;
    }
    const detail::libcrypto::library& crypto = detail::libcrypto::process_library();
    if (!crypto.loaded()) return fail(error, crypto.error());
    const detail::libcrypto::functions& c = crypto.fn;
    std::unique_ptr<OSSL_PARAM_BLD, decltype(c.OSSL_PARAM_BLD_free)> build(c.OSSL_PARAM_BLD_new(), c.OSSL_PARAM_BLD_free);
    std::unique_ptr<BIGNUM, decltype(c.BN_free)> bn_n(nullptr, c.BN_free), bn_e(nullptr, c.BN_free);
    std::string point;
    const char* type = nullptr;
    if (kty == "RSA") {
      if (!alg.empty() && alg != "RS256") return fail(error, "an RSA JWK must be RS256");
      const auto modulus = bytes(n);
      const auto exponent = bytes(e);
      if (!modulus || !exponent) return fail(error, "an RSA JWK needs base64url n and e");
      bn_n.reset(c.BN_bin2bn(reinterpret_cast<const unsigned char*>(modulus->data()), static_cast<int>(modulus->size()), nullptr));
      bn_e.reset(c.BN_bin2bn(reinterpret_cast<const unsigned char*>(exponent->data()), static_cast<int>(exponent->size()), nullptr));
      if (!build || !bn_n || !bn_e || c.OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) != 1 ||
          c.OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()) != 1) {
        return fail(error, "an RSA JWK could not be read");
      }
      type = "RSA";
    } else if (kty == "EC") {
      if (!alg.empty() && alg != "ES256") return fail(error, "an EC JWK must be ES256");
      if (crv != "P-256") return fail(error, "EC JWKs must be on P-256");
      const auto px = bytes(x);
      const auto py = bytes(y);
      if (!px || !py || px->size() != 32 || py->size() != 32) return fail(error, "an EC JWK needs 32-byte x and y");
      point = std::string(1, '\x04') + std::string(*px) + std::string(*py);
      if (!build ||
          c.OSSL_PARAM_BLD_push_utf8_string(build.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) != 1 ||
          c.OSSL_PARAM_BLD_push_octet_string(build.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) != 1) {
        return fail(error, "an EC JWK could not be read");
      }
      type = "EC";
    } else {
      continue;  // key types this verifier does not use
    }
    std::unique_ptr<OSSL_PARAM, decltype(c.OSSL_PARAM_free)> params(c.OSSL_PARAM_BLD_to_param(build.get()), c.OSSL_PARAM_free);
    std::unique_ptr<EVP_PKEY_CTX, decltype(c.EVP_PKEY_CTX_free)> ctx(c.EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr),
                                                                      c.EVP_PKEY_CTX_free);
    EVP_PKEY* raw = nullptr;
    if (!params || !ctx || c.EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
        c.EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
      return fail(error, "a JWK is not a valid public key");
    }
    auto key = from_public_key(detail::adopt(raw), kid, error);
    if (!key) return std::nullopt;
    keys.push_back(std::move(*key));
  }
  return keys;
}

}  // namespace sluice

#undef SLUICE_DETAIL_LIBCRYPTO_FUNCTIONS
