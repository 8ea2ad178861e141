// Command go-tlog-checker verifies an accord log directory independently of
// accord's C++ code: the checkpoint signature with golang.org/x/mod/sumdb/note,
// and the root, tiles, entries and proofs with golang.org/x/mod/sumdb/tlog.
// It is the "independent verifier" of the log's interop test (see README.md);
// it reads files only and never writes to the log directory.
//
// Layout read (c2sp.org/tlog-tiles, c2sp.org/tlog-checkpoint):
//
//	LOGDIR/checkpoint              signed note: origin, size, base64 root
//	LOGDIR/vkey                    verifier key of the log (-vkey overrides)
//	LOGDIR/tile/<L>/<N>[.p/<W>]    hash tiles, 256 hashes of 32 bytes when full
//	LOGDIR/tile/entries/<N>[.p/<W>] entry bundles, uint16-BE length-prefixed
//
// Two differences from Go's sumdb are bridged here: Go's tile paths carry the
// tile height (tile/8/0/..., tile/8/data/...), C2SP's do not; and
// tlog.TreeHash(0) returns 32 zero bytes where RFC 9162 §2.1.1 defines the
// empty tree's root as SHA-256 of the empty string.
//
// Output: one line per check (PASS, FAIL, or SKIP for checks not requested),
// then "go-tlog-checker: N passed, N failed". Exit status 0 when nothing
// failed, 1 when a check failed, 2 on a usage error.
//
// Written for Go 1.19 and x/mod 0.7.0 (Debian bookworm); builds offline in
// GOPATH mode, see README.md.
package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// c2sp.org/tlog-tiles: every tile is a height-8 subtree, 256 hashes when full.
const (
	tileHeight = 8
	tileWidth  = 1 << tileHeight
)

// RFC 9162 §2.1.1: MTH({}) = SHA-256(""), e3b0c442...b855.
var emptyRoot = tlog.Hash(sha256.Sum256(nil))

func main() {
	dir := flag.String("dir", "", "log directory (checkpoint, vkey, tile/...); required")
	oldPath := flag.String("old", "", "an older checkpoint of the same log: check it is consistent with the current one")
	vkeyPath := flag.String("vkey", "", "file holding the verifier key (default LOGDIR/vkey)")
	proofsPath := flag.String("proofs", "", "file of proofs written by the log to verify, lines 'inclusion <index> <size> <b64>...' or 'consistency <old> <new> <b64>...'")
	skipSignature := flag.Bool("skip-signature", false, "parse checkpoints without verifying their signatures (for third-party trees signed with other key types)")
	noEntries := flag.Bool("no-entries", false, "do not read entry bundles (for mirrors that hold tiles only)")
	samples := flag.Int("samples", 1000, "number of leaves to prove included with tlog.ProveRecord/CheckRecord (all leaves if the tree is smaller)")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: go-tlog-checker -dir LOGDIR [-old OLDCHECKPOINT] [-vkey FILE] [-proofs FILE] [-skip-signature] [-no-entries] [-samples N]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *dir == "" || flag.NArg() != 0 || *samples < 0 {
		flag.Usage()
		os.Exit(2)
	}
	if *vkeyPath == "" {
		*vkeyPath = filepath.Join(*dir, "vkey")
	}

	c := &checker{
		dir:           *dir,
		files:         &tileFiles{dir: *dir, cache: make(map[tlog.Tile][]byte)},
		skipSignature: *skipSignature,
		roots:         make(map[int64]tlog.Hash),
	}
	c.run(*vkeyPath, *oldPath, *proofsPath, *noEntries, *samples)
	fmt.Printf("go-tlog-checker: %d passed, %d failed\n", c.passed, c.failed)
	if c.failed > 0 {
		os.Exit(1)
	}
}

// checker holds the state of one run: the verified current tree, the
// readers over its tiles, and the pass/fail tally.
type checker struct {
	dir           string
	files         *tileFiles
	skipSignature bool
	verifier      note.Verifier

	tree   tlog.Tree       // current checkpoint: size and root
	auth   tlog.HashReader // tlog.TileHashReader over the tiles, used once checkTiles passed
	roots  map[int64]tlog.Hash
	passed int
	failed int
}

func (c *checker) pass(check, format string, args ...interface{}) {
	c.passed++
	fmt.Printf("PASS %s: %s\n", check, fmt.Sprintf(format, args...))
}

func (c *checker) fail(check, format string, args ...interface{}) {
	c.failed++
	fmt.Printf("FAIL %s: %s\n", check, fmt.Sprintf(format, args...))
}

func (c *checker) skip(check, format string, args ...interface{}) {
	fmt.Printf("SKIP %s: %s\n", check, fmt.Sprintf(format, args...))
}

func (c *checker) run(vkeyPath, oldPath, proofsPath string, noEntries bool, samples int) {
	if !c.skipSignature {
		vkey, err := os.ReadFile(vkeyPath)
		if err != nil {
			c.fail("vkey", "%v", err)
			return
		}
		c.verifier, err = note.NewVerifier(strings.TrimSpace(string(vkey)))
		if err != nil {
			c.fail("vkey", "%s: note.NewVerifier: %v", vkeyPath, err)
			return
		}
	}

	cp, ok := c.checkpoint("checkpoint", filepath.Join(c.dir, "checkpoint"))
	if !ok {
		return
	}
	c.tree = cp.tree
	c.roots[cp.tree.N] = cp.tree.Hash
	c.auth = tlog.TileHashReader(c.tree, c.files)

	if !c.checkRoot() {
		c.skip("remaining checks", "the tiles do not give the checkpoint's root, so no hash read from them can be authenticated")
		return
	}
	if !c.checkTiles() {
		c.skip("remaining checks", "a tile failed authentication, so hashes read from the tiles cannot be trusted")
		return
	}
	if noEntries {
		c.skip("entries", "-no-entries given")
	} else {
		c.checkEntries()
	}
	c.checkSampleInclusion(samples)
	if proofsPath != "" {
		c.checkProofsFile(proofsPath)
	}
	if oldPath != "" {
		c.checkOld(oldPath, cp.origin)
	}
}

// checkpoint is the parsed body of a c2sp.org/tlog-checkpoint note.
type checkpoint struct {
	origin     string
	tree       tlog.Tree
	extensions []string
}

// checkpoint reads the signed note at path, verifies its signature (unless
// -skip-signature) and parses its body. It reports one line for the signature
// and one for the body; ok is false when the body could not be parsed.
func (c *checker) checkpoint(check, path string) (cp checkpoint, ok bool) {
	msg, err := os.ReadFile(path)
	if err != nil {
		c.fail(check+" signature", "%v", err)
		return cp, false
	}
	var text string
	if c.skipSignature {
		var ok bool
		if text, ok = splitNote(msg); !ok {
			c.fail(check+" signature", "%s: not a signed note (no blank line followed by a signature line)", path)
			return cp, false
		}
		c.skip(check+" signature", "-skip-signature given; %d signature line(s) present, none verified", bytes.Count(msg[len(text)+1:], []byte("\n")))
	} else {
		n, err := note.Open(msg, note.VerifierList(c.verifier))
		if err != nil {
			c.fail(check+" signature", "%s: %s", path, describeOpenError(err, c.verifier))
			// The body of a note whose signature failed is still worth
			// checking against the tiles: it tells the writer's author
			// whether the signing or the tree is wrong.
			var ok bool
			if text, ok = splitNote(msg); !ok {
				return cp, false
			}
		} else {
			c.pass(check+" signature", "note.Open verified the signature of %s+%08x (%d other signature(s) ignored)",
				c.verifier.Name(), c.verifier.KeyHash(), len(n.UnverifiedSigs))
			text = n.Text
		}
	}

	cp, err = parseCheckpoint(text)
	if err != nil {
		c.fail(check, "%s: %v", path, err)
		return cp, false
	}
	c.pass(check, "origin %q, size %d, root %s, %d extension line(s)", cp.origin, cp.tree.N, cp.tree.Hash, len(cp.extensions))
	if c.verifier != nil && c.verifier.Name() != cp.origin {
		// tlog-checkpoint "Signatures": the key name SHOULD be the origin.
		fmt.Printf("NOTE %s: key name %q differs from origin %q (c2sp.org/tlog-checkpoint says SHOULD match)\n", check, c.verifier.Name(), cp.origin)
	}
	return cp, true
}

// splitNote returns the text of a signed note without verifying it: the note
// is split at its last blank line (c2sp.org/signed-note "Format"), which must
// be followed by a signature line. note.Open cannot do this without a key.
func splitNote(msg []byte) (string, bool) {
	i := bytes.LastIndex(msg, []byte("\n\n"))
	if i < 0 || !bytes.HasPrefix(msg[i+2:], []byte("\u2014 ")) {
		return "", false
	}
	return string(msg[:i+1]), true
}

func describeOpenError(err error, v note.Verifier) string {
	var unverified *note.UnverifiedNoteError
	var invalid *note.InvalidSignatureError
	switch {
	case errors.As(err, &invalid):
		return fmt.Sprintf("note.Open: signature of %s+%08x does not verify (the text or the signature was altered, or another key signed it)", invalid.Name, invalid.Hash)
	case errors.As(err, &unverified):
		var present []string
		for _, s := range unverified.Note.UnverifiedSigs {
			present = append(present, fmt.Sprintf("%s+%08x", s.Name, s.Hash))
		}
		return fmt.Sprintf("note.Open: no signature by %s+%08x; signatures present: %s", v.Name(), v.KeyHash(), strings.Join(present, ", "))
	default:
		return fmt.Sprintf("note.Open: %v", err)
	}
}

// parseCheckpoint parses a c2sp.org/tlog-checkpoint note text. tlog.ParseTree
// parses the same size and root lines but insists on the Go sumdb origin line
// "go.sum database tree", so the origin is checked here and the rest handed to
// tlog.ParseTree behind that line; the stricter rules of tlog-checkpoint that
// ParseTree does not enforce (canonical base64, non-empty extension lines) are
// checked by hand.
func parseCheckpoint(text string) (checkpoint, error) {
	var cp checkpoint
	if !strings.HasSuffix(text, "\n") {
		return cp, errors.New("note text does not end in a newline")
	}
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if len(lines) < 3 {
		return cp, fmt.Errorf("%d line(s), want at least 3 (origin, size, root)", len(lines))
	}
	cp.origin = lines[0]
	if cp.origin == "" {
		return cp, errors.New("line 1 (origin): empty")
	}
	size := lines[1]
	if size == "" || strings.Trim(size, "0123456789") != "" || (len(size) > 1 && size[0] == '0') {
		return cp, fmt.Errorf("line 2 (size): %q is not a decimal number without leading zeros", size)
	}
	root, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(root) != tlog.HashSize || base64.StdEncoding.EncodeToString(root) != lines[2] {
		return cp, fmt.Errorf("line 3 (root): %q is not the canonical padded base64 of 32 bytes", lines[2])
	}
	for i, ext := range lines[3:] {
		if ext == "" {
			return cp, fmt.Errorf("line %d (extension): empty", i+4)
		}
	}
	cp.extensions = lines[3:]
	cp.tree, err = tlog.ParseTree([]byte("go.sum database tree\n" + strings.Join(lines[1:], "\n") + "\n"))
	if err != nil {
		return cp, fmt.Errorf("tlog.ParseTree rejects the size and root lines: %v", err)
	}
	return cp, nil
}

// tileFiles is a tlog.TileReader over a C2SP tile directory. Go asks for
// tlog.Tile{H: 8, L, N, W} with W the width the tile has in the tree being
// read, which is exactly the width of the C2SP partial tile ".p/W".
type tileFiles struct {
	dir   string
	cache map[tlog.Tile][]byte // tiles of level >= 1: few, and read for every proof
}

// c2spPath turns Go's tile path into the C2SP one by dropping the height
// element: tile/8/0/x001/067.p/5 -> tile/0/x001/067.p/5, and the record data
// tile tile/8/data/N -> the entry bundle tile/entries/N.
func c2spPath(t tlog.Tile) string {
	if t.H != tileHeight {
		panic(fmt.Sprintf("c2spPath: tile height %d, C2SP tiles have height %d", t.H, tileHeight))
	}
	rest := strings.TrimPrefix(t.Path(), fmt.Sprintf("tile/%d/", t.H))
	if t.L == -1 {
		rest = "entries/" + strings.TrimPrefix(rest, "data/")
	}
	return "tile/" + rest
}

func (f *tileFiles) Height() int { return tileHeight }

func (f *tileFiles) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	data := make([][]byte, len(tiles))
	for i, t := range tiles {
		d, err := f.readTile(t)
		if err != nil {
			return nil, err
		}
		data[i] = d
	}
	return data, nil
}

func (f *tileFiles) SaveTiles(tiles []tlog.Tile, data [][]byte) {}

func (f *tileFiles) readTile(t tlog.Tile) ([]byte, error) {
	if d, ok := f.cache[t]; ok {
		return d, nil
	}
	path := c2spPath(t)
	d, err := os.ReadFile(filepath.Join(f.dir, filepath.FromSlash(path)))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s: missing", path)
		}
		return nil, err
	}
	if len(d) != t.W*tlog.HashSize {
		return nil, fmt.Errorf("%s: %d bytes, want %d (%d hashes of 32 bytes)", path, len(d), t.W*tlog.HashSize, t.W)
	}
	if t.L >= 1 {
		f.cache[t] = d
	}
	return d, nil
}

// tileIn returns tile (level, n) with the width it has in a tree of size
// records. REQUIRES: the tile is not empty in that tree.
func tileIn(level int, n, size int64) tlog.Tile {
	w := (size >> uint(tileHeight*level)) - n<<tileHeight
	if w > tileWidth {
		w = tileWidth
	}
	return tlog.Tile{H: tileHeight, L: level, N: n, W: int(w)}
}

// plainHashes is a tlog.HashReader that reads stored hashes straight from the
// tiles of a tree of the given size, without authenticating them. It is used
// only to recompute the root, so that a wrong root is reported as such rather
// than as TileHashReader's "downloaded inconsistent tile".
type plainHashes struct {
	files *tileFiles
	size  int64
}

func (r plainHashes) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	hashes := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		if x >= tlog.StoredHashIndex(0, r.size) {
			return nil, fmt.Errorf("stored hash %d is not in a tree of size %d", x, r.size)
		}
		t := tlog.TileForIndex(tileHeight, x)
		t = tileIn(t.L, t.N, r.size)
		data, err := r.files.readTile(t)
		if err != nil {
			return nil, err
		}
		if hashes[i], err = tlog.HashFromTile(t, data, x); err != nil {
			return nil, err
		}
	}
	return hashes, nil
}

// rootAt returns the root of the tree's prefix of the given size from the
// authenticated tiles. tlog.TreeHash(0) is 32 zero bytes; RFC 9162 §2.1.1
// says SHA-256("").
func (c *checker) rootAt(size int64) (tlog.Hash, error) {
	if size == 0 {
		return emptyRoot, nil
	}
	if size > c.tree.N {
		return tlog.Hash{}, fmt.Errorf("size %d is beyond the checkpoint's size %d", size, c.tree.N)
	}
	if h, ok := c.roots[size]; ok {
		return h, nil
	}
	h, err := tlog.TreeHash(size, c.auth)
	if err != nil {
		return h, err
	}
	c.roots[size] = h
	return h, nil
}

func (c *checker) checkRoot() bool {
	if c.tree.N == 0 {
		if c.tree.Hash != emptyRoot {
			c.fail("root", "size 0 but root %s; the empty tree's root is SHA-256(\"\") = %s (RFC 9162 §2.1.1)", c.tree.Hash, emptyRoot)
			return false
		}
		c.pass("root", "size 0 and root SHA-256(\"\") (RFC 9162 §2.1.1; tlog.TreeHash(0) would give zeros)")
		return true
	}
	h, err := tlog.TreeHash(c.tree.N, plainHashes{c.files, c.tree.N})
	if err != nil {
		c.fail("root", "tlog.TreeHash(%d) over the tiles: %v", c.tree.N, err)
		return false
	}
	if h != c.tree.Hash {
		c.fail("root", "tlog.TreeHash(%d) over the tiles gives %s, the checkpoint says %s", c.tree.N, h, c.tree.Hash)
		return false
	}
	c.pass("root", "tlog.TreeHash(%d) over the tiles equals the checkpoint root", c.tree.N)
	return true
}

// checkTiles authenticates every full tile of every level against the hash
// its parent tile holds for it (the partial tiles, and the top tile, were
// authenticated by checkRoot: their hashes are exactly the subtrees the root
// is made of). tlog.TileHashReader is not relied on for this: in x/mod 0.7.0
// its "authenticate full tiles against their parents" loop starts at the
// number of root subtrees rather than the number of distinct root tiles, so
// for sizes such as 300 or 70000 it returns hashes from a level-0 tile it
// never checked (reproduced with a corrupted tile/0/000).
func (c *checker) checkTiles() bool {
	size := c.tree.N
	if size == 0 {
		// c2sp.org/tlog-tiles "Partial Tiles": empty tiles are not served.
		c.skip("tiles", "size 0: the empty tree has no tiles")
		return true
	}
	levels := 0
	for size>>uint(tileHeight*levels) > 0 {
		levels++
	}
	// Top down, so that a corrupted tile is named itself rather than through
	// each of its children failing against it.
	checked := 0
	for level := levels - 1; level >= 0; level-- {
		full := size >> uint(tileHeight*(level+1))
		for n := int64(0); n < full; n++ {
			if err := c.checkFullTile(level, n); err != nil {
				c.fail("tiles", "%v", err)
				return false
			}
			checked++
		}
	}
	c.pass("tiles", "%d full tile(s) on %d level(s) each hash to the value their parent tile holds; the partial tiles make up the root", checked, levels)
	return true
}

// checkFullTile compares the subtree hash of full tile (level, n), computed
// from its 256 hashes, with the hash stored for it one tile level up.
func (c *checker) checkFullTile(level int, n int64) error {
	t := tlog.Tile{H: tileHeight, L: level, N: n, W: tileWidth}
	data, err := c.files.readTile(t)
	if err != nil {
		return err
	}
	// The tile's root is the node at tree level 8*(level+1); HashFromTile
	// gives the two level-(8*level+7) halves held inside this tile.
	inner := tileHeight*level + tileHeight - 1
	left, err := tlog.HashFromTile(t, data, tlog.StoredHashIndex(inner, 2*n))
	if err != nil {
		return err
	}
	right, err := tlog.HashFromTile(t, data, tlog.StoredHashIndex(inner, 2*n+1))
	if err != nil {
		return err
	}
	got := tlog.NodeHash(left, right)
	parent := tileIn(level+1, n>>tileHeight, c.tree.N)
	parentData, err := c.files.readTile(parent)
	if err != nil {
		return err
	}
	want, err := tlog.HashFromTile(parent, parentData, tlog.StoredHashIndex(tileHeight*(level+1), n))
	if err != nil {
		return err
	}
	if got != want {
		return fmt.Errorf("%s hashes to %s, its parent %s holds %s", c2spPath(t), got, c2spPath(parent), want)
	}
	return nil
}

// checkEntries parses every entry bundle and compares the tlog.RecordHash of
// each entry with its level-0 hash (authenticated by checkTiles).
func (c *checker) checkEntries() {
	size := c.tree.N
	if size == 0 {
		c.skip("entries", "size 0: the empty tree has no entries")
		return
	}
	bundles := (size + tileWidth - 1) / tileWidth
	var errs []string
	entries := int64(0)
	for n := int64(0); n < bundles; n++ {
		t := tileIn(0, n, size)
		leaves, err := c.files.readTile(t)
		if err == nil {
			var got int64
			got, err = c.checkBundle(tlog.Tile{H: tileHeight, L: -1, N: n, W: t.W}, leaves)
			entries += got
		}
		if err != nil {
			errs = append(errs, err.Error())
		}
	}
	switch {
	case len(errs) > 0:
		more := ""
		if len(errs) > 5 {
			more = fmt.Sprintf("; and %d more bundle(s)", len(errs)-5)
			errs = errs[:5]
		}
		c.fail("entries", "%s%s", strings.Join(errs, "; "), more)
	case entries != size:
		c.fail("entries", "%d entries in the bundles, the tree size is %d", entries, size)
	default:
		c.pass("entries", "%d bundle(s) hold %d entries = tree size; each tlog.RecordHash equals its level-0 tile hash", bundles, entries)
	}
}

// checkBundle parses one entry bundle (c2sp.org/tlog-tiles "Log entries":
// uint16 big-endian length, then that many bytes, repeated) that must hold
// exactly len(leaves)/32 entries, and compares each entry's leaf hash.
// It returns the number of entries parsed.
func (c *checker) checkBundle(t tlog.Tile, leaves []byte) (int64, error) {
	path := c2spPath(t)
	data, err := os.ReadFile(filepath.Join(c.dir, filepath.FromSlash(path)))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return 0, fmt.Errorf("%s: missing", path)
		}
		return 0, err
	}
	first := t.N * tileWidth
	var mismatches []string
	count := 0
	for off := 0; off < len(data); count++ {
		if count == t.W {
			return int64(count), fmt.Errorf("%s: %d trailing byte(s) after the %d entries the tree size implies", path, len(data)-off, t.W)
		}
		if len(data)-off < 2 {
			return int64(count), fmt.Errorf("%s: entry %d: 1 byte left at offset %d, a length prefix needs 2", path, first+int64(count), off)
		}
		length := int(binary.BigEndian.Uint16(data[off:]))
		off += 2
		if len(data)-off < length {
			return int64(count), fmt.Errorf("%s: entry %d: length %d at offset %d runs past the end (%d bytes left)", path, first+int64(count), length, off-2, len(data)-off)
		}
		var want tlog.Hash
		copy(want[:], leaves[count*tlog.HashSize:])
		if got := tlog.RecordHash(data[off : off+length]); got != want {
			mismatches = append(mismatches, strconv.FormatInt(first+int64(count), 10))
		}
		off += length
	}
	if count != t.W {
		return int64(count), fmt.Errorf("%s: %d entries, the tree size implies %d", path, count, t.W)
	}
	if len(mismatches) > 0 {
		if len(mismatches) > 10 {
			mismatches = append(mismatches[:10], "...")
		}
		return int64(count), fmt.Errorf("%s: tlog.RecordHash differs from the level-0 tile hash for %d entr(ies): %s", path, len(mismatches), strings.Join(mismatches, " "))
	}
	return int64(count), nil
}

// leafHash returns the authenticated level-0 hash of record index.
func (c *checker) leafHash(index int64) (tlog.Hash, error) {
	h, err := c.auth.ReadHashes([]int64{tlog.StoredHashIndex(0, index)})
	if err != nil {
		return tlog.Hash{}, err
	}
	return h[0], nil
}

// checkSampleInclusion proves up to samples leaves, spread evenly over the
// tree, included with tlog.ProveRecord and verifies them with tlog.CheckRecord.
func (c *checker) checkSampleInclusion(samples int) {
	size := c.tree.N
	if size == 0 || samples == 0 {
		c.skip("inclusion sample", "no leaves to prove (size %d, -samples %d)", size, samples)
		return
	}
	count := int64(samples)
	if size <= count {
		count = size
	}
	first := int64(-1)
	for k := int64(0); k < count; k++ {
		// Spread k over [0, size-1] without overflowing: k*(size-1)/(count-1).
		index := int64(0)
		if count > 1 {
			q, r := (size-1)/(count-1), (size-1)%(count-1)
			index = k*q + k*r/(count-1)
		}
		if first < 0 {
			first = index
		}
		leaf, err := c.leafHash(index)
		if err == nil {
			var proof tlog.RecordProof
			if proof, err = tlog.ProveRecord(size, index, c.auth); err == nil {
				err = tlog.CheckRecord(proof, size, c.tree.Hash, index, leaf)
			}
		}
		if err != nil {
			c.fail("inclusion sample", "leaf %d in tree %d: %v", index, size, err)
			return
		}
	}
	c.pass("inclusion sample", "%d leaves from %d to %d proved with tlog.ProveRecord and verified with tlog.CheckRecord against the root", count, first, size-1)
}

// checkProofsFile verifies proofs the log wrote, one per line:
//
//	inclusion <index> <size> <base64 hash>...
//	consistency <old size> <new size> <base64 hash>...
//
// against roots recomputed from the tiles; blank lines and lines starting
// with '#' are ignored.
func (c *checker) checkProofsFile(path string) {
	f, err := os.Open(path)
	if err != nil {
		c.fail("proofs", "%v", err)
		return
	}
	defer f.Close()
	scanner := bufio.NewScanner(f)
	scanner.Buffer(make([]byte, 64*1024), 1<<20)
	lineNo := 0
	checked := 0
	for scanner.Scan() {
		lineNo++
		line := strings.TrimSpace(scanner.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		checked++
		check := fmt.Sprintf("proof %s:%d", filepath.Base(path), lineNo)
		if detail, err := c.checkProofLine(line); err != nil {
			c.fail(check, "%v", err)
		} else {
			c.pass(check, "%s", detail)
		}
	}
	if err := scanner.Err(); err != nil {
		c.fail("proofs", "%s: line %d: %v", path, lineNo+1, err)
	} else if checked == 0 {
		c.fail("proofs", "%s: no proof lines", path)
	}
}

func (c *checker) checkProofLine(line string) (string, error) {
	fields := strings.Fields(line)
	if len(fields) < 3 || (fields[0] != "inclusion" && fields[0] != "consistency") {
		return "", fmt.Errorf("want 'inclusion <index> <size> <hash>...' or 'consistency <old> <new> <hash>...', got %q", line)
	}
	a, errA := strconv.ParseInt(fields[1], 10, 64)
	b, errB := strconv.ParseInt(fields[2], 10, 64)
	if errA != nil || errB != nil || a < 0 || b < 0 {
		return "", fmt.Errorf("%s: fields 2 and 3 must be non-negative decimal numbers, got %q %q", fields[0], fields[1], fields[2])
	}
	proof := make([]tlog.Hash, 0, len(fields)-3)
	for i, s := range fields[3:] {
		h, err := base64.StdEncoding.DecodeString(s)
		if err != nil || len(h) != tlog.HashSize {
			return "", fmt.Errorf("%s: hash %d (%q) is not base64 of 32 bytes", fields[0], i+1, s)
		}
		var hash tlog.Hash
		copy(hash[:], h)
		proof = append(proof, hash)
	}

	if fields[0] == "inclusion" {
		index, size := a, b
		if index >= size {
			return "", fmt.Errorf("inclusion: index %d is not below size %d", index, size)
		}
		root, err := c.rootAt(size)
		if err != nil {
			return "", fmt.Errorf("inclusion: root at size %d: %v", size, err)
		}
		leaf, err := c.leafHash(index)
		if err != nil {
			return "", fmt.Errorf("inclusion: leaf hash %d: %v", index, err)
		}
		if err := tlog.CheckRecord(proof, size, root, index, leaf); err != nil {
			return "", fmt.Errorf("inclusion of leaf %d in tree %d (%d hashes): tlog.CheckRecord: %v", index, size, len(proof), err)
		}
		return fmt.Sprintf("inclusion of leaf %d in tree %d (%d hashes) verified with tlog.CheckRecord", index, size, len(proof)), nil
	}

	oldSize, newSize := a, b
	if oldSize > newSize {
		return "", fmt.Errorf("consistency: old size %d is larger than new size %d", oldSize, newSize)
	}
	if oldSize == 0 {
		// c2sp.org/tlog-witness: old size 0 is consistent with anything, with
		// an empty proof; tlog.CheckTree would reject n = 0.
		if len(proof) != 0 {
			return "", fmt.Errorf("consistency from size 0: want an empty proof, got %d hashes", len(proof))
		}
		return fmt.Sprintf("consistency from size 0 to %d: empty proof (trivially consistent)", newSize), nil
	}
	oldRoot, err := c.rootAt(oldSize)
	if err != nil {
		return "", fmt.Errorf("consistency: root at size %d: %v", oldSize, err)
	}
	newRoot, err := c.rootAt(newSize)
	if err != nil {
		return "", fmt.Errorf("consistency: root at size %d: %v", newSize, err)
	}
	if err := tlog.CheckTree(proof, newSize, newRoot, oldSize, oldRoot); err != nil {
		return "", fmt.Errorf("consistency from %d to %d (%d hashes): tlog.CheckTree: %v", oldSize, newSize, len(proof), err)
	}
	return fmt.Sprintf("consistency from %d to %d (%d hashes) verified with tlog.CheckTree", oldSize, newSize, len(proof)), nil
}

// checkOld verifies an older checkpoint of the same log and its consistency
// with the current one: its root must be the root of the current tiles'
// prefix of that size, and a tlog.ProveTree proof between the two must pass
// tlog.CheckTree.
func (c *checker) checkOld(path, origin string) {
	old, ok := c.checkpoint("old checkpoint", path)
	if !ok {
		return
	}
	switch {
	case old.origin != origin:
		c.fail("consistency", "old checkpoint origin %q differs from %q", old.origin, origin)
	case old.tree.N > c.tree.N:
		c.fail("consistency", "old checkpoint size %d is larger than the current size %d (rollback, or the arguments are swapped)", old.tree.N, c.tree.N)
	case old.tree.N == 0:
		if old.tree.Hash != emptyRoot {
			c.fail("consistency", "old checkpoint has size 0 but root %s, want SHA-256(\"\") = %s", old.tree.Hash, emptyRoot)
		} else {
			c.pass("consistency", "old size 0 with the empty root: trivially consistent with size %d (tlog.CheckTree rejects n = 0)", c.tree.N)
		}
	default:
		root, err := c.rootAt(old.tree.N)
		if err != nil {
			c.fail("consistency", "root at old size %d from the tiles: %v", old.tree.N, err)
			return
		}
		if root != old.tree.Hash {
			c.fail("consistency", "the current tiles give root %s at size %d, the old checkpoint says %s: the log forked", root, old.tree.N, old.tree.Hash)
			return
		}
		proof, err := tlog.ProveTree(c.tree.N, old.tree.N, c.auth)
		if err == nil {
			err = tlog.CheckTree(proof, c.tree.N, c.tree.Hash, old.tree.N, old.tree.Hash)
		}
		if err != nil {
			c.fail("consistency", "from %d to %d: %v", old.tree.N, c.tree.N, err)
			return
		}
		c.pass("consistency", "from %d to %d: tlog.ProveTree proof (%d hashes) verified with tlog.CheckTree", old.tree.N, c.tree.N, len(proof))
	}
}
