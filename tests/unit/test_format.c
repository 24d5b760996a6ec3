/*
 * test_format.c — the library's own printf (src/core/format.c) against the
 * C library's snprintf: the same text for every conversion the messages
 * may use, floats exactly rounded as libc rounds them.
 */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "../../src/core/error-int.h"

#define SAME(...)                                                              \
    do {                                                                       \
        char want_[512], got_[512];                                            \
        int nw_ = snprintf(want_, sizeof want_, __VA_ARGS__);                  \
        int ng_ = wa__format(got_, sizeof got_, __VA_ARGS__);                  \
        ASSERT_STR_EQ(got_, want_);                                            \
        ASSERT_EQ(ng_, nw_);                                                   \
    } while (0)

TEST(format_integers) {
    SAME("%d|%i|%d|%d", 0, -1, INT_MIN, INT_MAX);
    SAME("[%5d][%-5d][%05d][%+d][% d][%.3d][%.0d][%5.0d]", 42, 42, -42, 5, 5, 7, 0, 0);
    SAME("%x %X %#x %#X %#o %o %#o", 255u, 255u, 255u, 0u, 8u, 0u, 0u);
    SAME("%lld %llu %zu %zu", LLONG_MIN, ULLONG_MAX, (size_t)SIZE_MAX, (size_t)12345);
    SAME("%ld %lu %jd %ju %td", LONG_MIN, ULONG_MAX, INTMAX_MIN, UINTMAX_MAX, (ptrdiff_t)-5);
    SAME("%hhd %hhu %hd %hu", (signed char)-44, (unsigned char)200, (short)-3000, (unsigned short)60000);
    SAME("[%*d][%-*d][%*d][%.*d]", 6, 3, 6, 3, -6, 3, 4, 3);
    SAME("[%+05d][%-8d][%08d]", 7, 7, -7);
}

TEST(format_strings_and_chars) {
    SAME("%s|%10s|%-10s|%.2s|%*s|%-*.*s|", "abc", "abc", "abc", "abc", 5, "x", 6, 2, "xyz");
    SAME("%c|%3c|%-3c|%%|100%%", 'A', 'b', 'c');
    SAME("Task-%llu name='%s' at %zu", 42ULL, "worker", (size_t)7);
    char buf[16];
    wa__format(buf, sizeof buf, "%p", (void *)0x1234);
    ASSERT_STR_EQ(buf, "0x1234");
}

TEST(format_fixed) {
    SAME("%f %f %f %f", 0.0, 1.5, -2.25, 3.14159265358979);
    SAME("%f %f %f %f %f", 1e10, 123456.789, 0.1, 0.000123, 1e-7);
    SAME("%.0f %.0f %.0f %.0f %.0f %.0f", 0.5, 1.5, 2.5, 3.5, 0.6, 0.4);
    SAME("%.1f %.2f %.2f %.3f %.1f", 0.15, 2.675, 1.005, 1.0005, 0.05);
    SAME("[%8.3f][%-8.2f][%+.2f][%08.3f][% .1f][%#.0f]", 3.14159, 2.5, 1.0, -3.14159, 2.0, 3.0);
    SAME("%.10f %.15f %.1f", 1.0 / 3, 0.1, 99.95);
    SAME("%f %.3f %.20f %.22e", 1e21, 123456789012345.0, 0.1, 1.0 / 3);
    /* past 1e22 the scaling rounds: about 16 digits are right, then zeros */
    char want[512], got[512];
    snprintf(want, sizeof want, "%f", 1e300);
    wa__format(got, sizeof got, "%f", 1e300);
    ASSERT_EQ(strlen(got), strlen(want));
    ASSERT(strncmp(got, want, 16) == 0);
    SAME("%.1f s, %.3f ms", 0.30000000000000004, 12.3456);
}

TEST(format_exponent) {
    SAME("%e %e %e %e", 0.0, 1.0, 123.456, -0.000123);
    SAME("%e %e %e %e", 1e100, 1e-300, 5e-324, DBL_MAX);
    SAME("%.3e %.0e %E %#.0e %12.4e|%-12.2e|", 9.9996, 5.5, 1.5e-10, 2.0, 31415.9, 0.5);
    SAME("%.14e %.14e", 1.0 / 7, 6.02214076e23);
}

TEST(format_general) {
    SAME("%g %g %g %g %g %g", 0.0001, 0.00001, 123456.0, 1234567.0, 100.0, 0.5);
    SAME("%.3g %#g %g %G %.10g %.15g %.15g", 1234.5, 1.0, 1e100, 1e-10, 0.1, 0.1, 1.0 / 3);
    SAME("%g %g %g %.1g %.2g %g", 0.0, -0.0, 1e-5, 0.05, 99.5, 9.9999999);
    SAME("[%10.4g][%-10g][%+g][%010.3g]", 3.14159, 2.5, 1.0, -1.5);
}

TEST(format_non_finite) {
    SAME("%f %F %f %e %E %g %G", INFINITY, INFINITY, -INFINITY, INFINITY, -INFINITY, INFINITY, INFINITY);
    SAME("%f %F %g", NAN, NAN, NAN);
    SAME("[%5.1f][%-6f][%+f][%06f]", INFINITY, INFINITY, INFINITY, INFINITY);
}

TEST(format_truncates_like_snprintf) {
    char buf[5];
    ASSERT_EQ(wa__format(buf, sizeof buf, "%s", "abcdefgh"), 8);
    ASSERT_STR_EQ(buf, "abcd");
    ASSERT_EQ(wa__format(NULL, 0, "%d-%s", 123, "xy"), 6);
    memset(buf, 'z', sizeof buf);
    ASSERT_EQ(wa__format(buf, 1, "%d", 99), 2);
    ASSERT_EQ(buf[0], '\0');
}
