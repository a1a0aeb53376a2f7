/* Shared pieces of the vifxml commands: exit codes, messages, inputs,
 * byte sinks. */
#ifndef VIFXML_CLI_H
#define VIFXML_CLI_H

#include "vifxml.h"

#include <stdbool.h>
#include <stdio.h>

/* Exit codes as diff(1) has them. */
enum { EXIT_SAME = 0, EXIT_DIFF = 1, EXIT_TROUBLE = 2 };

int cli_worse(int a, int b);
/* Prints FILE:LINE:COLUMN: warning|note: MESSAGE unless quiet (ctx: bool*). */
void cli_print_diag(void *quiet, vifxml_diag_level level, const vifxml_error *d);
/* Prints FILE:LINE:COLUMN: error: MESSAGE. */
void cli_print_error(const vifxml_error *e);
/* Prints FILE: error: WHAT: strerror(errno). */
void cli_trouble(const char *file, const char *what);

typedef struct {
  char *p;
  size_t len, cap;
} membuf;
int cli_mem_write(void *membuf, const char *buf, size_t len);
int cli_file_write(void *file, const char *buf, size_t len);

/* Opens PATH ("-" is standard input, named "<stdin>"); NULL after a message. */
FILE *cli_open_input(const char *path, const char **name);
void cli_close_input(FILE *f);
/* Feeds a whole input to a stream and finishes it; keeps a copy in `copy`
 * when given. 0 ok, -1 stream error (see vifxml_stream_error), -2 I/O error
 * (already reported). */
int cli_run_stream(vifxml_stream *s, FILE *in, const char *name, membuf *copy);
/* Reads a whole input into memory. */
int cli_read_all(FILE *in, const char *name, membuf *out);

/* ## Command lines: options and files may be interleaved, `--` ends the
 * options, a lone `-` is a file (standard input); every command takes
 * --help, --version and -q/--quiet. */
typedef struct {
  int argc;
  char **argv; /* argv[0] is the command name */
  const char *usage;
  int i;
  bool only_files;
  const char *arg; /* the current file or option */
  bool quiet;
} cli_args;

enum { CLI_FILE, CLI_OPTION, CLI_END, CLI_EXIT };
/* The next argument: CLI_FILE or CLI_OPTION (in a->arg), CLI_END, or
 * CLI_EXIT once --help or --version has been printed. -q is taken here. */
int cli_next(cli_args *a);
/* The current option's value when it is `name`: "NAME=VALUE" or "NAME
 * VALUE"; NULL when it is another option. */
const char *cli_value(cli_args *a, const char *name);
/* Prints "vifxml CMD: WHAT" and the usage; returns EXIT_TROUBLE. */
int cli_usage_error(const cli_args *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* For an option nobody took: "unknown option", or "needs a value" when it
 * is one of the names given (NULL-terminated) without its value. */
int cli_bad_option(const cli_args *a, const char *const *valued);

/* ## Many files (batch.c) */

/* One input of a batch: the command writes to out and err (captured and
 * replayed in input order when jobs run in parallel). */
typedef struct {
  const char *path;
  FILE *out, *err;
  int rc;
  bool changed;        /* would change (--check) or was rewritten */
  vifxml_stats stats;
} batch_job;

typedef struct {
  unsigned long files, changed, errors, domains, interfaces, legacy;
  unsigned long by_kind[VIFXML_KIND_COUNT];
  unsigned long long bytes;
} batch_totals;

typedef int (*batch_fn)(void *ctx, batch_job *job);

typedef struct {
  int jobs;     /* parallel jobs; <= 1 runs in this thread */
  int summary;  /* 0 none, 1 text, 2 JSON, on stderr */
  bool quiet;   /* no progress line either */
} batch_opts;

/* The inputs: arguments from `first` (directories with -r), then file names
 * read NUL-separated from standard input with -0; "-" when there are none. */
int batch_collect(int argc, char **argv, int first, bool recursive,
                  bool null_list, char ***paths, size_t *n);
/* Runs fn over every path; returns the worst exit code. */
int batch_run(char **paths, size_t n, batch_fn fn, void *ctx,
              const batch_opts *o);

/* Each command: argv[0] is the command name. */
#define VIFXML_COMMANDS(X)                                                     \
  X(normalize, "normalize", "normalize <interface> XML to libvirt's canonical form") \
  X(roundtrip, "roundtrip", "check parse/write round trips and idempotence") \
  X(to_vif, "to-vif", "Nova VIF JSON for each <interface>, with candidate VIF types") \
  X(from_vif, "from-vif", "the <interface> Nova writes for each VIF (JSON in)") \
  X(resolve, "resolve", "turn type='network' interfaces into what libvirt attaches")

#define CLI_DECLARE(fn, name, summary) int cmd_##fn(int argc, char **argv);
VIFXML_COMMANDS(CLI_DECLARE)
#undef CLI_DECLARE

#endif
