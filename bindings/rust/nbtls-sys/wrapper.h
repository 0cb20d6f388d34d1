/* The input of bindgen for nbtls-sys: every public header the raw bindings
 * cover. nbtls.h is bound whole; of sym.h only the hash ids (and digest
 * lengths) are kept, see nbtls-gen/src/lib.rs; x509.h is bound whole. After a header change,
 * regenerate with
 *   cargo run -p nbtls-gen
 * (bindings/rust/test.sh fails while src/bindings.rs is out of date). */
#include <nbtls/nbtls.h>
#include <nbtls/sym.h>
#include <nbtls/x509.h>
