/* Shared pieces of the vifxml commands: exit codes, messages, inputs,
 * byte sinks. */
#ifndef VIFXML_CLI_H
#define VIFXML_CLI_H

#include "vifxml.h"

#include <stdbool.h>
#include <stdio.h>
#include <sys/stat.h>

/* Exit codes as diff(1) has them. */
enum { EXIT_SAME = 0, EXIT_DIFF = 1, EXIT_TROUBLE = 2 };

int cli_worse(int a, int b);
/* Prints FILE:LINE:COLUMN: warning|note: MESSAGE unless quiet (ctx: bool*). */
void cli_print_diag(void *quiet, vifxml_diag_level level, const vifxml_error *d);
/* The same to a given stream (a job's), ctx a cli_diag_to. */
typedef struct {
  bool quiet;
  FILE *err;
} cli_diag_to;
void cli_print_diag_to(void *to, vifxml_diag_level level, const vifxml_error *d);
/* Prints FILE:LINE:COLUMN: error: MESSAGE (FILE: error: MESSAGE when it has
 * no position). */
void cli_print_error(const vifxml_error *e);
void cli_print_error_to(FILE *to, const vifxml_error *e);
/* Prints FILE: error: WHAT: strerror(errno). */
void cli_trouble(FILE *err, const char *file, const char *what);

typedef struct {
  char *p;
  size_t len, cap;
} membuf;
int cli_mem_write(void *membuf, const char *buf, size_t len);
int cli_file_write(void *file, const char *buf, size_t len);

/* $TMPDIR, or /tmp when it is unset or empty. */
const char *cli_tmpdir(void);
/* Creates the file that the mkstemp template made by fmt names (it ends in
 * XXXXXX), open for update, its name in path; NULL with path "" and errno
 * set when it cannot be made. */
FILE *cli_temp_file(char *path, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Output held until its input has been read, so that a bad input's is
 * dropped whole: the first VIFXML_LIMIT_HOLD bytes in memory, the rest in
 * an unlinked temporary file ($TMPDIR, else /tmp), so that memory does not
 * grow with the input (all in memory when no temporary file can be made).
 * Zero it to start. */
typedef struct {
  membuf mem;
  FILE *spill;
  bool no_spill;   /* no temporary file could be made: all in memory */
  int spill_errno; /* a write to the temporary file failed */
} cli_held;
/* -1 when out of memory or the temporary file cannot be written. */
int cli_held_write(void *held, const char *buf, size_t len);
/* Why cli_held_write failed, for the file's error message. */
const char *cli_held_why(const cli_held *h);
/* Writes what is held to out (named outname in messages); -1 after a
 * message on err, with nothing written when the temporary file fails. */
int cli_held_release(cli_held *h, FILE *out, const char *outname, FILE *err);
void cli_held_free(cli_held *h);

/* PATH: error: cannot open: REASON (or "dangling symbolic link"), from errno. */
void cli_cannot_open(FILE *err, const char *path);
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
 * VALUE", or "-XVALUE" for a short option; NULL when it is another option. */
const char *cli_value(cli_args *a, const char *name);
/* --jobs N: the number, or -1 after a usage error. */
int cli_jobs(const cli_args *a, const char *v);
/* Prints "vifxml CMD: WHAT" and where to find the usage; returns
 * EXIT_TROUBLE. */
int cli_usage_error(const cli_args *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* For an option nobody took: "unknown option", or "needs a value" when it
 * is one of the names given (NULL-terminated) without its value. */
int cli_bad_option(const cli_args *a, const char *const *valued);

/* The inputs of a command over many files (batch_files). */
typedef struct {
  char **files; /* the files named, in order */
  int nfiles;
  bool recursive, null_list;
  int jobs; /* -j N; 1 when not given */
} cli_inputs;

/* A command's own option (a->arg): 1 taken, 0 not its own, -1 bad (the
 * message printed), or CLI_DONE when it has done all that was asked (exit
 * 0, the rest unread). */
enum { CLI_DONE = 2 };
typedef int (*cli_option_fn)(void *ctx, cli_args *a);

/* Reads a's command line: files, -r/--recursive, -0/--null and, when jobs,
 * -j/--jobs N go to in, the rest to option (NULL: the command has none);
 * valued (NULL-terminated, or NULL) names every option that takes a value,
 * for "needs a value". -1 when the command is to run, else the exit code;
 * cli_inputs_free(in) either way. */
int cli_read_inputs(cli_args *a, cli_inputs *in, bool jobs,
                    const char *const *valued, cli_option_fn option, void *ctx);
void cli_inputs_free(cli_inputs *in);

/* ## Many files (batch.c) */

/* One input of a batch: the command writes to out and err (captured and
 * replayed in input order when jobs run in parallel). */
typedef struct {
  const char *path;
  FILE *out, *err;
  int rc;
  bool changed;        /* would change (--check) or was rewritten */
  vifxml_stats stats;
  void **keep; /* what the command keeps in this thread from one file to
                  the next (NULL at first), freed by batch_opts.keep_free */
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
  void (*keep_free)(void *keep); /* NULL: the command keeps nothing */
} batch_opts;

/* Runs fn over every path (size: each one's size, -1 when not known, for
 * where a parallel job's output is held); returns the worst exit code. */
int batch_run(char **paths, const off_t *size, size_t n, batch_fn fn,
              void *ctx, const batch_opts *o);
/* The inputs named by in's files (directories with -r, then the names read
 * NUL-separated from standard input with -0; "-" when there are none, each
 * file once however many paths reach it), each run through fn: the worst
 * exit code (2 when the inputs cannot be listed). */
int batch_files(const cli_inputs *in, batch_fn fn, void *ctx,
                const batch_opts *o);

/* ## Rewriting a file in place (inplace.c): links followed, the new file
 * beside the target with its owner, group, mode, ACLs and extended
 * attributes, synced, then renamed over it. */
typedef struct {
  char target[4096]; /* the file a path reaches, links followed */
  char tmp[4096];    /* the temporary file beside it ("" when none) */
  FILE *f;           /* open on tmp for writing */
  struct stat st;    /* the target as it was */
} cli_inplace;

/* Finds path's target and opens a temporary file beside it; -1 after a
 * message on err (a dangling link, a file that is not regular, ...). */
int cli_inplace_open(cli_inplace *ip, const char *path, FILE *err);
/* Puts the temporary file in the target's place, keeping a backup
 * TARGET+SUFFIX first when backup is not NULL; -1 after a message on err,
 * the target untouched. */
int cli_inplace_commit(cli_inplace *ip, const char *backup, FILE *err);
/* Closes the temporary file and removes it unless committed. */
void cli_inplace_close(cli_inplace *ip);

/* ## Whole-document rewriting (cmd_normalize.c): normalize and migrate share
 * the inputs, --check/--diff/--in-place [--backup=], --jobs, --summary and
 * -q; a command adds its own options and a hook per interface. */
typedef struct cli_rewrite_file {
  void *ctx;        /* the command's (cli_rewrite.ctx) */
  batch_job *job;   /* this file's out and err */
  const char *name; /* the file's name in messages ("<stdin>") */
} cli_rewrite_file;

typedef struct cli_rewrite {
  const char *usage;
  const char *const *valued; /* the command's options that take a value */
  cli_option_fn option; /* the command's own options; NULL: none */
  /* Once every option is read: 0 ready, -1 bad usage (message printed). */
  int (*ready)(void *ctx, cli_args *a);
  /* Called for each interface with iface_ctx a cli_rewrite_file *; NULL
   * writes the canonical form (normalize). */
  vifxml_iface_fn on_iface;
  /* After each file, ok when the file parsed and was handled (its output
   * kept); -1 when the file's own extra output (a report) could not be
   * written, after a message: the file is then an error. NULL: nothing. */
  int (*file_done)(cli_rewrite_file *f, bool ok);
  /* After the run, with --summary's format (0 none, 1 text, 2 JSON), once
   * the common summary is printed; NULL: nothing to add. */
  void (*done)(void *ctx, int summary);
  void *ctx;
  /* --explain (a common option: the stream's notes) is also stored here
   * for the command's own notes, before ready(); NULL: not needed. */
  int *explain;
} cli_rewrite;

/* Runs a rewriting command over its inputs; returns the exit code. */
int cli_rewrite_run(int argc, char **argv, const cli_rewrite *r);

/* Each command: argv[0] is the command name. */
#define VIFXML_COMMANDS(X)                                                     \
  X(normalize, "normalize", "normalize <interface> XML to libvirt's canonical form") \
  X(roundtrip, "roundtrip", "check parse/write round trips and idempotence") \
  X(to_vif, "to-vif", "Nova VIF JSON for each <interface>, with candidate VIF types") \
  X(from_vif, "from-vif", "the <interface> Nova writes for each VIF (JSON in)") \
  X(resolve, "resolve", "turn type='network' interfaces into what libvirt attaches") \
  X(migrate, "migrate", "re-point whole domains at new ports or backends, with a loss report") \
  X(lint, "lint", "what libvirt will refuse at define or start, per domain and across inputs")

#define CLI_DECLARE(fn, name, summary) int cmd_##fn(int argc, char **argv);
VIFXML_COMMANDS(CLI_DECLARE)
#undef CLI_DECLARE

#endif
