// libFuzzer target for ParseTilePath (ledger/tile.h), which the server runs
// on every requested tile path before it touches the disk. Besides memory
// errors it checks properties a bug would break:
//   - a failure is always kInvalidArgument;
//   - a path that parses has exactly one spelling: TileRef::Path() gives
//     back the input byte for byte (so two URLs never name one tile, and a
//     cache or CDN key is the tile);
//   - what parses is in range: level <= 63 and level 0 for entry bundles,
//     width 1..256;
//   - the formatted index parses back to the same TileRef.
// Any violation aborts, so libFuzzer reports it as a crash.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "ledger/tile.h"

namespace {

using accord::core::ErrorCode;
using namespace accord::ledger;

[[noreturn]] void Fail(const char* what, std::string_view input) {
  std::fprintf(stderr, "tile_path_fuzz: %s for input \"%.*s\"\n", what,
               static_cast<int>(input.size()), input.data());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto parsed = ParseTilePath(input);
  if (!parsed) {
    if (parsed.error().code != ErrorCode::kInvalidArgument) Fail("unexpected error code", input);
    return 0;
  }
  const TileRef& ref = *parsed;
  if (ref.Path() != input) Fail("Path() differs from the parsed input", input);
  if (ref.level > 63) Fail("level above 63", input);
  if (ref.entries && ref.level != 0) Fail("entry bundle with a level", input);
  if (ref.width == 0 || ref.width > kTileWidth) Fail("width out of range", input);
  auto again = ParseTilePath(ref.Path());
  if (!again || !(*again == ref)) Fail("Path() does not parse back to the same tile", input);
  return 0;
}
