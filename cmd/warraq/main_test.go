package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/warraq/warraq/export"
	"github.com/warraq/warraq/internal/imgcolour"
	"github.com/warraq/warraq/internal/imgcolour/imgcolourtest"
	"github.com/warraq/warraq/internal/pngenc"
	"github.com/warraq/warraq/internal/testdir"
	"github.com/warraq/warraq/schema"
)

// warraq runs the command line in-process and returns exit code, stdout, stderr.
func warraq(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	if strings.Contains(errb.String(), "goroutine ") || strings.Contains(errb.String(), "panic") {
		t.Fatalf("stack trace on stderr:\n%s", errb.String())
	}
	return code, out.String(), errb.String()
}

// TestBuildSamples builds the sample collection into a temporary directory
// and checks the manifest against the files and against `warraq list`.
func TestBuildSamples(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := warraq(t, "build", "../../samples", "--out", out, "--json", "-q")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if stderr != "" {
		t.Errorf("-q printed: %s", stderr)
	}
	if err := schema.Validate("manifest", []byte(stdout)); err != nil {
		t.Error(err)
	}
	var m export.Manifest
	if err := json.Unmarshal([]byte(stdout), &m); err != nil {
		t.Fatalf("manifest is not JSON: %v\n%s", err, stdout)
	}
	if len(m.Outputs) != 2 {
		t.Fatalf("outputs %+v", m.Outputs)
	}
	for _, o := range m.Outputs {
		if filepath.Dir(o.Path) != out || filepath.Base(o.Path) != m.Book.Slug+"."+o.Format {
			t.Errorf("%s written to %s", o.Format, o.Path)
		}
		data, err := os.ReadFile(o.Path)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		if o.Bytes != int64(len(data)) || o.SHA256 != hex.EncodeToString(sum[:]) {
			t.Errorf("%s: manifest %d bytes %s; file %d bytes %x", o.Format, o.Bytes, o.SHA256, len(data), sum)
		}
	}
	if m.Outputs[1].Format != "pdf" || m.Outputs[1].Pages < len(m.Articles) {
		t.Errorf("pdf has %d pages for %d articles", m.Outputs[1].Pages, len(m.Articles))
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != 2 {
		t.Errorf("out dir holds %d entries, want the 2 outputs only", len(entries))
	}

	// Every sample article, in the order list prints.
	code, listOut, stderr := warraq(t, "list", "../../samples")
	if code != 0 {
		t.Fatalf("list: exit %d\n%s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(listOut), "\n")
	samples, _ := filepath.Glob("../../samples/*.md")
	if len(lines) != len(m.Articles) || len(m.Articles) != len(samples) {
		t.Fatalf("list %d lines, manifest %d articles, samples/ %d files", len(lines), len(m.Articles), len(samples))
	}
	for i, l := range lines {
		f := strings.Split(l, "\t")
		if len(f) != 5 {
			t.Fatalf("list line %q: want 5 tab-separated fields", l)
		}
		a := m.Articles[i]
		if f[0] != a.Part || f[1] != a.Date || f[2] != a.Title || f[3] != strconv.Itoa(a.Words) || f[4] != a.Path {
			t.Errorf("list line %d %q vs manifest %+v", i, l, a)
		}
	}
}

func TestExitCodes(t *testing.T) {
	bad := testdir.Write(t, map[string]string{"book.yaml": "title: x\ntitel: y\n", "a.md": "# أ\n\nنص\n"})
	good := testdir.Write(t, map[string]string{"a.md": "# أ\n\nنص ![صورة](https://example.com/x.png)\n"})
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"unknown command", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"unknown flag", []string{"build", "--colour"}, 2, "unknown flag: --colour"},
		{"two dirs", []string{"list", "a", "b"}, 2, "list takes one directory, got 2 arguments"},
		{"bad format", []string{"build", good, "--format", "docx"}, 2, `unknown format "docx"`},
		{"bad date", []string{"list", good, "--since", "yesterday"}, 2, `--since: want a date like 2025-03-14, got "yesterday"`},
		{"no such dir", []string{"list", filepath.Join(good, "nope")}, exitEnv, "nope: no such directory"},
		{"output dir is a file", []string{"build", good, "--format", "pdf", "--out", filepath.Join(good, "a.md", "dist")}, exitEnv, "not a directory"},
		{"content error", []string{"build", bad}, 1, bad + `/book.yaml:2: unknown key "titel" (did you mean "title"?)`},
		{"content error in list", []string{"list", bad}, 1, "warraq: 1 error\n"},
		{"warning is fine", []string{"build", good, "-q", "--format", "pdf"}, 0, ""},
		{"strict makes it an error", []string{"build", good, "--strict", "--format", "pdf", "--out", t.TempDir()}, 1, "a.md:3: remote image"},
		{"version", []string{"version"}, 0, ""},
		{"fonts takes no args", []string{"fonts", "x"}, 2, "unknown command"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := warraq(t, tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit %d and %q", code, stderr, tt.code, tt.stderr)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	dir := testdir.Write(t, map[string]string{
		"a.md": "---\ntitle: أ\n---\n\nنص فيه حرف لا يُرسم: \U0001F99C و[رابط](missing.md).\n",
	})
	code, stdout, stderr := warraq(t, "check", dir)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	for _, want := range []string{
		dir + `/a.md:5: warning: U+1F99C 🦜 has no glyph in Amiri, Noto Kufi Arabic, Noto Sans Mono`,
		dir + `/a.md:5: warning: link "missing.md": missing.md does not exist; shown as plain text`,
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("check output lacks %q:\n%s", want, stdout)
		}
	}
	if n := strings.Count(stdout, "U+1F99C"); n != 1 {
		t.Errorf("the missing character is reported %d times, want once:\n%s", n, stdout)
	}
	if code, _, _ := warraq(t, "check", "--strict", dir); code != 1 {
		t.Errorf("check --strict with warnings: exit %d, want 1", code)
	}
	broken := testdir.Write(t, map[string]string{"a.md": "---\ntitle: أ\ndate: 2025\n---\nنص\n", "b.md": "---\ntilte: ب\n---\nنص\n"})
	code, stdout, _ = warraq(t, "check", broken)
	if code != 1 || !strings.Contains(stdout, "a.md:3: date: want a date like 2025-03-14, got the number 2025") ||
		!strings.Contains(stdout, `b.md:2: unknown key "tilte" (did you mean "title"?)`) {
		t.Errorf("exit %d, output:\n%s", code, stdout)
	}
}

// `warraq init` makes a collection that builds as is, with nothing to warn about.
func TestInitBuilds(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "مقالاتي")
	if code, _, stderr := warraq(t, "init", dir); code != 0 {
		t.Fatalf("init: exit %d\n%s", code, stderr)
	}
	code, stdout, stderr := warraq(t, "check", dir)
	if code != 0 || stdout != "" {
		t.Errorf("check of a new collection: exit %d\n%s%s", code, stdout, stderr)
	}
	code, stdout, stderr = warraq(t, "build", dir, "--json", "-q")
	if code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	var m export.Manifest
	if err := json.Unmarshal([]byte(stdout), &m); err != nil {
		t.Fatal(err)
	}
	if m.Book.Title != "مقالاتي" || m.Book.Slug != "mqalaty" || len(m.Articles) != 1 || len(m.Warnings) != 0 {
		t.Errorf("manifest %+v", m)
	}
	if code, _, stderr := warraq(t, "init", dir); code != 1 || !strings.Contains(stderr, "already has a book.yaml") {
		t.Errorf("second init: exit %d %s", code, stderr)
	}
}

func TestFontsAndVersion(t *testing.T) {
	code, stdout, _ := warraq(t, "fonts")
	if code != 0 || !strings.Contains(stdout, "Amiri — body text") || !strings.Contains(stdout, "licence: SIL Open Font License 1.1") {
		t.Errorf("fonts: exit %d\n%s", code, stdout)
	}
	// By script first, with the languages each family sets by default.
	for _, want := range []string{"Arabic script (Arab)\n  Amiri — default for ar text", "Noto Nastaliq Urdu — default for ur text and headings",
		"Hebrew script (Hebr)\n  Noto Serif Hebrew — default for he text", "Noto Sans Hebrew — default for he headings"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("fonts: no %q in\n%s", want, stdout)
		}
	}
	code, stdout, _ = warraq(t, "version")
	if code != 0 || !strings.HasPrefix(stdout, "warraq ") {
		t.Errorf("version: %d %q", code, stdout)
	}
}

func TestCoverCommand(t *testing.T) {
	dir := testdir.Write(t, map[string]string{"book.yaml": "title: غلاف\n", "a.md": "# أ\n\nنص\n"})
	out := filepath.Join(t.TempDir(), "c.png")
	code, _, stderr := warraq(t, "cover", dir, "-o", out)
	if code != 0 {
		t.Fatalf("exit %d %s", code, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil || !bytes.HasPrefix(data, []byte("\x89PNG")) {
		t.Errorf("cover is not a PNG (%v)", err)
	}
}

// A supplied cover with a colour profile, written by the cover command as
// JPEG or PNG, keeps it.
func TestCoverCommandKeepsTheProfile(t *testing.T) {
	m := image.NewRGBA(image.Rect(0, 0, 300, 200))
	for i := range m.Pix {
		m.Pix[i] = byte(i) | 0x80
	}
	var pb bytes.Buffer
	if err := pngenc.EncodeWith(&pb, m, []pngenc.Chunk{imgcolourtest.ICCPChunk(imgcolourtest.Profile("RGB ", 500, 0))}); err != nil {
		t.Fatal(err)
	}
	dir := testdir.Write(t, map[string]string{"book.yaml": "title: غلاف\ncover: p3.png\n", "a.md": "# أ\n\nنص\n", "p3.png": pb.String()})
	for _, name := range []string{"c.jpg", "c.png"} {
		out := filepath.Join(t.TempDir(), name)
		if code, _, stderr := warraq(t, "cover", dir, "-o", out); code != 0 {
			t.Fatalf("%s: exit %d %s", name, code, stderr)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		_, format, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		got := imgcolour.Read(format, data).PNGChunks()
		if len(got) != 1 || got[0].Type != "iCCP" {
			t.Errorf("%s (%s): %d colour chunks, want its profile", name, format, len(got))
		}
	}
}

// Building the samples twice — different directories, modification times,
// TZ and locale — gives the same bytes (issue 7, reproducible builds). Each
// build runs in its own process so TZ really differs.
func TestReproducibleBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("two full builds")
	}
	if os.Getenv("WARRAQ_HELPER") != "" {
		t.Skip("helper process")
	}
	var sums [2]map[string]string
	for i, env := range [][]string{
		{"TZ=UTC", "LANG=C", "LC_ALL=C"},
		{"TZ=Asia/Baghdad", "LANG=ar_IQ.UTF-8", "LC_ALL=ar_IQ.UTF-8"},
	} {
		src := filepath.Join(t.TempDir(), "copy"+strconv.Itoa(i))
		copyDir(t, "../../samples", src, time.Unix(int64(1e9+i*86400*400), 0))
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperBuild$")
		cmd.Env = append(os.Environ(), append(env, "WARRAQ_HELPER="+src)...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("build %d: %v\n%s", i, err, out)
		}
		sums[i] = map[string]string{}
		for _, f := range []string{"epub", "pdf"} {
			matches, _ := filepath.Glob(filepath.Join(src, "dist", "*."+f))
			if len(matches) != 1 {
				t.Fatalf("build %d: %v", i, matches)
			}
			data, _ := os.ReadFile(matches[0])
			s := sha256.Sum256(data)
			sums[i][f] = hex.EncodeToString(s[:])
		}
	}
	for _, f := range []string{"epub", "pdf"} {
		if sums[0][f] != sums[1][f] {
			t.Errorf("%s differs between builds: %s vs %s", f, sums[0][f], sums[1][f])
		}
	}
}

// TestHelperBuild is the child process of TestReproducibleBuild.
func TestHelperBuild(t *testing.T) {
	dir := os.Getenv("WARRAQ_HELPER")
	if dir == "" {
		t.Skip("only run as a helper")
	}
	os.Unsetenv("SOURCE_DATE_EPOCH")
	if code, _, stderr := warraq(t, "build", dir, "-q"); code != 0 {
		t.Fatalf("exit %d %s", code, stderr)
	}
}

func copyDir(t *testing.T, from, to string, mtime time.Time) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() && (d.Name() == "dist" || strings.HasPrefix(d.Name(), ".") && rel != ".") {
			return filepath.SkipDir
		}
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			return err
		}
		return os.Chtimes(dst, mtime, mtime)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// An interrupted build — Ctrl-C, kill, the terminal closed — exits 130,
// removes its temporary files and leaves the outputs of an earlier build as
// they were.
func TestInterruptedBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a large book")
	}
	files := map[string]string{"book.yaml": "title: Interrupted\nlanguage: en\ndate: 2025-01-01\n"}
	para := strings.Repeat("كلمة عربية تليها أخرى، ثم رقم 2025 واسم Baghdad. ", 60)
	for i := 0; i < 300; i++ {
		files["a"+strconv.Itoa(i)+".md"] = "# مقالة " + strconv.Itoa(i) + "\n\n" + para + "\n\n" + para + "\n"
	}
	dir := testdir.Write(t, files)
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			out := t.TempDir()
			for _, f := range []string{"interrupted.epub", "interrupted.pdf"} {
				if err := os.WriteFile(filepath.Join(out, f), []byte("earlier output"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			cmd := helper(nil, "build", dir, "-q", "--out", out)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			cmd.Stdout = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Signal once the renderers have opened their temporary files.
			deadline := time.Now().Add(60 * time.Second)
			for {
				tmps, _ := filepath.Glob(filepath.Join(out, ".*.tmp"))
				if len(tmps) > 0 {
					break
				}
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					t.Fatalf("no temporary file appeared:\n%s", stderr.String())
				}
				time.Sleep(5 * time.Millisecond)
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			err := cmd.Wait()
			if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != exitInterrupt {
				t.Fatalf("%v, want exit %d\n%s", err, exitInterrupt, stderr.String())
			}
			if !strings.Contains(stderr.String(), "interrupted; nothing written") {
				t.Errorf("stderr:\n%s", stderr.String())
			}
			names := []string{}
			es, _ := os.ReadDir(out)
			for _, e := range es {
				names = append(names, e.Name())
			}
			if strings.Join(names, " ") != "interrupted.epub interrupted.pdf" {
				t.Errorf("out holds %q after %v", names, sig)
			}
			for _, f := range names {
				if data, _ := os.ReadFile(filepath.Join(out, f)); string(data) != "earlier output" {
					t.Errorf("%s was changed by the interrupted build", f)
				}
			}
		})
	}
}

// helper is the command line run in a child process (TestHelperCommand),
// with its signal handling and exit code; env adds to the environment.
func helper(env []string, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperCommand$")
	cmd.Env = append(append(os.Environ(), env...), "WARRAQ_ARGS="+strings.Join(args, "\x1f"))
	return cmd
}

// TestHelperCommand is the child process of helper: the real command line,
// exiting with its code, under the limits the parent asked for.
func TestHelperCommand(t *testing.T) {
	args := os.Getenv("WARRAQ_ARGS")
	if args == "" {
		t.Skip("only run as a helper")
	}
	if err := applyLimits(); err != nil {
		fmt.Fprintln(os.Stderr, "limits:", err)
		os.Exit(99)
	}
	os.Exit(runWithSignals(strings.Split(args, "\x1f"), os.Stdout, os.Stderr))
}

// TestPanicExitsOne: a bug that panics inside a parallel task ends the
// command with exit 1 and a message naming the article, no stack trace and
// no temporary file.
func TestPanicExitsOne(t *testing.T) {
	dir := testdir.Write(t, map[string]string{"a.md": "# عنوان\n\nنص.\n", "b.md": "# آخر\n\nنص آخر.\n"})
	for _, stage := range []string{"lower", "pdf layout"} {
		var out, errb bytes.Buffer
		a := &app{stdout: &out, stderr: &errb, ctx: context.Background(), probe: func(s, item string) {
			if s == stage && item == "b.md" {
				panic("injected fault")
			}
		}}
		code := a.run([]string{"build", dir, "-q"})
		msg := errb.String()
		if code != exitContent || !strings.Contains(msg, "b.md") || !strings.Contains(msg, "internal error") ||
			strings.Contains(msg, "goroutine ") {
			t.Errorf("%s: exit %d, stderr:\n%s", stage, code, msg)
		}
		if entries, _ := os.ReadDir(filepath.Join(dir, "dist")); len(entries) != 0 {
			t.Errorf("%s: dist holds %d entries", stage, len(entries))
		}
	}
}

// TestStrictSameForEveryFormat: a book with each kind of warning fails under
// --strict whatever formats are written, and check prints exactly the
// warnings build prints: every warning comes from loading, none from a
// renderer.
func TestStrictSameForEveryFormat(t *testing.T) {
	dir := testdir.Write(t, map[string]string{
		"book.yaml": "title: كتاب التحذيرات\n",
		"a.md": "---\ntitle: أ\ndate: 2025-01-01\n---\n\n" +
			"صورة بعيدة ![وصف](https://example.com/x.png) وصورة بلا وصف ![](pic.png).\n\n" +
			"[رابط](missing.md) و[آخر](javascript:alert(1)) وحرف لا يرسم \U0001F99C.\n\n" +
			"<script>alert(1)</script>\n\n" +
			"<p onclick=\"x()\">فقرة</p> <img src=\"pic.png\">\n\n" +
			"<table><tr><td colspan=\"2\">خلية</td></tr></table>\n",
		"pic.png": string(tinyPNG(t)),
	})
	code, stdout, _ := warraq(t, "check", dir)
	if code != 0 {
		t.Fatalf("check: exit %d\n%s", code, stdout)
	}
	var checkLines []string
	for _, l := range strings.Split(strings.TrimSpace(stdout), "\n") {
		checkLines = append(checkLines, l)
	}
	if len(checkLines) < 8 {
		t.Fatalf("check found %d warnings, want every kind:\n%s", len(checkLines), stdout)
	}
	for _, formats := range []string{"epub", "pdf", "epub,pdf"} {
		code, _, stderr := warraq(t, "build", dir, "--format", formats, "--out", t.TempDir())
		if code != 0 {
			t.Fatalf("%s: exit %d\n%s", formats, code, stderr)
		}
		var buildLines []string
		for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
			if !strings.HasPrefix(l, "wrote ") {
				buildLines = append(buildLines, l)
			}
		}
		if strings.Join(buildLines, "\n") != strings.Join(checkLines, "\n") {
			t.Errorf("--format %s warns:\n%s\ncheck warns:\n%s", formats, strings.Join(buildLines, "\n"), stdout)
		}
		out := t.TempDir()
		code, _, stderr = warraq(t, "build", dir, "--strict", "--format", formats, "--out", out)
		if code != exitContent || !strings.Contains(stderr, fmt.Sprintf("%d errors; nothing written", len(checkLines))) {
			t.Errorf("--strict --format %s: exit %d\n%s", formats, code, stderr)
		}
		if entries, _ := os.ReadDir(out); len(entries) != 0 {
			t.Errorf("--strict --format %s wrote %d files", formats, len(entries))
		}
	}
}

func tinyPNG(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
