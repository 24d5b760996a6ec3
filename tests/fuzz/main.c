/*
 * main.c — the `fuzz` program: `fuzz FILE` runs one fuzz program and prints
 * its trace (exit 2 when FILE is not a program); FILE `-` is stdin, for
 * runtimes that open no files (tools/wasi-run.mjs preopens no directory);
 * `fuzz --batch` reads
 * programs on stdin, each followed by a line `%%`, and prints each trace
 * followed by `%%`, a fresh loop each: tools/fuzz.mjs keeps one process for
 * thousands of programs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interp.h"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
/* Emscripten 3.1.6's glue reads stdin under Node with its `fs`, which it
 * loads only to read the .wasm: never in a SINGLE_FILE build, where every
 * read of stdin then fails.  Load it first. */
#define READY_STDIN() emscripten_run_script("if (typeof requireNodeFS == 'function') requireNodeFS()")
#else
#define READY_STDIN() ((void)0)
#endif

/* Appends len bytes of s to the growing buffer *buf. */
static void append(char **buf, size_t *len, size_t *cap, const char *s, size_t n) {
    if (*len + n + 1 > *cap) {
        *cap = (*len + n + 1) * 2;
        char *grown = realloc(*buf, *cap);
        if (!grown) {
            fprintf(stderr, "fuzz: out of memory\n");
            exit(1);
        }
        *buf = grown;
    }
    memcpy(*buf + *len, s, n);
    *len += n;
    (*buf)[*len] = '\0';
}

static int batch(void) {
    char line[4096];
    char *prog = NULL;
    size_t len = 0, cap = 0;
    append(&prog, &len, &cap, "", 0);
    while (fgets(line, sizeof line, stdin)) {
        if (strcmp(line, "%%\n") == 0 || strcmp(line, "%%") == 0 || strcmp(line, "%%\r\n") == 0) {
            fuzz_run_program(prog);
            fputs("%%\n", stdout);
            fflush(stdout);
            len = 0;
            prog[0] = '\0';
            continue;
        }
        append(&prog, &len, &cap, line, strlen(line));
    }
    free(prog);
    return 0;
}

int main(int argc, char **argv) {
    READY_STDIN();
    if (argc == 2 && strcmp(argv[1], "--batch") == 0) return batch();
    if (argc != 2) {
        fprintf(stderr, "usage: fuzz FILE | fuzz - | fuzz --batch\n");
        return 2;
    }
    FILE *in = strcmp(argv[1], "-") == 0 ? stdin : fopen(argv[1], "rb");
    if (!in) {
        perror(argv[1]);
        return 2;
    }
    char *prog = NULL, chunk[4096];
    size_t len = 0, cap = 0, n;
    append(&prog, &len, &cap, "", 0);
    while ((n = fread(chunk, 1, sizeof chunk, in)) > 0) append(&prog, &len, &cap, chunk, n);
    if (in != stdin) fclose(in);
    int rc = fuzz_run_program(prog);
    free(prog);
    return rc;
}
