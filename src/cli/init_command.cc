#include <sys/stat.h>

#include <array>
#include <cstdio>
#include <system_error>

#include "cli/commands.h"
#include "cli/log_directory.h"
#include "cli/node_config.h"
#include "core/crypto.h"
#include "core/encoding.h"
#include "core/file_io.h"
#include "core/key_file.h"

namespace accord::cli {
namespace {

// A development origin nobody else has: ".invalid" is reserved and never
// resolves (RFC 6761 section 6.4), and the random label keeps two test
// nodes' logs apart. Production nodes pass --origin.
core::Result<std::string> DevelopmentOrigin() {
  std::array<std::uint8_t, 4> random{};
  if (auto filled = core::RandomBytes(random); !filled) return filled.error();
  return "dev-" + core::HexEncode(random) + ".accord.invalid";
}

}  // namespace

core::Status RunInit(const InitOptions& options) {
  const DataDirectory data{options.data_dir};
  NodeConfig config;
  if (options.origin.empty()) {
    auto origin = DevelopmentOrigin();
    if (!origin) return origin.error().Context("choose an origin");
    config.origin = *origin;
  } else {
    if (auto valid = ValidateOrigin(options.origin); !valid) return valid.error();
    config.origin = options.origin;
  }
  auto listen = ParseListenAddress(options.listen);
  if (!listen) return listen.error();
  config.listen = *listen;

  std::error_code ec;
  if (std::filesystem::exists(data.node_key(), ec))
    return core::Conflict(data.root.string() + " already holds a node (" +
                          data.node_key().string() + " exists); keys are never overwritten");
  std::filesystem::create_directories(data.root, ec);
  if (ec) return core::Unavailable("create " + data.root.string() + ": " + ec.message());
  ::chmod(data.root.c_str(), 0700);

  auto key = core::Ed25519PrivateKey::Generate();
  if (!key) return key.error().Context("generate the node key");
  // The key first: a directory with a key but no config is detectable and
  // safe; a config pointing at a key that was never written is not.
  if (auto written = core::WritePrivateKeyFile(data.node_key(), *key); !written)
    return written.error();
  if (auto written = core::WriteFileAtomically(data.node_public_key(),
                                               core::EncodePublicKeyPem(key->public_key()));
      !written)
    return written.error();
  if (auto written = core::CreateFileExclusively(data.config(), RenderNodeConfig(config),
                                                 core::FileMode::kPublic);
      !written)
    return written.error();

  // The node's log is signed with the node key under the node's origin.
  auto vkey = CreateLogDirectory(data.log(), config.origin, *key, /*write_key_file=*/false);
  if (!vkey) return vkey.error().Context("create the node's log");

  if (options.quiet) return core::Ok();
  std::printf("initialised accord node in %s\n", data.root.c_str());
  std::printf("  origin:     %s\n", config.origin.c_str());
  std::printf("  public key: %s (Ed25519, base64)\n",
              core::Base64Encode(key->public_key().bytes).c_str());
  std::printf("  log vkey:   %s\n", vkey->c_str());
  std::printf("  listen:     %s\n", config.listen.ToString().c_str());
  std::printf("start it with: accord serve --data %s\n", data.root.c_str());
  return core::Ok();
}

}  // namespace accord::cli
