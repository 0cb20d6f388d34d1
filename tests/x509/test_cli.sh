#!/bin/bash
# `nbtls verify` (the command) on chains made at test time with openssl
# (gen_chains.sh), beside `openssl verify` on the same files where the two
# policies agree. Checks the exit status (0 valid, 1 rejected, 2 usage or
# I/O), the first word of the one-line reason on stderr, the poll count
# printed with --budget, and usage errors. Usage: test_cli.sh NBTLS GEN.
# Skips (77) without openssl.
set -u
NB=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
GEN=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
command -v openssl >/dev/null 2>&1 || { echo "SKIP: no openssl"; exit 77; }
D=$(mktemp -d "${TMPDIR:-/tmp}/nbtls-cli-XXXXXX")
trap 'rm -rf "$D"' EXIT
if ! bash "$GEN" "$D"; then
    tail -n 5 "$D/gen.log"
    # a skip only for an openssl command older than 3.0
    openssl version | grep -q '^OpenSSL [3-9]' || { echo "SKIP: old openssl"; exit 77; }
    echo "FAIL: gen_chains.sh failed"
    exit 1
fi
cd "$D"
NOW=$(date +%s)
LATER=$((NOW + 10 * 86400))
pass=0
fail=0

# check WANT_STATUS WANT_REASON OSSL(yes/no) -- nbtls verify args
check() {
    local want=$1 reason=$2 osl=$3
    shift 4
    local err rc
    err=$("$NB" verify "$@" 2>&1 >/dev/null)
    rc=$?
    if [ "$rc" != "$want" ]; then
        echo "FAIL: nbtls verify $*: status $rc, want $want ($err)"
        fail=$((fail + 1))
        return
    fi
    if [ -n "$reason" ] && [ "${err%%:*}" != "$reason" ]; then
        echo "FAIL: nbtls verify $*: reason '$err', want '$reason'"
        fail=$((fail + 1))
        return
    fi
    if [ "$rc" = 1 ] && [ "$(printf '%s\n' "$err" | wc -l)" != 1 ]; then
        echo "FAIL: nbtls verify $*: reason not one line: $err"
        fail=$((fail + 1))
        return
    fi
    pass=$((pass + 1))
    [ "$osl" = yes ] || return
    # the same case through openssl verify
    local oargs=() a leaf="" t="" purpose=sslserver
    while [ $# -gt 0 ]; do
        case $1 in
        --trust) oargs+=(-CAfile "$2"); shift 2 ;;
        --untrusted) oargs+=(-untrusted "$2"); shift 2 ;;
        --hostname) oargs+=(-verify_hostname "$2"); shift 2 ;;
        --ip) oargs+=(-verify_ip "$2"); shift 2 ;;
        --time) oargs+=(-attime "$2"); shift 2 ;;
        --purpose) [ "$2" = client ] && purpose=sslclient; shift 2 ;;
        --max-depth) oargs+=(-verify_depth "$2"); shift 2 ;;
        *) leaf=$1; shift ;;
        esac
    done
    openssl verify -x509_strict -purpose "$purpose" "${oargs[@]}" "$leaf" \
        >/dev/null 2>&1
    local orc=$?
    if { [ "$orc" = 0 ] && [ "$want" != 0 ]; } ||
       { [ "$orc" != 0 ] && [ "$want" = 0 ]; }; then
        echo "FAIL: openssl verify disagrees (status $orc) on: $leaf ${oargs[*]}"
        fail=$((fail + 1))
    else
        pass=$((pass + 1))
    fi
}

R="--trust root.pem"
check 0 "" yes -- $R --untrusted int.pem --hostname www.example.com leaf.pem
check 0 "" no -- --trust root.der --untrusted int.der leaf.der # openssl verify: PEM only
check 0 "" yes -- $R --untrusted int.pem --hostname a.example.org leaf.pem
check 1 name_mismatch yes -- $R --untrusted int.pem --hostname a.b.example.org leaf.pem
check 1 name_mismatch yes -- $R --untrusted int.pem --hostname example.com leaf.pem
check 0 "" yes -- $R --untrusted int.pem --ip 127.0.0.1 leaf.pem
check 0 "" yes -- $R --untrusted int.pem --ip ::1 leaf.pem
check 1 name_mismatch yes -- $R --untrusted int.pem --ip 10.0.0.1 leaf.pem
check 1 usage yes -- $R --untrusted int.pem --purpose client leaf.pem
check 1 expired yes -- $R --untrusted int.pem --time $((NOW + 400 * 86400)) leaf.pem
check 1 not_yet_valid yes -- $R --untrusted int.pem --time $((NOW - 2 * 86400)) leaf.pem
check 1 unknown_issuer yes -- $R leaf.pem
check 1 unknown_issuer yes -- --trust evil.pem --untrusted int.pem leaf.pem
check 0 "" yes -- --trust evil.pem $R --untrusted int.pem leaf.pem
check 0 "" yes -- $R --untrusted int.pem --purpose client leaf_client.pem
check 1 usage yes -- $R --untrusted int.pem leaf_client.pem
check 1 critical_ext yes -- $R --untrusted int.pem leaf_crit.pem
check 0 "" yes -- $R --untrusted int.pem leaf_sha384.pem
check 1 constraints yes -- $R --untrusted int_pl0.pem --untrusted int_below.pem leaf_pl.pem
check 1 constraints yes -- $R --untrusted int_noca.pem leaf_noca.pem
check 1 usage yes -- $R --untrusted int_noku.pem leaf_noku.pem
check 1 usage yes -- $R --untrusted int_eku.pem leaf_eku.pem
check 0 "" yes -- $R --untrusted int_nc.pem leaf_nc_ok.pem
check 1 name_constraints yes -- $R --untrusted int_nc.pem leaf_nc_out.pem
check 1 name_constraints yes -- $R --untrusted int_nc.pem leaf_nc_excl.pem
check 1 name_constraints yes -- $R --untrusted int_nc.pem leaf_nc_ip.pem
check 0 "" yes -- $R --untrusted int_nc_dn.pem leaf_dn_ok.pem
check 1 name_constraints yes -- $R --untrusted int_nc_dn.pem leaf_dn_out.pem
check 0 "" yes -- $R --untrusted int_nc_dn.pem leaf_sandn_in.pem
check 1 name_constraints yes -- $R --untrusted int_nc_dn.pem leaf_sandn_out.pem
check 0 "" yes -- $R --untrusted int_nc_email.pem leaf_email_ok.pem
# an rfc822Name nbtls does not check under an email constraint: refused
check 1 name_constraints no -- $R --untrusted int_nc_email.pem leaf_email.pem
check 0 "" yes -- $R --untrusted int384.pem leaf384.pem
check 0 "" yes -- $R --untrusted intrsa.pem leafrsa.pem
check 0 "" yes -- $R --untrusted long_untrusted.pem leaf_long.pem
check 1 too_deep yes -- $R --untrusted long_untrusted.pem --max-depth 2 leaf_long.pem
check 0 "" yes -- $R --untrusted long_untrusted.pem --max-depth 3 leaf_long.pem
check 0 "" no -- $R --untrusted long_untrusted.pem --max-depth 255 leaf_long.pem
check 0 "" yes -- --trust root2_old.pem --trust root2.pem --untrusted int2.pem --time $LATER leaf2.pem
check 1 expired yes -- --trust root2_old.pem --untrusted int2.pem --time $LATER leaf2.pem
check 0 "" yes -- $R --untrusted int2.pem --untrusted cross2.pem --time $LATER leaf2.pem
# where the policies differ on purpose (no openssl comparison):
# OpenSSL falls back to the CN without SAN, accepts a CA as leaf, and
# (3.0, security level 1) SHA-1 certificate signatures
check 1 weak_algorithm no -- $R --untrusted int.pem leaf_sha1.pem
check 1 name_mismatch no -- $R --untrusted int.pem --hostname www.example.com leaf_nosan.pem
check 1 constraints no -- $R --untrusted int.pem leaf_ca.pem
# RFC 5280 rules OpenSSL 3.0 does not apply: a critical AKI, keyCertSign
# without cA, an empty subject with a non-critical SAN
check 1 malformed no -- $R --untrusted int.pem leaf_akicrit.pem
check 1 malformed no -- $R --untrusted int.pem leaf_noaki.pem
check 1 malformed no -- $R --untrusted int_noski.pem leaf_noski.pem
check 1 constraints no -- $R --untrusted int.pem leaf_kucert.pem
check 1 malformed no -- $R --untrusted int.pem leaf_emptysubj.pem
check 0 "" yes -- $R --untrusted int.pem --hostname www.example.com leaf_emptysubj_crit.pem

# --budget: the poll count on stdout, same outcome
out=$("$NB" verify $R --untrusted int.pem --budget 1 leaf.pem 2>/dev/null)
rc=$?
polls=${out#polls: }
if [ "$rc" = 0 ] && [ "$polls" -gt 100 ] 2>/dev/null; then pass=$((pass + 1)); else
    echo "FAIL: --budget 1: status $rc, output '$out'"; fail=$((fail + 1)); fi
out=$("$NB" verify $R --untrusted int.pem --budget 7 leaf.pem 2>/dev/null)
p7=${out#polls: }
if [ "$p7" = $(((polls + 6) / 7)) ]; then pass=$((pass + 1)); else
    echo "FAIL: --budget 7: '$out' vs $polls at budget 1"; fail=$((fail + 1)); fi
out=$("$NB" verify $R --untrusted int.pem --budget 0 leaf.pem 2>/dev/null)
if [ "$out" = "polls: 1" ]; then pass=$((pass + 1)); else
    echo "FAIL: --budget 0: '$out'"; fail=$((fail + 1)); fi
check 1 expired no -- $R --untrusted int.pem --budget 3 --time 4102444800 leaf.pem

# without --trust: the system store, redirected by SSL_CERT_FILE
SSL_CERT_FILE=bundle.pem SSL_CERT_DIR= check 0 "" no -- leaf.pem

# usage and I/O errors: status 2
check 2 "" no -- $R
check 2 "" no -- $R --hostname a --ip 127.0.0.1 leaf.pem
check 2 "" no -- $R --ip not-an-ip leaf.pem
check 2 "" no -- $R --purpose email leaf.pem
check 2 "" no -- $R --time -5 leaf.pem
check 2 "" no -- $R --max-depth 0 leaf.pem
check 2 "" no -- $R --frobnicate leaf.pem
check 2 "" no -- --trust no-such-file leaf.pem
check 2 "" no -- $R no-such-leaf.pem
"$NB" >/dev/null 2>&1
if [ $? = 2 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: no subcommand"; fi
# a certificate that does not parse is a rejection
head -c 300 leaf.der > trunc.der
check 1 malformed no -- $R trunc.der

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
