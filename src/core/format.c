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
 * about 16 digits beyond (format-float.c, part of the debug observer:
 * builds without it print a float conversion as "%" and its letter, "%g").
 * %n and %a are not supported (%a prints as %e).
 */
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "hook-int.h"

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

/* Only the debug observer's texts format floats (a repr's when=1.500), so
 * their digits are its part (format-float.c): without it a float
 * conversion prints as "%" and its letter, as an unknown one does. */
static void format_float(sink *s, spec sp, double x, char conv, char written) {
    if (!wa__debug) {
        put(s, '%');
        put(s, written);
        return;
    }
    bool negative = signbit(x);
    const char *prefix = sign_of(negative, &sp);
    x = fabs(x);
    if (!isfinite(x)) {
        sp.zero = false;
        const char *text = isnan(x) ? (sp.upper ? "NAN" : "nan") : (sp.upper ? "INF" : "inf");
        emit(s, &sp, prefix, 0, text, 3);
        return;
    }
    char body[400];
    size_t n = wa__debug->float_digits(x, conv, sp.prec < 0 ? 6 : sp.prec, sp.alt, sp.upper, body, sizeof body);
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
            format_float(&s, sp, va_arg(ap, double), conv == 'a' || conv == 'A' ? 'e' : (char)(conv | 0x20), conv);
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
