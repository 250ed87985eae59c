// Package action tests the GitHub Action's steps (action.yml at the
// repository's root): the same scripts the action runs, run here with the
// environment a runner gives them.
package action

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/warraq/warraq/schema"
)

const root = "../.."

// action is what the tests read of action.yml.
type action struct {
	Inputs  map[string]struct{ Default string } `yaml:"inputs"`
	Outputs map[string]struct{ Value string }   `yaml:"outputs"`
	Runs    struct {
		Using string `yaml:"using"`
		Steps []struct {
			ID  string            `yaml:"id"`
			Run string            `yaml:"run"`
			Env map[string]string `yaml:"env"`
		} `yaml:"steps"`
	} `yaml:"runs"`
}

func readAction(t *testing.T) action {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var a action
	if err := yaml.Unmarshal(data, &a); err != nil {
		t.Fatal(err)
	}
	return a
}

var (
	buildOnce sync.Once
	binDir    string
	buildErr  error
)

// warraqBin builds the command once for every test of the package.
func warraqBin(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		binDir, buildErr = os.MkdirTemp("", "warraq-action-bin")
		if buildErr == nil {
			out, err := exec.Command("go", "build", "-o", binDir, "../../cmd/warraq").CombinedOutput()
			if err != nil {
				buildErr = fmt.Errorf("go build: %v\n%s", err, out)
			}
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return filepath.Join(binDir, "warraq")
}

func TestMain(m *testing.M) {
	// The builds the scripts run use Warraq's default build cache: keep it
	// out of the user's cache directory.
	cacheDir, err := os.MkdirTemp("", "warraq-action-cache-")
	if err == nil {
		os.Setenv("XDG_CACHE_HOME", cacheDir)
	}
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	if cacheDir != "" {
		os.RemoveAll(cacheDir)
	}
	os.Exit(code)
}

// runner runs a script as a GitHub runner would: from the workspace (the
// repository's root), with files for the step outputs, PATH and summary.
type runner struct {
	t                     *testing.T
	temp                  string
	output, path, summary string
}

func newRunner(t *testing.T) *runner {
	r := &runner{t: t, temp: t.TempDir()}
	r.output = filepath.Join(r.temp, "github_output")
	r.path = filepath.Join(r.temp, "github_path")
	r.summary = filepath.Join(r.temp, "step_summary")
	return r
}

func (r *runner) run(script string, args []string, env ...string) (int, string) {
	r.t.Helper()
	cmd := exec.Command("bash", append([]string{filepath.Join("scripts/action", script)}, args...)...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GITHUB_OUTPUT="+r.output, "GITHUB_PATH="+r.path,
		"GITHUB_STEP_SUMMARY="+r.summary, "RUNNER_TEMP="+r.temp)
	cmd.Env = append(cmd.Env, env...)
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), string(out)
	} else if err != nil {
		r.t.Fatal(err)
	}
	return 0, string(out)
}

// outputs parses GITHUB_OUTPUT: name=value lines and name<<DELIM blocks.
func (r *runner) outputs() map[string]string {
	r.t.Helper()
	data, err := os.ReadFile(r.output)
	if err != nil {
		r.t.Fatal(err)
	}
	out := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		if name, delim, ok := strings.Cut(line, "<<"); ok && !strings.Contains(name, "=") {
			var lines []string
			for sc.Scan() && sc.Text() != delim {
				lines = append(lines, sc.Text())
			}
			out[name] = strings.Join(lines, "\n")
			continue
		}
		name, value, ok := strings.Cut(line, "=")
		if !ok {
			r.t.Fatalf("GITHUB_OUTPUT line %q", line)
		}
		out[name] = value
	}
	return out
}

func sha(t *testing.T, path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// The build step on the samples, in every format, sets every output
// action.yml declares for it, with paths and checksums that match the
// files, and a manifest that follows its schema.
func TestBuildStep(t *testing.T) {
	a := readAction(t)
	if a.Runs.Using != "composite" {
		t.Fatalf("runs.using %q", a.Runs.Using)
	}
	r := newRunner(t)
	out := filepath.Join(r.temp, "books")
	code, log := r.run("build.sh", nil, "WARRAQ="+warraqBin(t), "INPUT_DIRECTORY=samples",
		"INPUT_FORMATS="+a.Inputs["formats"].Default+",html", "INPUT_STRICT="+a.Inputs["strict"].Default,
		"INPUT_OUTPUT_DIR="+out, "INPUT_ANNOTATIONS=true")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, log)
	}
	got := r.outputs()
	for name, o := range a.Outputs {
		step, key, ok := strings.Cut(strings.Trim(o.Value, "${} "), ".outputs.")
		if !ok || step != "steps.build" {
			continue // warraq-version comes from the install steps
		}
		if got[key] == "" {
			t.Errorf("output %s (%s) not set", name, key)
		}
	}
	want := map[string]string{
		"ok": "true", "exit-code": "0", "errors": "0", "warnings": "0",
		"epub": filepath.Join(out, "dafatir-al-warraq.epub"), "pdf": filepath.Join(out, "dafatir-al-warraq.pdf"),
		"html": filepath.Join(out, "dafatir-al-warraq"),
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s=%q, want %q", k, got[k], v)
		}
	}
	if _, err := os.Stat(filepath.Join(got["html"], "index.html")); err != nil {
		t.Errorf("html=%q: %v", got["html"], err)
	}
	if got["paths"] != got["epub"]+"\n"+got["pdf"]+"\n"+got["html"] {
		t.Errorf("paths=%q", got["paths"])
	}
	for _, f := range []string{"epub", "pdf"} {
		if s := sha(t, got[f]); got[f+"-sha256"] != s {
			t.Errorf("%s-sha256=%s, file %s", f, got[f+"-sha256"], s)
		}
	}
	manifest, err := os.ReadFile(got["manifest"])
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate("manifest", manifest); err != nil {
		t.Error(err)
	}
	summary, _ := os.ReadFile(r.summary)
	if !strings.Contains(string(summary), "dafatir-al-warraq.pdf") || !strings.Contains(string(summary), got["pdf-sha256"]) {
		t.Errorf("job summary:\n%s", summary)
	}
	if strings.Contains(log, "::warning") || strings.Contains(log, "::error") {
		t.Errorf("annotations for a clean book:\n%s", log)
	}
}

// A failing book: the step fails with Warraq's exit code, after writing the
// outputs, and each problem becomes an annotation on its file and line, with
// the characters workflow commands reserve escaped.
func TestBuildStepFails(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "book")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "book.yaml"), []byte("title: x\ntitel: y\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "a.md"), []byte("# أ\n\nنص\n"), 0o644)
	r := newRunner(t)
	code, log := r.run("build.sh", nil, "WARRAQ="+warraqBin(t), "INPUT_DIRECTORY="+dir)
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s", code, log)
	}
	want := fmt.Sprintf("::error file=%s/book.yaml,line=2,col=1,title=warraq unknown-key::unknown key \"titel\" (did you mean \"title\"?)", dir)
	if !strings.Contains(log, want+"\n") {
		t.Errorf("no annotation %q in\n%s", want, log)
	}
	got := r.outputs()
	if got["ok"] != "false" || got["exit-code"] != "1" || got["errors"] != "1" || got["paths"] != "" || got["epub"] != "" {
		t.Errorf("outputs %v", got)
	}
	manifest, _ := os.ReadFile(got["manifest"])
	if err := schema.Validate("manifest", manifest); err != nil {
		t.Error(err)
	}

	// Strict turns the warning of a remote image into a failure.
	os.WriteFile(filepath.Join(dir, "book.yaml"), []byte("title: x\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "a.md"), []byte("# أ\n\n![a, b: c%](https://example.com/x.png)\n"), 0o644)
	r = newRunner(t)
	code, log = r.run("build.sh", nil, "WARRAQ="+warraqBin(t), "INPUT_DIRECTORY="+dir, "INPUT_STRICT=true",
		"INPUT_OUTPUT_DIR="+filepath.Join(r.temp, "out"))
	if code != 1 || !strings.Contains(log, "title=warraq image-remote::remote image \"https://example.com/x.png\"") {
		t.Errorf("strict: exit %d\n%s", code, log)
	}
	if code, log := r.run("build.sh", nil, "WARRAQ="+warraqBin(t), "INPUT_STRICT=yes"); code != 2 || !strings.Contains(log, "strict must be true or false") {
		t.Errorf("strict=yes: exit %d\n%s", code, log)
	}
}

// The install step's source mode builds the command into the bin directory
// and reports its version.
func TestInstallFromSource(t *testing.T) {
	if testing.Short() {
		t.Skip("go install of the whole command; covered by the release check too")
	}
	r := newRunner(t)
	bin := filepath.Join(r.temp, "bin")
	abs, _ := filepath.Abs(root)
	code, log := r.run("install.sh", []string{"source"}, "WARRAQ_SOURCE="+abs, "WARRAQ_BIN_DIR="+bin)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, log)
	}
	got := r.outputs()
	if got["from-source"] != "false" || got["path"] != filepath.Join(bin, "warraq") || got["version"] == "" {
		t.Errorf("outputs %v", got)
	}
	if out, err := exec.Command(got["path"], "version").Output(); err != nil || !strings.HasPrefix(string(out), "warraq ") {
		t.Errorf("installed warraq: %v %s", err, out)
	}
	if p, _ := os.ReadFile(r.path); strings.TrimSpace(string(p)) != bin {
		t.Errorf("GITHUB_PATH %q", p)
	}
}

// The install step's release mode against a local server laid out like
// GitHub's releases: it finds the archive for this machine, checks it
// against checksums.txt, refuses a tampered one, follows "latest", and asks
// for a build from source when there is no release to use.
func TestInstallRelease(t *testing.T) {
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
		t.Skip("the archive layout tested here is the tar.gz one")
	}
	bin := warraqBin(t)
	exe, _ := os.ReadFile(bin)
	archiveName := fmt.Sprintf("warraq_9.9.9_%s_%s.tar.gz", runtime.GOOS, runtime.GOARCH)
	var tgz bytes.Buffer
	zw := gzip.NewWriter(&tgz)
	tw := tar.NewWriter(zw)
	tw.WriteHeader(&tar.Header{Name: "warraq", Mode: 0o755, Size: int64(len(exe))})
	tw.Write(exe)
	tw.Close()
	zw.Close()
	sum := sha256.Sum256(tgz.Bytes())
	checksums := hex.EncodeToString(sum[:]) + "  " + archiveName + "\n"
	tampered := strings.Repeat("0", 64) + "  " + archiveName + "\n"

	var served []string
	var mu sync.Mutex
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, req *http.Request) {
		mu.Lock()
		served = append(served, req.URL.Path)
		mu.Unlock()
		switch req.URL.Path {
		case "/warraq/warraq/releases/latest":
			http.Redirect(w, req, "/warraq/warraq/releases/tag/v9.9.9", http.StatusFound)
		case "/warraq/warraq/releases/tag/v9.9.9":
			w.Write([]byte("release page"))
		case "/warraq/warraq/releases/download/v9.9.9/" + archiveName, "/bad/warraq/releases/download/v9.9.9/" + archiveName:
			w.Write(tgz.Bytes())
		case "/warraq/warraq/releases/download/v9.9.9/checksums.txt":
			w.Write([]byte("ffff  warraq_9.9.9_other_os.tar.gz\n" + checksums))
		case "/bad/warraq/releases/download/v9.9.9/checksums.txt":
			w.Write([]byte(tampered))
		default:
			http.NotFound(w, req)
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	tests := []struct {
		name, repo, version, ref string
		code                     int
		fromSource               string
		log                      string
	}{
		{"exact version", "warraq/warraq", "v9.9.9", "", 0, "false", "from the v9.9.9 release (sha256 " + hex.EncodeToString(sum[:])},
		{"version without v", "warraq/warraq", "9.9.9", "", 0, "false", "from the v9.9.9 release"},
		{"the action's release tag", "warraq/warraq", "", "v9.9.9", 0, "false", "from the v9.9.9 release"},
		{"latest", "warraq/warraq", "latest", "", 0, "false", "from the v9.9.9 release"},
		{"moving major tag", "warraq/warraq", "", "v9", 0, "false", "from the v9.9.9 release"},
		{"other major", "warraq/warraq", "", "v8", 0, "true", "the latest release is v9.9.9, not a v8.x"},
		{"a branch", "warraq/warraq", "", "main", 0, "true", "the action runs from main, not a release"},
		{"no such release", "warraq/warraq", "v1.0.0", "", 0, "true", "has no release v1.0.0"},
		{"tampered", "bad/warraq", "v9.9.9", "", 3, "", "does not match the release's checksums.txt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRunner(t)
			bin := filepath.Join(r.temp, "bin")
			code, log := r.run("install.sh", []string{"release"}, "WARRAQ_DOWNLOAD_BASE="+srv.URL,
				"WARRAQ_ACTION_REPOSITORY="+tt.repo, "WARRAQ_VERSION="+tt.version, "WARRAQ_ACTION_REF="+tt.ref,
				"WARRAQ_BIN_DIR="+bin, "RUNNER_OS=", "RUNNER_ARCH=")
			if code != tt.code || !strings.Contains(log, tt.log) {
				t.Fatalf("exit %d, want %d and %q:\n%s", code, tt.code, tt.log, log)
			}
			got := map[string]string{}
			if code == 0 {
				got = r.outputs()
			}
			if got["from-source"] != tt.fromSource {
				t.Errorf("from-source=%q, want %q", got["from-source"], tt.fromSource)
			}
			_, err := os.Stat(filepath.Join(bin, "warraq"))
			if installed := err == nil; installed != (tt.fromSource == "false") {
				t.Errorf("installed %v", installed)
			}
			if tt.fromSource == "false" {
				out, err := exec.Command(filepath.Join(bin, "warraq"), "version").Output()
				if err != nil || !strings.HasPrefix(string(out), "warraq ") || got["path"] != filepath.Join(bin, "warraq") {
					t.Errorf("installed binary: %v %s, outputs %v", err, out, got)
				}
			}
		})
	}
	if !slices.Contains(served, "/warraq/warraq/releases/latest") {
		t.Errorf("latest was never asked for: %v", served)
	}
}
