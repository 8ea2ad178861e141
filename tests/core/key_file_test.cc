#include "core/key_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/encoding.h"
#include "core/file_io.h"

namespace accord::core {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// RFC 8410 section 10.3: the example private key, and section 10.1: its
// public key (the section 10.3 key with attributes carries the same public
// key). The seed and public key in hex are the same bytes decoded.
constexpr std::string_view kRfc8410PrivatePem =
    "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n"
    "-----END PRIVATE KEY-----\n";
constexpr std::string_view kRfc8410Seed =
    "d4ee72dbf913584ad5b6d8f1f769f8ad3afe7c28cbf1d4fbe097a88f44755842";
constexpr std::string_view kRfc8410PublicPem =
    "-----BEGIN PUBLIC KEY-----\n"
    "MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n"
    "-----END PUBLIC KEY-----\n";
constexpr std::string_view kRfc8410Public =
    "19bf44096984cdfe8541bac167dc3b96c85086aa30b6b6cb0c5c38ad703166e1";
// RFC 8410 section 10.3, second example: OneAsymmetricKey version 1 with an
// attribute and the public key.
constexpr std::string_view kRfc8410PrivatePemWithPublicKey =
    "-----BEGIN PRIVATE KEY-----\n"
    "MHICAQEwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n"
    "oB8wHQYKKoZIhvcNAQkJFDEPDA1DdXJkbGUgQ2hhaXJzgSEAGb9ECWmEzf6FQbrB\n"
    "Z9w7lshQhqowtrbLDFw4rXAxZuE=\n"
    "-----END PRIVATE KEY-----\n";

std::array<std::uint8_t, 32> Seed(std::string_view hex) {
  std::array<std::uint8_t, 32> seed{};
  EXPECT_TRUE(HexDecodeInto(hex, seed));
  return seed;
}

std::string Pem(std::string_view label, std::string_view body) {
  return "-----BEGIN " + std::string(label) + "-----\n" + std::string(body) + "\n-----END " +
         std::string(label) + "-----\n";
}

std::string ParseError(std::string_view contents) {
  auto key = ParsePrivateKey(contents);
  EXPECT_FALSE(key);
  if (key) return "";
  EXPECT_EQ(key.error().code, ErrorCode::kInvalidArgument);
  return key.error().message;
}

std::string ParsePublicError(std::string_view contents) {
  auto key = ParsePublicKey(contents);
  EXPECT_FALSE(key);
  if (key) return "";
  EXPECT_EQ(key.error().code, ErrorCode::kInvalidArgument);
  return key.error().message;
}

// A fresh directory under the system temp dir, removed with its contents.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "accord-key-file-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) std::abort();
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }
  fs::path operator/(std::string_view name) const { return path_ / name; }

 private:
  fs::path path_;
};

std::string Slurp(const fs::path& path) {
  auto contents = ReadFile(path);
  EXPECT_TRUE(contents) << contents.error().ToString();
  return contents ? *contents : std::string();
}

void WriteWithMode(const fs::path& path, std::string_view contents, fs::perms mode) {
  std::ofstream(path, std::ios::binary) << contents;
  fs::permissions(path, mode);
}

// Runs a shell command in `dir`; returns its exit status and, on failure,
// what it wrote to stderr.
struct CommandResult {
  int exit_status;
  std::string stderr_text;
};
CommandResult RunCommand(const TempDir& dir, const std::string& command) {
  const std::string full = "cd '" + dir.path().string() + "' && " + command + " 2>stderr.txt";
  const int status = std::system(full.c_str());
  std::string error_text;
  if (auto text = ReadFile(dir / "stderr.txt")) error_text = *text;
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, error_text};
}

// ---- Parsing and encoding, against RFC 8410 ----

TEST(ParsePrivateKeyTest, ReadsTheRfc8410Example) {
  auto key = ParsePrivateKey(kRfc8410PrivatePem);
  ASSERT_TRUE(key) << key.error().ToString();
  EXPECT_EQ(HexEncode(key->seed()), kRfc8410Seed);
  EXPECT_EQ(HexEncode(key->public_key().bytes), kRfc8410Public);
}

TEST(ParsePrivateKeyTest, ReadsAVersion2KeyWithAttributesAndPublicKey) {
  auto key = ParsePrivateKey(kRfc8410PrivatePemWithPublicKey);
  ASSERT_TRUE(key) << key.error().ToString();
  EXPECT_EQ(HexEncode(key->seed()), kRfc8410Seed);
}

TEST(ParsePrivateKeyTest, IgnoresTextAroundThePemBlockAndCrLfLineEnds) {
  // RFC 7468 section 2: text outside the encapsulation boundaries is allowed.
  std::string text =
      "my node key\r\n-----BEGIN PRIVATE KEY-----\r\n"
      "MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\r\n"
      "-----END PRIVATE KEY-----\r\ntrailing note\n";
  auto key = ParsePrivateKey(text);
  ASSERT_TRUE(key) << key.error().ToString();
  EXPECT_EQ(HexEncode(key->seed()), kRfc8410Seed);
}

TEST(ParsePrivateKeyTest, AcceptsBlanksAtTheEndOfBoundaryLines) {
  std::string text =
      "-----BEGIN PRIVATE KEY----- \t\n"
      "MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC  \n"
      "-----END PRIVATE KEY-----  ";
  auto key = ParsePrivateKey(text);
  ASSERT_TRUE(key) << key.error().ToString();
  EXPECT_EQ(HexEncode(key->seed()), kRfc8410Seed);
}

TEST(ParsePrivateKeyTest, RejectsTextAfterTheBeginLineDashes) {
  EXPECT_EQ(ParseError("-----BEGIN PRIVATE KEY-----x\nAAAA\n-----END PRIVATE KEY-----\n"),
            "PEM BEGIN line at byte 0 has text after \"-----\"");
  EXPECT_EQ(ParseError("-----BEGIN PRIVATE KEY\nAAAA\n-----END PRIVATE KEY-----\n"),
            "PEM BEGIN line at byte 0 does not end with \"-----\"");
}

TEST(ParsePrivateKeyTest, ReadsBase64SplitAcrossShortLines) {
  auto key = ParsePrivateKey(Pem("PRIVATE KEY",
                                 "MC4CAQAwBQYDK2VwBCIE\n"
                                 "INTuctv5E1hK1bbY8fdp+K06/nwoy/HU\n"
                                 "++CXqI9EdVhC"));
  ASSERT_TRUE(key) << key.error().ToString();
  EXPECT_EQ(HexEncode(key->seed()), kRfc8410Seed);
}

TEST(ParsePrivateKeyTest, ReadsThirtyTwoRawBytesAsTheSeed) {
  const auto seed = Seed(kRfc8410Seed);
  auto key = ParsePrivateKey(std::string_view(reinterpret_cast<const char*>(seed.data()), 32));
  ASSERT_TRUE(key) << key.error().ToString();
  EXPECT_EQ(HexEncode(key->public_key().bytes), kRfc8410Public);
}

TEST(EncodePrivateKeyPemTest, WritesTheRfc8410ExampleByteForByte) {
  auto key = Ed25519PrivateKey::FromSeed(Seed(kRfc8410Seed));
  ASSERT_TRUE(key);
  EXPECT_EQ(EncodePrivateKeyPem(*key), kRfc8410PrivatePem);
}

TEST(ParsePublicKeyTest, ReadsTheRfc8410Example) {
  auto key = ParsePublicKey(kRfc8410PublicPem);
  ASSERT_TRUE(key) << key.error().ToString();
  EXPECT_EQ(HexEncode(key->bytes), kRfc8410Public);
}

TEST(ParsePublicKeyTest, ReadsThirtyTwoRawBytes) {
  const auto bytes = Seed(kRfc8410Public);
  auto key = ParsePublicKey(std::string_view(reinterpret_cast<const char*>(bytes.data()), 32));
  ASSERT_TRUE(key);
  EXPECT_EQ(key->bytes, bytes);
}

TEST(EncodePublicKeyPemTest, WritesTheRfc8410ExampleByteForByte) {
  EXPECT_EQ(EncodePublicKeyPem(Ed25519PublicKey{Seed(kRfc8410Public)}), kRfc8410PublicPem);
}

// ---- Parsing errors ----

TEST(ParsePrivateKeyTest, RejectsContentsThatAreNeitherPemNorThirtyTwoBytes) {
  EXPECT_EQ(ParseError(std::string(31, 'k')), "not PEM and not 32 raw bytes (got 31 bytes)");
  EXPECT_EQ(ParseError(""), "not PEM and not 32 raw bytes (got 0 bytes)");
  EXPECT_EQ(ParseError(std::string(32, 'k') + "\n"),
            "not PEM and not 32 raw bytes (got 33 bytes); a raw key file must not end with a "
            "newline");
  EXPECT_EQ(ParsePublicError(std::string(64, 'a')), "not PEM and not 32 raw bytes (got 64 bytes)");
}

TEST(ParsePrivateKeyTest, RejectsTruncatedPem) {
  const std::string_view pem = kRfc8410PrivatePem;
  EXPECT_EQ(ParseError(pem.substr(0, pem.find("-----END"))),
            "PEM is truncated: no \"-----END PRIVATE KEY-----\" line");
  EXPECT_EQ(ParseError(pem.substr(0, 20)), "PEM is truncated in the BEGIN line");
  // A 32-byte prefix of a PEM file is not mistaken for a raw seed.
  EXPECT_EQ(ParseError(pem.substr(0, 32)),
            "PEM is truncated: no \"-----END PRIVATE KEY-----\" line");
}

TEST(ParsePrivateKeyTest, RejectsPemWithATruncatedBody) {
  // Cut the base64 at a multiple of 4 so the base64 is fine and the DER is
  // short.
  const std::string text = Pem("PRIVATE KEY", "MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp");
  EXPECT_EQ(ParseError(text),
            "DER at byte 0: PKCS#8 SEQUENCE of 46 bytes runs past the end (truncated)");
}

TEST(ParsePrivateKeyTest, RejectsBytesAfterTheDer) {
  // The RFC 8410 key's DER followed by one 0x00 byte.
  std::vector<std::uint8_t> der =
      *Base64Decode("MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC");
  der.push_back(0);
  EXPECT_EQ(ParseError(Pem("PRIVATE KEY", Base64Encode(der))),
            "DER at byte 48: 1 bytes after the PKCS#8 structure");
}

TEST(ParsePrivateKeyTest, RejectsMismatchedEndLabel) {
  const std::string text =
      "-----BEGIN PRIVATE KEY-----\n"
      "MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n"
      "-----END PUBLIC KEY-----\n";
  EXPECT_EQ(ParseError(text),
            "PEM BEGIN label \"PRIVATE KEY\" does not match \"-----END PUBLIC KEY-----\"");
}

TEST(ParsePrivateKeyTest, RejectsTwoPemBlocks) {
  EXPECT_EQ(ParseError(std::string(kRfc8410PrivatePem) + std::string(kRfc8410PrivatePem)),
            "file holds more than one PEM block");
}

TEST(ParsePrivateKeyTest, RejectsBadBase64InTheBody) {
  EXPECT_EQ(ParseError(Pem("PRIVATE KEY", "MC4CAQAw!QYDK2VwBCIE")),
            "PEM body: base64: invalid character \"!\" at byte 8");
  EXPECT_EQ(ParseError(Pem("PRIVATE KEY", "MC4CAQAwBQYDK2VwBCI")),
            "PEM body: base64: length 19 is not a multiple of 4 (missing padding or stray "
            "characters)");
  EXPECT_EQ(ParseError(Pem("PRIVATE KEY", "")), "PEM body is empty");
}

TEST(ParsePrivateKeyTest, RejectsLegacyPemHeaders) {
  const std::string text =
      "-----BEGIN PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\nMC4CAQAw\n"
      "-----END PRIVATE KEY-----\n";
  EXPECT_EQ(ParseError(text),
            "PEM has header lines at byte 37 (a legacy encrypted key?); expected unencrypted "
            "PKCS#8");
}

TEST(ParsePrivateKeyTest, NamesTheKindOfKeyForOtherLabels) {
  EXPECT_EQ(ParseError(Pem("RSA PRIVATE KEY", "AAAA")), "PEM holds an RSA key, expected Ed25519");
  EXPECT_EQ(ParseError(Pem("EC PRIVATE KEY", "AAAA")), "PEM holds an EC key, expected Ed25519");
  EXPECT_THAT(ParseError(Pem("OPENSSH PRIVATE KEY", "b3BlbnNzaC1rZXktdjEAAAAA")),
              StartsWith("PEM holds an OpenSSH private key, expected PKCS#8 \"PRIVATE KEY\""));
  EXPECT_THAT(ParseError(Pem("ENCRYPTED PRIVATE KEY", "AAAA")),
              StartsWith("PEM holds an encrypted private key; accord reads unencrypted PKCS#8"));
  EXPECT_EQ(ParseError(kRfc8410PublicPem), "PEM holds a public key, expected a private key");
  EXPECT_EQ(ParseError(Pem("CERTIFICATE", "AAAA")),
            "PEM label \"CERTIFICATE\", expected \"PRIVATE KEY\"");
}

TEST(ParsePublicKeyTest, NamesTheKindOfKeyForOtherLabels) {
  EXPECT_THAT(ParsePublicError(kRfc8410PrivatePem),
              StartsWith("PEM holds a private key, expected a public key"));
  EXPECT_EQ(ParsePublicError(Pem("RSA PUBLIC KEY", "AAAA")),
            "PEM holds an RSA key, expected Ed25519");
}

TEST(ParsePublicKeyTest, RejectsTruncatedPem) {
  const std::string_view pem = kRfc8410PublicPem;
  EXPECT_EQ(ParsePublicError(pem.substr(0, pem.size() - 10)), "PEM is truncated in the END line");
  EXPECT_EQ(ParsePublicError(pem.substr(0, pem.find("-----END"))),
            "PEM is truncated: no \"-----END PUBLIC KEY-----\" line");
}

TEST(ParsePublicKeyTest, RejectsAnX25519KeyNamingIt) {
  // RFC 8410 section 10.2 spells an X25519 SubjectPublicKeyInfo with OID
  // 1.3.101.110; here the Ed25519 example's bytes under that OID.
  std::vector<std::uint8_t> der =
      *Base64Decode("MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=");
  der[8] = 0x6e;  // 2b 65 70 -> 2b 65 6e
  EXPECT_EQ(ParsePublicError(Pem("PUBLIC KEY", Base64Encode(der))),
            "PEM holds an X25519 key, expected Ed25519");
}

TEST(ParsePublicKeyTest, RejectsAnUnknownAlgorithmNamingItsOid) {
  std::vector<std::uint8_t> der =
      *Base64Decode("MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=");
  der[8] = 0x7f;  // 1.3.101.127: not assigned to a key type
  EXPECT_EQ(ParsePublicError(Pem("PUBLIC KEY", Base64Encode(der))),
            "PEM holds a key with algorithm OID 1.3.101.127, expected Ed25519");
}

// The RFC 8410 section 10.3 key's DER, to damage one field at a time.
std::vector<std::uint8_t> Rfc8410Der() {
  return *Base64Decode("MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC");
}

std::string PrivatePemOf(const std::vector<std::uint8_t>& der) {
  return Pem("PRIVATE KEY", Base64Encode(der));
}

TEST(ParsePrivateKeyTest, RejectsAnUnknownPkcs8Version) {
  auto der = Rfc8410Der();
  der[4] = 0x02;
  EXPECT_EQ(ParseError(PrivatePemOf(der)), "DER at byte 4: PKCS#8 version is not 0 (v1) or 1 (v2)");
}

TEST(ParsePrivateKeyTest, RejectsAlgorithmParameters) {
  // RFC 8410 section 3: the parameters MUST be absent. Insert a NULL.
  auto der = Rfc8410Der();
  der.insert(der.begin() + 12, {0x05, 0x00});
  der[1] += 2;  // outer SEQUENCE
  der[6] += 2;  // AlgorithmIdentifier SEQUENCE
  EXPECT_EQ(ParseError(PrivatePemOf(der)),
            "DER at byte 12: Ed25519 algorithm has parameters; RFC 8410 section 3 requires them "
            "absent");
}

TEST(ParsePrivateKeyTest, RejectsASeedOfTheWrongSize) {
  auto der = Rfc8410Der();
  der.pop_back();
  der[1] -= 1;   // outer SEQUENCE
  der[13] -= 1;  // privateKey OCTET STRING
  der[15] -= 1;  // CurvePrivateKey OCTET STRING
  EXPECT_EQ(ParseError(PrivatePemOf(der)),
            "DER at byte 16: Ed25519 private key is 31 bytes, expected 32");
}

TEST(ParsePrivateKeyTest, RejectsLengthsThatAreNotDer) {
  auto indefinite = Rfc8410Der();
  indefinite[1] = 0x80;
  EXPECT_EQ(ParseError(PrivatePemOf(indefinite)), "DER at byte 1: indefinite length is not DER");
  auto long_form = Rfc8410Der();
  long_form.insert(long_form.begin() + 1, 0x81);  // 81 2e: 46 in two bytes
  EXPECT_EQ(ParseError(PrivatePemOf(long_form)),
            "DER at byte 1: length 46 is not minimally encoded");
}

TEST(ParsePrivateKeyTest, RejectsAWrongTagNamingTheField) {
  auto der = Rfc8410Der();
  der[14] = 0x03;  // CurvePrivateKey as a BIT STRING
  EXPECT_EQ(ParseError(PrivatePemOf(der)),
            "DER at byte 14: expected CurvePrivateKey OCTET STRING (tag 0x04), found tag 0x03");
}

TEST(ParsePrivateKeyTest, RejectsAnEmbeddedPublicKeyThatDoesNotMatch) {
  std::string pem(kRfc8410PrivatePemWithPublicKey);
  auto block = pem.substr(28, pem.find("-----END") - 28);
  block.erase(std::remove(block.begin(), block.end(), '\n'), block.end());
  auto der = *Base64Decode(block);
  der.back() ^= 0x01;
  EXPECT_EQ(ParseError(PrivatePemOf(der)), "PKCS#8 publicKey does not match the private key");
  // And a public key is only allowed in version 2 (RFC 5958 section 2).
  der.back() ^= 0x01;
  der[4] = 0x00;
  EXPECT_EQ(ParseError(PrivatePemOf(der)),
            "DER at byte 81: publicKey present in a version 0 key (RFC 5958 requires v2)");
}

TEST(ParsePublicKeyTest, RejectsAPublicKeyOfTheWrongSize) {
  auto der = *Base64Decode("MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=");
  der.pop_back();
  der[1] -= 1;
  der[10] -= 1;
  EXPECT_EQ(ParsePublicError(Pem("PUBLIC KEY", Base64Encode(der))),
            "DER at byte 11: subjectPublicKey is 32 bytes, expected 33 (0 unused bits + 32)");
}

// ---- Files ----

TEST(WritePrivateKeyFileTest, WritesPemWithMode0600AndReadsItBack) {
  TempDir dir;
  auto key = Ed25519PrivateKey::FromSeed(Seed(kRfc8410Seed));
  ASSERT_TRUE(key);
  const fs::path path = dir / "node.key";
  ASSERT_TRUE(WritePrivateKeyFile(path, *key));
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0600u);
  EXPECT_EQ(Slurp(path), kRfc8410PrivatePem);
  auto read = ReadPrivateKeyFile(path);
  ASSERT_TRUE(read) << read.error().ToString();
  EXPECT_EQ(read->public_key(), key->public_key());
}

TEST(WritePrivateKeyFileTest, NeverOverwritesAKey) {
  TempDir dir;
  const fs::path path = dir / "node.key";
  auto first = Ed25519PrivateKey::Generate();
  auto second = Ed25519PrivateKey::Generate();
  ASSERT_TRUE(first && second);
  ASSERT_TRUE(WritePrivateKeyFile(path, *first));
  auto written = WritePrivateKeyFile(path, *second);
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().code, ErrorCode::kConflict);
  EXPECT_THAT(written.error().message, StartsWith("write key file " + path.string() + ": "));
  EXPECT_EQ(Slurp(path), EncodePrivateKeyPem(*first));
}

TEST(ReadPrivateKeyFileTest, RefusesAKeyReadableByOthersAndSaysHowToFixIt) {
  TempDir dir;
  const fs::path path = dir / "node.key";
  WriteWithMode(path, kRfc8410PrivatePem, fs::perms(0644));
  auto key = ReadPrivateKeyFile(path);
  ASSERT_FALSE(key);
  EXPECT_EQ(key.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(key.error().message,
            "key file " + path.string() +
                ": permissions 0644 are too open: group or others may access the private key; "
                "run: chmod 600 " +
                path.string());
  fs::permissions(path, fs::perms(0604));
  EXPECT_EQ(ReadPrivateKeyFile(path).error().code, ErrorCode::kPermissionDenied);
  fs::permissions(path, fs::perms(0600));
  EXPECT_TRUE(ReadPrivateKeyFile(path));
  fs::permissions(path, fs::perms(0400));
  EXPECT_TRUE(ReadPrivateKeyFile(path));
}

TEST(ReadPrivateKeyFileTest, ReportsAMissingFile) {
  TempDir dir;
  auto key = ReadPrivateKeyFile(dir / "absent.key");
  ASSERT_FALSE(key);
  EXPECT_EQ(key.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(key.error().message, "key file " + (dir / "absent.key").string() + ": does not exist");
}

TEST(ReadPrivateKeyFileTest, RefusesADirectory) {
  TempDir dir;
  auto key = ReadPrivateKeyFile(dir.path());
  ASSERT_FALSE(key);
  EXPECT_EQ(key.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(key.error().message, "key file " + dir.path().string() + ": is not a regular file");
}

TEST(ReadPrivateKeyFileTest, RefusesAFileLargerThanTheBound) {
  TempDir dir;
  const fs::path path = dir / "huge.key";
  WriteWithMode(path, std::string(kMaxKeyFileBytes + 1, 'x'), fs::perms(0600));
  auto key = ReadPrivateKeyFile(path);
  ASSERT_FALSE(key);
  EXPECT_EQ(key.error().code, ErrorCode::kResourceExhausted);
  EXPECT_THAT(key.error().message, StartsWith("key file " + path.string() + ": "));
}

TEST(ReadPrivateKeyFileTest, PrefixesParseErrorsWithThePath) {
  TempDir dir;
  const fs::path path = dir / "node.key";
  WriteWithMode(path, std::string(31, 'k'), fs::perms(0600));
  auto key = ReadPrivateKeyFile(path);
  ASSERT_FALSE(key);
  EXPECT_EQ(key.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(key.error().message,
            "key file " + path.string() + ": not PEM and not 32 raw bytes (got 31 bytes)");
}

TEST(ReadPublicKeyFileTest, ReadsAPublicKeyWhateverItsMode) {
  TempDir dir;
  const fs::path path = dir / "witness.pub";
  WriteWithMode(path, kRfc8410PublicPem, fs::perms(0644));
  auto key = ReadPublicKeyFile(path);
  ASSERT_TRUE(key) << key.error().ToString();
  EXPECT_EQ(HexEncode(key->bytes), kRfc8410Public);
  EXPECT_EQ(ReadPublicKeyFile(dir / "absent.pub").error().message,
            "public key file " + (dir / "absent.pub").string() + ": does not exist");
}

// ---- Interoperability with the openssl command line ----

TEST(OpenSslInteropTest, ReadsKeysThatOpenSslGenerates) {
  TempDir dir;
  auto generated = RunCommand(dir, "openssl genpkey -algorithm ed25519 -out k.pem");
  ASSERT_EQ(generated.exit_status, 0) << generated.stderr_text;
  auto derived = RunCommand(dir, "openssl pkey -in k.pem -pubout -out k.pub");
  ASSERT_EQ(derived.exit_status, 0) << derived.stderr_text;

  auto key = ReadPrivateKeyFile(dir / "k.pem");
  ASSERT_TRUE(key) << key.error().ToString();
  auto public_key = ReadPublicKeyFile(dir / "k.pub");
  ASSERT_TRUE(public_key) << public_key.error().ToString();
  EXPECT_EQ(key->public_key(), *public_key);
  // And we write the same bytes openssl wrote.
  EXPECT_EQ(EncodePrivateKeyPem(*key), Slurp(dir / "k.pem"));
  EXPECT_EQ(EncodePublicKeyPem(*public_key), Slurp(dir / "k.pub"));
}

TEST(OpenSslInteropTest, OpenSslReadsKeysThatWeWrite) {
  TempDir dir;
  auto key = Ed25519PrivateKey::Generate();
  ASSERT_TRUE(key);
  ASSERT_TRUE(WritePrivateKeyFile(dir / "ours.pem", *key));
  auto derived = RunCommand(dir, "openssl pkey -in ours.pem -pubout -out ours.pub");
  ASSERT_EQ(derived.exit_status, 0) << derived.stderr_text;
  EXPECT_EQ(Slurp(dir / "ours.pub"), EncodePublicKeyPem(key->public_key()));
  auto check = RunCommand(dir, "openssl pkey -in ours.pem -check -noout");
  EXPECT_EQ(check.exit_status, 0) << check.stderr_text;
}

TEST(OpenSslInteropTest, SignaturesVerifyBothWays) {
  TempDir dir;
  const std::string message = "accord checkpoint\n42\nabc=\n";
  ASSERT_TRUE(WriteFileAtomically(dir / "msg", message));
  ASSERT_EQ(RunCommand(dir, "openssl genpkey -algorithm ed25519 -out theirs.pem").exit_status, 0);

  // openssl signs, we verify.
  auto signed_by_openssl =
      RunCommand(dir, "openssl pkeyutl -sign -inkey theirs.pem -rawin -in msg -out theirs.sig");
  ASSERT_EQ(signed_by_openssl.exit_status, 0) << signed_by_openssl.stderr_text;
  auto theirs = ReadPrivateKeyFile(dir / "theirs.pem");
  ASSERT_TRUE(theirs);
  const std::string their_signature = Slurp(dir / "theirs.sig");
  ASSERT_EQ(their_signature.size(), 64u);
  Ed25519Signature signature;
  std::copy(their_signature.begin(), their_signature.end(), signature.begin());
  EXPECT_TRUE(Ed25519Verify(theirs->public_key(), message, signature));
  // Ed25519 is deterministic: our signature is the same bytes.
  EXPECT_EQ(theirs->Sign(message), signature);

  // We sign, openssl verifies.
  auto ours = Ed25519PrivateKey::Generate();
  ASSERT_TRUE(ours);
  const Ed25519Signature our_signature = ours->Sign(message);
  ASSERT_TRUE(WriteFileAtomically(
      dir / "ours.sig", std::string_view(reinterpret_cast<const char*>(our_signature.data()), 64)));
  ASSERT_TRUE(WriteFileAtomically(dir / "ours.pub", EncodePublicKeyPem(ours->public_key())));
  auto verified = RunCommand(dir,
                             "openssl pkeyutl -verify -pubin -inkey ours.pub -rawin -in msg "
                             "-sigfile ours.sig");
  EXPECT_EQ(verified.exit_status, 0) << verified.stderr_text;
  // And openssl refuses our signature for another message.
  ASSERT_TRUE(WriteFileAtomically(dir / "other", message + "x"));
  auto refused = RunCommand(dir,
                            "openssl pkeyutl -verify -pubin -inkey ours.pub -rawin -in other "
                            "-sigfile ours.sig");
  EXPECT_NE(refused.exit_status, 0);
}

TEST(OpenSslInteropTest, NamesOtherAlgorithmsThatOpenSslWritesAsPkcs8) {
  TempDir dir;
  struct Case {
    const char* command;
    const char* expected;
  };
  const Case cases[] = {
      {"openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out k.pem",
       "PEM holds an RSA key, expected Ed25519"},
      {"openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out k.pem",
       "PEM holds an EC key, expected Ed25519"},
      {"openssl genpkey -algorithm ed448 -out k.pem", "PEM holds an Ed448 key, expected Ed25519"},
      {"openssl genpkey -algorithm x25519 -out k.pem", "PEM holds an X25519 key, expected Ed25519"},
  };
  for (const auto& test_case : cases) {
    std::error_code ignored;
    fs::remove(dir / "k.pem", ignored);
    auto generated = RunCommand(dir, test_case.command);
    ASSERT_EQ(generated.exit_status, 0) << test_case.command << ": " << generated.stderr_text;
    auto key = ReadPrivateKeyFile(dir / "k.pem");
    ASSERT_FALSE(key) << test_case.command;
    EXPECT_EQ(key.error().message,
              "key file " + (dir / "k.pem").string() + ": " + test_case.expected);

    auto derived = RunCommand(dir, "openssl pkey -in k.pem -pubout -out k.pub");
    ASSERT_EQ(derived.exit_status, 0) << derived.stderr_text;
    EXPECT_EQ(ParsePublicError(Slurp(dir / "k.pub")), test_case.expected);
  }
}

TEST(OpenSslInteropTest, NamesTraditionalAndEncryptedKeys) {
  TempDir dir;
  ASSERT_EQ(RunCommand(dir,
                       "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out rsa.pem "
                       "&& openssl pkey -in rsa.pem -traditional -out rsa1.pem")
                .exit_status,
            0);
  EXPECT_EQ(ParseError(Slurp(dir / "rsa1.pem")), "PEM holds an RSA key, expected Ed25519");
  ASSERT_EQ(RunCommand(dir,
                       "openssl genpkey -algorithm ed25519 -aes-128-cbc -pass pass:secret "
                       "-out encrypted.pem")
                .exit_status,
            0);
  EXPECT_THAT(ParseError(Slurp(dir / "encrypted.pem")),
              StartsWith("PEM holds an encrypted private key"));
}

}  // namespace
}  // namespace accord::core
