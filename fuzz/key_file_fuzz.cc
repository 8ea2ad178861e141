// Fuzzes ParsePrivateKey and ParsePublicKey (PEM, strict DER, raw bytes):
// they must never crash, and a private key they accept must come back with
// the same seed after EncodePrivateKeyPem and a second parse (the same holds
// for public keys and EncodePublicKeyPem).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/key_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace accord::core;
  const std::string_view contents(reinterpret_cast<const char*>(data), size);

  if (auto key = ParsePrivateKey(contents)) {
    auto again = ParsePrivateKey(EncodePrivateKeyPem(*key));
    if (!again || again->seed() != key->seed() || !(again->public_key() == key->public_key()))
      std::abort();
  } else if (key.error().message.empty()) {
    std::abort();
  }

  if (auto key = ParsePublicKey(contents)) {
    auto again = ParsePublicKey(EncodePublicKeyPem(*key));
    if (!again || !(*again == *key)) std::abort();
  } else if (key.error().message.empty()) {
    std::abort();
  }
  return 0;
}
