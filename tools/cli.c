/* Shared pieces of the vifxml commands. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int cli_worse(int a, int b) { return a > b ? a : b; }

void cli_print_diag(void *quiet, vifxml_diag_level level, const vifxml_error *d) {
  if (quiet && *(bool *)quiet)
    return;
  fprintf(stderr, "%s:%lu:%lu: %s: %s\n", d->file, d->line, d->column,
          level == VIFXML_DIAG_NOTE ? "note" : "warning", d->message);
}

void cli_print_error(const vifxml_error *e) {
  if (e->line)
    fprintf(stderr, "%s:%lu:%lu: error: %s\n", e->file, e->line, e->column,
            e->message);
  else
    fprintf(stderr, "%s: error: %s\n", e->file, e->message);
}

void cli_trouble(const char *file, const char *what) {
  fprintf(stderr, "%s: error: %s: %s\n", file, what, strerror(errno));
}

int cli_mem_write(void *ctx, const char *buf, size_t len) {
  membuf *m = ctx;
  if (m->len + len + 1 > m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 65536;
    while (cap < m->len + len + 1)
      cap *= 2;
    char *p = realloc(m->p, cap);
    if (!p)
      return -1;
    m->p = p;
    m->cap = cap;
  }
  memcpy(m->p + m->len, buf, len);
  m->len += len;
  m->p[m->len] = '\0';
  return 0;
}

int cli_file_write(void *ctx, const char *buf, size_t len) {
  return fwrite(buf, 1, len, ctx) == len ? 0 : -1;
}

FILE *cli_open_input(const char *path, const char **name) {
  if (!strcmp(path, "-")) {
    *name = "<stdin>";
    return stdin;
  }
  *name = path;
  FILE *f = fopen(path, "rb");
  if (!f)
    cli_trouble(path, "cannot open");
  return f;
}

void cli_close_input(FILE *f) {
  if (f && f != stdin)
    fclose(f);
}

int cli_run_stream(vifxml_stream *s, FILE *in, const char *name, membuf *copy) {
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, in)) > 0) {
    if (copy && cli_mem_write(copy, buf, n) < 0)
      return -1;
    if (vifxml_stream_feed(s, buf, n) < 0)
      return -1;
  }
  if (ferror(in)) {
    cli_trouble(name, "cannot read");
    return -2;
  }
  return vifxml_stream_finish(s);
}

int cli_read_all(FILE *in, const char *name, membuf *out) {
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, in)) > 0)
    if (cli_mem_write(out, buf, n) < 0)
      return -1;
  if (ferror(in)) {
    cli_trouble(name, "cannot read");
    return -1;
  }
  return cli_mem_write(out, "", 0);
}

int cli_first_file(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--"))
      return i + 1;
    if (argv[i][0] != '-' || !strcmp(argv[i], "-"))
      return i;
  }
  return argc;
}
