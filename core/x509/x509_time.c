/*
 * core/x509: Time (RFC 5280 4.1.2.5). UTCTime is YYMMDDHHMMSSZ (YY >= 50
 * is 19YY, else 20YY); GeneralizedTime is YYYYMMDDHHMMSSZ and is used for
 * the years 2050 and later (earlier years are accepted too: real trust
 * anchors use them). Seconds are present, the zone is 'Z', no
 * fraction. Every field is range-checked (days per month with leap years,
 * hours < 24, minutes and seconds < 60).
 */
#include "x509/x509.h"

#define BAD NBTLS_E_CERTIFICATE

static int digits(const unsigned char *p, size_t n, int *v) {
    int x = 0;
    for (size_t i = 0; i < n; i++) {
        NBTLS_ENSURE(p[i] >= '0' && p[i] <= '9', BAD);
        x = x * 10 + (p[i] - '0');
    }
    *v = x;
    return NBTLS_DONE;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; H. Hinnant's
 * days_from_civil). */
static int64_t days_from_civil(int64_t y, int m, int d) {
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int nbtls_x509_parse_time(uint8_t tag, const unsigned char *p, size_t len,
                          int64_t *t) {
    int year, mon, day, hour, min, sec;
    size_t yl;
    if (tag == 0x17) {
        NBTLS_ENSURE(len == 13, BAD);
        yl = 2;
    } else if (tag == 0x18) {
        NBTLS_ENSURE(len == 15, BAD);
        yl = 4;
    } else {
        return BAD;
    }
    NBTLS_ENSURE(p[len - 1] == 'Z', BAD);
    NBTLS_GUARD(digits(p, yl, &year));
    NBTLS_GUARD(digits(p + yl, 2, &mon));
    NBTLS_GUARD(digits(p + yl + 2, 2, &day));
    NBTLS_GUARD(digits(p + yl + 4, 2, &hour));
    NBTLS_GUARD(digits(p + yl + 6, 2, &min));
    NBTLS_GUARD(digits(p + yl + 8, 2, &sec));
    /* RFC 5280 wants UTCTime through 2049, but trusted roots use
     * GeneralizedTime earlier (Certum Trusted Network CA 2: 2011, 2046):
     * accepted, the format being the strict one */
    if (yl == 2) year += year >= 50 ? 1900 : 2000;
    NBTLS_ENSURE(mon >= 1 && mon <= 12, BAD);
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    int dmax = mdays[mon - 1] + (mon == 2 && leap);
    NBTLS_ENSURE(day >= 1 && day <= dmax, BAD);
    NBTLS_ENSURE(hour < 24 && min < 60 && sec < 60, BAD);
    *t = days_from_civil(year, mon, day) * 86400 + hour * 3600 + min * 60 + sec;
    return NBTLS_DONE;
}
