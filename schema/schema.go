// Package schema holds the JSON Schemas of Warraq's machine-readable output
// (`--json` of build, check, list and version) and validates documents
// against them. The files beside this one are the contract a CI job codes
// against; the tests of cmd/warraq and of the GitHub Action validate what
// the commands really print. A compatible change (a new optional field, a
// new diagnostic code) edits a file in place; an incompatible one adds a
// new version (manifest.v2.json) and keeps the old.
package schema

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed *.json
var files embed.FS

// Base is the URL the schemas' $id values start with.
const Base = "https://raw.githubusercontent.com/warraq/warraq/main/schema/"

// Names are the documents with a schema: manifest, check, list, version,
// and diagnostic (the item the first three share).
var Names = []string{"manifest", "check", "list", "version", "diagnostic"}

// File returns the text of a schema, by name ("manifest").
func File(name string) ([]byte, error) {
	return files.ReadFile(name + ".v1.json")
}

// Validate checks doc, a JSON document, against the schema called name. The
// error lists every violation with its place in the document.
func Validate(name string, doc []byte) error {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	entries, err := fs.Glob(files, "*.json")
	if err != nil {
		return err
	}
	for _, e := range entries {
		data, _ := files.ReadFile(e)
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			return fmt.Errorf("schema %s: %w", e, err)
		}
		if err := c.AddResource(Base+e, v); err != nil {
			return fmt.Errorf("schema %s: %w", e, err)
		}
	}
	sch, err := c.Compile(Base + name + ".v1.json")
	if err != nil {
		return fmt.Errorf("schema %s: %w", name, err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	if err := sch.Validate(v); err != nil {
		return fmt.Errorf("does not follow %s.v1.json: %s", name, strings.TrimSpace(fmt.Sprintf("%#v", err)))
	}
	return nil
}
