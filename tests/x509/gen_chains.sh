#!/bin/bash
# Make test certificates with the openssl command (an independent
# implementation) in directory $1. Every file name below is used by
# test_x509_chain.c and test_cli.sh; each case is a leaf plus the
# intermediates and roots it needs. Dates: -days from now.
set -e
cd "$1"
exec 2>>gen.log

req_ca() { # name subj keyspec days [extra -addext...]
    n=$1; subj=$2; key=$3; days=$4; shift 4
    case "$key" in
    ec:*) kopt="-newkey ec -pkeyopt ec_paramgen_curve:${key#ec:}";;
    *) kopt="-newkey $key";;
    esac
    openssl req -x509 $kopt -nodes -keyout "$n.key" -out "$n.pem" \
        -days "$days" -subj "$subj" -sha256 \
        -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" \
        -addext "subjectKeyIdentifier=hash" "$@"
}

# sign NAME SUBJ KEYSPEC ISSUER DAYS EXTFILE [digest opts...]
sign() {
    n=$1; subj=$2; key=$3; iss=$4; days=$5; ext=$6; shift 6
    if [ ! -f "$n.key" ]; then
        openssl genpkey -algorithm "${key%%:*}" \
            $(case "$key" in ec:*) echo -pkeyopt ec_paramgen_curve:${key#ec:};;
                             rsa:*) echo -pkeyopt rsa_keygen_bits:${key#rsa:};; esac) \
            -out "$n.key"
    fi
    openssl req -new -key "$n.key" -out "$n.csr" -subj "$subj"
    openssl x509 -req -in "$n.csr" -CA "$iss.pem" -CAkey "$iss.key" \
        -set_serial "${SERIAL:-0x$(openssl rand -hex 8)}" -out "$n.pem" -days "$days" \
        -extfile "$ext" "${@:--sha256}"
    openssl x509 -in "$n.pem" -outform DER -out "$n.der"
}

cat > ca.ext <<X
basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
X
cat > ca0.ext <<X
basicConstraints=critical,CA:TRUE,pathlen:0
keyUsage=critical,keyCertSign
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
X
cat > ca_noca.ext <<X
basicConstraints=critical,CA:FALSE
keyUsage=critical,keyCertSign
X
cat > ca_noku.ext <<X
basicConstraints=critical,CA:TRUE
keyUsage=critical,digitalSignature
X
cat > ca_nc.ext <<X
basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign
nameConstraints=critical,permitted;DNS:example.com,permitted;IP:10.0.0.0/255.0.0.0,excluded;DNS:bad.example.com
X
cat > ca_nc_dn.ext <<X
basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign
nameConstraints=critical,permitted;dirName:dir_sect
[dir_sect]
O=nbtls tests
X
cat > leaf_sandn_in.ext <<X
basicConstraints=critical,CA:FALSE
subjectAltName=DNS:a.example.com,dirName:dn_sect
[dn_sect]
O=nbtls tests
CN=alt
X
cat > leaf_sandn_out.ext <<X
basicConstraints=critical,CA:FALSE
subjectAltName=DNS:a.example.com,dirName:dn_sect
[dn_sect]
O=elsewhere
CN=alt
X
cat > ca_nc_email.ext <<X
basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign
nameConstraints=critical,permitted;email:example.com
X
cat > leaf_email.ext <<X
basicConstraints=critical,CA:FALSE
subjectAltName=DNS:a.example.com,email:x@example.com
X
cat > ca_noski.ext <<X
basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign
subjectKeyIdentifier=none
X
cat > leaf_noaki.ext <<X
basicConstraints=critical,CA:FALSE
subjectAltName=DNS:www.example.com
authorityKeyIdentifier=none
X
cat > ca_eku_client.ext <<X
basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign
extendedKeyUsage=clientAuth
X
cat > leaf.ext <<X
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:www.example.com,DNS:*.example.org,IP:127.0.0.1,IP:::1
authorityKeyIdentifier=keyid
X
cat > leaf_client.ext <<X
basicConstraints=critical,CA:FALSE
extendedKeyUsage=clientAuth
subjectAltName=DNS:www.example.com
X
cat > leaf_nc_ok.ext <<X
basicConstraints=critical,CA:FALSE
extendedKeyUsage=serverAuth
subjectAltName=DNS:a.example.com,IP:10.1.2.3
X
cat > leaf_nc_out.ext <<X
basicConstraints=critical,CA:FALSE
extendedKeyUsage=serverAuth
subjectAltName=DNS:a.example.com,DNS:www.example.net
X
cat > leaf_nc_excl.ext <<X
basicConstraints=critical,CA:FALSE
extendedKeyUsage=serverAuth
subjectAltName=DNS:x.bad.example.com
X
cat > leaf_nc_ip.ext <<X
basicConstraints=critical,CA:FALSE
extendedKeyUsage=serverAuth
subjectAltName=DNS:a.example.com,IP:192.168.1.1
X
cat > leaf_crit.ext <<X
basicConstraints=critical,CA:FALSE
subjectAltName=DNS:www.example.com
1.2.3.4.5=critical,DER:0500
X
cat > leaf_nosan.ext <<X
basicConstraints=critical,CA:FALSE
X
cat > leaf_akicrit.ext <<X
basicConstraints=critical,CA:FALSE
subjectAltName=DNS:www.example.com
authorityKeyIdentifier=critical,keyid
X
cat > leaf_kucert.ext <<X
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyCertSign
subjectAltName=DNS:www.example.com
X
cat > leaf_emptysubj.ext <<X
basicConstraints=critical,CA:FALSE
subjectAltName=DNS:www.example.com
X
cat > leaf_sancrit.ext <<X
basicConstraints=critical,CA:FALSE
subjectAltName=critical,DNS:www.example.com
X
cat > leaf_withnc.ext <<X
basicConstraints=critical,CA:FALSE
subjectAltName=DNS:www.example.com
nameConstraints=critical,permitted;DNS:example.com
X
cat > leaf_emptysubj_crit.ext <<X
basicConstraints=critical,CA:FALSE
subjectAltName=critical,DNS:www.example.com
X
cat > leaf_ca.ext <<X
basicConstraints=critical,CA:TRUE
subjectAltName=DNS:www.example.com
X

# the real-world shape: RSA-2048 root, P-256 intermediate and leaf
req_ca root "/CN=nbtls Test Root/O=nbtls tests/C=US" rsa:2048 3650
sign int "/CN=nbtls Test Int, P-256/O=nbtls tests" ec:P-256 root 1000 ca.ext
sign leaf "/CN=www.example.com/O=nbtls tests" ec:P-256 int 365 leaf.ext
openssl x509 -in root.pem -outform DER -out root.der
cat int.pem root.pem > bundle.pem

# policy cases under the same intermediate
sign leaf_client "/CN=client" ec:P-256 int 365 leaf_client.ext
sign leaf_crit "/CN=crit" ec:P-256 int 365 leaf_crit.ext
sign leaf_nosan "/CN=www.example.com" ec:P-256 int 365 leaf_nosan.ext
sign leaf_ca "/CN=leafca" ec:P-256 int 365 leaf_ca.ext
sign leaf_akicrit "/CN=akicrit" ec:P-256 int 365 leaf_akicrit.ext
sign leaf_kucert "/CN=kucert" ec:P-256 int 365 leaf_kucert.ext
sign leaf_emptysubj "/" ec:P-256 int 365 leaf_emptysubj.ext
sign leaf_sancrit "/CN=sancrit" ec:P-256 int 365 leaf_sancrit.ext
sign leaf_withnc "/CN=withnc" ec:P-256 int 365 leaf_withnc.ext
SERIAL=0 sign leaf_serial0 "/CN=serial0" ec:P-256 int 365 leaf.ext
sign leaf_emptysubj_crit "/" ec:P-256 int 365 leaf_emptysubj_crit.ext
sign leaf_sha1 "/CN=sha1" ec:P-256 int 365 leaf.ext -sha1
sign leaf_sha384 "/CN=sha384" ec:P-256 int 365 leaf.ext -sha384

# pathlen 0 intermediate above another intermediate
sign int_pl0 "/CN=Int pathlen 0" ec:P-256 root 1000 ca0.ext
sign int_below "/CN=Int below" ec:P-256 int_pl0 1000 ca.ext
sign leaf_pl "/CN=pl" ec:P-256 int_below 365 leaf.ext
# intermediates that may not sign
sign int_noca "/CN=Int not CA" ec:P-256 root 1000 ca_noca.ext
sign leaf_noca "/CN=x" ec:P-256 int_noca 365 leaf.ext
sign int_noku "/CN=Int no keyCertSign" ec:P-256 root 1000 ca_noku.ext
sign leaf_noku "/CN=x" ec:P-256 int_noku 365 leaf.ext
# key identifiers missing (RFC 5280 4.2.1.1, 4.2.1.2)
sign leaf_noaki "/CN=noaki" ec:P-256 int 365 leaf_noaki.ext
sign int_noski "/CN=Int no SKI" ec:P-256 root 1000 ca_noski.ext
# its twin with an SKI (same name and key) issues the leaf, so that the
# leaf's AKI names the key while int_noski lacks the SKI
cp int_noski.key int_twin.key
sign int_twin "/CN=Int no SKI" ec:P-256 root 1000 ca.ext
sign leaf_noski "/CN=x" ec:P-256 int_twin 365 leaf.ext
# an intermediate restricted to clientAuth
sign int_eku "/CN=Int clientAuth" ec:P-256 root 1000 ca_eku_client.ext
sign leaf_eku "/CN=x" ec:P-256 int_eku 365 leaf.ext
# name constraints
sign int_nc "/CN=Int NC" ec:P-256 root 1000 ca_nc.ext
sign leaf_nc_ok "/CN=ok" ec:P-256 int_nc 365 leaf_nc_ok.ext
sign leaf_nc_out "/CN=out" ec:P-256 int_nc 365 leaf_nc_out.ext
sign leaf_nc_excl "/CN=excl" ec:P-256 int_nc 365 leaf_nc_excl.ext
sign leaf_nc_ip "/CN=ip" ec:P-256 int_nc 365 leaf_nc_ip.ext
# directoryName and (unchecked) rfc822Name constraints
sign int_nc_dn "/O=nbtls tests/CN=Int NC DN" ec:P-256 root 1000 ca_nc_dn.ext
sign leaf_dn_ok "/O=nbtls tests/CN=in" ec:P-256 int_nc_dn 365 leaf_nc_ok.ext
sign leaf_dn_out "/O=other/CN=out" ec:P-256 int_nc_dn 365 leaf_nc_ok.ext
sign leaf_sandn_in "/O=nbtls tests/CN=s1" ec:P-256 int_nc_dn 365 leaf_sandn_in.ext
sign leaf_sandn_out "/O=nbtls tests/CN=s2" ec:P-256 int_nc_dn 365 leaf_sandn_out.ext
sign int_nc_email "/CN=Int NC email" ec:P-256 root 1000 ca_nc_email.ext
sign leaf_email_ok "/CN=noemail" ec:P-256 int_nc_email 365 leaf_nc_ok.ext
sign leaf_email "/CN=email" ec:P-256 int_nc_email 365 leaf_email.ext

# P-384 intermediate signed by RSA-PSS, signing a P-256 leaf with SHA-256
sign int384 "/CN=Int P-384" ec:P-384 root 1000 ca.ext -sha256 \
    -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest
sign leaf384 "/CN=l384" ec:P-256 int384 365 leaf.ext -sha256
# RSA-3072 intermediate, RSA leaf (PKCS#1 v1.5 SHA-384)
sign intrsa "/CN=Int RSA" rsa:3072 root 1000 ca.ext -sha384
sign leafrsa "/CN=lrsa" rsa:2048 intrsa 365 leaf.ext -sha512

# cross-signing and an expired alternative: root2 has the subject and key
# of root2_old; root2_old expires after 1 day. int2 is issued by that
# name. Verified 10 days ahead, only root2 works.
req_ca root2_old "/CN=nbtls Root 2" ec:P-256 1
openssl req -x509 -key root2_old.key -out root2.pem -days 3650 \
    -subj "/CN=nbtls Root 2" -sha256 \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -addext "subjectKeyIdentifier=hash"
cp root2_old.key root2.key
sign int2 "/CN=Int 2" ec:P-256 root2 1000 ca.ext
sign leaf2 "/CN=l2" ec:P-256 int2 365 leaf.ext
# root2 cross-signed by root (an intermediate with root2's name and key)
openssl req -new -key root2.key -out x2.csr -subj "/CN=nbtls Root 2"
openssl x509 -req -in x2.csr -CA root.pem -CAkey root.key -set_serial 77 \
    -out cross2.pem -days 1000 -extfile ca.ext -sha256
# an unrelated root with the same name as root (wrong key)
req_ca evil "/CN=nbtls Test Root/O=nbtls tests/C=US" ec:P-256 3650

# a longer chain: root -> i1 -> i2 -> i3 -> leaf
sign i1 "/CN=I1" ec:P-256 root 1000 ca.ext
sign i2 "/CN=I2" ec:P-256 i1 1000 ca.ext
sign i3 "/CN=I3" ec:P-256 i2 1000 ca.ext
sign leaf_long "/CN=long" ec:P-256 i3 365 leaf.ext
cat i3.pem i1.pem i2.pem > long_untrusted.pem
echo ok > done
