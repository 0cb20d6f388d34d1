// Go crypto/tls TLS 1.3 echo server for the interop harness:
// server --port N --cert F --key F [--client-ca F] [--alpn L] [--groups L]
// (Go cannot restrict TLS 1.3 cipher suites). Serves connections one at a
// time, echoes every byte and closes (close_notify) at the client's end.
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
	port := flag.Int("port", 0, "port")
	cert := flag.String("cert", "", "certificate chain PEM (leaf first)")
	key := flag.String("key", "", "private key PEM")
	ca := flag.String("client-ca", "", "require client certificates from this CA")
	alpn := flag.String("alpn", "", "ALPN protocols, comma-separated")
	groups := flag.String("groups", "", "groups, comma-separated")
	flag.Parse()
	cfg := &tls.Config{
		MinVersion:       tls.VersionTLS13,
		Certificates:     []tls.Certificate{common.Chain(*cert, *key)},
		CurvePreferences: common.Groups(*groups),
	}
	if *alpn != "" {
		cfg.NextProtos = strings.Split(*alpn, ",")
	}
	if *ca != "" {
		cfg.ClientCAs = common.Pool(*ca)
		cfg.ClientAuth = tls.RequireAndVerifyClientCert
	}
	l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", *port))
	if err != nil {
		common.Die("%v", err)
	}
	fmt.Fprintf(os.Stderr, "LISTENING %d\n", *port)
	for {
		raw, err := l.Accept()
		if err != nil {
			continue
		}
		c := tls.Server(raw, cfg)
		c.SetDeadline(time.Now().Add(20 * time.Second))
		if err := c.Handshake(); err != nil {
			fmt.Fprintf(os.Stderr, "error: %v\n", err)
			c.Close()
			continue
		}
		common.Report(c.ConnectionState())
		_, err = io.Copy(c, c)
		// Go reports the client's close_notify and a bare TCP close alike (nil).
		if err != nil {
			fmt.Fprintf(os.Stderr, "error: %v\n", err)
		} else {
			fmt.Fprintln(os.Stderr, "EOF (close_notify not distinguishable)")
		}
		c.Close() // sends close_notify
	}
}
