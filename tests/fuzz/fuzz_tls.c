/*
 * Fuzz target (TLS): the record layer, handshake reassembly and the
 * ServerHello parser of core/tls on arbitrary bytes. The first byte picks
 * the mode:
 *   0  a stream of plaintext records (as before any key);
 *   1  a stream of records protected under RFC 8448 section 3's server
 *      handshake key and IV (so the seed decrypts to the server's flight);
 *   2  the rest is a ServerHello body, parsed against RFC 8448's
 *      ClientHello;
 *   3  the rest (after a chunk-size byte) is handshake content fed to the
 *      reassembler in chunks of that size.
 * Handshake content from modes 0, 1 and 3 goes through the reassembler and
 * every ServerHello and EncryptedExtensions found is parsed. Oracles: only the
 * documented codes come back (each alert code the layer may give, nothing
 * else); pointers stay inside their buffers; lengths add up; a record that
 * opens, sealed again at the same sequence number, opens to the same type and
 * content; parsing is deterministic. Seeds: tests/fuzz/corpus/fuzz_tls/
 * (make_corpus_tls.py, from tests/vectors/tls13_rfc8448_simple.txt).
 */
#include "fuzz_common.h"

#include "tls/ee.h"
#include "tls/handshake.h"
#include "tls/hello.h"
#include "tls/record.h"

/* RFC 8448 section 3: server handshake write key and IV. */
static const unsigned char s_hs_key[16] = {0x3f, 0xce, 0x51, 0x60, 0x09, 0xc2,
                                           0x17, 0x27, 0xd0, 0xf2, 0xe4, 0xe8,
                                           0x6e, 0xe4, 0x03, 0xbc};
static const unsigned char s_hs_iv[12] = {0x5d, 0x31, 0x3e, 0xb2, 0x67, 0x12,
                                          0x76, 0xee, 0x13, 0x00, 0x0b, 0x30};

/* RFC 8448's ClientHello parameters (the parser checks against them). */
static const uint16_t suites[] = {0x1301, 0x1303, 0x1302};
static const uint16_t groups[] = {0x001d, 0x0017, 0x0018, 0x0019, 0x0100,
                                  0x0101, 0x0102, 0x0103, 0x0104};
static const uint16_t sigs[] = {0x0403, 0x0804};
static const unsigned char client_pub[32] = {1};

static void offered(nbtls_tls_client_hello *ch, nbtls_tls_key_share *ks) {
    memset(ch, 0, sizeof *ch);
    ks->group = NBTLS_TLS_GROUP_X25519;
    ks->key = client_pub;
    ks->len = 32;
    ch->suites = suites;
    ch->n_suites = 3;
    ch->groups = groups;
    ch->n_groups = 9;
    ch->shares = ks;
    ch->n_shares = 1;
    ch->sig_algs = sigs;
    ch->n_sig_algs = 2;
    ch->server_name = "server";
    ch->server_name_len = 6;
    ch->record_size_limit = 0x4001;
    ch->psk_dhe_ke = 1;
    ch->renegotiation_info = 1;
    ch->session_ticket = 1;
}

static int is_parse_code(int rc) {
    return rc == 0 || rc == NBTLS_TLS_E_DECODE_ERROR ||
           rc == NBTLS_TLS_E_ILLEGAL_PARAMETER ||
           rc == NBTLS_TLS_E_UNSUPPORTED_EXTENSION ||
           rc == NBTLS_TLS_E_MISSING_EXTENSION ||
           rc == NBTLS_TLS_E_PROTOCOL_VERSION;
}

static void server_hello(const unsigned char *body, size_t len) {
    nbtls_tls_client_hello ch;
    nbtls_tls_key_share ks;
    nbtls_tls_server_hello a, b;
    offered(&ch, &ks);
    int rc = nbtls_tls_parse_server_hello(body, len, &ch, &a);
    FUZZ_ASSERT(is_parse_code(rc));
    FUZZ_ASSERT(nbtls_tls_parse_server_hello(body, len, &ch, &b) == rc);
    if (rc != 0) return;
    FUZZ_ASSERT(memcmp(&a, &b, sizeof a) == 0);
    FUZZ_ASSERT(a.version == NBTLS_TLS_VERSION_13);
    FUZZ_ASSERT(a.suite == 0x1301 || a.suite == 0x1302 || a.suite == 0x1303);
    FUZZ_ASSERT(a.is_hrr == (memcmp(a.random, nbtls_tls_hrr_random, 32) == 0));
    if (a.is_hrr) {
        FUZZ_ASSERT(a.share == NULL);
        FUZZ_ASSERT(a.group != NBTLS_TLS_GROUP_X25519);
        FUZZ_ASSERT(a.group != 0 || a.cookie != NULL);
    } else {
        FUZZ_ASSERT(a.group == NBTLS_TLS_GROUP_X25519 && a.share_len == 32);
        FUZZ_ASSERT(a.share >= body && a.share + 32 <= body + len);
        FUZZ_ASSERT(a.cookie == NULL);
    }
    if (a.cookie)
        FUZZ_ASSERT(a.cookie >= body && a.cookie + a.cookie_len <= body + len);
}

static void encrypted_extensions(const unsigned char *body, size_t len) {
    nbtls_tls_client_hello ch;
    nbtls_tls_key_share ks;
    nbtls_tls_encrypted_extensions a, b;
    static const char *const alpn[] = {"h2", "http/1.1"};
    offered(&ch, &ks);
    ch.alpn = alpn;
    ch.n_alpn = 2;
    int rc = nbtls_tls_parse_encrypted_extensions(body, len, &ch, &a);
    FUZZ_ASSERT(rc == 0 || rc == NBTLS_TLS_E_DECODE_ERROR ||
                rc == NBTLS_TLS_E_ILLEGAL_PARAMETER ||
                rc == NBTLS_TLS_E_UNSUPPORTED_EXTENSION);
    FUZZ_ASSERT(nbtls_tls_parse_encrypted_extensions(body, len, &ch, &b) == rc);
    if (rc != 0) return;
    FUZZ_ASSERT(memcmp(&a, &b, sizeof a) == 0);
    if (a.alpn)
        FUZZ_ASSERT((a.alpn_len == 2 && memcmp(a.alpn, "h2", 2) == 0) ||
                    (a.alpn_len == 8 && memcmp(a.alpn, "http/1.1", 8) == 0));
    FUZZ_ASSERT(a.record_size_limit == 0 ||
                (a.record_size_limit >= 64 && a.record_size_limit <= 16385));
    if (a.groups)
        FUZZ_ASSERT(a.groups >= body && a.groups + a.groups_len <= body + len &&
                    a.groups_len % 2 == 0);
}

static unsigned char store[4 + 2048];

/* Feed content[0..n) to the reassembler. */
static void handshake(nbtls_tls_hs_reasm *r, const unsigned char *content,
                      size_t n) {
    nbtls_reader src;
    nbtls_tls_hs_msg m;
    int rc;
    nbtls_reader_init(&src, content, n);
    while ((rc = nbtls_tls_hs_next(r, &src, &m)) == 1) {
        FUZZ_ASSERT(m.raw_len == NBTLS_TLS_HS_HEADER_LEN + m.len);
        FUZZ_ASSERT(m.len <= r->max_body);
        FUZZ_ASSERT(m.body == m.raw + NBTLS_TLS_HS_HEADER_LEN);
        int in_src = m.raw >= content && m.raw + m.raw_len <= content + n;
        int in_store = m.raw == store && m.raw_len <= sizeof store;
        FUZZ_ASSERT(in_src || in_store);
        if (m.type == NBTLS_TLS_HS_SERVER_HELLO) server_hello(m.body, m.len);
        if (m.type == NBTLS_TLS_HS_ENCRYPTED_EXTENSIONS)
            encrypted_extensions(m.body, m.len);
    }
    FUZZ_ASSERT(rc == 0 || rc == NBTLS_TLS_E_DECODE_ERROR);
    FUZZ_ASSERT(src.pos >= content && src.pos <= content + n);
}

static unsigned char rec[NBTLS_TLS_MAX_RECORD + 64];
static unsigned char again[NBTLS_TLS_MAX_RECORD + 64];

static void records(const uint8_t *data, size_t size, int prot) {
    nbtls_tls_rec_dir rd, wd;
    nbtls_tls_hs_reasm r;
    nbtls_tls_rec_dir_init(&rd);
    nbtls_tls_rec_dir_init(&wd);
    FUZZ_ASSERT(nbtls_tls_hs_reasm_init(&r, store, sizeof store, 2048) == 0);
    if (prot) {
        FUZZ_ASSERT(nbtls_tls_rec_dir_set_keys(&rd, NBTLS_AES_128_GCM, s_hs_key,
                                               16, s_hs_iv) == 0);
        FUZZ_ASSERT(nbtls_tls_rec_dir_set_keys(&wd, NBTLS_AES_128_GCM, s_hs_key,
                                               16, s_hs_iv) == 0);
    }
    size_t pos = 0;
    while (size - pos >= NBTLS_TLS_RECORD_HEADER_LEN) {
        uint8_t type;
        size_t len;
        int rc = nbtls_tls_rec_header(data + pos, prot, &type, &len);
        FUZZ_ASSERT(rc == 0 || rc == NBTLS_TLS_E_UNEXPECTED_MESSAGE ||
                    rc == NBTLS_TLS_E_RECORD_OVERFLOW);
        if (rc != 0) break;
        if (size - pos - NBTLS_TLS_RECORD_HEADER_LEN < len) break;
        size_t rl = NBTLS_TLS_RECORD_HEADER_LEN + len;
        memcpy(rec, data + pos, rl);
        pos += rl;
        unsigned char *content;
        size_t clen;
        uint64_t seq = rd.seq;
        rc = nbtls_tls_rec_open(&rd, rec, rl, &type, &content, &clen);
        FUZZ_ASSERT(rc == 0 || rc == NBTLS_TLS_E_UNEXPECTED_MESSAGE ||
                    rc == NBTLS_TLS_E_BAD_RECORD_MAC ||
                    rc == NBTLS_TLS_E_RECORD_OVERFLOW ||
                    rc == NBTLS_TLS_E_DECODE_ERROR);
        if (rc != 0) {
            /* a protected record that fails moves nothing forward ... */
            if (rc == NBTLS_TLS_E_BAD_RECORD_MAC) FUZZ_ASSERT(rd.seq == seq);
            continue;
        }
        FUZZ_ASSERT(content == rec + NBTLS_TLS_RECORD_HEADER_LEN);
        FUZZ_ASSERT(clen <= len && clen <= NBTLS_TLS_MAX_PLAINTEXT);
        FUZZ_ASSERT(type == NBTLS_TLS_CT_HANDSHAKE ||
                    type == NBTLS_TLS_CT_ALERT ||
                    type == NBTLS_TLS_CT_APPLICATION_DATA ||
                    type == NBTLS_TLS_CT_CHANGE_CIPHER_SPEC);
        if (prot && type != NBTLS_TLS_CT_CHANGE_CIPHER_SPEC) {
            /* ... one that opens reseals (without its padding) at the same
             * sequence number and opens to the same thing */
            FUZZ_ASSERT(rd.seq == seq + 1);
            nbtls_tls_rec_dir w2 = wd, r2 = rd;
            w2.seq = seq;
            r2.seq = seq;
            size_t al;
            memcpy(again + NBTLS_TLS_RECORD_HEADER_LEN, content, clen);
            FUZZ_ASSERT(nbtls_tls_rec_seal(&w2, type, again, sizeof again, clen,
                                           0, &al) == 0);
            uint8_t t2;
            unsigned char *c2;
            size_t l2;
            FUZZ_ASSERT(nbtls_tls_rec_open(&r2, again, al, &t2, &c2, &l2) == 0);
            FUZZ_ASSERT(t2 == type && l2 == clen &&
                        memcmp(c2, content, clen) == 0);
        }
        if (type == NBTLS_TLS_CT_HANDSHAKE) handshake(&r, content, clen);
        if (type == NBTLS_TLS_CT_CHANGE_CIPHER_SPEC) {
            int c = nbtls_tls_rec_check_ccs(content, clen);
            FUZZ_ASSERT(c == 0 || c == NBTLS_TLS_E_UNEXPECTED_MESSAGE);
        }
    }
    nbtls_tls_rec_dir_clear(&rd);
    nbtls_tls_rec_dir_clear(&wd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1 || size > 20000) return 0;
    uint8_t mode = data[0] & 3;
    data++;
    size--;
    if (mode == 0 || mode == 1) {
        records(data, size, mode);
    } else if (mode == 2) {
        server_hello(size ? data : (const uint8_t *)"", size);
    } else if (size >= 1) {
        size_t chunk = data[0] ? data[0] : 1;
        nbtls_tls_hs_reasm r;
        FUZZ_ASSERT(nbtls_tls_hs_reasm_init(&r, store, sizeof store, 1024) ==
                    0);
        for (size_t pos = 1; pos < size; pos += chunk) {
            size_t n = size - pos < chunk ? size - pos : chunk;
            handshake(&r, data + pos, n);
        }
    }
    return 0;
}
