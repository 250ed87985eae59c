package templates

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"text/template/parse"

	"github.com/warraq/warraq/export/diag"
)

// Views gives, for each template a format executes, a value of the type it
// passes as data (a zero value is enough; nil for a template given no
// data). A format lists its own (export/epub, export/html), so that New can
// check a book's templates against what they will be given.
type Views map[string]any

// noData is the type of the data of a template executed with nil: it has
// no field, so any field a book's template names in it is reported.
type noData struct{}

// checker walks templates' parse trees with the type the data will have,
// as text/template's exec walks them with values, and reports every field
// the data does not have: text/template finds those only when it runs,
// halfway through writing the book. Functions it does not know and values
// typed as interfaces are unknown types, which are not checked further.
type checker struct {
	s      *Set
	lookup func(name string) *parse.Tree
	seen   map[string]bool // template name + dot type: walked already
	diags  map[string]diag.Diagnostic
}

// check walks every template views names, and the templates they call,
// but those in the broken groups, and returns the problems found in
// templates the book supplied.
func (s *Set) check(views Views, broken map[string]bool) diag.Errors {
	c := &checker{s: s, seen: map[string]bool{}, diags: map[string]diag.Diagnostic{}}
	for _, name := range slices.Sorted(mapKeys(views)) {
		if broken[group(name)] {
			continue
		}
		var t reflect.Type = reflect.TypeFor[noData]()
		if v := views[name]; v != nil {
			t = reflect.TypeOf(v)
		}
		c.template(name, t)
	}
	var out diag.Errors
	for _, k := range slices.Sorted(mapKeys(c.diags)) {
		out = append(out, c.diags[k])
	}
	return out
}

// tree is the parse tree of the template called name in the group of
// top, the file a walk started from.
func (c *checker) tree(top, name string) *parse.Tree {
	switch group(top) {
	case "epub":
		if t := c.s.epub.Lookup(name); t != nil {
			return t.Tree
		}
	case "web":
		if t := c.s.web.Lookup(name); t != nil {
			return t.Tree
		}
	case "css":
		if t := c.s.css.Lookup(name); t != nil {
			return t.Tree
		}
	}
	return nil
}

// walk is one template being walked: its tree, the file it started from
// (which names the group of templates it may call) and its variables.
type walk struct {
	c    *checker
	top  string
	tree *parse.Tree
	vars []variable
}

type variable struct {
	name string
	t    reflect.Type // nil: unknown
}

func (c *checker) template(name string, dot reflect.Type) {
	c.call(name, name, dot)
}

func (c *checker) call(top, name string, dot reflect.Type) {
	key := name + "\x00" + typeName(dot)
	if c.seen[key] {
		return
	}
	c.seen[key] = true
	tr := c.tree(top, name)
	if tr == nil || tr.Root == nil {
		return // parsing has reported a missing template
	}
	w := &walk{c: c, top: top, tree: tr, vars: []variable{{"$", dot}}}
	w.list(tr.Root, dot)
}

func typeName(t reflect.Type) string {
	if t == nil {
		return "?"
	}
	return t.PkgPath() + "." + t.String()
}

// report records a problem at node, if it is in a file the book supplied.
func (w *walk) report(n parse.Node, format string, args ...any) {
	file := w.tree.ParseName
	p, own := w.c.s.paths[file]
	if !own {
		return // a built-in template: its data is Warraq's own, tested
	}
	loc, _ := w.tree.ErrorContext(n)
	line := 0
	// loc is "name:line:col"
	if parts := strings.Split(loc, ":"); len(parts) >= 3 {
		line, _ = strconv.Atoi(parts[len(parts)-2])
	}
	d := diag.Diagnostic{File: p, Line: line, Severity: diag.Error, Code: diag.Template, Message: "template: " + fmt.Sprintf(format, args...)}
	w.c.diags[fmt.Sprintf("%s\x00%09d\x00%s", d.File, d.Line, d.Message)] = d
}

func (w *walk) list(l *parse.ListNode, dot reflect.Type) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		w.node(n, dot)
	}
}

func (w *walk) node(n parse.Node, dot reflect.Type) {
	switch n := n.(type) {
	case *parse.ActionNode:
		w.pipe(n.Pipe, dot)
	case *parse.IfNode:
		w.branch(&n.BranchNode, dot, false, false)
	case *parse.WithNode:
		w.branch(&n.BranchNode, dot, true, false)
	case *parse.RangeNode:
		w.branch(&n.BranchNode, dot, false, true)
	case *parse.TemplateNode:
		t := dot
		if n.Pipe != nil {
			t = w.pipe(n.Pipe, dot)
		} else {
			t = reflect.TypeFor[noData]()
		}
		w.c.call(w.top, n.Name, t)
	case *parse.ListNode:
		w.list(n, dot)
	}
}

// branch walks if, with and range: with sets dot to its pipeline's value,
// range to each element; else keeps the outer dot.
func (w *walk) branch(b *parse.BranchNode, dot reflect.Type, with, rng bool) {
	mark := len(w.vars)
	t := w.pipeNoDecl(b.Pipe, dot)
	inner := dot
	switch {
	case with:
		inner = t
		w.declare(b.Pipe, t)
	case rng:
		key, elem := rangeTypes(t)
		if t != nil && key == nil && elem == nil && !rangeable(t) {
			w.report(b.Pipe, "range can't iterate over %s", t)
		}
		inner = elem
		if d := b.Pipe.Decl; len(d) == 1 {
			w.vars = append(w.vars, variable{d[0].Ident[0], elem})
		} else if len(d) == 2 {
			w.vars = append(w.vars, variable{d[0].Ident[0], key}, variable{d[1].Ident[0], elem})
		}
	default:
		w.declare(b.Pipe, t)
	}
	w.list(b.List, inner)
	w.vars = w.vars[:mark]
	w.list(b.ElseList, dot)
	w.vars = w.vars[:mark]
}

func rangeable(t reflect.Type) bool {
	t = indirect(t)
	switch t.Kind() {
	case reflect.Slice, reflect.Array, reflect.Map, reflect.Chan, reflect.Func, reflect.Interface,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return true
	}
	return false
}

// rangeTypes are the key and element types of ranging over t (nil when
// unknown).
func rangeTypes(t reflect.Type) (key, elem reflect.Type) {
	if t == nil {
		return nil, nil
	}
	t = indirect(t)
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return reflect.TypeFor[int](), t.Elem()
	case reflect.Map:
		return t.Key(), t.Elem()
	case reflect.Chan:
		return t.Elem(), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return t, t
	}
	return nil, nil
}

// pipe walks a pipeline in an action, declaring or assigning its
// variables, and returns its type.
func (w *walk) pipe(p *parse.PipeNode, dot reflect.Type) reflect.Type {
	t := w.pipeNoDecl(p, dot)
	w.declare(p, t)
	return t
}

func (w *walk) declare(p *parse.PipeNode, t reflect.Type) {
	if p == nil {
		return
	}
	for _, v := range p.Decl {
		if p.IsAssign {
			for i := len(w.vars) - 1; i >= 0; i-- {
				if w.vars[i].name == v.Ident[0] {
					w.vars[i].t = t
					break
				}
			}
			continue
		}
		w.vars = append(w.vars, variable{v.Ident[0], t})
	}
}

func (w *walk) pipeNoDecl(p *parse.PipeNode, dot reflect.Type) reflect.Type {
	if p == nil {
		return nil
	}
	var t reflect.Type
	for _, cmd := range p.Cmds {
		t = w.command(cmd, dot)
	}
	return t
}

func (w *walk) command(cmd *parse.CommandNode, dot reflect.Type) reflect.Type {
	if len(cmd.Args) == 0 {
		return nil
	}
	for _, a := range cmd.Args[1:] {
		w.arg(a, dot)
	}
	switch first := cmd.Args[0].(type) {
	case *parse.IdentifierNode:
		return w.function(first.Ident, cmd.Args[1:], dot)
	default:
		return w.arg(first, dot)
	}
}

// arg is the type of one operand.
func (w *walk) arg(n parse.Node, dot reflect.Type) reflect.Type {
	switch n := n.(type) {
	case *parse.DotNode:
		return dot
	case *parse.FieldNode:
		return w.fields(n, dot, n.Ident)
	case *parse.VariableNode:
		var t reflect.Type
		for i := len(w.vars) - 1; i >= 0; i-- {
			if w.vars[i].name == n.Ident[0] {
				t = w.vars[i].t
				break
			}
		}
		return w.fields(n, t, n.Ident[1:])
	case *parse.ChainNode:
		return w.fields(n, w.arg(n.Node, dot), n.Field)
	case *parse.PipeNode:
		mark := len(w.vars)
		t := w.pipe(n, dot)
		w.vars = w.vars[:mark]
		return t
	case *parse.BoolNode:
		return reflect.TypeFor[bool]()
	case *parse.StringNode:
		return reflect.TypeFor[string]()
	case *parse.NumberNode:
		if n.IsInt {
			return reflect.TypeFor[int]()
		}
		return nil
	case *parse.IdentifierNode:
		return w.function(n.Ident, nil, dot)
	}
	return nil
}

// function is the result type of a function the templates may call.
func (w *walk) function(name string, args []parse.Node, dot reflect.Type) reflect.Type {
	switch name {
	case "not", "eq", "ne", "lt", "le", "gt", "ge":
		return reflect.TypeFor[bool]()
	case "len":
		return reflect.TypeFor[int]()
	case "print", "printf", "println", "html", "js", "urlquery", "cssString":
		return reflect.TypeFor[string]()
	case "index":
		if len(args) == 0 {
			return nil
		}
		t := w.arg(args[0], dot)
		for range args[1:] {
			if t == nil {
				return nil
			}
			switch t = indirect(t); t.Kind() {
			case reflect.Slice, reflect.Array, reflect.Map, reflect.Pointer:
				t = t.Elem()
			case reflect.String:
				t = reflect.TypeFor[byte]()
			default:
				return nil
			}
		}
		return t
	case "slice":
		if len(args) == 0 {
			return nil
		}
		return w.arg(args[0], dot)
	}
	return nil // and, or, call and html/template's escapers: any type
}

// fields follows a chain of field (or method, or map key) names from a
// value of type t, as text/template's evalField does, reporting the first
// name t does not have.
func (w *walk) fields(n parse.Node, t reflect.Type, names []string) reflect.Type {
	for _, name := range names {
		if t == nil {
			return nil
		}
		if m, ok := method(t, name); ok {
			if m.Type.NumOut() == 0 {
				return nil
			}
			t = m.Type.Out(0)
			continue
		}
		r := indirect(t)
		switch r.Kind() {
		case reflect.Interface:
			return nil
		case reflect.Map:
			t = r.Elem()
			continue
		case reflect.Struct:
			if f, ok := r.FieldByName(name); ok && f.IsExported() {
				t = f.Type
				continue
			}
		}
		w.report(n, "%s: %s", n, missing(r, name))
		return nil
	}
	return t
}

// missing says that t has no field called name, with the nearest it has.
func missing(t reflect.Type, name string) string {
	if t == reflect.TypeFor[noData]() {
		return "this template is given no data, so it has no ." + name
	}
	if t.Kind() != reflect.Struct {
		return fmt.Sprintf("a %s has no field %s", kindName(t), name)
	}
	var have []string
	for f := range t.Fields() {
		if f.IsExported() {
			have = append(have, f.Name)
		}
	}
	msg := fmt.Sprintf("no field %s here", name)
	if s := closest(name, have); s != "" {
		return msg + fmt.Sprintf("; did you mean %s?", s)
	}
	return msg + " (it has " + strings.Join(have, ", ") + ")"
}

func kindName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return "list"
	case reflect.String:
		return "text"
	case reflect.Bool:
		return "yes/no value"
	}
	if t.Kind() >= reflect.Int && t.Kind() <= reflect.Float64 {
		return "number"
	}
	return t.String()
}

func method(t reflect.Type, name string) (reflect.Method, bool) {
	if m, ok := t.MethodByName(name); ok {
		return m, true
	}
	if t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface {
		return reflect.PointerTo(t).MethodByName(name)
	}
	return reflect.Method{}, false
}

func indirect(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}
