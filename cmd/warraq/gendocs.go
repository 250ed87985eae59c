package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

// genDocsCmd writes the man pages and shell completions that the release
// archives carry (.goreleaser.yaml runs it before building). It is hidden:
// users get the pages from the archive and completions from `warraq
// completion`. The pages are dated from SOURCE_DATE_EPOCH (or the commit's
// date stamped into the binary), never the clock, so a release rebuilt from
// the same commit has the same archives.
func (a *app) genDocsCmd() *cobra.Command {
	return &cobra.Command{
		Use:    "gen-docs DIR",
		Short:  "Write the man pages (DIR/man) and shell completions (DIR/completions)",
		Hidden: true,
		Args:   cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			when, err := sourceDateEpoch()
			if err != nil {
				return err
			}
			v := readVersion()
			if when.IsZero() {
				if when, err = time.Parse(time.RFC3339, v.Date); err != nil {
					return usageErr("gen-docs: set SOURCE_DATE_EPOCH: the pages need a date that is not the clock's")
				}
			}
			if err := writeDocs(cmd.Root(), args[0], v.Version, when.UTC()); err != nil {
				return &exitError{exitEnv, err}
			}
			return nil
		},
	}
}

func writeDocs(root *cobra.Command, dir, version string, when time.Time) error {
	man := filepath.Join(dir, "man")
	comp := filepath.Join(dir, "completions")
	for _, d := range []string{man, comp} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	root.DisableAutoGenTag = true // its footer carries the clock's date
	header := &doc.GenManHeader{Title: "WARRAQ", Section: "1", Date: &when,
		Source: "Warraq " + version, Manual: "Warraq Manual"}
	if err := doc.GenManTree(root, header, man); err != nil {
		return fmt.Errorf("man pages: %w", err)
	}
	for _, c := range []struct {
		file string
		gen  func(string) error
	}{
		{"warraq.bash", func(p string) error { return root.GenBashCompletionFileV2(p, true) }},
		{"warraq.zsh", root.GenZshCompletionFile},
		{"warraq.fish", func(p string) error { return root.GenFishCompletionFile(p, true) }},
		{"warraq.ps1", root.GenPowerShellCompletionFileWithDesc},
	} {
		if err := c.gen(filepath.Join(comp, c.file)); err != nil {
			return fmt.Errorf("completions: %w", err)
		}
	}
	return nil
}
