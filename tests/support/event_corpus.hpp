// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// The shared event corpus (../shared/corpus/events/, classified by INDEX.md) for tests, and the
// independent decoders tests check sluice against: base64 and gzip written here, not sluice's.

#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace test_corpus {

namespace fs = std::filesystem;

/// The corpus's events folder, or nullopt after printing `SKIPPED: <suite>: ...` (ctest's skip marker).
inline std::optional<fs::path> events_dir(const char* corpus_dir, const char* suite) {
  const fs::path dir = fs::path(corpus_dir) / "events";
  std::error_code ec;
  if (fs::is_regular_file(dir / "INDEX.md", ec)) return dir;
  std::fprintf(stderr, "SKIPPED: %s: no event corpus at %s\n", suite, dir.string().c_str());
  return std::nullopt;
}

inline std::string trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '`')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '`' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

struct sample {
  std::string path;  // "aws-lambda-go/sqs-event.json"
  std::string folder;
  std::string type;
  std::string kind;
  std::string note;  // the row's last column, often empty
};

/// The `| file | type | kind | note |` rows under each `## <folder>/` heading of INDEX.md.
inline std::vector<sample> read_index(const fs::path& index_md) {
  std::vector<sample> rows;
  std::ifstream in(index_md);
  std::string folder;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("#")) {
      const std::string heading = trimmed(std::string_view(line).substr(line.find_first_not_of('#')));
      folder = line.starts_with("## ") && heading.ends_with('/') ? heading.substr(0, heading.size() - 1) : "";
      continue;
    }
    if (folder.empty() || !line.starts_with('|')) continue;
    std::vector<std::string> cells;
    std::string_view rest = std::string_view(line).substr(1);
    while (!rest.empty()) {
      const std::size_t bar = rest.find('|');
      cells.push_back(trimmed(rest.substr(0, bar)));
      rest = bar == std::string_view::npos ? std::string_view{} : rest.substr(bar + 1);
    }
    if (cells.size() < 3 || cells[0] == "file" || cells[0].starts_with("---")) continue;
    rows.push_back({folder + "/" + cells[0], folder, cells[1], cells[2], cells.size() > 3 ? cells[3] : std::string()});
  }
  return rows;
}

inline std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline constexpr std::string_view base64_digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

inline std::string base64_encoded(std::string_view bytes) {
  std::string out;
  unsigned long group = 0;
  int bits = 0;
  for (const char c : bytes) {
    group = (group << 8) | static_cast<unsigned char>(c);
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += base64_digits[(group >> bits) & 63];
    }
  }
  if (bits > 0) out += base64_digits[(group << (6 - bits)) & 63];
  while (out.size() % 4 != 0) out += '=';
  return out;
}

/// RFC 4648 base64, padded or not; nullopt unless `text` is the canonical encoding of its bytes.
inline std::optional<std::string> base64_decoded(std::string_view text) {
  const std::string_view original = text;
  while (text.ends_with('=')) text.remove_suffix(1);
  std::string out;
  unsigned long group = 0;
  int bits = 0;
  for (const char c : text) {
    const std::size_t v = base64_digits.find(c);
    if (v == std::string_view::npos) return std::nullopt;
    group = (group << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((group >> bits) & 0xFF);
    }
  }
  const std::string again = base64_encoded(out);
  if (again != original && again.substr(0, again.find('=')) != original) return std::nullopt;
  return out;
}

/// The bytes of one gzip member (up to 64 MiB), or nullopt when it is not complete gzip.
inline std::optional<std::string> gunzip(const std::string& gz) {
  std::string out(64 * 1024 * 1024, '\0');
  z_stream z{};
  if (inflateInit2(&z, 16 + 15) != Z_OK) return std::nullopt;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  z.avail_in = static_cast<uInt>(gz.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int status = inflate(&z, Z_FINISH);
  out.resize(z.total_out);
  inflateEnd(&z);
  if (status != Z_STREAM_END) return std::nullopt;
  return out;
}

}  // namespace test_corpus
