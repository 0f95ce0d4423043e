// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// JWT verification with keys the target makes at start-up (HS256 secret, RSA 2048, P-256),
// which the fuzzer cannot know. A token the fuzzer wrote, or a genuine token (signed here)
// with any of its bytes replaced, must never verify: every acceptance but the genuine
// token's own is a finding. The genuine tokens must verify, or the oracle would be empty.

#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz.hpp"
#include "sluice/detail/base64.hpp"
#include "sluice/jwt.hpp"

namespace jwt_fuzz {

std::string base64url(std::string_view bytes) {
  std::string out(sluice::detail::base64_encoded_size(bytes.size()), '\0');
  sluice::detail::base64_encode(bytes, out.data());
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return out;
}

std::string public_pem(EVP_PKEY* key) {
  BIO* bio = BIO_new(BIO_s_mem());
  FUZZ_CHECK(bio != nullptr && PEM_write_bio_PUBKEY(bio, key) == 1);
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<std::size_t>(n));
  BIO_free(bio);
  return pem;
}

std::string sign_with(EVP_PKEY* key, std::string_view data) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  std::size_t size = 0;
  FUZZ_CHECK(EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key) == 1);
  FUZZ_CHECK(EVP_DigestSign(ctx, nullptr, &size,
                            reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1);
  std::string sig(size, '\0');
  FUZZ_CHECK(EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &size,
                            reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1);
  sig.resize(size);
  EVP_MD_CTX_free(ctx);
  return sig;
}

/// JWS wants ES256 signatures as r and s, 32 bytes each, not DER.
std::string der_to_raw(std::string_view der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size()));
  FUZZ_CHECK(sig != nullptr);
  std::string raw(64, '\0');
  FUZZ_CHECK(
      BN_bn2binpad(ECDSA_SIG_get0_r(sig), reinterpret_cast<unsigned char*>(raw.data()), 32) == 32);
  FUZZ_CHECK(BN_bn2binpad(ECDSA_SIG_get0_s(sig), reinterpret_cast<unsigned char*>(raw.data()) + 32,
                          32) == 32);
  ECDSA_SIG_free(sig);
  return raw;
}

struct keys {
  sluice::jwt_verifier verifier;
  std::vector<std::string> genuine;  // one valid token per algorithm

  static keys make() {
    unsigned char secret[32];
    FUZZ_CHECK(RAND_bytes(secret, sizeof secret) == 1);
    EVP_PKEY* rsa = EVP_RSA_gen(2048);
    EVP_PKEY* ec = EVP_EC_gen("P-256");
    FUZZ_CHECK(rsa != nullptr && ec != nullptr);
    std::vector<sluice::jwt_key> list;
    list.push_back(sluice::jwt_key::hmac(
        std::string(reinterpret_cast<const char*>(secret), sizeof secret), "h"));
    list.push_back(*sluice::jwt_key::from_pem(public_pem(rsa), "r"));
    list.push_back(*sluice::jwt_key::from_pem(public_pem(ec)));

    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
        std::chrono::system_clock::now().time_since_epoch());
    const std::string payload = base64url(R"({"sub":"someone","iss":"fuzz","scope":"a b","exp":)" +
                                          std::to_string(now.count() + 24 * 3600) + "}");
    std::vector<std::string> tokens;
    for (const std::string_view alg : {"HS256", "RS256", "ES256"}) {
      const std::string kid = alg[0] == 'H'   ? R"(,"kid":"h")"
                              : alg[0] == 'R' ? R"(,"kid":"r")"
                                              : "";
      const std::string signed_part =
          base64url(R"({"alg":")" + std::string(alg) + "\"" + kid + "}") + "." + payload;
      std::string signature;
      if (alg[0] == 'H') {
        unsigned char mac[32];
        unsigned length = 0;
        HMAC(EVP_sha256(), secret, sizeof secret,
             reinterpret_cast<const unsigned char*>(signed_part.data()), signed_part.size(), mac,
             &length);
        signature.assign(reinterpret_cast<const char*>(mac), length);
      } else {
        signature = sign_with(alg[0] == 'R' ? rsa : ec, signed_part);
        if (alg[0] == 'E') signature = der_to_raw(signature);
      }
      tokens.push_back(signed_part + "." + base64url(signature));
    }
    EVP_PKEY_free(rsa);
    EVP_PKEY_free(ec);
    return {sluice::jwt_verifier(std::move(list), {.issuer = "fuzz"}), std::move(tokens)};
  }
};

bool verifies(const sluice::jwt_verifier& v, std::string_view token) {
  static sluice::detail::arena arena;
  arena.reset();
  sluice::detail::auth_data out;  // as the app sets it up: its lists in the arena
  out.claims = sluice::detail::arena_vector<sluice::detail::auth_value>(arena);
  out.context = sluice::detail::arena_vector<sluice::detail::auth_value>(arena);
  out.scopes = sluice::detail::arena_vector<std::string_view>(arena);
  return v.verify(token, out, arena).status == sluice::token_status::verified;
}

}  // namespace jwt_fuzz

void fuzz::jwt_target(const std::uint8_t* data, std::size_t size) {
  using namespace jwt_fuzz;
  static const keys k = [] {
    keys made = keys::make();
    for (const std::string& t : made.genuine) FUZZ_CHECK(verifies(made.verifier, t));
    return made;
  }();
  fuzz::input in(data, size);
  const std::uint8_t mode = in.byte();
  if ((mode & 1) == 0) {  // the fuzzer's own token
    FUZZ_CHECK(!verifies(k.verifier, in.rest()));
    return;
  }
  // a genuine token with bytes [at, at + removed) replaced by the fuzzer's
  const std::string& genuine = k.genuine[(mode >> 1) % 3];
  const std::size_t at = (std::size_t{in.byte()} << 8 | in.byte()) % (genuine.size() + 1);
  const std::size_t removed = in.byte() % 8;
  std::string token = genuine.substr(0, at);
  token += in.rest();
  if (at + removed < genuine.size()) token += genuine.substr(at + removed);
  if (verifies(k.verifier, token)) FUZZ_CHECK(token == genuine);
}
