package main

import (
	"fmt"
	"net"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/internal/serve"
)

func (a *app) serveCmd() *cobra.Command {
	var (
		sel  selection
		cf   cacheFlags
		host string
		port int
	)
	c := &cobra.Command{
		Use:   "serve [DIR]",
		Short: "Preview the book in a browser, rebuilt as you edit",
		Long: `Serve builds the web edition of the collection in DIR and serves it at
http://127.0.0.1:PORT/. It watches the collection: when a file changes, the book
is rebuilt and the open page reloads itself. A build that fails shows its
problems (file:line: message) over the page, which recovers by itself once they
are fixed. The PDF is rebuilt in the background after each good build and
linked from the page. Nothing is written to disk. Ctrl-C stops it.

The preview listens on 127.0.0.1 only; --host 0.0.0.0 (or another address)
shows it to other machines, for checking the book on a phone.`,
		Args: maxOneDir,
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, opt, err := sel.forDir(args)
			if err != nil {
				return err
			}
			if port < 0 || port > 65535 {
				return usageErr("--port: want 0 to 65535, got %d", port)
			}
			if net.ParseIP(host) == nil && host != "localhost" {
				return usageErr("--host: want an IP address such as 127.0.0.1 or 0.0.0.0, got %q", host)
			}
			store, _, err := cf.open()
			if err != nil {
				return err
			}
			o := serve.Options{
				Dir: dir, Addr: net.JoinHostPort(host, strconv.Itoa(port)), Selection: opt, Log: a.stderr, Cache: store,
				Show: func(d diag.Diagnostic) string { return display(dir, d) },
			}
			err = serve.Run(cmd.Context(), o, func(url string) {
				fmt.Fprintf(a.stderr, "serving %s at %s (Ctrl-C stops)\n", dir, url)
			})
			if err != nil {
				return &exitError{exitContent, fmt.Errorf("serve: %w", unwrapPath(err))}
			}
			fmt.Fprintln(a.stderr, "stopped")
			return nil
		},
	}
	sel.flags(c)
	cf.flags(c)
	f := c.Flags()
	f.StringVar(&host, "host", "127.0.0.1", "address to listen on (0.0.0.0: every interface)")
	f.IntVarP(&port, "port", "p", 8000, "port to listen on (0: any free port)")
	return c
}
