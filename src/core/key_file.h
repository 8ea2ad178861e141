// Ed25519 key files: the node's signing key and the public keys of
// witnesses and parties.
//
// Two spellings are read. The first is PEM, as `openssl genpkey -algorithm
// ed25519` and `openssl pkey -pubout` write it: PKCS#8 "PRIVATE KEY" or SPKI
// "PUBLIC KEY" holding the algorithm id 1.3.101.112 (RFC 8410). The second is
// exactly 32 raw bytes: the seed, or the public key. Keys are written as
// PEM, so `openssl` can read every key accord writes and the other way round.
//
// A private key file is refused if its group or others can read it, as ssh
// refuses, and it is never overwritten. Errors are precise enough to act on:
// `key file node.key: PEM holds an RSA key, expected Ed25519`.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/crypto.h"
#include "core/result.h"

namespace accord::core {

// The largest key file read. A PEM Ed25519 key is under 200 bytes; the bound
// keeps a wrong path (a log file, a device) from being read whole.
inline constexpr std::uint64_t kMaxKeyFileBytes = 64 * 1024;

// Parses a private key: PEM PKCS#8 Ed25519 (RFC 8410 section 7, "BEGIN
// PRIVATE KEY"; text around the PEM block is ignored, as RFC 7468 section 2
// allows), or exactly 32 raw bytes taken as the seed. Fails with
// kInvalidArgument naming the reason: another PEM label (an RSA, EC, OpenSSH
// or encrypted key), another algorithm, a truncated or malformed PEM, DER
// that is malformed or not strict DER (with its byte offset), a PKCS#8 v2
// public key that does not match the seed, or a size that is neither PEM
// nor 32 bytes. RFC 5958 version 2 keys (with attributes or the public key)
// are accepted.
Result<Ed25519PrivateKey> ParsePrivateKey(std::string_view file_contents);

// The PKCS#8 PEM of `key`, byte for byte what `openssl genpkey -algorithm
// ed25519` writes for the same seed:
// "-----BEGIN PRIVATE KEY-----\n<64 base64 chars>\n-----END PRIVATE KEY-----\n".
std::string EncodePrivateKeyPem(const Ed25519PrivateKey& key);

// Parses a public key: PEM SPKI Ed25519 (RFC 8410 section 4, "BEGIN PUBLIC
// KEY") or exactly 32 raw bytes. Fails with kInvalidArgument as
// ParsePrivateKey does.
Result<Ed25519PublicKey> ParsePublicKey(std::string_view file_contents);

// The SPKI PEM of `key`, as `openssl pkey -pubout` writes it.
std::string EncodePublicKeyPem(const Ed25519PublicKey& key);

// Reads and parses the private key file at `path`. Fails with
// kPermissionDenied if the file's mode grants any access to group or others
// (the message says to run chmod 600), kInvalidArgument if it is not a
// regular file or not a key, kResourceExhausted if it is larger than
// kMaxKeyFileBytes, kNotFound if it does not exist. Messages start with
// `key file <path>: `.
Result<Ed25519PrivateKey> ReadPrivateKeyFile(const std::filesystem::path& path);

// Writes `key` as PEM to a new file at `path` with mode 0600, durably.
// Fails with kConflict if `path` exists: a key is never overwritten, since
// losing it loses the log's identity. Other I/O failures as
// CreateFileExclusively reports them.
Status WritePrivateKeyFile(const std::filesystem::path& path, const Ed25519PrivateKey& key);

// Reads and parses a public key file (no permission check). Errors as
// ReadPrivateKeyFile, prefixed with `public key file <path>: `.
Result<Ed25519PublicKey> ReadPublicKeyFile(const std::filesystem::path& path);

}  // namespace accord::core
