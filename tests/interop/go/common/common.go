// Package common holds what the Go interop server and client share.
package common

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
	"strings"
)

// Die prints a message and exits with status 2 (usage or setup error).
func Die(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "go-peer: "+format+"\n", a...)
	os.Exit(2)
}

// Groups maps a comma-separated list of group names to Go's curve IDs.
func Groups(list string) []tls.CurveID {
	if list == "" {
		return nil
	}
	var out []tls.CurveID
	for _, g := range strings.Split(list, ",") {
		switch g {
		case "x25519":
			out = append(out, tls.X25519)
		case "secp256r1":
			out = append(out, tls.CurveP256)
		case "secp384r1":
			out = append(out, tls.CurveP384)
		default:
			Die("unknown group %s", g)
		}
	}
	return out
}

// Pool reads PEM certificates into a pool.
func Pool(path string) *x509.CertPool {
	pem, err := os.ReadFile(path)
	if err != nil {
		Die("%v", err)
	}
	p := x509.NewCertPool()
	if !p.AppendCertsFromPEM(pem) {
		Die("%s: no certificate", path)
	}
	return p
}

// Report prints the line the harness parses after a handshake.
func Report(st tls.ConnectionState) {
	group := ""
	switch st.CurveID {
	case tls.X25519:
		group = "x25519"
	case tls.CurveP256:
		group = "secp256r1"
	case tls.CurveP384:
		group = "secp384r1"
	default:
		group = st.CurveID.String()
	}
	ver := "TLSv1.3"
	if st.Version != tls.VersionTLS13 {
		ver = fmt.Sprintf("0x%04x", st.Version)
	}
	fmt.Fprintf(os.Stderr, "NEGOTIATED version=%s suite=%s group=%s alpn=%s\n",
		ver, tls.CipherSuiteName(st.CipherSuite), group, st.NegotiatedProtocol)
}

// Chain loads a certificate chain (leaf first) and its key.
func Chain(cert, key string) tls.Certificate {
	c, err := tls.LoadX509KeyPair(cert, key)
	if err != nil {
		Die("%v", err)
	}
	return c
}
