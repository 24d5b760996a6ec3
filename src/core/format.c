/*
 * format.c — printf formatting for error messages, without libc's printf.
 *
 * libc's vsnprintf is the largest thing a wasm module would link (8.6 KB
 * with musl, whose exact float printing alone is 3 KB), and the library
 * needs it only for messages.  This one does the C99 conversions — d i u
 * o x X c s p % and e E f F g G — with flags, width, precision (also *) and
 * the hh h l ll j z t L modifiers.  Floats are printed from 24 significant
 * digits made in double-double arithmetic, so they match libc's exactly
 * rounded output to that many digits for magnitudes 1e-22 .. 1e22 and to
 * about 16 digits beyond.  %n and %a are not supported (%a prints as %e).
 */
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "error-int.h"

typedef struct sink {
    char *buf;
    size_t size, len;       /* len counts what would have been written */
} sink;

typedef struct spec {
    bool left, plus, space, alt, zero, upper;
    int width;
    int prec;               /* -1: none given */
} spec;

static void put(sink *s, char c) {
    if (s->len + 1 < s->size) s->buf[s->len] = c;
    s->len++;
}

static void put_n(sink *s, const char *p, size_t n) {
    while (n--) put(s, *p++);
}

static void pad(sink *s, char c, int n) {
    while (n-- > 0) put(s, c);
}

/* prefix (sign, 0x) + zeros + body, padded to the width. */
static void emit(sink *s, const spec *sp, const char *prefix, int zeros, const char *body, size_t n) {
    int plen = (int)strlen(prefix);
    int fill = sp->width - plen - zeros - (int)n;
    if (!sp->left && !sp->zero) pad(s, ' ', fill);
    put_n(s, prefix, (size_t)plen);
    if (!sp->left && sp->zero) pad(s, '0', fill);
    pad(s, '0', zeros);
    put_n(s, body, n);
    if (sp->left) pad(s, ' ', fill);
}

static const char *sign_of(bool negative, const spec *sp) {
    return negative ? "-" : sp->plus ? "+" : sp->space ? " " : "";
}

static void format_int(sink *s, spec sp, uintmax_t v, bool negative, unsigned base) {
    const char *digits = sp.upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[sizeof(uintmax_t) * 3 + 1];
    size_t n = 0;
    for (uintmax_t x = v; x; x /= base) tmp[sizeof tmp - ++n] = digits[x % base];
    if (sp.prec >= 0) sp.zero = false;
    int zeros = sp.prec > (int)n ? sp.prec - (int)n : (v == 0 && sp.prec < 0);
    const char *prefix = sign_of(negative, &sp);
    if (sp.alt && base == 16 && v) prefix = sp.upper ? "0X" : "0x";
    if (sp.alt && base == 8 && zeros == 0) zeros = 1;
    emit(s, &sp, prefix, zeros, tmp + sizeof tmp - n, n);
}

/* ---- floating point ---------------------------------------------------------- */

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

static void format_float(sink *s, spec sp, double x, char conv) {
    bool negative = signbit(x);
    const char *prefix = sign_of(negative, &sp);
    x = fabs(x);
    if (!isfinite(x)) {
        sp.zero = false;
        const char *text = isnan(x) ? (sp.upper ? "NAN" : "nan") : (sp.upper ? "INF" : "inf");
        emit(s, &sp, prefix, 0, text, 3);
        return;
    }
    int prec = sp.prec < 0 ? 6 : sp.prec;
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
        strip = !sp.alt;
    }
    char body[400];
    size_t n = 0;
    if (conv == 'e') {
        round_digits(d, &e10, prec + 1);
        int exp = x > 0 ? e10 - 1 : 0;
        int last = prec;
        if (strip) while (last > 0 && digit_at(d, last) == '0') last--;
        body[n++] = d[0];
        if (last > 0 || (sp.alt && !strip)) body[n++] = '.';
        for (int i = 1; i <= last && n < sizeof body - 8; i++) body[n++] = digit_at(d, i);
        body[n++] = sp.upper ? 'E' : 'e';
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
        for (int i = 0; i < e10 && n < sizeof body - 1; i++) body[n++] = digit_at(d, i);
        if (last > 0 || (sp.alt && !strip)) body[n++] = '.';
        for (int i = 0; i < last && n < sizeof body; i++) body[n++] = digit_at(d, e10 + i);
    }
    emit(s, &sp, prefix, 0, body, n);
}

/* ---- the conversion loop -------------------------------------------------------- */

int wa__vformat(char *buf, size_t size, const char *fmt, va_list ap) {
    sink s = {buf, size, 0};
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            put(&s, *p);
            continue;
        }
        spec sp = {.prec = -1};
        for (;; p++) {
            char f = p[1];
            if (f == '-') sp.left = true;
            else if (f == '+') sp.plus = true;
            else if (f == ' ') sp.space = true;
            else if (f == '#') sp.alt = true;
            else if (f == '0') sp.zero = true;
            else break;
        }
        p++;
        if (*p == '*') {
            sp.width = va_arg(ap, int);
            if (sp.width < 0) sp.left = true, sp.width = -sp.width;
            p++;
        } else {
            while (*p >= '0' && *p <= '9') sp.width = sp.width * 10 + (*p++ - '0');
        }
        if (*p == '.') {
            p++;
            sp.prec = 0;
            if (*p == '*') {
                sp.prec = va_arg(ap, int);
                p++;
            } else {
                while (*p >= '0' && *p <= '9') sp.prec = sp.prec * 10 + (*p++ - '0');
            }
        }
        if (sp.left) sp.zero = false;
        int len = 0;                /* h -1, hh -2, l 1, ll/j 2, z/t 3 */
        for (;; p++) {
            if (*p == 'h') len = len < 0 ? -2 : -1;
            else if (*p == 'l') len = len > 0 ? 2 : 1;
            else if (*p == 'j') len = 2;
            else if (*p == 'z' || *p == 't') len = 3;
            else if (*p == 'L') len = 0;    /* long double: read as double */
            else break;
        }
        char conv = *p;
        if (!conv) break;
        sp.upper = conv >= 'A' && conv <= 'Z';
        switch (conv) {
        case 'd':
        case 'i': {
            intmax_t v = len == 2 ? va_arg(ap, long long) : len == 1 ? va_arg(ap, long)
                       : len == 3 ? (intmax_t)va_arg(ap, ptrdiff_t) : va_arg(ap, int);
            if (len == -1) v = (short)v;
            if (len == -2) v = (signed char)v;
            format_int(&s, sp, v < 0 ? -(uintmax_t)v : (uintmax_t)v, v < 0, 10);
            break;
        }
        case 'u':
        case 'o':
        case 'x':
        case 'X': {
            uintmax_t v = len == 2 ? va_arg(ap, unsigned long long) : len == 1 ? va_arg(ap, unsigned long)
                        : len == 3 ? va_arg(ap, size_t) : va_arg(ap, unsigned);
            if (len == -1) v = (unsigned short)v;
            if (len == -2) v = (unsigned char)v;
            sp.plus = sp.space = false;
            format_int(&s, sp, v, false, conv == 'u' ? 10 : conv == 'o' ? 8 : 16);
            break;
        }
        case 'p':
            sp.alt = true;
            sp.plus = sp.space = false;
            format_int(&s, sp, (uintptr_t)va_arg(ap, void *), false, 16);
            break;
        case 'c': {
            char c = (char)va_arg(ap, int);
            sp.zero = false;
            emit(&s, &sp, "", 0, &c, 1);
            break;
        }
        case 's': {
            const char *str = va_arg(ap, const char *);
            if (!str) str = "(null)";
            size_t n = 0;   /* strnlen is not C11 */
            while (str[n] && (sp.prec < 0 || n < (size_t)sp.prec)) n++;
            sp.zero = false;
            emit(&s, &sp, "", 0, str, n);
            break;
        }
        case 'e':
        case 'E':
        case 'f':
        case 'F':
        case 'g':
        case 'G':
        case 'a':
        case 'A':
            format_float(&s, sp, va_arg(ap, double), conv == 'a' || conv == 'A' ? 'e' : (char)(conv | 0x20));
            break;
        case '%':
            put(&s, '%');
            break;
        default:        /* unknown: print it as written */
            put(&s, '%');
            put(&s, conv);
            break;
        }
    }
    if (size) buf[s.len < size ? s.len : size - 1] = '\0';
    return s.len > INT32_MAX ? INT32_MAX : (int)s.len;
}

int wa__format(char *buf, size_t size, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = wa__vformat(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

size_t wa__append(char *buf, size_t size, size_t at, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = wa__vformat(at < size ? buf + at : NULL, at < size ? size - at : 0, fmt, ap);
    va_end(ap);
    return at + (n > 0 ? (size_t)n : 0);
}

size_t wa__append_str(char *buf, size_t size, size_t at, const char *s) {
    for (; *s; s++, at++)
        if (at + 1 < size) buf[at] = *s;
    if (size) buf[at < size ? at : size - 1] = '\0';
    return at;
}
