/*
 * interp.h — the C fuzz interpreter: runs a program of the fuzz language
 * (tests/fuzz/LANGUAGE.md) on wasyncio and prints its trace, for comparison
 * with tests/fuzz/interp.py's run of the same program on CPython's asyncio.
 *
 * A conformance scenario emitted from a fuzz program is
 *     #include "../fuzz/interp.h"
 *     static const char program[] = "...";
 *     int main(void) { return fuzz_main(program); }
 */
#ifndef FUZZ_INTERP_H
#define FUZZ_INTERP_H

/* Parses text and runs it on a fresh loop on the virtual clock, printing its
 * trace on stdout (flushed when it returns).  Returns 0, or 2 after printing
 * "error: line N: ..." for a text that is not a program. */
int fuzz_run_program(const char *text);

/* fuzz_run_program with stdout unbuffered, as the conformance scenarios
 * print (CONF_INIT): a scenario's main. */
int fuzz_main(const char *text);

#endif
