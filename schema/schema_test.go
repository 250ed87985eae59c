package schema

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/warraq/warraq/export/diag"
)

// TestSchemasCompile compiles every schema against the 2020-12 meta-schema
// and checks each names itself by the URL the commands print.
func TestSchemasCompile(t *testing.T) {
	for _, name := range Names {
		data, err := File(name)
		if err != nil {
			t.Fatal(err)
		}
		var s struct {
			ID string `json:"$id"`
		}
		if err := json.Unmarshal(data, &s); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if s.ID != Base+name+".v1.json" {
			t.Errorf("%s: $id %q", name, s.ID)
		}
		// An empty object fails every schema (each requires fields), so a
		// schema that compiled to "anything goes" would show here.
		if err := Validate(name, []byte(`{}`)); err == nil || strings.HasPrefix(err.Error(), "schema ") {
			t.Errorf("%s: {} gives %v, want a validation error", name, err)
		}
	}
}

// TestCodesMatch holds the schema's enum of diagnostic codes to the Go
// vocabulary, in order, so neither can gain a code the other lacks.
func TestCodesMatch(t *testing.T) {
	data, _ := File("diagnostic")
	var s struct {
		Properties struct {
			Code struct {
				Enum        []string `json:"enum"`
				Description string   `json:"description"`
			} `json:"code"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, c := range diag.Codes {
		want = append(want, string(c.Code))
		if !strings.Contains(s.Properties.Code.Description, string(c.Code)+": "+c.Meaning) {
			t.Errorf("the code's description does not say %s: %s", c.Code, c.Meaning)
		}
	}
	if strings.Join(s.Properties.Code.Enum, " ") != strings.Join(want, " ") {
		t.Errorf("schema codes %v\nGo codes     %v", s.Properties.Code.Enum, want)
	}
}

func TestValidateRejects(t *testing.T) {
	ok := `{"schema":"` + Base + `check.v1.json","ok":true,"exit_code":0,"strict":false,
		"summary":{"articles":1,"images":0,"errors":0,"warnings":0},"diagnostics":[]}`
	if err := Validate("check", []byte(ok)); err != nil {
		t.Fatalf("a valid report: %v", err)
	}
	for name, doc := range map[string]string{
		"unknown code":        strings.Replace(ok, `"diagnostics":[]`, `"diagnostics":[{"file":"a.md","severity":"error","code":"oops","message":"x"}]`, 1),
		"ok with exit 1":      strings.Replace(ok, `"exit_code":0`, `"exit_code":1`, 1),
		"failure, no summary": strings.Replace(strings.Replace(ok, `"ok":true,"exit_code":0`, `"ok":false,"exit_code":1`, 1), `"strict"`, `"error":"1 error","strict"`, 1),
		"line 0":              strings.Replace(ok, `"diagnostics":[]`, `"diagnostics":[{"file":"a.md","line":0,"severity":"error","code":"image","message":"x"}]`, 1),
		"extra field":         strings.Replace(ok, `"strict":false`, `"strict":false,"colour":"red"`, 1),
	} {
		err := Validate("check", []byte(doc))
		if name == "failure, no summary" {
			if err != nil {
				t.Errorf("%s: %v (a failed load has no summary)", name, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
