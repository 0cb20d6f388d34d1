// Go crypto/tls TLS 1.3 client for the interop harness:
// client --trust F [--cert F --key F] [--alpn L] [--groups L] [--servername N] HOST PORT
// Copies stdin to the connection (close_notify at stdin's end, via CloseWrite)
// and the connection to stdout until the server closes. Exit 0 on a clean
// end, 1 on a TLS error, 2 on usage errors.
package main

import (
	"crypto/tls"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"time"

	"nbtls/interop/common"
)

func main() {
	trust := flag.String("trust", "", "trust anchors PEM")
	cert := flag.String("cert", "", "client certificate chain PEM")
	key := flag.String("key", "", "client key PEM")
	alpn := flag.String("alpn", "", "ALPN protocols, comma-separated")
	groups := flag.String("groups", "", "groups, comma-separated")
	sn := flag.String("servername", "", "name to send and verify")
	flag.Parse()
	if flag.NArg() != 2 {
		common.Die("usage: client [options] HOST PORT")
	}
	host, port := flag.Arg(0), flag.Arg(1)
	cfg := &tls.Config{
		MinVersion:       tls.VersionTLS13,
		RootCAs:          common.Pool(*trust),
		CurvePreferences: common.Groups(*groups),
		ServerName:       host,
	}
	if *sn != "" {
		cfg.ServerName = *sn
	}
	if *alpn != "" {
		cfg.NextProtos = strings.Split(*alpn, ",")
	}
	if *cert != "" {
		cfg.Certificates = []tls.Certificate{common.Chain(*cert, *key)}
	}
	raw, err := net.DialTimeout("tcp", net.JoinHostPort(host, port), 10*time.Second)
	if err != nil {
		common.Die("%v", err)
	}
	c := tls.Client(raw, cfg)
	c.SetDeadline(time.Now().Add(30 * time.Second))
	if err := c.Handshake(); err != nil {
		fmt.Fprintf(os.Stderr, "go-client: %v\n", err)
		os.Exit(1)
	}
	common.Report(c.ConnectionState())
	go func() {
		io.Copy(c, os.Stdin)
		c.CloseWrite() // close_notify, keep reading
	}()
	if _, err := io.Copy(os.Stdout, c); err != nil {
		fmt.Fprintf(os.Stderr, "go-client: %v\n", err)
		os.Exit(1)
	}
	fmt.Fprintln(os.Stderr, "EOF (close_notify not distinguishable)")
}
