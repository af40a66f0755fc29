package render

import (
	"reflect"
	"strconv"
	"text/template"
	"text/template/parse"
)

// textRef is a certificate field (or attribute) a text template prints
// unconditionally: if it is empty, the element would show its label with
// a hole where the value should be ("Name: "), so rendering stops instead.
type textRef struct {
	field string // certView member, e.g. "RecipientName"; "Attributes" with attr
	attr  string
	src   string // as the template writes it, for the error message
}

// guardFuncs test or replace a value rather than print it: a field given
// to one of them is handled by the template, as in an {{if}}.
var guardFuncs = map[string]bool{
	"and": true, "or": true, "not": true, "len": true,
	"eq": true, "ne": true, "lt": true, "le": true, "gt": true, "ge": true,
}

// requiredRefs lists the fields tp uses outside {{if}}, {{with}} and
// {{range}} (whose bodies and conditions are optional by construction),
// following {{template}} calls that pass the dot along. Each field once,
// in order of appearance.
func requiredRefs(tp *template.Template) []textRef {
	w := &refWalker{tp: tp, vars: map[string][]textRef{}, seen: map[string]bool{}, calls: map[string]bool{}}
	if tp.Tree != nil {
		w.node(tp.Tree.Root, false)
	}
	return w.out
}

type refWalker struct {
	tp    *template.Template
	vars  map[string][]textRef // what each $variable was set from
	seen  map[string]bool
	calls map[string]bool // templates being walked (no endless recursion)
	out   []textRef
}

func (w *refWalker) add(refs []textRef) {
	for _, r := range refs {
		if k := r.field + "\x00" + r.attr; !w.seen[k] {
			w.seen[k] = true
			w.out = append(w.out, r)
		}
	}
}

// node walks n; inside a guard nothing is required.
func (w *refWalker) node(n parse.Node, guarded bool) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			w.node(c, guarded)
		}
	case *parse.ActionNode:
		refs := w.pipe(n.Pipe)
		if len(n.Pipe.Decl) > 0 { // {{$x := …}} prints nothing: $x's uses count
			if guarded {
				refs = nil // set only when the guard holds
			}
			for _, v := range n.Pipe.Decl {
				w.vars[v.Ident[0]] = refs
			}
			return
		}
		if !guarded {
			w.add(refs)
		}
	case *parse.IfNode:
		w.node(n.List, true)
		w.node(n.ElseList, true)
	case *parse.WithNode:
		w.node(n.List, true)
		w.node(n.ElseList, true)
	case *parse.RangeNode:
		w.node(n.List, true)
		w.node(n.ElseList, true)
	case *parse.TemplateNode:
		// only a call that passes the view along sees the same fields
		if n.Pipe != nil && !isDot(n.Pipe) {
			return
		}
		t := w.tp.Lookup(n.Name)
		if t == nil || t.Tree == nil || w.calls[n.Name] {
			return
		}
		w.calls[n.Name] = true
		w.node(t.Tree.Root, guarded)
		delete(w.calls, n.Name)
	}
}

func isDot(p *parse.PipeNode) bool {
	if len(p.Decl) > 0 || len(p.Cmds) != 1 || len(p.Cmds[0].Args) != 1 {
		return false
	}
	_, ok := p.Cmds[0].Args[0].(*parse.DotNode)
	return ok
}

// pipe returns the fields whose values p prints. A command followed by a
// guard function in the pipeline ({{.X | or "y"}}) only feeds the guard.
func (w *refWalker) pipe(p *parse.PipeNode) []textRef {
	if p == nil {
		return nil
	}
	var refs []textRef
	for k, c := range p.Cmds {
		fed := false
		for _, later := range p.Cmds[k+1:] {
			fed = fed || isGuard(later)
		}
		if !fed {
			refs = append(refs, w.command(c)...)
		}
	}
	return refs
}

func isGuard(c *parse.CommandNode) bool {
	if len(c.Args) == 0 {
		return false
	}
	id, ok := c.Args[0].(*parse.IdentifierNode)
	return ok && guardFuncs[id.Ident]
}

func (w *refWalker) command(c *parse.CommandNode) []textRef {
	if isGuard(c) {
		return nil
	}
	// {{index .Attributes "key"}} is .Attributes.key for keys that are not
	// Go identifiers
	if len(c.Args) == 3 {
		id, ok1 := c.Args[0].(*parse.IdentifierNode)
		f, ok2 := c.Args[1].(*parse.FieldNode)
		s, ok3 := c.Args[2].(*parse.StringNode)
		if ok1 && ok2 && ok3 && id.Ident == "index" && len(f.Ident) == 1 && f.Ident[0] == "Attributes" {
			return []textRef{{field: "Attributes", attr: s.Text, src: "{{index .Attributes " + strconv.Quote(s.Text) + "}}"}}
		}
	}
	var refs []textRef
	for _, a := range c.Args {
		switch a := a.(type) {
		case *parse.FieldNode:
			refs = append(refs, fieldRef(a.Ident)...)
		case *parse.VariableNode:
			if a.Ident[0] == "$" && len(a.Ident) > 1 {
				refs = append(refs, fieldRef(a.Ident[1:])...)
			} else if len(a.Ident) == 1 {
				refs = append(refs, w.vars[a.Ident[0]]...)
			}
		case *parse.PipeNode:
			refs = append(refs, w.pipe(a)...)
		case *parse.ChainNode:
			if p, ok := a.Node.(*parse.PipeNode); ok {
				refs = append(refs, w.pipe(p)...)
			}
		}
	}
	return refs
}

// fieldRef turns .A.B… into a reference to view member A (attribute B
// when A is Attributes); a bare .Attributes is the map, not a value.
func fieldRef(ident []string) []textRef {
	if ident[0] == "Attributes" {
		if len(ident) < 2 {
			return nil
		}
		return []textRef{{field: "Attributes", attr: ident[1], src: "{{.Attributes." + ident[1] + "}}"}}
	}
	return []textRef{{field: ident[0], src: "{{." + ident[0] + "}}"}}
}

// emptyRef returns the first of refs that is empty in v (an attribute the
// data lacks is left to the template's own missing-key error).
func emptyRef(refs []textRef, v *certView) (textRef, bool) {
	view := reflect.ValueOf(v).Elem()
	for _, r := range refs {
		if r.field == "Attributes" {
			if s, ok := v.Attributes[r.attr]; ok && s == "" {
				return r, true
			}
			continue
		}
		// every other member is a string or a time.Time: empty is zero
		if f := view.FieldByName(r.field); f.IsValid() && f.IsZero() {
			return r, true
		}
	}
	return textRef{}, false
}

// where says what an empty ref is missing from.
func (r textRef) where() string {
	switch r.field {
	case "VerifyURL", "Attributes":
		return "the certificate data"
	}
	return "this credential"
}
