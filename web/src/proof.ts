// Verification of the log in the browser: a reader need not trust the node to
// know that a report is in the log the node signed.
//
// - The checkpoint is a C2SP signed note (c2sp.org/signed-note v1.0.0) whose
//   text is a C2SP tlog-checkpoint (c2sp.org/tlog-checkpoint): origin line,
//   decimal tree size, base64 root hash, optional extension lines.
// - The verifier key is `<name>+<key id hex>+<base64(0x01 || 32-byte Ed25519
//   key)>`, the key id being SHA-256(name || 0x0A || 0x01 || key)[:4]
//   (signed-note "Verifier keys" and "Signatures"; src/ledger/note.cc).
// - A signature line is "— <name> <base64(4-byte key id || signature)>".
// - Leaf and node hashes are RFC 9162 section 2.1.1 (SHA-256(0x00 || entry),
//   SHA-256(0x01 || left || right)); an inclusion proof is checked with the
//   algorithm of RFC 9162 section 2.1.3.2.
//
// Everything here is pure except `verifyReportInclusion`, which takes the
// fetches as parameters so tests can feed it a log built in the test.

import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { ApiResult } from './api';
import type { InclusionProof } from './parse';

const ED25519_ALGORITHM = 0x01;
const EM_DASH = '\u2014';
const encoder = new TextEncoder();

// ------------------------------------------------------------- encodings

/** Decodes standard base64 (RFC 4648 section 4, padded); undefined if it is not. */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function encodeBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

// --------------------------------------------------------------- hashing

/** RFC 9162 section 2.1.1: the hash of a leaf holding `entry`. */
export function leafHash(entry: Uint8Array): Uint8Array {
  return sha256(concat(Uint8Array.of(0x00), entry));
}

/** RFC 9162 section 2.1.1: the hash of an interior node. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256(concat(Uint8Array.of(0x01), left, right));
}

/**
 * The root an inclusion proof leads to (RFC 9162 section 2.1.3.2), or the
 * reason the proof is malformed for this index and tree size. Sizes are
 * plain numbers: a log stays far below 2^53 entries.
 */
export function rootFromInclusionProof(
  index: number,
  treeSize: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
): ApiResult<Uint8Array> {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(treeSize) || index < 0 || treeSize < 1) {
    return { ok: false, reason: `index ${index} or tree size ${treeSize} is not valid` };
  }
  if (index >= treeSize) return { ok: false, reason: `index ${index} is not below the tree size ${treeSize}` };
  let fn = index;
  let sn = treeSize - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return { ok: false, reason: `the proof has ${proof.length} hashes, more than the tree needs` };
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) return { ok: false, reason: `the proof has ${proof.length} hashes, fewer than the tree needs` };
  return { ok: true, value: r };
}

// ------------------------------------------------------- keys and notes

/** A parsed Ed25519 verifier key. */
export interface VerifierKey {
  name: string;
  keyId: Uint8Array;
  publicKey: Uint8Array;
}

/** The key id signed-note gives an Ed25519 key: SHA-256(name || "\n" || 0x01 || key)[:4]. */
export function noteKeyId(name: string, publicKey: Uint8Array): Uint8Array {
  return sha256(concat(encoder.encode(name), Uint8Array.of(0x0a, ED25519_ALGORITHM), publicKey)).slice(0, 4);
}

/** Formats a verifier key as the node's /log/vkey does (without the newline). */
export function formatVerifierKey(name: string, publicKey: Uint8Array): string {
  return `${name}+${toHex(noteKeyId(name, publicKey))}+${encodeBase64(concat(Uint8Array.of(ED25519_ALGORITHM), publicKey))}`;
}

/**
 * Parses `<name>+<8 hex digits>+<base64(0x01 || key)>` (one trailing newline
 * allowed). Fails naming the part that is wrong, and when the key id is not
 * the one the name and key give.
 */
export function parseVerifierKey(text: string): ApiResult<VerifierKey> {
  const line = text.endsWith('\n') ? text.slice(0, -1) : text;
  const parts = line.split('+');
  // The name cannot hold '+', the base64 key can: split at the first two only.
  if (parts.length < 3) return { ok: false, reason: 'verifier key: expected <name>+<key id>+<base64 key>' };
  const name = parts[0] ?? '';
  const idHex = parts[1] ?? '';
  const keyText = parts.slice(2).join('+');
  if (name === '' || /\s/.test(name)) return { ok: false, reason: 'verifier key: the name is empty or has a space' };
  if (!/^[0-9a-f]{8}$/.test(idHex)) return { ok: false, reason: `verifier key: key id "${idHex}" is not 8 hex digits` };
  const key = decodeBase64(keyText);
  if (key === undefined) return { ok: false, reason: 'verifier key: the key is not base64' };
  if (key.length !== 33 || key[0] !== ED25519_ALGORITHM) {
    return { ok: false, reason: 'verifier key: not an Ed25519 key (expected 0x01 and 32 bytes)' };
  }
  const publicKey = key.slice(1);
  const keyId = noteKeyId(name, publicKey);
  if (toHex(keyId) !== idHex) {
    return { ok: false, reason: `verifier key: key id ${idHex} does not match the key (expected ${toHex(keyId)})` };
  }
  return { ok: true, value: { name, keyId, publicKey } };
}

export interface NoteSignature {
  name: string;
  keyId: Uint8Array;
  signature: Uint8Array;
}

/** A signed note split into its text (with the final newline) and its signature lines. */
export interface SignedNote {
  text: string;
  signatures: NoteSignature[];
}

/**
 * Splits a signed note at its last blank line (signed-note "Format"). Every
 * line after it must be "— <name> <base64(key id || signature)>" with at least
 * 5 decoded bytes.
 */
export function parseSignedNote(note: string): ApiResult<SignedNote> {
  if (!note.endsWith('\n')) return { ok: false, reason: 'note: does not end in a newline' };
  const split = note.lastIndexOf('\n\n');
  if (split < 0) return { ok: false, reason: 'note: no blank line before the signatures' };
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  const signatures: NoteSignature[] = [];
  for (const [i, line] of lines.entries()) {
    const where = `note: signature line ${i + 1}`;
    if (!line.startsWith(`${EM_DASH} `)) return { ok: false, reason: `${where}: does not start with "— "` };
    const rest = line.slice(2);
    const space = rest.indexOf(' ');
    if (space <= 0) return { ok: false, reason: `${where}: expected "— <name> <signature>"` };
    const name = rest.slice(0, space);
    const raw = decodeBase64(rest.slice(space + 1));
    if (raw === undefined) return { ok: false, reason: `${where}: the signature is not base64` };
    if (raw.length < 5) return { ok: false, reason: `${where}: ${raw.length} bytes, expected a key id and a signature` };
    signatures.push({ name, keyId: raw.slice(0, 4), signature: raw.slice(4) });
  }
  if (signatures.length === 0) return { ok: false, reason: 'note: no signature' };
  return { ok: true, value: { text, signatures } };
}

/** The body of a C2SP tlog-checkpoint. */
export interface Checkpoint {
  origin: string;
  treeSize: number;
  rootHash: Uint8Array;
  /** The checkpoint's root hash as the node writes it (base64), for messages. */
  rootHashBase64: string;
}

/** Parses a checkpoint's note text: origin, decimal tree size, base64 32-byte root, optional extensions. */
export function parseCheckpointText(text: string): ApiResult<Checkpoint> {
  const lines = text.split('\n');
  if (lines.length < 4 || lines[lines.length - 1] !== '') {
    return { ok: false, reason: 'checkpoint: expected origin, tree size and root hash lines' };
  }
  const origin = lines[0] ?? '';
  const sizeText = lines[1] ?? '';
  const rootText = lines[2] ?? '';
  if (origin === '') return { ok: false, reason: 'checkpoint: empty origin line' };
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText) || !Number.isSafeInteger(Number(sizeText))) {
    return { ok: false, reason: `checkpoint: tree size "${sizeText}" is not a decimal number` };
  }
  const rootHash = decodeBase64(rootText);
  if (rootHash === undefined || rootHash.length !== 32) {
    return { ok: false, reason: 'checkpoint: the root hash is not 32 bytes of base64' };
  }
  return { ok: true, value: { origin, treeSize: Number(sizeText), rootHash, rootHashBase64: rootText } };
}

/**
 * Verifies a signed checkpoint with `key`: a signature line with the key's
 * name and key id must hold a valid Ed25519 signature of the note text, and
 * the checkpoint's origin must be the key's name. Returns the checkpoint.
 */
export function verifyCheckpoint(note: string, key: VerifierKey): ApiResult<Checkpoint> {
  const parsed = parseSignedNote(note);
  if (!parsed.ok) return parsed;
  const candidates = parsed.value.signatures.filter(
    (signature) => signature.name === key.name && equalBytes(signature.keyId, key.keyId),
  );
  if (candidates.length === 0) {
    return { ok: false, reason: `checkpoint: no signature by the log's key ${key.name}+${toHex(key.keyId)}` };
  }
  const message = encoder.encode(parsed.value.text);
  const valid = candidates.some((candidate) => {
    if (candidate.signature.length !== 64) return false;
    try {
      return ed25519.verify(candidate.signature, message, key.publicKey);
    } catch {
      return false;
    }
  });
  if (!valid) return { ok: false, reason: `checkpoint: the signature by ${key.name} does not verify` };
  const checkpoint = parseCheckpointText(parsed.value.text);
  if (!checkpoint.ok) return checkpoint;
  if (checkpoint.value.origin !== key.name) {
    return { ok: false, reason: `checkpoint: origin "${checkpoint.value.origin}" is not the key's name "${key.name}"` };
  }
  return checkpoint;
}

// ------------------------------------------------------ the whole check

/** What `verifyReportInclusion` needs from the node. */
export interface LogSource {
  checkpoint(): Promise<ApiResult<string>>;
  verifierKey(): Promise<ApiResult<string>>;
  entry(index: number): Promise<ApiResult<Uint8Array>>;
  inclusionProof(index: number, treeSize: number): Promise<ApiResult<InclusionProof>>;
}

export interface InclusionVerified {
  index: number;
  treeSize: number;
  rootHash: string;
  keyName: string;
  eventType: string;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Checks, from the node's public log alone, that entry `index` is an event
 * about `subject` and is included in the latest checkpoint, whose signature
 * verifies with the log's key:
 * 1. the verifier key parses and its key id matches; 2. the checkpoint's
 * signature verifies; 3. the entry's bytes are JSON naming `subject` with
 * `seq` = index; 4. the proof for (index, checkpoint size) is about the
 * leaf hash we computed ourselves; 5. it leads to the checkpoint's root.
 * Any failure comes back with the step that failed.
 */
export async function verifyReportInclusion(
  subject: string,
  index: number,
  log: LogSource,
): Promise<ApiResult<InclusionVerified>> {
  const [vkeyText, noteText] = await Promise.all([log.verifierKey(), log.checkpoint()]);
  if (!vkeyText.ok) return vkeyText;
  if (!noteText.ok) return noteText;
  const key = parseVerifierKey(vkeyText.value);
  if (!key.ok) return key;
  const checkpoint = verifyCheckpoint(noteText.value, key.value);
  if (!checkpoint.ok) return checkpoint;
  const { treeSize, rootHash, rootHashBase64 } = checkpoint.value;
  if (index >= treeSize) {
    return { ok: false, reason: `entry ${index} is not in the checkpoint (tree size ${treeSize})` };
  }

  const [entry, proof] = await Promise.all([log.entry(index), log.inclusionProof(index, treeSize)]);
  if (!entry.ok) return entry;
  if (!proof.ok) return proof;

  let event: unknown;
  try {
    event = JSON.parse(decoder.decode(entry.value));
  } catch {
    return { ok: false, reason: `entry ${index}: not UTF-8 JSON` };
  }
  const fields = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
  if (fields['subject'] !== subject) {
    return { ok: false, reason: `entry ${index}: its subject is not ${subject}` };
  }
  if (fields['seq'] !== index) return { ok: false, reason: `entry ${index}: its seq is ${String(fields['seq'])}` };
  const eventType = typeof fields['type'] === 'string' ? fields['type'] : 'unknown';

  const leaf = leafHash(entry.value);
  const proofLeaf = decodeBase64(proof.value.leaf_hash);
  if (proofLeaf === undefined || !equalBytes(proofLeaf, leaf)) {
    return { ok: false, reason: `entry ${index}: the proof is for another leaf hash than the entry's` };
  }
  if (proof.value.index !== index || proof.value.tree_size !== treeSize) {
    return { ok: false, reason: `the proof is for entry ${proof.value.index} of ${proof.value.tree_size}, not ${index} of ${treeSize}` };
  }
  const path: Uint8Array[] = [];
  for (const [i, hash] of proof.value.proof.entries()) {
    const bytes = decodeBase64(hash);
    if (bytes === undefined || bytes.length !== 32) return { ok: false, reason: `proof hash ${i}: not 32 bytes of base64` };
    path.push(bytes);
  }
  const root = rootFromInclusionProof(index, treeSize, leaf, path);
  if (!root.ok) return root;
  if (!equalBytes(root.value, rootHash)) {
    return { ok: false, reason: `the proof leads to root ${encodeBase64(root.value)}, not the checkpoint's ${rootHashBase64}` };
  }
  return { ok: true, value: { index, treeSize, rootHash: rootHashBase64, keyName: key.value.name, eventType } };
}

/** The sentence the report page shows for a verification's outcome. */
export function proofSentence(result: ApiResult<InclusionVerified>): string {
  if (!result.ok) return `Verification failed: ${result.reason}.`;
  const { index, treeSize, rootHash, keyName } = result.value;
  return (
    `Verified in this browser: entry ${index} is included in the log of tree size ${treeSize} ` +
    `with root hash ${rootHash}, and the checkpoint's Ed25519 signature by ${keyName} is valid.`
  );
}
