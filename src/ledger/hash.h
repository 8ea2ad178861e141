// The one hash type of the log: a SHA-256 digest, as RFC 9162 section 2.1
// and C2SP tlog-checkpoint ("Note text", root hash line) use it. Kept in its
// own header so that merkle.h, checkpoint.h and tiles share one alias
// without including each other.
#pragma once

#include "core/crypto.h"

namespace accord::ledger {

using Hash = core::Sha256Digest;

}  // namespace accord::ledger
