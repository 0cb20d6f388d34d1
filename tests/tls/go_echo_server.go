// go_echo_server: a TLS 1.3 echo server for tests/tls/test_tls_client.c,
// Go's crypto/tls as an independent peer (standard library only).
//
//	go_echo_server CERT_CHAIN_PEM KEY_PEM [p256]
//
// Listens on 127.0.0.1 (a free port, printed as one line on stdout), offers
// ALPN h2 and http/1.1, and echoes every byte of each connection until the
// client's close_notify, then closes with its own. "p256" limits the key
// exchange to secp256r1 (a client sharing only x25519 gets a
// HelloRetryRequest). Runs until its stdin ends or it is killed.
package main

import (
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"os"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: go_echo_server CERT_CHAIN_PEM KEY_PEM [p256]")
		os.Exit(2)
	}
	cert, err := tls.LoadX509KeyPair(os.Args[1], os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	cfg := &tls.Config{
		Certificates: []tls.Certificate{cert},
		MinVersion:   tls.VersionTLS13,
		NextProtos:   []string{"h2", "http/1.1"},
	}
	if len(os.Args) > 3 && os.Args[3] == "p256" {
		cfg.CurvePreferences = []tls.CurveID{tls.CurveP256}
	}
	ln, err := tls.Listen("tcp", "127.0.0.1:0", cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(ln.Addr().(*net.TCPAddr).Port)
	go func() { // the test holds our stdin: its end (even a crash) ends us
		io.Copy(io.Discard, os.Stdin)
		os.Exit(0)
	}()
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		go func(c net.Conn) {
			defer c.Close()
			io.Copy(c, c)
		}(c)
	}
}
