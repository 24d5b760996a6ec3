/*
 * format-float.c — the digits of format.c's float conversions (e f g),
 * part of the debug observer: only its texts print floats.
 */
#include <stdbool.h>
#include <string.h>

#include "debug-int.h"

/* Digits are made in double-double arithmetic (a value is hi + lo, ~106
 * bits), so they are exact to SIG places for numbers whose scaling to
 * [1, 10) needs only exact powers of ten (1e-22 .. 1e22); beyond that the
 * first scaling steps round, and about 16 digits are right. */
enum { SIG = 24 };

typedef struct dd {
    double hi, lo;
} dd;

/* a + b exactly (Knuth's two-sum). */
static dd two_sum(double a, double b) {
    double s = a + b, bb = s - a;
    dd r = {s, (a - (s - bb)) + (b - bb)};
    return r;
}

/* a * b exactly (Dekker's product; |a|, |b| < 1e300 here). */
static dd two_prod(double a, double b) {
    const double split = 134217729.0;   /* 2^27 + 1 */
    double t = split * a, ah = t - (t - a), al = a - ah;
    t = split * b;
    double bh = t - (t - b), bl = b - bh;
    double p = a * b;
    dd r = {p, ((ah * bh - p) + ah * bl + al * bh) + al * bl};
    return r;
}

static dd dd_mul(dd x, double b) {
    dd p = two_prod(x.hi, b);
    return two_sum(p.hi, p.lo + x.lo * b);
}

/* x / b for b an exact power of ten: one correction step. */
static dd dd_div(double x, double b) {
    double q = x / b;
    dd back = two_prod(q, b);
    double r = (x - back.hi) - back.lo;
    return two_sum(q, r / b);
}

/* x > 0 as SIG decimal digits d[0..SIG) with x ~ 0.d * 10^(*e10). */
static void decimal_digits(double x, char d[SIG], int *e10) {
    static const double p10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    int e = 0;
    while (x >= 1e22) x /= 1e22, e += 22;   /* rounds: only for huge and tiny numbers */
    while (x < 1e-22) x *= 1e22, e -= 22;
    int k = 0;              /* 10^k <= x < 10^(k+1) */
    if (x >= 1) {
        while (k < 21 && x >= p10[k + 1]) k++;
    } else {
        while (k > -22 && x * p10[-k] < 1) k--;
    }
    dd y = k >= 0 ? dd_div(x, p10[k]) : dd_mul((dd){x, 0}, p10[-k]);
    if (y.hi + y.lo < 1) {  /* x * 10^-k rounded up to 1 above */
        y = dd_mul(y, 10);
        k--;
    }
    for (int i = 0; i < SIG; i++) {
        int digit = (int)y.hi;
        if ((y.hi - digit) + y.lo < 0) digit--;     /* hi rounded up to an integer */
        if (digit > 9) digit = 9;
        if (digit < 0) digit = 0;
        d[i] = (char)('0' + digit);
        y = dd_mul(two_sum(y.hi - digit, y.lo), 10);
    }
    *e10 = e + k + 1;
}

/* Rounds d (with exponent *e10) to keep significant digits (0 .. SIG), to
 * nearest and a tie to even, as libc does for exact halves like 0.5; a
 * carry out of the first digit shifts the exponent. */
static void round_digits(char d[SIG], int *e10, int keep) {
    if (keep >= SIG) return;
    if (keep < 0) {
        memset(d, '0', SIG);
        return;
    }
    bool tie = d[keep] == '5';
    for (int i = keep + 1; tie && i < SIG; i++) tie = d[i] == '0';
    bool odd = keep > 0 && (d[keep - 1] - '0') % 2;
    bool up = tie ? odd : d[keep] >= '5';
    memset(d + keep, '0', (size_t)(SIG - keep));
    for (int i = keep - 1; up && i >= 0; i--) {
        up = d[i] == '9';
        d[i] = up ? '0' : (char)(d[i] + 1);
    }
    if (up) {   /* 999.. became 1000.. */
        memmove(d + 1, d, SIG - 1);
        d[0] = '1';
        ++*e10;
    } else if (keep == 0) {
        memset(d, '0', SIG);
    }
}

static char digit_at(const char d[SIG], int i) { return i >= 0 && i < SIG ? d[i] : '0'; }

size_t wa__float_digits(double x, char conv, int prec, bool alt, bool upper, char *body, size_t cap) {
    char d[SIG];
    int e10 = 1;
    if (x > 0) decimal_digits(x, d, &e10);
    else memset(d, '0', SIG);
    bool strip = false;     /* %g drops trailing zeros unless # */
    if (conv == 'g') {
        int p = prec ? prec : 1;
        round_digits(d, &e10, p);
        int exp = x > 0 ? e10 - 1 : 0;
        if (exp < -4 || exp >= p) {
            conv = 'e', prec = p - 1;
        } else {
            conv = 'f', prec = p - 1 - exp;
        }
        strip = !alt;
    }
    size_t n = 0;
    if (conv == 'e') {
        round_digits(d, &e10, prec + 1);
        int exp = x > 0 ? e10 - 1 : 0;
        int last = prec;
        if (strip) while (last > 0 && digit_at(d, last) == '0') last--;
        body[n++] = d[0];
        if (last > 0 || (alt && !strip)) body[n++] = '.';
        for (int i = 1; i <= last && n < cap - 8; i++) body[n++] = digit_at(d, i);
        body[n++] = upper ? 'E' : 'e';
        body[n++] = exp < 0 ? '-' : '+';
        int a = exp < 0 ? -exp : exp;
        if (a >= 100) body[n++] = (char)('0' + a / 100);
        body[n++] = (char)('0' + a / 10 % 10);
        body[n++] = (char)('0' + a % 10);
    } else {
        if (x > 0) round_digits(d, &e10, e10 + prec);
        int last = prec;
        if (strip) {
            while (last > 0 && digit_at(d, e10 + last - 1) == '0') last--;
        }
        if (e10 <= 0) body[n++] = '0';
        for (int i = 0; i < e10 && n < cap - 1; i++) body[n++] = digit_at(d, i);
        if (last > 0 || (alt && !strip)) body[n++] = '.';
        for (int i = 0; i < last && n < cap; i++) body[n++] = digit_at(d, e10 + i);
    }
    return n;
}
