import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import type { ApiResult } from './api';
import {
  decodeBase64,
  encodeBase64,
  formatVerifierKey,
  leafHash,
  nodeHash,
  parseCheckpointText,
  parseSignedNote,
  parseVerifierKey,
  proofSentence,
  rootFromInclusionProof,
  toHex,
  verifyCheckpoint,
  verifyReportInclusion,
  type LogSource,
} from './proof';
import { NODE_LOG } from './testdata/nodeLog';

const enc = new TextEncoder();

function fromHex(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

// RFC 9162 section 2.1.1, written independently of proof.ts from the definition:
// MTH({}) = SHA-256(), MTH({d0}) = SHA-256(0x00 || d0), and for n > 1 with k the
// largest power of two below n, MTH(D[n]) = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n])).
function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function mth(leaves: Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return sha256(new Uint8Array());
  if (leaves.length === 1) return sha256(Uint8Array.of(0, ...(leaves[0] ?? [])));
  const k = largestPowerOfTwoBelow(leaves.length);
  return sha256(Uint8Array.of(1, ...mth(leaves.slice(0, k)), ...mth(leaves.slice(k))));
}

// RFC 9162 section 2.1.3.1: PATH(m, D[n]).
function path(m: number, leaves: Uint8Array[]): Uint8Array[] {
  if (leaves.length <= 1) return [];
  const k = largestPowerOfTwoBelow(leaves.length);
  if (m < k) return [...path(m, leaves.slice(0, k)), mth(leaves.slice(k))];
  return [...path(m - k, leaves.slice(k)), mth(leaves.slice(0, k))];
}

// The leaves of the RFC 6962 reference test tree (certificate-transparency's
// merkle tree tests) and its published roots for sizes 1 to 8.
const REFERENCE_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(
  fromHex,
);
const REFERENCE_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

describe('hashes (RFC 9162 section 2.1.1)', () => {
  it('hashes the empty leaf to the published value', () => {
    expect(toHex(leafHash(new Uint8Array()))).toBe(REFERENCE_ROOTS[0]);
  });

  it('builds the reference tree\'s published roots', () => {
    for (let size = 1; size <= 8; size++) {
      expect(toHex(mth(REFERENCE_LEAVES.slice(0, size)))).toBe(REFERENCE_ROOTS[size - 1]);
    }
  });

  it('hashes a node as SHA-256(0x01 || left || right)', () => {
    const left = leafHash(REFERENCE_LEAVES[0] ?? new Uint8Array());
    const right = leafHash(REFERENCE_LEAVES[1] ?? new Uint8Array());
    expect(toHex(nodeHash(left, right))).toBe(REFERENCE_ROOTS[1]);
  });
});

describe('rootFromInclusionProof (RFC 9162 section 2.1.3.2)', () => {
  it('reaches the root for every leaf of every tree size up to 33', () => {
    const leaves = Array.from({ length: 33 }, (_, i) => enc.encode(`entry ${i}`));
    for (let size = 1; size <= leaves.length; size++) {
      const tree = leaves.slice(0, size);
      const root = toHex(mth(tree));
      for (let index = 0; index < size; index++) {
        const leaf = tree[index] ?? new Uint8Array();
        const result = rootFromInclusionProof(index, size, leafHash(leaf), path(index, tree));
        expect(result.ok && toHex(result.value)).toBe(root);
      }
    }
  });

  it('reaches a different root when a proof hash is altered', () => {
    const tree = REFERENCE_LEAVES.slice(0, 7);
    const proof = path(4, tree);
    proof[1] = sha256(enc.encode('not the sibling'));
    const result = rootFromInclusionProof(4, 7, leafHash(tree[4] ?? new Uint8Array()), proof);
    expect(result.ok && toHex(result.value)).not.toBe(REFERENCE_ROOTS[6]);
  });

  it('rejects a proof with a hash too many or too few', () => {
    const tree = REFERENCE_LEAVES.slice(0, 5);
    const leaf = leafHash(tree[2] ?? new Uint8Array());
    const proof = path(2, tree);
    expect(rootFromInclusionProof(2, 5, leaf, [...proof, new Uint8Array(32)])).toEqual({
      ok: false,
      reason: 'the proof has 4 hashes, more than the tree needs',
    });
    expect(rootFromInclusionProof(2, 5, leaf, proof.slice(0, 1))).toEqual({
      ok: false,
      reason: 'the proof has 1 hashes, fewer than the tree needs',
    });
  });

  it('rejects an index outside the tree', () => {
    expect(rootFromInclusionProof(5, 5, new Uint8Array(32), [])).toEqual({
      ok: false,
      reason: 'index 5 is not below the tree size 5',
    });
    expect(rootFromInclusionProof(-1, 5, new Uint8Array(32), []).ok).toBe(false);
  });
});

describe('verifier keys', () => {
  it('parses the real node\'s key and checks its key id', () => {
    const key = parseVerifierKey(NODE_LOG.vkey);
    expect(key.ok).toBe(true);
    if (!key.ok) return;
    expect(key.value.name).toBe('dev-90f205d1.accord.invalid');
    expect(toHex(key.value.keyId)).toBe('447c88a3');
    expect(key.value.publicKey.length).toBe(32);
  });

  it('formats a key the way it parses it back', () => {
    const publicKey = ed25519.getPublicKey(ed25519.utils.randomSecretKey());
    const text = formatVerifierKey('example.org/log', publicKey);
    const key = parseVerifierKey(`${text}\n`);
    expect(key.ok && key.value.name).toBe('example.org/log');
    expect(key.ok && toHex(key.value.publicKey)).toBe(toHex(publicKey));
  });

  it('rejects a key id that is not the key\'s', () => {
    const text = NODE_LOG.vkey.replace('+447c88a3+', '+447c88a4+');
    expect(parseVerifierKey(text)).toEqual({
      ok: false,
      reason: 'verifier key: key id 447c88a4 does not match the key (expected 447c88a3)',
    });
  });

  it('rejects a key of another algorithm, a malformed id and a missing part', () => {
    const publicKey = new Uint8Array(32).fill(7);
    const otherAlgorithm = `n+00000000+${encodeBase64(Uint8Array.of(0x02, ...publicKey))}`;
    expect(parseVerifierKey(otherAlgorithm)).toEqual({
      ok: false,
      reason: 'verifier key: not an Ed25519 key (expected 0x01 and 32 bytes)',
    });
    expect(parseVerifierKey('n+XYZ+AAAA').ok).toBe(false);
    expect(parseVerifierKey('no-plus-signs')).toEqual({
      ok: false,
      reason: 'verifier key: expected <name>+<key id>+<base64 key>',
    });
  });
});

function signNote(text: string, name: string, secretKey: Uint8Array): string {
  const key = parseVerifierKey(formatVerifierKey(name, ed25519.getPublicKey(secretKey)));
  if (!key.ok) throw new Error(key.reason);
  const signature = ed25519.sign(enc.encode(text), secretKey);
  return `${text}\n\u2014 ${name} ${encodeBase64(Uint8Array.of(...key.value.keyId, ...signature))}\n`;
}

describe('signed checkpoints (C2SP signed-note, tlog-checkpoint)', () => {
  const secretKey = ed25519.utils.randomSecretKey();
  const name = 'log.example.org';
  const vkey = formatVerifierKey(name, ed25519.getPublicKey(secretKey));
  const root = encodeBase64(sha256(enc.encode('root')));
  const text = `${name}\n42\n${root}\n`;

  it('verifies the real node\'s checkpoint with its key', () => {
    const key = parseVerifierKey(NODE_LOG.vkey);
    if (!key.ok) throw new Error(key.reason);
    const checkpoint = verifyCheckpoint(NODE_LOG.checkpoint, key.value);
    expect(checkpoint.ok && checkpoint.value.treeSize).toBe(29);
    expect(checkpoint.ok && checkpoint.value.rootHashBase64).toBe('/dS7ebnzfBC1uENsnhfV6L8JA7cb3JqBAvRnnWmAkA4=');
  });

  it('verifies a note signed in the test, and reads its body', () => {
    const key = parseVerifierKey(vkey);
    if (!key.ok) throw new Error(key.reason);
    const checkpoint = verifyCheckpoint(signNote(text, name, secretKey), key.value);
    expect(checkpoint.ok && checkpoint.value.origin).toBe(name);
    expect(checkpoint.ok && checkpoint.value.treeSize).toBe(42);
  });

  it('finds the log\'s signature among others', () => {
    const key = parseVerifierKey(vkey);
    if (!key.ok) throw new Error(key.reason);
    const note = signNote(text, name, secretKey);
    const witness = `\u2014 witness.example ${encodeBase64(new Uint8Array(72))}\n`;
    expect(verifyCheckpoint(note + witness, key.value).ok).toBe(true);
  });

  it('fails when one byte of the text changed', () => {
    const key = parseVerifierKey(vkey);
    if (!key.ok) throw new Error(key.reason);
    const note = signNote(text, name, secretKey).replace('\n42\n', '\n43\n');
    expect(verifyCheckpoint(note, key.value)).toEqual({
      ok: false,
      reason: 'checkpoint: the signature by log.example.org does not verify',
    });
  });

  it('fails when no signature is by the log\'s key', () => {
    const key = parseVerifierKey(vkey);
    if (!key.ok) throw new Error(key.reason);
    const other = signNote(text, name, ed25519.utils.randomSecretKey());
    const result = verifyCheckpoint(other, key.value);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/^checkpoint: no signature by the log's key log\.example\.org\+[0-9a-f]{8}$/);
  });

  it('fails when the origin is not the key\'s name', () => {
    const otherName = 'other.example';
    const key = parseVerifierKey(formatVerifierKey(otherName, ed25519.getPublicKey(secretKey)));
    if (!key.ok) throw new Error(key.reason);
    expect(verifyCheckpoint(signNote(text, otherName, secretKey), key.value)).toEqual({
      ok: false,
      reason: 'checkpoint: origin "log.example.org" is not the key\'s name "other.example"',
    });
  });

  it('rejects malformed notes and checkpoint bodies, naming the problem', () => {
    expect(parseSignedNote('a\n1\nx\n')).toEqual({ ok: false, reason: 'note: no blank line before the signatures' });
    expect(parseSignedNote('a\n\n\u2014 n AAAA')).toEqual({ ok: false, reason: 'note: does not end in a newline' });
    expect(parseSignedNote('a\n\n- n AAAAAAAA\n')).toEqual({
      ok: false,
      reason: 'note: signature line 1: does not start with "— "',
    });
    expect(parseSignedNote('a\n\n\u2014 n AAAA\n')).toEqual({
      ok: false,
      reason: 'note: signature line 1: 3 bytes, expected a key id and a signature',
    });
    expect(parseCheckpointText(`o\n-1\n${root}\n`)).toEqual({
      ok: false,
      reason: 'checkpoint: tree size "-1" is not a decimal number',
    });
    expect(parseCheckpointText('o\n1\nAAAA\n')).toEqual({
      ok: false,
      reason: 'checkpoint: the root hash is not 32 bytes of base64',
    });
  });
});

function fail(message: string): never {
  throw new Error(message);
}

function nodeLogSource(overrides: Partial<LogSource> = {}): LogSource {
  const entries = NODE_LOG.entries;
  const found = <T>(value: T | undefined, what: string): ApiResult<T> =>
    value === undefined ? { ok: false, reason: `${what}: HTTP 404 Not Found` } : { ok: true, value };
  return {
    checkpoint: () => Promise.resolve({ ok: true, value: NODE_LOG.checkpoint }),
    verifierKey: () => Promise.resolve({ ok: true, value: NODE_LOG.vkey }),
    entry: (index) => {
      const text = entries[String(index)]?.entry_base64;
      return Promise.resolve(found(text === undefined ? undefined : decodeBase64(text), `/v1/log/entries/${index}`));
    },
    inclusionProof: (index) =>
      Promise.resolve(found(entries[String(index)]?.proof, '/v1/log/proofs/inclusion')),
    ...overrides,
  };
}

describe('verifyReportInclusion against a real node\'s log', () => {
  const report = NODE_LOG.entries['27'] ?? fail('the fixture lacks entry 27');

  it('verifies each captured entry', async () => {
    for (const [index, captured] of Object.entries(NODE_LOG.entries)) {
      const result = await verifyReportInclusion(captured.subject, Number(index), nodeLogSource());
      expect(result).toEqual({
        ok: true,
        value: {
          index: Number(index),
          treeSize: 29,
          rootHash: '/dS7ebnzfBC1uENsnhfV6L8JA7cb3JqBAvRnnWmAkA4=',
          keyName: 'dev-90f205d1.accord.invalid',
          eventType: JSON.parse(atob(captured.entry_base64)).type,
        },
      });
    }
  });

  it('says what was checked', async () => {
    const result = await verifyReportInclusion(report.subject, 27, nodeLogSource());
    expect(proofSentence(result)).toBe(
      'Verified in this browser: entry 27 is included in the log of tree size 29 with root hash ' +
        '/dS7ebnzfBC1uENsnhfV6L8JA7cb3JqBAvRnnWmAkA4=, and the checkpoint\'s Ed25519 signature by ' +
        'dev-90f205d1.accord.invalid is valid.',
    );
  });

  it('fails when the entry\'s bytes were changed', async () => {
    const bytes = decodeBase64(report.entry_base64) ?? new Uint8Array();
    const text = new TextDecoder().decode(bytes).replace('"health"', '"energy"');
    const source = nodeLogSource({ entry: () => Promise.resolve({ ok: true, value: enc.encode(text) }) });
    expect(await verifyReportInclusion(report.subject, 27, source)).toEqual({
      ok: false,
      reason: 'entry 27: the proof is for another leaf hash than the entry\'s',
    });
  });

  it('fails when the entry is about another report', async () => {
    const other = 'incident-report--00000000-0000-4000-8000-000000000000';
    expect(await verifyReportInclusion(other, 27, nodeLogSource())).toEqual({
      ok: false,
      reason: `entry 27: its subject is not ${other}`,
    });
  });

  it('fails when a proof hash was changed', async () => {
    const proof = { ...report.proof, proof: [...report.proof.proof] };
    proof.proof[2] = encodeBase64(new Uint8Array(32));
    const source = nodeLogSource({ inclusionProof: () => Promise.resolve({ ok: true, value: proof }) });
    const result = await verifyReportInclusion(report.subject, 27, source);
    expect(!result.ok && result.reason).toMatch(/^the proof leads to root .*, not the checkpoint's \/dS7eb/);
  });

  it('fails when the checkpoint\'s signature is not the log key\'s', async () => {
    const forged = NODE_LOG.checkpoint.replace('\n29\n', '\n30\n');
    const source = nodeLogSource({ checkpoint: () => Promise.resolve({ ok: true, value: forged }) });
    expect(await verifyReportInclusion(report.subject, 27, source)).toEqual({
      ok: false,
      reason: 'checkpoint: the signature by dev-90f205d1.accord.invalid does not verify',
    });
  });

  it('passes on the reason a fetch failed', async () => {
    const source = nodeLogSource({
      inclusionProof: () => Promise.resolve({ ok: false, reason: '/v1/log/proofs/inclusion: HTTP 404 Not Found' }),
    });
    const result = await verifyReportInclusion(report.subject, 27, source);
    expect(result).toEqual({ ok: false, reason: '/v1/log/proofs/inclusion: HTTP 404 Not Found' });
    expect(proofSentence(result)).toBe('Verification failed: /v1/log/proofs/inclusion: HTTP 404 Not Found.');
  });

  it('fails for an entry beyond the checkpoint', async () => {
    expect(await verifyReportInclusion(report.subject, 29, nodeLogSource())).toEqual({
      ok: false,
      reason: 'entry 29 is not in the checkpoint (tree size 29)',
    });
  });
});

describe('verifyReportInclusion against a log built in the test', () => {
  it('verifies every entry of a 13-entry log signed with a fresh key', async () => {
    const secretKey = ed25519.utils.randomSecretKey();
    const name = 'test.example/log';
    const entries = Array.from({ length: 13 }, (_, seq) =>
      enc.encode(JSON.stringify({ schema: 'accord.event/1', seq, subject: `subject-${seq}`, type: 'report.submitted' })),
    );
    const root = mth(entries);
    const note = signNote(`${name}\n13\n${encodeBase64(root)}\n`, name, secretKey);
    const source: LogSource = {
      checkpoint: () => Promise.resolve({ ok: true, value: note }),
      verifierKey: () => Promise.resolve({ ok: true, value: formatVerifierKey(name, ed25519.getPublicKey(secretKey)) }),
      entry: (index) => Promise.resolve({ ok: true, value: entries[index] ?? new Uint8Array() }),
      inclusionProof: (index, treeSize) =>
        Promise.resolve({
          ok: true,
          value: {
            index,
            tree_size: treeSize,
            leaf_hash: encodeBase64(leafHash(entries[index] ?? new Uint8Array())),
            root_hash: encodeBase64(root),
            proof: path(index, entries).map(encodeBase64),
          },
        }),
    };
    for (let index = 0; index < 13; index++) {
      const result = await verifyReportInclusion(`subject-${index}`, index, source);
      expect(result.ok && result.value.eventType).toBe('report.submitted');
    }
  });
});
