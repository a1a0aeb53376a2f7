/* Fuzz target "lint": arbitrary bytes as a file given to vifxml lint.
 *
 * Asserted (abort() on violation), beyond "no crash, no sanitizer report":
 * - the input is refused (the finding `parse`) exactly when the stream
 *   refuses it, and then no check runs on it (only what reading it said);
 * - every finding names a check of the table, with that check's severity
 *   and phase, a message, and a position (line and column from 1);
 * - findings are a function of the input: a second linter gives the same;
 *   and the `parse` verdict and position are the stream's when it is fed
 *   the input in 7-byte chunks (lint feeds it in 64 KiB pieces);
 * - the same file given twice in one run (as "a" and "b") reports for each
 *   the findings it has alone, and the fleet findings are symmetric: as many
 *   at "a" as at "b", each naming the other file;
 * - everything allocated through vifxml_allocator is freed, also when one
 *   allocation (chosen from the input's hash) fails. */
#include "fuzz_common.h"

typedef struct {
  fz_buf text; /* one line per finding: file:line:col:sev:phase:check:msg */
  unsigned long n, fleet_a, fleet_b;
  unsigned long read; /* `parse` and `normalize`: what reading found */
  bool parse;         /* the finding `parse` was reported */
} findings;

static const vifxml_lint_check *check_named(const char *id) {
  for (size_t i = 0; i < vifxml_lint_ncheck(); i++)
    if (!strcmp(vifxml_lint_check_at(i)->id, id))
      return vifxml_lint_check_at(i);
  return NULL;
}

static void on_finding(void *ctx, const vifxml_lint_finding *f) {
  findings *fs = ctx;
  const vifxml_lint_check *c = f->check ? check_named(f->check) : NULL;
  FZ_ASSERT(c, "[lint-check] a finding of no check: %s",
            f->check ? f->check : "(null)");
  FZ_ASSERT(c->severity == f->severity && c->phase == f->phase,
            "[lint-check] %s reported with another severity or phase", f->check);
  FZ_ASSERT(f->file && f->message && f->message[0],
            "[lint-check] %s without a file or a message", f->check);
  FZ_ASSERT(f->line >= 1 && f->column >= 1,
            "[lint-position] %s at %lu:%lu", f->check, f->line, f->column);
  fz_touch(f->message);
  char line[1400];
  int n = snprintf(line, sizeof line, "%s:%lu:%lu:%d:%d:%s:%s\n", f->file,
                   f->line, f->column, (int)f->severity, (int)f->phase,
                   f->check, f->message);
  fz_buf_write(&fs->text, line, n < (int)sizeof line ? (size_t)n : sizeof line - 1);
  fs->n++;
  fs->parse |= !strcmp(f->check, "parse");
  fs->read += !strcmp(f->check, "parse") || !strcmp(f->check, "normalize");
  if (!strcmp(c->scope, "fleet")) {
    if (!strcmp(f->file, "a"))
      fs->fleet_a++;
    else
      fs->fleet_b++;
  }
}

/* One linter over the given files (all the same bytes); -3 when an
 * injected allocation failure ended it. */
static int lint(const uint8_t *data, size_t size, const char *const *files,
                int nfiles, long fail_at, findings *fs) {
  fz_alloc a;
  vifxml_allocator al = fz_allocator(&a, fail_at);
  vifxml_lint_options o;
  memset(&o, 0, sizeof o);
  o.report = on_finding;
  o.report_ctx = fs;
  o.alloc = &al;
  memset(fs, 0, sizeof *fs);
  int rc = 0;
  vifxml_lint *l = vifxml_lint_new(&o);
  if (!l)
    rc = -2;
  for (int i = 0; l && i < nfiles && rc >= 0; i++)
    rc = vifxml_lint_input(l, (const char *)data, size, files[i]) == -2 ? -2 : rc;
  if (l && rc >= 0 && vifxml_lint_finish(l) < 0)
    rc = -2;
  vifxml_lint_free(l);
  FZ_ASSERT(a.live == 0, "[lint-leak] %ld blocks not freed", a.live);
  if (rc == -2) {
    FZ_ASSERT(a.failed, "[lint-oom] out of memory without a failed allocation");
    return -3;
  }
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > FZ_MAX_INPUT)
    return 0;
  static const char *const one[] = {"a"}, *const two[] = {"a", "b"};

  /* 1. Alone; parse refusal as the stream's, in any chunking. */
  findings alone, again;
  lint(data, size, one, 1, -1, &alone);
  fz_result r = fz_run(data, size, FZ_WHOLE, NULL);
  fz_split seven = {7, 0, 0};
  fz_result r7 = fz_run(data, size, seven, NULL);
  FZ_ASSERT(r.ok == r7.ok, "[lint-chunks] the stream's verdict depends on chunks");
  bool refused = alone.parse;
  FZ_ASSERT(refused == !r.ok, "[lint-parse] lint %s an input the stream %s",
            refused ? "refuses" : "accepts", r.ok ? "accepts" : "refuses");
  if (refused) {
    /* (the warnings of units before the bad one are the stream's too) */
    FZ_ASSERT(alone.n == alone.read, "[lint-parse] %lu checks of a refused input",
              alone.n - alone.read);
    char at[64];
    snprintf(at, sizeof at, "a:%lu:%lu:0:0:parse:", r7.err.line, r7.err.column);
    FZ_ASSERT(!r7.err.line || strstr(alone.text.p, at),
              "[lint-chunks] the stream fed in 7-byte chunks fails at %s, lint "
              "says:\n%s", at, alone.text.p);
  }
  fz_result_free(&r);
  fz_result_free(&r7);

  /* 2. Deterministic. */
  lint(data, size, one, 1, -1, &again);
  FZ_ASSERT(fz_buf_eq(&alone.text, &again.text),
            "[lint-stable] a second linter reports other findings");
  free(again.text.p);

  /* 3. Twice in one run: fleet findings symmetric. */
  findings pair;
  lint(data, size, two, 2, -1, &pair);
  FZ_ASSERT(pair.fleet_a == pair.fleet_b,
            "[lint-fleet] %lu fleet findings at a, %lu at b", pair.fleet_a,
            pair.fleet_b);
  FZ_ASSERT(pair.n >= 2 * (alone.n - alone.fleet_a - alone.fleet_b),
            "[lint-fleet] a file reported less beside its copy");
  free(pair.text.p);

  /* 4. One failed allocation: a clean end, nothing leaked. */
  findings oom;
  lint(data, size, two, 2, (long)(fz_hash(data, size) % 64), &oom);
  free(oom.text.p);
  free(alone.text.p);
  return 0;
}
