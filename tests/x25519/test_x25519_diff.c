/*
 * Differential test against Python `cryptography` (OpenSSL's X25519), at
 * test time, on 50 random cases: cryptography generates a private key k
 * (X25519PrivateKey.generate), its public key, a random peer u (some with
 * the top bit set, some non-canonical >= p) and X25519(k, u); nbtls must
 * give the same public key (nbtls_key_x25519_from_private) and the same
 * shared secret (nbtls_ecdh_start, at a budget that varies per case), and
 * export the same private bytes. Skips (exit 77) when python3 or
 * `cryptography` is missing.
 */
#define _DEFAULT_SOURCE 1 /* popen */
#include <stdio.h>

#include "check.h"
#include "x25519_util.h"

#define CASES 50

static const char SCRIPT[] =
    "python3 -c '\n"
    "import os, sys\n"
    "try:\n"
    "    from cryptography.hazmat.primitives.asymmetric.x25519 import "
    "X25519PrivateKey as K, X25519PublicKey as U\n"
    "except ImportError:\n"
    "    print(\"SKIP\"); sys.exit(0)\n"
    "P = 2**255 - 19\n"
    "for i in range(50):\n"
    "    k = K.generate()\n"
    "    if i % 10 == 3:\n"
    "        u = (P + int.from_bytes(os.urandom(1), \"little\")).to_bytes(32, "
    "\"little\")\n"
    "    else:\n"
    "        u = "
    "bytearray(U.from_public_bytes(os.urandom(32)).public_bytes_raw()"
    ")\n"
    "        if i % 2: u[31] |= 0x80\n"
    "        u = bytes(u)\n"
    "    try:\n"
    "        s = k.exchange(U.from_public_bytes(u)).hex()\n"
    "    except ValueError:\n"
    "        s = \"zero\"\n"
    "    print(k.private_bytes_raw().hex(), "
    "k.public_key().public_bytes_raw().hex(), u.hex(), s)\n"
    "' 2>/dev/null";

int main(void) {
    FILE *f = popen(SCRIPT, "r");
    if (f == NULL) {
        printf("SKIP: cannot run python3\n");
        return 77;
    }
    char line[512];
    int cases = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        if (strncmp(line, "SKIP", 4) == 0) {
            pclose(f);
            printf("SKIP: Python `cryptography` is not installed\n");
            return 77;
        }
        char hk[80], hp[80], hu[80], hs[80];
        if (sscanf(line, "%79s %79s %79s %79s", hk, hp, hu, hs) != 4) {
            CHECK(0);
            continue;
        }
        unsigned char k[32], pub[32], u[32], s[32], got[32];
        CHECK(x_hex32(hk, k) == 0 && x_hex32(hp, pub) == 0 &&
              x_hex32(hu, u) == 0);
        nbtls_key *key = NULL;
        size_t len = 0;
        CHECK_EQ(nbtls_key_x25519_from_private(&key, k), NBTLS_DONE);
        CHECK_EQ(nbtls_key_export_public(key, got, 32, &len), NBTLS_DONE);
        CHECK_MEM(got, pub, 32);
        CHECK_EQ(nbtls_key_export_private(key, got, 32, &len), NBTLS_DONE);
        CHECK_MEM(got, k, 32);
        nbtls_key_free(key);
        int rc = x_ecdh(k, u, (uint32_t)(cases % 9), got, NULL);
        if (strcmp(hs, "zero") == 0) {
            CHECK_EQ(rc, NBTLS_E_BAD_KEY);
        } else {
            CHECK(x_hex32(hs, s) == 0);
            CHECK_EQ(rc, NBTLS_DONE);
            CHECK_MEM(got, s, 32);
        }
        cases++;
    }
    int st = pclose(f);
    if (cases == 0) {
        printf("SKIP: python3 produced nothing (status %d)\n", st);
        return 77;
    }
    printf("%d cases against cryptography\n", cases);
    CHECK_EQ(cases, CASES);
    return CHECK_DONE();
}
