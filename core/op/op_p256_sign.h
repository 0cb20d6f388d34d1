/* core/op: the P-256 signing state, for the open-box tests (kept as the
 * name they include; the state is op_p256_state.h's). */
#include "op/op_p256_state.h"
