// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// Local JWT verification against good and hostile tokens, all signed at test time.

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "sluice/jwt.hpp"
#include "support/tokens.hpp"

namespace jwt_test {

using sluice::jwt_key;
using sluice::jwt_rules;
using sluice::jwt_verifier;
using sluice::token_status;

struct result {
  token_status status;
  std::string reason;
  std::string subject;
};

result check(const jwt_verifier& v, const std::string& token) {
  sluice::detail::arena a;
  sluice::detail::auth_data data;
  data.claims = sluice::detail::arena_vector<sluice::detail::auth_value>(a);
  data.context = sluice::detail::arena_vector<sluice::detail::auth_value>(a);
  data.scopes = sluice::detail::arena_vector<std::string_view>(a);
  const auto outcome = v.verify(token, data, a);
  const sluice::principal p(data, a);
  return {outcome.status, std::string(outcome.reason), std::string(p.subject())};
}

std::string members(std::string_view extra = {}) {
  return R"("sub":"alice","iss":"https://issuer.test","aud":"api")" + std::string(extra.empty() ? "" : ",") +
         std::string(extra);
}

}  // namespace jwt_test

using namespace jwt_test;

TEST_CASE("RS256, ES256 and HS256 tokens verify with their keys, and only with them") {
  const auto rsa = test_tokens::rsa();
  const auto ec = test_tokens::ec();
  std::string error;
  const auto rsa_key = jwt_key::from_pem(rsa.public_pem(), "rsa-1", &error);
  REQUIRE_MESSAGE(rsa_key, error);
  const auto ec_key = jwt_key::from_pem(ec.public_pem(), "ec-1", &error);
  REQUIRE_MESSAGE(ec_key, error);
  CHECK(rsa_key->algorithm() == sluice::jwt_algorithm::rs256);
  CHECK(ec_key->algorithm() == sluice::jwt_algorithm::es256);
  const jwt_verifier v({*rsa_key, *ec_key, jwt_key::hmac("a-long-shared-secret-of-32-bytes-or-more", "hs-1")},
                       {.issuer = "https://issuer.test", .audience = "api"});
  const std::string payload = test_tokens::payload(members());

  const auto rs = check(v, test_tokens::rs256(rsa, payload));
  CHECK(rs.status == token_status::verified);
  CHECK(rs.subject == "alice");
  CHECK(check(v, test_tokens::es256(ec, payload)).status == token_status::verified);
  CHECK(check(v, test_tokens::hs256("a-long-shared-secret-of-32-bytes-or-more", payload)).status == token_status::verified);
  CHECK(check(v, test_tokens::rs256(rsa, payload, R"({"alg":"RS256","kid":"rsa-1"})")).status == token_status::verified);
}

TEST_CASE("hostile tokens are refused, each for its reason") {
  const auto rsa = test_tokens::rsa();
  const auto other = test_tokens::rsa();
  const auto rsa_key = jwt_key::from_pem(rsa.public_pem(), "rsa-1");
  REQUIRE(rsa_key);
  const jwt_verifier v({*rsa_key}, {.issuer = "https://issuer.test", .audience = "api"});
  const std::string good = test_tokens::payload(members());
  const std::int64_t now = test_tokens::now();

  struct row {
    const char* name;
    std::string token;
    std::string reason;
  };
  const std::string unsigned_token = test_tokens::base64url(R"({"alg":"none"})") + "." + test_tokens::base64url(good) + ".";
  // the RSA public key, used as an HMAC secret by someone who hopes the verifier follows `alg`
  const std::string confused = test_tokens::hs256(rsa.public_pem(), good);
  const std::string valid = test_tokens::rs256(rsa, good);
  std::string tampered = valid;
  tampered[valid.find('.') + 3] = tampered[valid.find('.') + 3] == 'A' ? 'B' : 'A';
  const row rows[] = {
      {"alg none", unsigned_token, "the token's algorithm is not accepted"},
      {"RS256 key as HS256 secret", confused, "no configured key accepts this token's algorithm and kid"},
      {"another key", test_tokens::rs256(other, good), "the token's signature does not verify"},
      {"payload tampered", tampered, "the token's signature does not verify"},
      {"expired", test_tokens::rs256(rsa, "{\"exp\":" + std::to_string(now - 3600) + "," + members() + "}"),
       "the token has expired"},
      {"not yet valid",
       test_tokens::rs256(rsa, "{\"exp\":" + std::to_string(now + 7200) + ",\"nbf\":" + std::to_string(now + 3600) + "," +
                                   members() + "}"),
       "the token is not valid yet"},
      {"no expiry", test_tokens::rs256(rsa, "{" + members() + "}"), "the token has no expiry (exp)"},
      {"exp as a string", test_tokens::rs256(rsa, "{\"exp\":\"" + std::to_string(now + 60) + "\"," + members() + "}"),
       "the token's exp, nbf or iat is not a whole number of seconds"},
      {"iat as a string", test_tokens::rs256(rsa, test_tokens::payload(R"("iat":"1700000000",)" + members())),
       "the token's exp, nbf or iat is not a whole number of seconds"},
      {"issued in the future", test_tokens::rs256(rsa, test_tokens::payload("\"iat\":" + std::to_string(now + 3600) + "," + members())),
       "the token was issued in the future (iat)"},
      {"no aud, another client_id",
       test_tokens::rs256(rsa, test_tokens::payload(R"("sub":"a","iss":"https://issuer.test","client_id":"other")")),
       "the token is not meant for this audience"},
      {"aud decides over client_id",
       test_tokens::rs256(rsa, test_tokens::payload(R"("sub":"a","iss":"https://issuer.test","aud":"other","client_id":"api")")),
       "the token is not meant for this audience"},
      {"wrong issuer", test_tokens::rs256(rsa, test_tokens::payload(R"("sub":"a","iss":"https://evil.test","aud":"api")")),
       "the token's issuer is not accepted"},
      {"wrong audience", test_tokens::rs256(rsa, test_tokens::payload(R"("sub":"a","iss":"https://issuer.test","aud":"other")")),
       "the token is not meant for this audience"},
      {"unknown kid", test_tokens::rs256(rsa, good, R"({"alg":"RS256","kid":"elsewhere"})"),
       "no configured key accepts this token's algorithm and kid"},
      {"critical extension", test_tokens::rs256(rsa, good, R"({"alg":"RS256","crit":["exp"]})"),
       "the token names critical extensions this verifier does not know"},
      {"truncated", valid.substr(0, valid.size() - 10), "the token's signature does not verify"},
      {"two parts", valid.substr(0, valid.rfind('.')), "the token is not a signed JWT"},
      {"four parts", valid + ".x", "the token is not a signed JWT"},
      {"header not JSON", test_tokens::base64url("alg") + "." + test_tokens::base64url(good) + ".c2ln",
       "the token's header is not JSON"},
      {"not base64url", "!!!." + test_tokens::base64url(good) + ".c2ln", "the token's header is not JSON"},
      {"oversized", test_tokens::rs256(rsa, test_tokens::payload(members(R"("pad":")" + std::string(9000, 'x') + "\""))),
       "the token is too large"},
      // a claim twice: another verifier would read the other copy (RFC 7519 section 4)
      {"exp twice", test_tokens::rs256(rsa, "{\"exp\":" + std::to_string(now + 3600) + ",\"exp\":1," + members() + "}"),
       "the token's payload names a claim twice"},
      {"sub twice", test_tokens::rs256(rsa, test_tokens::payload(members(R"("sub":"mallory")"))),
       "the token's payload names a claim twice"},
      {"a claim twice among many", test_tokens::rs256(rsa, test_tokens::payload(members(
           R"("c1":1,"c2":2,"c3":3,"c4":4,"c5":5,"c6":6,"c7":7,"c8":8,"c9":9,"c10":10,"c11":11,"c12":12,"c13":13,"c14":14,"c15":15,"c16":16,"c3":3)"))),
       "the token's payload names a claim twice"},
      {"alg twice", test_tokens::rs256(rsa, good, R"({"alg":"RS256","alg":"RS256"})"),
       "the token's header names a parameter twice"},
      // an aud string is one audience, even when it looks like API Gateway's list spelling
      {"aud string spelled as a list",
       test_tokens::rs256(rsa, test_tokens::payload(R"("sub":"a","iss":"https://issuer.test","aud":"[other api]")")),
       "the token is not meant for this audience"},
      {"exp at the largest integer", test_tokens::rs256(rsa, "{\"exp\":9223372036854775807," + members() + ",\"nbf\":9223372036854775807}"),
       "the token is not valid yet"},
  };
  for (const row& r : rows) {
    CAPTURE(r.name);
    const auto got = check(v, r.token);
    CHECK(got.status == token_status::invalid);
    CHECK(got.reason == r.reason);
    CHECK(got.subject.empty());  // a refused token leaves no principal behind
  }
}

TEST_CASE("audience arrays, leeway and time claims") {
  const jwt_verifier v({jwt_key::hmac("s3cret-of-at-least-thirty-two-bytes")}, {.audience = "api", .leeway = std::chrono::seconds(30)});
  const std::int64_t now = test_tokens::now();
  CHECK(check(v, test_tokens::hs256("s3cret-of-at-least-thirty-two-bytes", test_tokens::payload(R"("aud":["web","api"])"))).status ==
        token_status::verified);
  CHECK(check(v, test_tokens::hs256("s3cret-of-at-least-thirty-two-bytes", test_tokens::payload(R"("aud":["web"])"))).status == token_status::invalid);
  // a Cognito access token has no aud: its client_id is matched instead
  CHECK(check(v, test_tokens::hs256("s3cret-of-at-least-thirty-two-bytes", test_tokens::payload(R"("client_id":"api","token_use":"access")"))).status ==
        token_status::verified);
  CHECK(check(v, test_tokens::hs256("s3cret-of-at-least-thirty-two-bytes", test_tokens::payload(R"("client_id":["api"])"))).status ==
        token_status::invalid);  // a client_id is one string
  CHECK(check(v, test_tokens::hs256("s3cret-of-at-least-thirty-two-bytes", test_tokens::payload())).reason ==
        "the token is not meant for this audience");  // neither
  // iat: issued before now + leeway (API Gateway checks it too)
  CHECK(check(v, test_tokens::hs256("s3cret-of-at-least-thirty-two-bytes", test_tokens::payload("\"aud\":\"api\",\"iat\":" + std::to_string(now + 20)))).status ==
        token_status::verified);
  CHECK(check(v, test_tokens::hs256("s3cret-of-at-least-thirty-two-bytes", test_tokens::payload("\"aud\":\"api\",\"iat\":" + std::to_string(now + 40)))).reason ==
        "the token was issued in the future (iat)");
  // valid only before exp: at exp + leeway exactly, expired
  CHECK(check(v, test_tokens::hs256("s3cret-of-at-least-thirty-two-bytes", "{\"exp\":" + std::to_string(now - 30) + ",\"aud\":\"api\"}")).reason ==
        "the token has expired");
  CHECK(check(v, test_tokens::hs256("s3cret-of-at-least-thirty-two-bytes", "{\"exp\":9223372036854775807,\"aud\":\"api\"}")).status ==
        token_status::verified);  // no overflow near the largest exp
  // expired 10 s ago: inside the 30 s leeway; 60 s ago: outside it
  CHECK(check(v, test_tokens::hs256("s3cret-of-at-least-thirty-two-bytes", "{\"exp\":" + std::to_string(now - 10) + ",\"aud\":\"api\"}")).status ==
        token_status::verified);
  CHECK(check(v, test_tokens::hs256("s3cret-of-at-least-thirty-two-bytes", "{\"exp\":" + std::to_string(now - 60) + ",\"aud\":\"api\"}")).status ==
        token_status::invalid);
  // RFC 7518: an HS256 secret under 32 bytes is the server's mistake, told as such (a 500), not a 401
  const jwt_verifier weak({jwt_key::hmac("thirty-one-bytes-are-not-enough")});
  const auto refused = check(weak, test_tokens::hs256("thirty-one-bytes-are-not-enough", test_tokens::payload()));
  CHECK(refused.status == token_status::unavailable);
  CHECK(refused.reason == "an HS256 secret must be at least 32 bytes (RFC 7518, section 3.2); this one has 31");
  CHECK(jwt_key::hmac(std::string(32, 'k')).problem().empty());
  const jwt_verifier none;
  CHECK(check(none, test_tokens::hs256("s3cret-of-at-least-thirty-two-bytes", test_tokens::payload())).reason == "no key is configured to verify tokens");
}

TEST_CASE("a verified token's claims are read as its issuer wrote them: only an array is a list") {
  const std::string secret = "s3cret-of-at-least-thirty-two-bytes";
  const jwt_verifier v({jwt_key::hmac(secret)});
  const auto groups_of = [&](std::string_view claims) {
    sluice::detail::arena a;
    sluice::detail::auth_data data;
    data.claims = sluice::detail::arena_vector<sluice::detail::auth_value>(a);
    data.context = sluice::detail::arena_vector<sluice::detail::auth_value>(a);
    data.scopes = sluice::detail::arena_vector<std::string_view>(a);
    REQUIRE(v.verify(test_tokens::hs256(secret, test_tokens::payload(claims)), data, a).status == token_status::verified);
    const sluice::principal p(data, a);
    CHECK(p.source() == sluice::principal_source::local_jwt);
    std::vector<std::string> out;
    p.for_each_group([&](std::string_view g) { out.emplace_back(g); });
    return out;
  };
  CHECK(groups_of(R"("cognito:groups":["admin","users"])") == std::vector<std::string>{"admin", "users"});
  // API Gateway's spellings of a list are one string in a token: "admin" is not among them
  CHECK(groups_of(R"("cognito:groups":"[admin users]")") == std::vector<std::string>{"[admin users]"});
  CHECK(groups_of(R"("cognito:groups":"admin,users")") == std::vector<std::string>{"admin,users"});
  CHECK(groups_of(R"("cognito:groups":"admin")") == std::vector<std::string>{"admin"});
}

TEST_CASE("keys from JWKS documents, and the keys that are refused") {
  const auto ec = test_tokens::ec();
  // x and y of the EC key, read back through OpenSSL, for a JWK written here
  unsigned char point[65];
  std::size_t length = 0;
  REQUIRE(EVP_PKEY_get_octet_string_param(ec.key.get(), OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point, &length) == 1);
  REQUIRE(length == 65);
  const std::string x = test_tokens::base64url({reinterpret_cast<char*>(point) + 1, 32});
  const std::string y = test_tokens::base64url({reinterpret_cast<char*>(point) + 33, 32});
  const std::string jwks = R"({"keys":[{"kty":"EC","crv":"P-256","kid":"e1","use":"sig","x":")" + x + R"(","y":")" + y +
                           R"("},{"kty":"oct","kid":"h1","k":")" + test_tokens::base64url("jwks-secret-of-thirty-two-bytes!") +
                           R"("},{"kty":"RSA","use":"enc","n":"AQAB","e":"AQAB"}]})";
  std::string error;
  const auto keys = jwt_key::from_jwks(jwks, &error);
  REQUIRE_MESSAGE(keys, error);
  CHECK(keys->size() == 2);  // the encryption key is skipped
  const jwt_verifier v(*keys, {});
  CHECK(check(v, test_tokens::es256(ec, test_tokens::payload(), R"({"alg":"ES256","kid":"e1"})")).status ==
        token_status::verified);
  CHECK(check(v, test_tokens::hs256("jwks-secret-of-thirty-two-bytes!", test_tokens::payload(), R"({"alg":"HS256","kid":"h1"})")).status ==
        token_status::verified);

  CHECK_FALSE(jwt_key::from_jwks(R"({"nokeys":[]})", &error));
  CHECK_FALSE(jwt_key::from_jwks(R"({"keys":[{"kty":"EC","crv":"P-384","x":"AA","y":"AA"}]})", &error));
  CHECK(error == "EC JWKs must be on P-256");
  CHECK_FALSE(jwt_key::from_jwks(R"({"keys":[{"kty":"oct","alg":"RS256","k":"AA"}]})", &error));
  CHECK_FALSE(jwt_key::from_jwks(R"({"keys":[{"kty":"oct","k":")" + test_tokens::base64url(std::string(31, 'k')) + R"("}]})",
                                 &error));
  CHECK(error == "an oct JWK's k must be at least 32 bytes (RFC 7518, section 3.2)");
  CHECK_FALSE(jwt_key::from_pem(test_tokens::rsa(1024).public_pem(), {}, &error));
  CHECK(error == "RSA keys shorter than 2048 bits are refused");
  CHECK_FALSE(jwt_key::from_pem(test_tokens::ec("P-384").public_pem(), {}, &error));
  CHECK_FALSE(jwt_key::from_pem("not a key", {}, &error));
}

#if !defined(SLUICE_JWT_LINK_OPENSSL)
TEST_CASE("libcrypto is loaded on first use; one that cannot be is an error value that says what to install") {
  namespace lc = sluice::detail::libcrypto;
  const lc::library missing = lc::load("libsluice-test-no-such-crypto.so.3");
  CHECK_FALSE(missing.loaded());
  const std::string missing_why(missing.error());
  CHECK(missing_why.find("libsluice-test-no-such-crypto.so.3") != std::string::npos);
  CHECK(missing_why.find("install") != std::string::npos);
  CHECK_FALSE(static_cast<bool>(missing.fn.EVP_Q_mac));  // (bool: doctest cannot print function pointers)

  // a library that loads but is not OpenSSL 3: nothing is left half resolved
  const lc::library not_openssl = lc::load("libz.so.1");
  CHECK_FALSE(not_openssl.loaded());
  const std::string not_openssl_why(not_openssl.error());
  CHECK(not_openssl_why.find("libz.so.1 is not OpenSSL 3: it lacks ") == 0);
  CHECK_FALSE(static_cast<bool>(not_openssl.fn.BIO_new_mem_buf));

  // the process's own: the functions are OpenSSL's, the ones the test's signer calls
  const lc::library& process = lc::process_library();
  REQUIRE_MESSAGE(process.loaded(), std::string(process.error()));
  CHECK(static_cast<bool>(process.fn.EVP_Q_mac));
  CHECK(process.fn.EVP_sha256() == ::EVP_sha256());  // the same libcrypto, not a second copy
  CHECK(&lc::process_library() == &process);  // loaded once
}
#endif
