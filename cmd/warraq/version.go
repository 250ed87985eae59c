package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/go-text/typesetting/font/opentype"
	"github.com/go-text/typesetting/font/opentype/tables"
	"github.com/spf13/cobra"

	"github.com/warraq/warraq/fonts"
)

// Set by the release build (.goreleaser.yaml) with -ldflags -X; a build
// without them reads what the Go toolchain recorded instead.
var (
	version = ""
	commit  = ""
	date    = "" // the commit's date, RFC 3339: the release never stamps the clock
)

// versionInfo is what `warraq version` says, and its --json form
// (schema/version.v1.json).
type versionInfo struct {
	Schema   string     `json:"schema"`
	Version  string     `json:"version"`
	Commit   string     `json:"commit,omitempty"`
	Date     string     `json:"date,omitempty"`
	Go       string     `json:"go"`
	Platform string     `json:"platform"`
	Fonts    []fontInfo `json:"fonts"`
}

type fontInfo struct {
	Family  string `json:"family"`
	Style   string `json:"style"`
	File    string `json:"file"`
	Version string `json:"version"` // the name table's version string (name ID 5)
}

func readVersion() versionInfo {
	v := readBuild()
	v.Fonts = fontVersions()
	return v
}

// readBuild is the version without the fonts', cheap enough for --version.
func readBuild() versionInfo {
	v := versionInfo{Schema: schemaURL("version"), Version: version, Commit: commit, Date: date,
		Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if info, ok := debug.ReadBuildInfo(); ok {
		if v.Version == "" && info.Main.Version != "" && info.Main.Version != "(devel)" {
			v.Version = info.Main.Version // go install module@version
		}
		modified := false
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				if v.Commit == "" {
					v.Commit = s.Value
				}
			case "vcs.time":
				if v.Date == "" {
					v.Date = s.Value
				}
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if modified && commit == "" && v.Commit != "" {
			v.Commit += "+dirty"
		}
	}
	if v.Version == "" {
		v.Version = "devel"
	}
	return v
}

// fontVersions reads the embedded fonts' versions from their name tables.
func fontVersions() []fontInfo {
	var out []fontInfo
	for _, fam := range fonts.Families() {
		for _, st := range []fonts.Style{fonts.Regular, fonts.Bold, fonts.Italic, fonts.BoldItalic} {
			if _, ok := fam.Files[st]; !ok {
				continue
			}
			data, file, _ := fam.Face(st)
			out = append(out, fontInfo{Family: fam.Name, Style: st.String(), File: file, Version: fontVersion(data)})
		}
	}
	return out
}

// fontVersion reads a font's version from its name table (name ID 5,
// "Version 2.004; ttfautohint (v1.8.3) …"): the number alone, without the
// word "Version" or the build notes after a semicolon. Fonts carry it there
// for exactly this: saying which release of a typeface a file is.
func fontVersion(data []byte) string {
	ld, err := opentype.NewLoader(bytes.NewReader(data))
	if err != nil {
		return "unknown"
	}
	raw, err := ld.RawTable(opentype.MustNewTag("name"))
	if err != nil {
		return "unknown"
	}
	names, _, err := tables.ParseName(raw)
	if err != nil {
		return "unknown"
	}
	s := strings.TrimSpace(names.Name(tables.NameID(5)))
	s, _, _ = strings.Cut(s, ";")
	s = strings.TrimSpace(strings.TrimPrefix(s, "Version "))
	if s == "" {
		return "unknown"
	}
	return s
}

func (a *app) versionCmd() *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "version",
		Short: "Print the version, the commit, the Go version and the embedded fonts' versions",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			v := readVersion()
			if asJSON {
				return writeJSON(a.stdout, v)
			}
			fmt.Fprintln(a.stdout, "warraq", v.Version)
			if v.Commit != "" {
				c := v.Commit
				if v.Date != "" {
					c += " (" + v.Date + ")"
				}
				fmt.Fprintln(a.stdout, "commit:", c)
			}
			fmt.Fprintf(a.stdout, "go:     %s %s\n", v.Go, v.Platform)
			fmt.Fprintln(a.stdout, "fonts:")
			for i, f := range v.Fonts {
				if i > 0 && v.Fonts[i-1].Family == f.Family && v.Fonts[i-1].Version == f.Version {
					continue // a family's faces usually share one version: say it once
				}
				fmt.Fprintf(a.stdout, "  %s %s\n", f.Family, f.Version)
			}
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print the same as JSON (schema/version.v1.json)")
	return c
}

// writeJSON writes v indented, with <, > and & left as they are (titles are
// text, not HTML).
func writeJSON(w interface{ Write([]byte) (int, error) }, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
