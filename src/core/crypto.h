// SHA-256, random bytes and Ed25519 signatures: the only cryptography accord
// uses. The log hashes with SHA-256 (RFC 9162 section 2.1), checkpoints and
// cosignatures are Ed25519 (C2SP signed-note), and commitments to
// confidential fields are salted SHA-256.
//
// crypto.cc is the only door to OpenSSL 3 in accord: this header holds only
// standard types, so no other translation unit includes OpenSSL, and
// swapping the library touches one file. (key_file.cc reads PEM and DER by
// hand and makes keys through this header.)
//
// Functions that cannot fail except by running out of memory (hashing,
// signing with a valid key) return their value directly and abort the
// process if OpenSSL fails. A log that carried on with a wrong hash or an
// empty signature would publish a promise it cannot keep.
//
// Thread-safety: free functions may be called from any thread. A
// Sha256Hasher is used by one thread at a time; an Ed25519PrivateKey may be
// used to sign from several threads at once.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "core/result.h"

namespace accord::core {

using Sha256Digest = std::array<std::uint8_t, 32>;

// SHA-256 of `data` (FIPS 180-4).
Sha256Digest Sha256(std::string_view data);
Sha256Digest Sha256(std::span<const std::uint8_t> data);

// SHA-1 of `data` (FIPS 180-4). Not for security: SHA-1 is broken for
// collision resistance. It exists only because name-based UUIDs of version 5
// (RFC 9562 section 5.5) are defined over SHA-1, and STIX exports need
// deterministic ids (exchange/stix_report.h).
using Sha1Digest = std::array<std::uint8_t, 20>;
Sha1Digest Sha1(std::string_view data);

// Incremental SHA-256 that keeps its OpenSSL context between messages, so
// hashing many short inputs (two per Merkle node) allocates nothing. Small
// updates are gathered in a buffer and handed to OpenSSL in one call, which
// makes a 1 + 32 + 32 byte node hash cost the same as one 65-byte update:
//
//   Sha256Hasher hasher;
//   hasher.Update(prefix).Update(left).Update(right);
//   Sha256Digest node = hasher.Finish();   // ready for the next message
class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(Sha256Hasher&& other) noexcept;
  Sha256Hasher& operator=(Sha256Hasher&& other) noexcept;
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;

  // Appends `data` to the message. REQUIRES: not moved from.
  Sha256Hasher& Update(std::string_view data);
  Sha256Hasher& Update(std::span<const std::uint8_t> data);
  Sha256Hasher& Update(std::uint8_t byte) { return Update(std::span(&byte, 1)); }

  // Returns the digest of everything passed to Update since construction or
  // the previous Finish, and starts a new, empty message.
  Sha256Digest Finish();

 private:
  static constexpr std::size_t kBufferBytes = 128;

  void Flush();

  void* context_;  // OpenSSL's EVP_MD_CTX, owned; null after a move
  // Bytes passed to Update but not yet to OpenSSL: buffer_[0, buffered_).
  std::size_t buffered_ = 0;
  std::array<std::uint8_t, kBufferBytes> buffer_;
};

// Fills `out` with bytes from OpenSSL's CSPRNG. Fails with kUnavailable if
// the generator cannot be seeded (which OpenSSL reports rather than returning
// weak bytes).
Status RandomBytes(std::span<std::uint8_t> out);

struct Ed25519PublicKey {
  std::array<std::uint8_t, 32> bytes{};  // the encoding of RFC 8032 section 5.1.5
  friend bool operator==(const Ed25519PublicKey&, const Ed25519PublicKey&) = default;
};

using Ed25519Signature = std::array<std::uint8_t, 64>;  // R || S, RFC 8032 section 5.1.6

// An Ed25519 private key (RFC 8032 section 5.1), owned by this object and
// wiped by OpenSSL when it is destroyed. Movable, not copyable, so that a key
// lives in one place. Read and write key files with core/key_file.h.
class Ed25519PrivateKey {
 public:
  // A fresh key from the CSPRNG. Fails with kUnavailable if no randomness.
  static Result<Ed25519PrivateKey> Generate();

  // The key whose 32-byte secret is `seed` (RFC 8032 section 5.1.5 calls it
  // the private key; RFC 8410 stores the same bytes). Fails with kInternal
  // only if OpenSSL refuses, which it does not for any 32 bytes.
  static Result<Ed25519PrivateKey> FromSeed(std::span<const std::uint8_t, 32> seed);

  Ed25519PrivateKey(Ed25519PrivateKey&& other) noexcept;
  Ed25519PrivateKey& operator=(Ed25519PrivateKey&& other) noexcept;
  Ed25519PrivateKey(const Ed25519PrivateKey&) = delete;
  Ed25519PrivateKey& operator=(const Ed25519PrivateKey&) = delete;
  ~Ed25519PrivateKey();

  // REQUIRES for the functions below: not moved from.
  const Ed25519PublicKey& public_key() const { return public_key_; }

  // Signs `message` (pure Ed25519, no pre-hash, no context). Deterministic:
  // the same key and message always give the same signature.
  Ed25519Signature Sign(std::string_view message) const;

  // The 32-byte seed, for writing key files. The caller should wipe it.
  std::array<std::uint8_t, 32> seed() const;

 private:
  Ed25519PrivateKey(void* key, const Ed25519PublicKey& public_key)
      : key_(key), public_key_(public_key) {}

  void* key_;  // OpenSSL's EVP_PKEY, owned; null after a move
  Ed25519PublicKey public_key_;
};

// True if `signature` is a valid Ed25519 signature of `message` by `key`
// (RFC 8032 section 5.1.7, which rejects S >= L). False for any malformed
// key or signature; never fails otherwise.
bool Ed25519Verify(const Ed25519PublicKey& key, std::string_view message,
                   const Ed25519Signature& signature);

}  // namespace accord::core
