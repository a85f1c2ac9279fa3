// hcl-check: parses a Terraform file with HashiCorp's HCL v2 (the parser Terraform uses) and
// prints what the tgwsim tests check, one line each:
//
//	block TYPE LABEL...              for every block, nested ones indented by two spaces a level
//	attr NAME JSON                   for every attribute whose value is a literal (no references)
//	ref NAME                         for every attribute that refers to something (var., aws_...)
//
// Exit 1 with the parser's diagnostics when the file does not parse.
package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

func walk(body *hclsyntax.Body, depth int) {
	pad := strings.Repeat("  ", depth)
	names := make([]string, 0, len(body.Attributes))
	for name := range body.Attributes {
		names = append(names, name)
	}
	// deterministic: attributes in source order
	for i := 0; i < len(names); i++ {
		for j := i + 1; j < len(names); j++ {
			a, b := body.Attributes[names[i]], body.Attributes[names[j]]
			if b.SrcRange.Start.Byte < a.SrcRange.Start.Byte {
				names[i], names[j] = names[j], names[i]
			}
		}
	}
	for _, name := range names {
		attr := body.Attributes[name]
		if len(attr.Expr.Variables()) > 0 {
			fmt.Printf("%sref %s\n", pad, name)
			continue
		}
		v, diags := attr.Expr.Value(nil)
		if diags.HasErrors() || !v.IsWhollyKnown() {
			fmt.Printf("%sref %s\n", pad, name)
			continue
		}
		js, err := ctyjson.Marshal(v, v.Type())
		if err != nil {
			fmt.Printf("%sref %s\n", pad, name)
			continue
		}
		fmt.Printf("%sattr %s %s\n", pad, name, js)
	}
	for _, block := range body.Blocks {
		fmt.Printf("%sblock %s %s\n", pad, block.Type, strings.Join(block.Labels, " "))
		walk(block.Body, depth+1)
	}
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: hcl-check FILE.tf")
		os.Exit(2)
	}
	src, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	file, diags := hclsyntax.ParseConfig(src, os.Args[1], hcl.Pos{Line: 1, Column: 1})
	if diags.HasErrors() {
		for _, d := range diags {
			fmt.Fprintln(os.Stderr, d.Error())
		}
		os.Exit(1)
	}
	walk(file.Body.(*hclsyntax.Body), 0)
}
