// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// JWTs signed at test time with OpenSSL, written independently of sluice's verifier.

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace test_tokens {

inline std::string base64url(std::string_view bytes) {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::size_t i = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t v = (std::uint32_t{p[i]} << 16) | (std::uint32_t{p[i + 1]} << 8) | p[i + 2];
    for (int shift = 18; shift >= 0; shift -= 6) out += alphabet[(v >> shift) & 63];
  }
  if (const std::size_t rest = bytes.size() - i; rest != 0) {
    std::uint32_t v = std::uint32_t{p[i]} << 16;
    if (rest == 2) v |= std::uint32_t{p[i + 1]} << 8;
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    if (rest == 2) out += alphabet[(v >> 6) & 63];
  }
  return out;
}

inline std::int64_t now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

struct key_pair {
  std::shared_ptr<EVP_PKEY> key;

  /// The public half as PEM ("-----BEGIN PUBLIC KEY-----").
  [[nodiscard]] std::string public_pem() const {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
    PEM_write_bio_PUBKEY(bio.get(), key.get());
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(n));
  }
};

inline key_pair rsa(unsigned bits = 2048) {
  return {std::shared_ptr<EVP_PKEY>(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<std::size_t>(bits)), EVP_PKEY_free)};
}
inline key_pair ec(const char* curve = "P-256") {
  return {std::shared_ptr<EVP_PKEY>(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curve), EVP_PKEY_free)};
}

inline std::string sign_with(const key_pair& k, std::string_view data) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  std::size_t n = 0;
  EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, k.key.get());
  EVP_DigestSign(ctx.get(), nullptr, &n, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  std::string sig(n, '\0');
  EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &n,
                 reinterpret_cast<const unsigned char*>(data.data()), data.size());
  sig.resize(n);
  return sig;
}

inline std::string hmac_sha256(std::string_view secret, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  std::size_t n = 0;
  EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, secret.data(), secret.size(),
            reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, sizeof mac, &n);
  return std::string(reinterpret_cast<char*>(mac), n);
}

/// DER ECDSA signature to JWS's fixed R || S.
inline std::string der_to_jose(std::string_view der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size()));
  std::string out(64, '\0');
  BN_bn2binpad(ECDSA_SIG_get0_r(sig), reinterpret_cast<unsigned char*>(out.data()), 32);
  BN_bn2binpad(ECDSA_SIG_get0_s(sig), reinterpret_cast<unsigned char*>(out.data()) + 32, 32);
  ECDSA_SIG_free(sig);
  return out;
}

/// `header.payload.signature` from header and payload JSON.
inline std::string hs256(std::string_view secret, std::string_view payload,
                         std::string_view header = R"({"alg":"HS256","typ":"JWT"})") {
  const std::string signed_part = base64url(header) + "." + base64url(payload);
  return signed_part + "." + base64url(hmac_sha256(secret, signed_part));
}
inline std::string rs256(const key_pair& k, std::string_view payload,
                         std::string_view header = R"({"alg":"RS256","typ":"JWT"})") {
  const std::string signed_part = base64url(header) + "." + base64url(payload);
  return signed_part + "." + base64url(sign_with(k, signed_part));
}
inline std::string es256(const key_pair& k, std::string_view payload,
                         std::string_view header = R"({"alg":"ES256","typ":"JWT"})") {
  const std::string signed_part = base64url(header) + "." + base64url(payload);
  return signed_part + "." + base64url(der_to_jose(sign_with(k, signed_part)));
}

/// A payload valid for an hour, with the given extra members (JSON text without braces).
inline std::string payload(std::string_view members = R"("sub":"user-1")") {
  return "{\"exp\":" + std::to_string(now() + 3600) + (members.empty() ? "" : ",") + std::string(members) + "}";
}

}  // namespace test_tokens
