/*
 * ClientHello writer and ServerHello / HelloRetryRequest parser: every
 * rejection of the parser with its alert (decode_error for structure,
 * illegal_parameter for values, unsupported_extension, missing_extension,
 * protocol_version), HelloRetryRequest detection, and the writer's refusals
 * and bounds.
 */
#include "check.h"
#include "tls_vectors.h"

#include "tls/ee.h"
#include "tls/hello.h"
#include "tls/writer.h"

static const uint16_t suites[] = {0x1301, 0x1302};
static const uint16_t groups[] = {0x001d, 0x0017, 0x0018};
static const uint16_t sigs[] = {0x0403, 0x0804};
static unsigned char x_pub[32], p_pub[65], sid[32];
static nbtls_tls_key_share shares[2];
static const char *const alpn[] = {"h2", "http/1.1"};

static void make_ch(nbtls_tls_client_hello *ch) {
    memset(ch, 0, sizeof *ch);
    memset(ch->random, 0x11, 32);
    memset(sid, 0x22, sizeof sid);
    memset(x_pub, 0x33, sizeof x_pub);
    memset(p_pub, 0x44, sizeof p_pub);
    p_pub[0] = 4;
    shares[0].group = 0x001d;
    shares[0].key = x_pub;
    shares[0].len = 32;
    shares[1].group = 0x0017;
    shares[1].key = p_pub;
    shares[1].len = 65;
    ch->session_id = sid;
    ch->session_id_len = 32;
    ch->suites = suites;
    ch->n_suites = 2;
    ch->groups = groups;
    ch->n_groups = 3;
    ch->shares = shares;
    ch->n_shares = 1; /* x25519 only; secp256r1 in groups, no share */
    ch->sig_algs = sigs;
    ch->n_sig_algs = 2;
}

/* A ServerHello body in sh[0..return) from its fields and raw extensions
 * (exts NULL: no extensions block at all). */
static unsigned char sh[512];
static size_t build_sh(uint16_t version, const unsigned char *random,
                       size_t echo_len, uint16_t suite, uint8_t comp,
                       const unsigned char *exts, size_t exts_len) {
    nbtls_writer w;
    nbtls_writer_init(&w, sh, sizeof sh);
    int rc = nbtls_writer_u16(&w, version);
    rc |= nbtls_writer_bytes(&w, random, 32);
    rc |= nbtls_writer_u8(&w, (uint8_t)echo_len);
    rc |= nbtls_writer_bytes(&w, sid, echo_len > 32 ? 32 : echo_len);
    if (echo_len > 32) rc |= nbtls_writer_bytes(&w, sid, echo_len - 32);
    rc |= nbtls_writer_u16(&w, suite);
    rc |= nbtls_writer_u8(&w, comp);
    if (exts) {
        rc |= nbtls_writer_u16(&w, (uint16_t)exts_len);
        rc |= nbtls_writer_bytes(&w, exts, exts_len);
    }
    CHECK_EQ(rc, 0);
    return w.len;
}

static unsigned char rnd[32];
#define SV 0x00, 0x2b, 0x00, 0x02, 0x03, 0x04
#define KS_X 0x00, 0x33, 0x00, 0x24, 0x00, 0x1d, 0x00, 0x20
static unsigned char good_exts[6 + 8 + 32];

static int parse(const nbtls_tls_client_hello *ch, size_t len,
                 nbtls_tls_server_hello *out) {
    return nbtls_tls_parse_server_hello(sh, len, ch, out);
}

/* Parse a ServerHello with the standard fields and these extensions. */
static int parse_exts(const nbtls_tls_client_hello *ch, const unsigned char *e,
                      size_t n, nbtls_tls_server_hello *out) {
    return parse(ch, build_sh(0x0303, rnd, 32, 0x1301, 0, e, n), out);
}

static void test_server_hello(void) {
    nbtls_tls_client_hello ch;
    nbtls_tls_server_hello out;
    make_ch(&ch);
    memset(rnd, 0x55, sizeof rnd);
    static const unsigned char head[] = {SV, KS_X};
    memcpy(good_exts, head, sizeof head);
    memset(good_exts + sizeof head, 0x66, 32);

    size_t len =
        build_sh(0x0303, rnd, 32, 0x1302, 0, good_exts, sizeof good_exts);
    CHECK_EQ(parse(&ch, len, &out), 0);
    CHECK(!out.is_hrr && out.suite == 0x1302 && out.version == 0x0304);
    CHECK(out.group == 0x001d && out.share_len == 32 && out.share[0] == 0x66);
    CHECK(out.share >= sh && out.share + 32 <= sh + len);

    /* every truncation is decode_error, except the one that drops the
     * whole extensions block: an old server (protocol_version) */
    for (size_t l = 0; l < len; l++) {
        int rc = parse(&ch, l, &out);
        if (l == 2 + 32 + 1 + 32 + 2 + 1)
            CHECK_EQ(rc, NBTLS_TLS_E_PROTOCOL_VERSION);
        else
            CHECK_EQ(rc, NBTLS_TLS_E_DECODE_ERROR);
    }
    /* trailing data */
    sh[len] = 0;
    CHECK_EQ(parse(&ch, len + 1, &out), NBTLS_TLS_E_DECODE_ERROR);

    /* fixed fields */
    len = build_sh(0x0303, rnd, 31, 0x1301, 0, good_exts, sizeof good_exts);
    CHECK_EQ(parse(&ch, len, &out), NBTLS_TLS_E_ILLEGAL_PARAMETER);
    len = build_sh(0x0303, rnd, 33, 0x1301, 0, good_exts, sizeof good_exts);
    CHECK_EQ(parse(&ch, len, &out), NBTLS_TLS_E_DECODE_ERROR);
    len = build_sh(0x0303, rnd, 32, 0x1301, 0, good_exts, sizeof good_exts);
    sh[2 + 32 + 1 + 5] ^= 1; /* echo differs in one byte */
    CHECK_EQ(parse(&ch, len, &out), NBTLS_TLS_E_ILLEGAL_PARAMETER);
    len = build_sh(0x0303, rnd, 32, 0x1303, 0, good_exts, sizeof good_exts);
    CHECK_EQ(parse(&ch, len, &out), NBTLS_TLS_E_ILLEGAL_PARAMETER);
    len = build_sh(0x0303, rnd, 32, 0x1301, 1, good_exts, sizeof good_exts);
    CHECK_EQ(parse(&ch, len, &out), NBTLS_TLS_E_ILLEGAL_PARAMETER);
    len = build_sh(0x0304, rnd, 32, 0x1301, 0, good_exts, sizeof good_exts);
    CHECK_EQ(parse(&ch, len, &out), NBTLS_TLS_E_ILLEGAL_PARAMETER);

    /* an older server: no supported_versions */
    len = build_sh(0x0303, rnd, 32, 0x1301, 0, NULL, 0);
    CHECK_EQ(parse(&ch, len, &out), NBTLS_TLS_E_PROTOCOL_VERSION);
    len = build_sh(0x0303, rnd, 32, 0x1301, 0, good_exts + 6, 40);
    CHECK_EQ(parse(&ch, len, &out), NBTLS_TLS_E_PROTOCOL_VERSION);
    /* ... with a downgrade sentinel (4.1.3): illegal_parameter */
    unsigned char down[32];
    memcpy(down, rnd, 32);
    memcpy(down + 24, "DOWNGRD\x01", 8);
    len = build_sh(0x0303, down, 32, 0x1301, 0, NULL, 0);
    CHECK_EQ(parse(&ch, len, &out), NBTLS_TLS_E_ILLEGAL_PARAMETER);
    down[31] = 0;
    len = build_sh(0x0303, down, 32, 0x1301, 0, NULL, 0);
    CHECK_EQ(parse(&ch, len, &out), NBTLS_TLS_E_ILLEGAL_PARAMETER);
    down[31] = 2;
    len = build_sh(0x0303, down, 32, 0x1301, 0, NULL, 0);
    CHECK_EQ(parse(&ch, len, &out), NBTLS_TLS_E_PROTOCOL_VERSION);

    /* supported_versions */
    {
        unsigned char e[sizeof good_exts];
        memcpy(e, good_exts, sizeof e);
        e[5] = 3; /* TLS 1.2 selected */
        CHECK_EQ(parse_exts(&ch, e, sizeof e, &out),
                 NBTLS_TLS_E_ILLEGAL_PARAMETER);
        static const unsigned char sv3[] = {0x00, 0x2b, 0x00, 0x03,
                                            3,    4,    0,    KS_X};
        unsigned char e2[sizeof sv3 + 32];
        memcpy(e2, sv3, sizeof sv3);
        memset(e2 + sizeof sv3, 1, 32);
        CHECK_EQ(parse_exts(&ch, e2, sizeof e2, &out),
                 NBTLS_TLS_E_DECODE_ERROR);
    }
    /* duplicates */
    {
        unsigned char e[sizeof good_exts + 6];
        memcpy(e, good_exts, sizeof good_exts);
        static const unsigned char sv[] = {SV};
        memcpy(e + sizeof good_exts, sv, 6);
        CHECK_EQ(parse_exts(&ch, e, sizeof e, &out),
                 NBTLS_TLS_E_ILLEGAL_PARAMETER);
        unsigned char e2[6 + 80];
        memcpy(e2, good_exts, sizeof good_exts);
        memcpy(e2 + sizeof good_exts, good_exts + 6, 40);
        CHECK_EQ(parse_exts(&ch, e2, sizeof e2, &out),
                 NBTLS_TLS_E_ILLEGAL_PARAMETER);
    }
    /* key_share */
    {
        unsigned char e[6 + 8 + 65];
        static const unsigned char ks_p[] = {SV,   0x00, 0x33, 0x00, 0x45,
                                             0x00, 0x17, 0x00, 0x41};
        memcpy(e, ks_p, sizeof ks_p);
        memset(e + sizeof ks_p, 4, 65);
        /* secp256r1 is in supported_groups but had no share */
        CHECK_EQ(parse_exts(&ch, e, sizeof e, &out),
                 NBTLS_TLS_E_ILLEGAL_PARAMETER);
        ch.n_shares = 2;
        CHECK_EQ(parse_exts(&ch, e, sizeof e, &out), 0);
        CHECK(out.group == 0x0017 && out.share_len == 65);
        ch.n_shares = 1;
        unsigned char g[sizeof good_exts];
        memcpy(g, good_exts, sizeof g);
        g[13] = 31; /* x25519 key of 31 bytes (+1 trailing) */
        CHECK_EQ(parse_exts(&ch, g, sizeof g, &out), NBTLS_TLS_E_DECODE_ERROR);
        g[9] = 0x23; /* ext length 35: 2 + 2 + 31 */
        CHECK_EQ(parse_exts(&ch, g, sizeof g - 1, &out),
                 NBTLS_TLS_E_ILLEGAL_PARAMETER);
        static const unsigned char empty_key[] = {SV,   0x00, 0x33, 0x00, 0x04,
                                                  0x00, 0x1d, 0x00, 0x00};
        CHECK_EQ(parse_exts(&ch, empty_key, sizeof empty_key, &out),
                 NBTLS_TLS_E_DECODE_ERROR);
        static const unsigned char odd_group[] = {
            SV, 0x00, 0x33, 0x00, 0x06, 0x12, 0x34, 0x00, 0x02, 1, 2};
        CHECK_EQ(parse_exts(&ch, odd_group, sizeof odd_group, &out),
                 NBTLS_TLS_E_ILLEGAL_PARAMETER);
        static const unsigned char short_ks[] = {SV,   0x00, 0x33,
                                                 0x00, 0x01, 0x00};
        CHECK_EQ(parse_exts(&ch, short_ks, sizeof short_ks, &out),
                 NBTLS_TLS_E_DECODE_ERROR);
        static const unsigned char no_ks[] = {SV};
        CHECK_EQ(parse_exts(&ch, no_ks, sizeof no_ks, &out),
                 NBTLS_TLS_E_MISSING_EXTENSION);
    }
    /* extensions not offered / not allowed in a ServerHello */
    {
        unsigned char e[sizeof good_exts + 6];
        memcpy(e, good_exts, sizeof good_exts);
        static const unsigned char unknown[] = {0x12, 0x34, 0x00, 0x02, 0, 0};
        memcpy(e + sizeof good_exts, unknown, 6);
        CHECK_EQ(parse_exts(&ch, e, sizeof e, &out),
                 NBTLS_TLS_E_UNSUPPORTED_EXTENSION);
        static const unsigned char alpn_ext[] = {0x00, 0x10, 0x00, 0x02, 0, 0};
        memcpy(e + sizeof good_exts, alpn_ext, 6);
        CHECK_EQ(parse_exts(&ch, e, sizeof e, &out),
                 NBTLS_TLS_E_UNSUPPORTED_EXTENSION);
        ch.alpn = alpn;
        ch.n_alpn = 2; /* offered, but it belongs in EncryptedExtensions */
        CHECK_EQ(parse_exts(&ch, e, sizeof e, &out),
                 NBTLS_TLS_E_ILLEGAL_PARAMETER);
        ch.n_alpn = 0;
        static const unsigned char sg[] = {0x00, 0x0a, 0x00, 0x02, 0, 0};
        memcpy(e + sizeof good_exts, sg, 6); /* supported_groups: offered */
        CHECK_EQ(parse_exts(&ch, e, sizeof e, &out),
                 NBTLS_TLS_E_ILLEGAL_PARAMETER);
        static const unsigned char psk[] = {0x00, 0x29, 0x00, 0x02, 0, 0};
        memcpy(e + sizeof good_exts, psk, 6); /* never offered here */
        CHECK_EQ(parse_exts(&ch, e, sizeof e, &out),
                 NBTLS_TLS_E_UNSUPPORTED_EXTENSION);
        static const unsigned char cookie[] = {0x00, 0x2c, 0x00, 0x02, 0, 0};
        memcpy(e + sizeof good_exts, cookie, 6); /* only in an HRR */
        CHECK_EQ(parse_exts(&ch, e, sizeof e, &out),
                 NBTLS_TLS_E_UNSUPPORTED_EXTENSION);
        static const unsigned char over[] = {0x00, 0x2c, 0x00, 0x09, 0, 0};
        memcpy(e + sizeof good_exts, over, 6); /* runs past the block */
        CHECK_EQ(parse_exts(&ch, e, sizeof e, &out), NBTLS_TLS_E_DECODE_ERROR);
    }

    /* HelloRetryRequest */
    {
        static const unsigned char hrr_ks[] = {SV,   0x00, 0x33, 0x00,
                                               0x02, 0x00, 0x17};
        size_t l = build_sh(0x0303, nbtls_tls_hrr_random, 32, 0x1301, 0, hrr_ks,
                            sizeof hrr_ks);
        CHECK_EQ(parse(&ch, l, &out), 0);
        CHECK(out.is_hrr && out.group == 0x0017 && out.share == NULL);
        unsigned char e[sizeof hrr_ks];
        memcpy(e, hrr_ks, sizeof e);
        e[sizeof e - 1] = 0x1d; /* already had a share */
        l = build_sh(0x0303, nbtls_tls_hrr_random, 32, 0x1301, 0, e, sizeof e);
        CHECK_EQ(parse(&ch, l, &out), NBTLS_TLS_E_ILLEGAL_PARAMETER);
        e[sizeof e - 1] = 0x19; /* not in supported_groups */
        l = build_sh(0x0303, nbtls_tls_hrr_random, 32, 0x1301, 0, e, sizeof e);
        CHECK_EQ(parse(&ch, l, &out), NBTLS_TLS_E_ILLEGAL_PARAMETER);
        static const unsigned char hrr_cookie[] = {SV,   0x00, 0x2c, 0x00, 0x05,
                                                   0x00, 0x03, 'a',  'b',  'c'};
        l = build_sh(0x0303, nbtls_tls_hrr_random, 32, 0x1301, 0, hrr_cookie,
                     sizeof hrr_cookie);
        CHECK_EQ(parse(&ch, l, &out), 0);
        CHECK(out.is_hrr && out.group == 0 && out.cookie_len == 3 &&
              memcmp(out.cookie, "abc", 3) == 0);
        static const unsigned char hrr_empty_cookie[] = {SV,   0x00, 0x2c, 0x00,
                                                         0x02, 0x00, 0x00};
        l = build_sh(0x0303, nbtls_tls_hrr_random, 32, 0x1301, 0,
                     hrr_empty_cookie, sizeof hrr_empty_cookie);
        CHECK_EQ(parse(&ch, l, &out), NBTLS_TLS_E_DECODE_ERROR);
        static const unsigned char hrr_nothing[] = {SV};
        l = build_sh(0x0303, nbtls_tls_hrr_random, 32, 0x1301, 0, hrr_nothing,
                     sizeof hrr_nothing);
        CHECK_EQ(parse(&ch, l, &out), NBTLS_TLS_E_ILLEGAL_PARAMETER);
        static const unsigned char hrr_long_ks[] = {SV,   0x00, 0x33, 0x00,
                                                    0x03, 0x00, 0x17, 0x00};
        l = build_sh(0x0303, nbtls_tls_hrr_random, 32, 0x1301, 0, hrr_long_ks,
                     sizeof hrr_long_ks);
        CHECK_EQ(parse(&ch, l, &out), NBTLS_TLS_E_DECODE_ERROR);
        l = build_sh(0x0303, nbtls_tls_hrr_random, 32, 0x1303, 0, hrr_ks,
                     sizeof hrr_ks);
        CHECK_EQ(parse(&ch, l, &out), NBTLS_TLS_E_ILLEGAL_PARAMETER);
    }
    CHECK_EQ(nbtls_tls_parse_server_hello(NULL, 5, &ch, &out),
             NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_tls_parse_server_hello(sh, 5, NULL, &out),
             NBTLS_E_INVALID_ARG);
}

static int contains(const unsigned char *h, size_t hl, const unsigned char *n,
                    size_t nl) {
    for (size_t i = 0; i + nl <= hl; i++)
        if (memcmp(h + i, n, nl) == 0) return 1;
    return 0;
}

static void test_client_hello(void) {
    nbtls_tls_client_hello ch;
    unsigned char buf[1024];
    nbtls_writer w;
    make_ch(&ch);
    ch.alpn = alpn;
    ch.n_alpn = 2;
    static const unsigned char cookie[] = {9, 8, 7};
    ch.cookie = cookie;
    ch.cookie_len = 3;
    ch.sig_algs_cert = sigs;
    ch.n_sig_algs_cert = 1;
    ch.n_shares = 2;
    nbtls_writer_init(&w, buf, sizeof buf);
    CHECK_EQ(nbtls_tls_write_client_hello(&ch, &w), 0);
    size_t full = w.len;
    CHECK_EQ(buf[0], 1);
    CHECK_EQ(((size_t)buf[1] << 16 | (size_t)buf[2] << 8 | buf[3]), full - 4);
    static const unsigned char want_alpn[] = {
        0x00, 0x10, 0x00, 0x0e, 0x00, 0x0c, 0x02, 'h', '2',
        0x08, 'h',  't',  't',  'p',  '/',  '1',  '.', '1'};
    CHECK(contains(buf, full, want_alpn, sizeof want_alpn));
    static const unsigned char want_cookie[] = {0x00, 0x2c, 0x00, 0x05, 0x00,
                                                0x03, 9,    8,    7};
    CHECK(contains(buf, full, want_cookie, sizeof want_cookie));
    static const unsigned char want_sac[] = {0x00, 0x32, 0x00, 0x04,
                                             0x00, 0x02, 0x04, 0x03};
    CHECK(contains(buf, full, want_sac, sizeof want_sac));
    static const unsigned char want_ks_head[] = {0x00, 0x33, 0x00, 0x6b, 0x00,
                                                 0x69, 0x00, 0x1d, 0x00, 0x20};
    CHECK(contains(buf, full, want_ks_head, sizeof want_ks_head));
    CHECK(contains(buf, full, sid, 32));

    /* every buffer too small fails and writes nothing past it */
    for (size_t size = 0; size < full; size++) {
        unsigned char b2[1024];
        memset(b2, 0xee, sizeof b2);
        nbtls_writer_init(&w, b2, size);
        CHECK_EQ(nbtls_tls_write_client_hello(&ch, &w),
                 NBTLS_E_BUFFER_TOO_SMALL);
        int clean = 1;
        for (size_t i = size; i < sizeof b2; i++)
            if (b2[i] != 0xee) clean = 0;
        CHECK(clean);
    }

    /* refused parameters */
    struct {
        int field;
    } cases[] = {{0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}, {10}};
    for (size_t i = 0; i < NBTLS_ARRAY_LEN(cases); i++) {
        static const char *const bad_alpn[] = {""};
        nbtls_tls_key_share dup[2];
        make_ch(&ch);
        switch (cases[i].field) {
        case 0: ch.session_id_len = 33; break;
        case 1: ch.n_suites = 0; break;
        case 2: ch.n_groups = 0; break;
        case 3: ch.n_sig_algs = 0; break;
        case 4: /* a share for a group not in supported_groups */
            ch.n_groups = 1;
            ch.n_shares = 2;
            break;
        case 5: /* two shares for one group */
            dup[0] = shares[0];
            dup[1] = shares[0];
            ch.shares = dup;
            ch.n_shares = 2;
            break;
        case 6: /* x25519 share of the wrong length */
            dup[0] = shares[0];
            dup[0].len = 31;
            ch.shares = dup;
            break;
        case 7:
            ch.alpn = bad_alpn;
            ch.n_alpn = 1;
            break;
        case 8: ch.record_size_limit = 63; break;
        case 9:
            ch.server_name = NULL;
            ch.server_name_len = 4;
            break;
        case 10:
            ch.cookie = NULL;
            ch.cookie_len = 1;
            break;
        }
        nbtls_writer_init(&w, buf, sizeof buf);
        CHECK_EQ(nbtls_tls_write_client_hello(&ch, &w), NBTLS_E_INVALID_ARG);
        CHECK_EQ(w.len, 0);
    }
    /* an empty key_share (asking for a HelloRetryRequest) is legal */
    make_ch(&ch);
    ch.n_shares = 0;
    ch.session_id_len = 0;
    nbtls_writer_init(&w, buf, sizeof buf);
    CHECK_EQ(nbtls_tls_write_client_hello(&ch, &w), 0);
    static const unsigned char empty_ks[] = {0x00, 0x33, 0x00,
                                             0x02, 0x00, 0x00};
    CHECK(contains(buf, w.len, empty_ks, sizeof empty_ks));
}

/* RFC 8448 section 5's HelloRetryRequest, against a ClientHello that
 * offered secp256r1 without a share. */
static void test_rfc8448_hrr(void) {
    unsigned char m[256];
    size_t n =
        tls_vec_in("tls13_rfc8448_hrr.txt", "hello_retry_request", m, sizeof m);
    nbtls_tls_client_hello ch;
    nbtls_tls_server_hello out;
    make_ch(&ch);
    ch.session_id_len = 0;
    CHECK_EQ(n, 176);
    CHECK_EQ(m[0], 2);
    CHECK_EQ(nbtls_tls_parse_server_hello(m + 4, n - 4, &ch, &out), 0);
    CHECK(out.is_hrr && out.suite == 0x1301 && out.version == 0x0304);
    CHECK(out.group == 0x0017 && out.share == NULL);
    CHECK(out.cookie_len == 114 && out.cookie[0] == 0x71);
    /* the cookie is echoed in the second ClientHello */
    unsigned char buf[1024];
    nbtls_writer w;
    nbtls_tls_key_share p256 = {0x0017, p_pub, 65};
    ch.cookie = out.cookie;
    ch.cookie_len = out.cookie_len;
    ch.shares = &p256;
    ch.n_shares = 1;
    nbtls_writer_init(&w, buf, sizeof buf);
    CHECK_EQ(nbtls_tls_write_client_hello(&ch, &w), 0);
    CHECK(contains(buf, w.len, out.cookie - 4, 4 + 114)); /* 002c 0074 0072 */
    /* with the share it asks for already sent, the HRR is illegal */
    ch.cookie_len = 0;
    CHECK_EQ(nbtls_tls_parse_server_hello(m + 4, n - 4, &ch, &out),
             NBTLS_TLS_E_ILLEGAL_PARAMETER);
}

/* EncryptedExtensions: body = extensions<0..2^16-1>. */
static int ee(const nbtls_tls_client_hello *ch, const unsigned char *exts,
              size_t n, nbtls_tls_encrypted_extensions *out) {
    unsigned char b[300];
    b[0] = (unsigned char)(n >> 8);
    b[1] = (unsigned char)n;
    memcpy(b + 2, exts, n);
    return nbtls_tls_parse_encrypted_extensions(b, n + 2, ch, out);
}

static void test_encrypted_extensions(void) {
    nbtls_tls_client_hello ch;
    nbtls_tls_encrypted_extensions out;
    make_ch(&ch);
    ch.alpn = alpn;
    ch.n_alpn = 2;
    ch.server_name = "example.org";
    ch.server_name_len = 11;
    ch.record_size_limit = 16385;
    static const unsigned char good[] = {
        0x00, 0x00, 0x00, 0x00, /* server_name */
        0x00, 0x10, 0x00, 0x0b, 0x00, 0x09, 0x08, 'h',
        't',  't',  'p',  '/',  '1',  '.',  '1',         /* ALPN http/1.1 */
        0x00, 0x1c, 0x00, 0x02, 0x01, 0x00,              /* rsl 256 */
        0x00, 0x0a, 0x00, 0x04, 0x00, 0x02, 0x00, 0x17}; /* groups */
    CHECK_EQ(ee(&ch, good, sizeof good, &out), 0);
    CHECK(out.server_name_ack && out.alpn_len == 8 &&
          memcmp(out.alpn, "http/1.1", 8) == 0);
    CHECK(out.record_size_limit == 256 && out.groups_len == 2);
    CHECK_EQ(ee(&ch, good, 0, &out), 0); /* no extensions at all */
    CHECK(!out.server_name_ack && out.alpn == NULL &&
          out.record_size_limit == 0);
    /* truncations inside the block, a short block, trailing data */
    for (size_t n = 1; n < sizeof good; n++) {
        if (n == 4 || n == 19 || n == 25) continue; /* whole extensions */
        CHECK_EQ(ee(&ch, good, n, &out), NBTLS_TLS_E_DECODE_ERROR);
    }
    unsigned char b[64];
    CHECK_EQ(nbtls_tls_parse_encrypted_extensions(b, 1, &ch, &out),
             NBTLS_TLS_E_DECODE_ERROR);
    b[0] = 0;
    b[1] = 0;
    b[2] = 0;
    CHECK_EQ(nbtls_tls_parse_encrypted_extensions(b, 3, &ch, &out),
             NBTLS_TLS_E_DECODE_ERROR);
    /* duplicates */
    unsigned char dup[8];
    memcpy(dup, good, 4);
    memcpy(dup + 4, good, 4);
    CHECK_EQ(ee(&ch, dup, 8, &out), NBTLS_TLS_E_ILLEGAL_PARAMETER);
    /* not offered */
    ch.server_name_len = 0;
    CHECK_EQ(ee(&ch, good, 4, &out), NBTLS_TLS_E_UNSUPPORTED_EXTENSION);
    ch.server_name_len = 11;
    ch.n_alpn = 0;
    CHECK_EQ(ee(&ch, good + 4, 15, &out), NBTLS_TLS_E_UNSUPPORTED_EXTENSION);
    ch.n_alpn = 2;
    static const unsigned char unknown[] = {0x12, 0x34, 0x00, 0x00};
    CHECK_EQ(ee(&ch, unknown, 4, &out), NBTLS_TLS_E_UNSUPPORTED_EXTENSION);
    /* offered, but not allowed in EncryptedExtensions */
    static const unsigned char ks[] = {0x00, 0x33, 0x00, 0x00};
    CHECK_EQ(ee(&ch, ks, 4, &out), NBTLS_TLS_E_ILLEGAL_PARAMETER);
    static const unsigned char sv[] = {0x00, 0x2b, 0x00, 0x02, 0x03, 0x04};
    CHECK_EQ(ee(&ch, sv, 6, &out), NBTLS_TLS_E_ILLEGAL_PARAMETER);
    /* server_name with data */
    static const unsigned char sn[] = {0x00, 0x00, 0x00, 0x01, 0x00};
    CHECK_EQ(ee(&ch, sn, 5, &out), NBTLS_TLS_E_DECODE_ERROR);
    /* ALPN: a protocol we did not offer, two protocols, an empty name */
    static const unsigned char a1[] = {0x00, 0x10, 0x00, 0x05, 0x00,
                                       0x03, 0x02, 'h',  '3'};
    CHECK_EQ(ee(&ch, a1, sizeof a1, &out), NBTLS_TLS_E_ILLEGAL_PARAMETER);
    static const unsigned char a2[] = {0x00, 0x10, 0x00, 0x08, 0x00, 0x06,
                                       0x02, 'h',  '2',  0x02, 'h',  '2'};
    CHECK_EQ(ee(&ch, a2, sizeof a2, &out), NBTLS_TLS_E_DECODE_ERROR);
    static const unsigned char a3[] = {0x00, 0x10, 0x00, 0x03,
                                       0x00, 0x01, 0x00};
    CHECK_EQ(ee(&ch, a3, sizeof a3, &out), NBTLS_TLS_E_DECODE_ERROR);
    static const unsigned char a4[] = {0x00, 0x10, 0x00, 0x04, 0x00,
                                       0x02, 0x02, 'h'}; /* name overruns */
    CHECK_EQ(ee(&ch, a4, sizeof a4, &out), NBTLS_TLS_E_DECODE_ERROR);
    /* record_size_limit: below 64, wrong length, above 2^14+1 (clamped) */
    static const unsigned char r1[] = {0x00, 0x1c, 0x00, 0x02, 0x00, 0x3f};
    CHECK_EQ(ee(&ch, r1, sizeof r1, &out), NBTLS_TLS_E_ILLEGAL_PARAMETER);
    static const unsigned char r2[] = {0x00, 0x1c, 0x00, 0x03, 0x00, 0x40, 0};
    CHECK_EQ(ee(&ch, r2, sizeof r2, &out), NBTLS_TLS_E_DECODE_ERROR);
    static const unsigned char r3[] = {0x00, 0x1c, 0x00, 0x02, 0xff, 0xff};
    CHECK_EQ(ee(&ch, r3, sizeof r3, &out), 0);
    CHECK_EQ(out.record_size_limit, 16385);
    /* supported_groups: empty or odd */
    static const unsigned char g1[] = {0x00, 0x0a, 0x00, 0x02, 0x00, 0x00};
    CHECK_EQ(ee(&ch, g1, sizeof g1, &out), NBTLS_TLS_E_DECODE_ERROR);
    static const unsigned char g2[] = {0x00, 0x0a, 0x00, 0x05, 0x00,
                                       0x03, 0x00, 0x17, 0x00};
    CHECK_EQ(ee(&ch, g2, sizeof g2, &out), NBTLS_TLS_E_DECODE_ERROR);
    CHECK_EQ(nbtls_tls_parse_encrypted_extensions(NULL, 2, &ch, &out),
             NBTLS_E_INVALID_ARG);
}

int main(void) {
    test_server_hello();
    test_encrypted_extensions();
    test_rfc8448_hrr();
    test_client_hello();
    return CHECK_DONE();
}
