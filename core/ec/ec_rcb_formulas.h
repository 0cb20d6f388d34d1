/*
 * core/ec: the point formulas shared by P-256 (p256_point.c) and P-384
 * (p384_point.c), written once over the field operations of the including
 * file — a template, included (without an include guard) after defining:
 *   RCB_FE, RCB_POINT, RCB_AFFINE   the element, projective (x, y, z) and
 *                                   affine (x, y) types;
 *   RCB_MUL(z, x, y), RCB_SQR(z, x), RCB_ADD(z, x, y), RCB_SUB(z, x, y)
 *                                   the field operations (outputs may alias
 *                                   inputs);
 *   RCB_B                           a pointer to the curve's b;
 *   RCB_ADD_FN, RCB_MADD_FN, RCB_DBL_FN, RCB_DBLJ_FN
 *                                   the names of the functions to define.
 * The macros are undefined at the end.
 *
 * Complete formulas of Renes, Costello and Batina ("Complete addition
 * formulas for prime order elliptic curves", eprint 2015/1060) for a = -3:
 * Algorithm 4 (add, 12M + 2 mul-by-b), 5 (mixed add, 11M + 2b; q affine,
 * never infinity) and 6 (double, 8M + 3S + 2b), correct for every input
 * pair; the step numbers in the comments are the paper's. Plus the
 * Jacobian doubling dbl-2001-b (3M + 5S) used inside runs of doublings
 * (exception-free on a prime-order curve: Y = 0 would need a point of
 * order 2; infinity, Z = 0, stays Z = 0). Constant time.
 */

void RCB_ADD_FN(RCB_POINT *r, const RCB_POINT *p, const RCB_POINT *q) {
    RCB_FE t0, t1, t2, t3, t4, x3, y3, z3;
    const RCB_FE *b = RCB_B;
    RCB_MUL(&t0, &p->x, &q->x); /* 1 */
    RCB_MUL(&t1, &p->y, &q->y); /* 2 */
    RCB_MUL(&t2, &p->z, &q->z); /* 3 */
    RCB_ADD(&t3, &p->x, &p->y); /* 4 */
    RCB_ADD(&t4, &q->x, &q->y); /* 5 */
    RCB_MUL(&t3, &t3, &t4);     /* 6 */
    RCB_ADD(&t4, &t0, &t1);     /* 7 */
    RCB_SUB(&t3, &t3, &t4);     /* 8 */
    RCB_ADD(&t4, &p->y, &p->z); /* 9 */
    RCB_ADD(&x3, &q->y, &q->z); /* 10 */
    RCB_MUL(&t4, &t4, &x3);     /* 11 */
    RCB_ADD(&x3, &t1, &t2);     /* 12 */
    RCB_SUB(&t4, &t4, &x3);     /* 13 */
    RCB_ADD(&x3, &p->x, &p->z); /* 14 */
    RCB_ADD(&y3, &q->x, &q->z); /* 15 */
    RCB_MUL(&x3, &x3, &y3);     /* 16 */
    RCB_ADD(&y3, &t0, &t2);     /* 17 */
    RCB_SUB(&y3, &x3, &y3);     /* 18 */
    RCB_MUL(&z3, b, &t2);       /* 19 */
    RCB_SUB(&x3, &y3, &z3);     /* 20 */
    RCB_ADD(&z3, &x3, &x3);     /* 21 */
    RCB_ADD(&x3, &x3, &z3);     /* 22 */
    RCB_SUB(&z3, &t1, &x3);     /* 23 */
    RCB_ADD(&x3, &t1, &x3);     /* 24 */
    RCB_MUL(&y3, b, &y3);       /* 25 */
    RCB_ADD(&t1, &t2, &t2);     /* 26 */
    RCB_ADD(&t2, &t1, &t2);     /* 27 */
    RCB_SUB(&y3, &y3, &t2);     /* 28 */
    RCB_SUB(&y3, &y3, &t0);     /* 29 */
    RCB_ADD(&t1, &y3, &y3);     /* 30 */
    RCB_ADD(&y3, &t1, &y3);     /* 31 */
    RCB_ADD(&t1, &t0, &t0);     /* 32 */
    RCB_ADD(&t0, &t1, &t0);     /* 33 */
    RCB_SUB(&t0, &t0, &t2);     /* 34 */
    RCB_MUL(&t1, &t4, &y3);     /* 35 */
    RCB_MUL(&t2, &t0, &y3);     /* 36 */
    RCB_MUL(&y3, &x3, &z3);     /* 37 */
    RCB_ADD(&y3, &y3, &t2);     /* 38 */
    RCB_MUL(&x3, &t3, &x3);     /* 39 */
    RCB_SUB(&x3, &x3, &t1);     /* 40 */
    RCB_MUL(&z3, &t4, &z3);     /* 41 */
    RCB_MUL(&t1, &t3, &t0);     /* 42 */
    RCB_ADD(&z3, &z3, &t1);     /* 43 */
    r->x = x3;
    r->y = y3;
    r->z = z3;
}

void RCB_MADD_FN(RCB_POINT *r, const RCB_POINT *p, const RCB_AFFINE *q) {
    RCB_FE t0, t1, t2, t3, t4, x3, y3, z3;
    const RCB_FE *b = RCB_B;
    RCB_MUL(&t0, &p->x, &q->x); /* 1 */
    RCB_MUL(&t1, &p->y, &q->y); /* 2 */
    RCB_ADD(&t3, &q->x, &q->y); /* 3 */
    RCB_ADD(&t4, &p->x, &p->y); /* 4 */
    RCB_MUL(&t3, &t3, &t4);     /* 5 */
    RCB_ADD(&t4, &t0, &t1);     /* 6 */
    RCB_SUB(&t3, &t3, &t4);     /* 7 */
    RCB_MUL(&t4, &q->y, &p->z); /* 8 */
    RCB_ADD(&t4, &t4, &p->y);   /* 9 */
    RCB_MUL(&y3, &q->x, &p->z); /* 10 */
    RCB_ADD(&y3, &y3, &p->x);   /* 11 */
    RCB_MUL(&z3, b, &p->z);     /* 12 */
    RCB_SUB(&x3, &y3, &z3);     /* 13 */
    RCB_ADD(&z3, &x3, &x3);     /* 14 */
    RCB_ADD(&x3, &x3, &z3);     /* 15 */
    RCB_SUB(&z3, &t1, &x3);     /* 16 */
    RCB_ADD(&x3, &t1, &x3);     /* 17 */
    RCB_MUL(&y3, b, &y3);       /* 18 */
    RCB_ADD(&t1, &p->z, &p->z); /* 19 */
    RCB_ADD(&t2, &t1, &p->z);   /* 20 */
    RCB_SUB(&y3, &y3, &t2);     /* 21 */
    RCB_SUB(&y3, &y3, &t0);     /* 22 */
    RCB_ADD(&t1, &y3, &y3);     /* 23 */
    RCB_ADD(&y3, &t1, &y3);     /* 24 */
    RCB_ADD(&t1, &t0, &t0);     /* 25 */
    RCB_ADD(&t0, &t1, &t0);     /* 26 */
    RCB_SUB(&t0, &t0, &t2);     /* 27 */
    RCB_MUL(&t1, &t4, &y3);     /* 28 */
    RCB_MUL(&t2, &t0, &y3);     /* 29 */
    RCB_MUL(&y3, &x3, &z3);     /* 30 */
    RCB_ADD(&y3, &y3, &t2);     /* 31 */
    RCB_MUL(&x3, &t3, &x3);     /* 32 */
    RCB_SUB(&x3, &x3, &t1);     /* 33 */
    RCB_MUL(&z3, &t4, &z3);     /* 34 */
    RCB_MUL(&t1, &t3, &t0);     /* 35 */
    RCB_ADD(&z3, &z3, &t1);     /* 36 */
    r->x = x3;
    r->y = y3;
    r->z = z3;
}

void RCB_DBL_FN(RCB_POINT *r, const RCB_POINT *p) {
    RCB_FE t0, t1, t2, t3, x3, y3, z3;
    const RCB_FE *b = RCB_B;
    RCB_SQR(&t0, &p->x);        /* 1 */
    RCB_SQR(&t1, &p->y);        /* 2 */
    RCB_SQR(&t2, &p->z);        /* 3 */
    RCB_MUL(&t3, &p->x, &p->y); /* 4 */
    RCB_ADD(&t3, &t3, &t3);     /* 5 */
    RCB_MUL(&z3, &p->x, &p->z); /* 6 */
    RCB_ADD(&z3, &z3, &z3);     /* 7 */
    RCB_MUL(&y3, b, &t2);       /* 8 */
    RCB_SUB(&y3, &y3, &z3);     /* 9 */
    RCB_ADD(&x3, &y3, &y3);     /* 10 */
    RCB_ADD(&y3, &x3, &y3);     /* 11 */
    RCB_SUB(&x3, &t1, &y3);     /* 12 */
    RCB_ADD(&y3, &t1, &y3);     /* 13 */
    RCB_MUL(&y3, &x3, &y3);     /* 14 */
    RCB_MUL(&x3, &x3, &t3);     /* 15 */
    RCB_ADD(&t3, &t2, &t2);     /* 16 */
    RCB_ADD(&t2, &t2, &t3);     /* 17 */
    RCB_MUL(&z3, b, &z3);       /* 18 */
    RCB_SUB(&z3, &z3, &t2);     /* 19 */
    RCB_SUB(&z3, &z3, &t0);     /* 20 */
    RCB_ADD(&t3, &z3, &z3);     /* 21 */
    RCB_ADD(&z3, &z3, &t3);     /* 22 */
    RCB_ADD(&t3, &t0, &t0);     /* 23 */
    RCB_ADD(&t0, &t3, &t0);     /* 24 */
    RCB_SUB(&t0, &t0, &t2);     /* 25 */
    RCB_MUL(&t0, &t0, &z3);     /* 26 */
    RCB_ADD(&y3, &y3, &t0);     /* 27 */
    RCB_MUL(&t0, &p->y, &p->z); /* 28 */
    RCB_ADD(&t0, &t0, &t0);     /* 29 */
    RCB_MUL(&z3, &t0, &z3);     /* 30 */
    RCB_SUB(&x3, &x3, &z3);     /* 31 */
    RCB_MUL(&z3, &t0, &t1);     /* 32 */
    RCB_ADD(&z3, &z3, &z3);     /* 33 */
    RCB_ADD(&z3, &z3, &z3);     /* 34 */
    r->x = x3;
    r->y = y3;
    r->z = z3;
}

/* dbl-2001-b (Bernstein 2001, a = -3), Explicit-Formulas Database:
 *   delta = Z^2, gamma = Y^2, beta = X gamma,
 *   alpha = 3 (X - delta)(X + delta),
 *   X3 = alpha^2 - 8 beta, Z3 = (Y + Z)^2 - gamma - delta,
 *   Y3 = alpha (4 beta - X3) - 8 gamma^2. */
void RCB_DBLJ_FN(RCB_POINT *r, const RCB_POINT *p) {
    RCB_FE delta, gamma, beta, alpha, t, u;
    RCB_SQR(&delta, &p->z);
    RCB_SQR(&gamma, &p->y);
    RCB_MUL(&beta, &p->x, &gamma);
    RCB_SUB(&t, &p->x, &delta);
    RCB_ADD(&u, &p->x, &delta);
    RCB_MUL(&alpha, &t, &u);
    RCB_ADD(&t, &alpha, &alpha);
    RCB_ADD(&alpha, &alpha, &t);
    RCB_ADD(&t, &p->y, &p->z);
    RCB_SQR(&t, &t);
    RCB_SUB(&t, &t, &gamma);
    RCB_SUB(&r->z, &t, &delta);
    RCB_ADD(&beta, &beta, &beta);
    RCB_ADD(&beta, &beta, &beta);
    RCB_SQR(&t, &alpha);
    RCB_ADD(&u, &beta, &beta);
    RCB_SUB(&r->x, &t, &u);
    RCB_SUB(&t, &beta, &r->x);
    RCB_MUL(&t, &alpha, &t);
    RCB_SQR(&gamma, &gamma);
    RCB_ADD(&gamma, &gamma, &gamma);
    RCB_ADD(&gamma, &gamma, &gamma);
    RCB_ADD(&gamma, &gamma, &gamma);
    RCB_SUB(&r->y, &t, &gamma);
}

#undef RCB_FE
#undef RCB_POINT
#undef RCB_AFFINE
#undef RCB_MUL
#undef RCB_SQR
#undef RCB_ADD
#undef RCB_SUB
#undef RCB_B
#undef RCB_ADD_FN
#undef RCB_MADD_FN
#undef RCB_DBL_FN
#undef RCB_DBLJ_FN
