/* The input of bindgen for nbtls-sys: every public header the raw bindings
 * cover. Add a header here (e.g. nbtls/sym.h), then regenerate with
 *   cargo run -p nbtls-gen
 * (bindings/rust/test.sh fails while src/bindings.rs is out of date). */
#include <nbtls/nbtls.h>
