/* The VIF map, through the vifxml program, against golden files.
 *
 *   test_vif VIFXML TESTS_VIF_DIR
 *
 * cases/NAME.json, for each profile P (current, liberty), run inside cases/
 * as `vifxml from-vif --profile P --sysfs ../sysfs [ARGS] NAME.json`, where
 * ARGS are the words of NAME.P.args (that Nova's configuration), else of
 * NAME.args (host facts):
 *   - NAME.P.xml: exit 0 and exactly this output (VIF -> XML); then
 *     `to-vif --profile P NAME.P.xml` gives NAME.P.jsonl (XML -> VIF), each
 *     VIF's type is among its candidates and, where the XML tells the type,
 *     every key comes back the same or is in NAME.P.lost (what the XML
 *     does not carry, reviewed; the round trip); and
 *     from-vif of that JSON (with NAME.P.args only: the host facts must come
 *     from the JSON) gives NAME.P.xml again, unless Nova needs a key the
 *     XML does not hold or to-vif's delegate_create: true changes an old
 *     (non-delegated) ovs port;
 *   - NAME.P.err: exit 2, no output, exactly this on standard error.
 * classify/NAME.xml: `to-vif --profile P` gives NAME.P.jsonl, exits 1
 * exactly when a line has no candidate, and each line's origin names the
 * file.
 * to-vif/: origin (line, column, the domain's name or none), exit codes
 * (1 for an interface with no VIF type, 2 for an error), from-vif reading
 * lines that carry an origin.
 * migrate/NAME.xml: `to-vif --profile liberty | from-vif --profile current`
 * gives NAME.out.
 * VIFXML_REGENERATE=1 writes the expected files instead of comparing.
 * Last line: "N passed, N failed"; exit 1 if any failed. */
#define _POSIX_C_SOURCE 200809L
#include "vifxml.h"

#include <dirent.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *exe, *dir;
static bool regen;
static int passed, failed;

static const char *const profiles[] = {"current", "liberty"};

typedef struct {
  char *p;
  size_t len;
} text;

static text slurp(FILE *f) {
  text t = {NULL, 0};
  size_t cap = 0;
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
    if (t.len + n + 1 > cap) {
      cap = (t.len + n + 1) * 2;
      t.p = realloc(t.p, cap);
    }
    memcpy(t.p + t.len, buf, n);
    t.len += n;
  }
  if (!t.p)
    t.p = calloc(1, 1);
  t.p[t.len] = '\0';
  return t;
}

static bool read_text(const char *path, text *t) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return false;
  *t = slurp(f);
  fclose(f);
  return true;
}

static void write_text(const char *path, const char *s) {
  FILE *f = fopen(path, "wb");
  if (f) {
    fputs(s, f);
    fclose(f);
  }
}

static bool exists(const char *path) { return access(path, F_OK) == 0; }

/* Runs a shell command in dir/sub; its stdout, stderr and exit status. */
static int run(const char *sub, const char *cmd, text *out, text *err) {
  char full[8192], errfile[] = "/tmp/test_vif_err_XXXXXX";
  int fd = mkstemp(errfile);
  if (fd < 0) {
    *out = (text){calloc(1, 1), 0};
    *err = (text){calloc(1, 1), 0};
    return -1;
  }
  close(fd);
  snprintf(full, sizeof full, "cd '%s/%s' && { %s; } 2>'%s'", dir, sub, cmd,
           errfile);
  FILE *p = popen(full, "r");
  *out = slurp(p);
  int st = pclose(p);
  FILE *e = fopen(errfile, "rb");
  *err = e ? slurp(e) : (text){calloc(1, 1), 0};
  if (e)
    fclose(e);
  unlink(errfile);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void fail(const char *what, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void fail(const char *what, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  printf("FAIL %s: ", what);
  vprintf(fmt, ap);
  printf("\n");
  va_end(ap);
  failed++;
}

static void pass(void) { passed++; }
/* Cases whose XML -> VIF -> XML is not expected to be the identity (Nova
 * needs a key the XML lacks), reported so that a change making every case
 * skip shows. */
static int fixpoints_not_applicable;

/* Compares got with the expected file (or writes it when regenerating). */
static bool expect_file(const char *what, const char *path, const char *got) {
  text want;
  if (regen) {
    write_text(path, got);
    return true;
  }
  if (!read_text(path, &want)) {
    fail(what, "cannot read %s", path);
    return false;
  }
  bool same = !strcmp(want.p, got);
  if (!same)
    fail(what, "differs from %s\n--- expected\n%s--- got\n%s", path, want.p,
         got);
  free(want.p);
  return same;
}

/* The words of NAME.P.args (configuration of that profile's Nova), else
 * unless `own` of NAME.args (host facts), on one line. */
static void case_args(const char *name, const char *prof, bool own, char *out,
                      size_t len) {
  char path[4096];
  text t;
  out[0] = '\0';
  snprintf(path, sizeof path, "%s/cases/%s.%s.args", dir, name, prof);
  if (!read_text(path, &t)) {
    snprintf(path, sizeof path, "%s/cases/%s.args", dir, name);
    if (own || !read_text(path, &t))
      return;
  }
  for (char *p = t.p; *p; p++)
    if (*p == '\n')
      *p = ' ';
  snprintf(out, len, "%s", t.p);
  free(t.p);
}

/* ## The round trip: VIF -> XML -> VIF */

/* The value at a VIF key's dotted path (vifxml's key table). */
static const json_t *at(const json_t *obj, const char *path) {
  char step[64];
  while (obj) {
    const char *dot = strchr(path, '.');
    size_t n = dot ? (size_t)(dot - path) : strlen(path);
    snprintf(step, sizeof step, "%.*s", (int)n, path);
    obj = json_object_get(obj, step);
    if (!dot)
      return obj;
    path = dot + 1;
  }
  return NULL;
}

/* JSON scalars as text: "1000" and 1000 are the same quota. */
static bool same_value(const json_t *a, const json_t *b) {
  char x[64], y[64];
  const json_t *v[2] = {a, b};
  char *t[2] = {x, y};
  for (int i = 0; i < 2; i++) {
    if (json_is_string(v[i]))
      snprintf(t[i], 64, "%s", json_string_value(v[i]));
    else if (json_is_integer(v[i]))
      snprintf(t[i], 64, "%" JSON_INTEGER_FORMAT, json_integer_value(v[i]));
    else
      return json_equal((json_t *)a, (json_t *)b);
  }
  return !strcmp(x, y);
}

static bool falsy(const json_t *j) {
  return !j || json_is_null(j) || json_is_false(j) ||
         (json_is_integer(j) && json_integer_value(j) == 0);
}

static const char *str_or(const json_t *j, const char *dflt) {
  return json_is_string(j) ? json_string_value(j) : dflt;
}

static bool in_candidates(const json_t *cands, const char *type) {
  size_t i;
  json_t *c;
  json_array_foreach(cands, i, c) if (!strcmp(json_string_value(c), type))
      return true;
  return false;
}

/* Compares one VIF that went in with the one the XML gave back: the type
 * must be a candidate; when the XML tells the type, every key vifxml reads
 * comes back the same, or is listed in `lost` (absent, or IN -> OUT),
 * which the reviewed .lost golden fixes. The id may come back as the 11
 * characters names keep of it; delegate_create is what Neutron sets
 * today. */
static const char *vif_diff(const json_t *in, const json_t *out, char *lost,
                            size_t lostlen, char *why, size_t len) {
  const char *type = str_or(json_object_get(in, "type"), "");
  const char *back = str_or(json_object_get(out, "type"), "(none)");
  const json_t *cands = json_object_get(out, "candidates");
  if (!in_candidates(cands, type))
    return snprintf(why, len, "type %s is not among the candidates", type), why;
  if (strcmp(back, type)) {
    if (json_array_size(cands) == 1)
      return snprintf(why, len, "type came back as %s", back), why;
    snprintf(lost + strlen(lost), lostlen - strlen(lost),
             "type (the XML fits %zu types)\n", json_array_size(cands));
    return NULL; /* the XML does not tell: nothing more to compare */
  }
  for (int k = 0; k < VIFXML_VK_COUNT; k++) {
    const char *path = vifxml_vif_key_path((vifxml_vif_key)k);
    const json_t *a = at(in, path), *b = at(out, path);
    if (!a || (json_is_null(a) && !b) || !strcmp(path, "delegate_create") ||
        !strcmp(path, "type"))
      continue;
    /* The XML keeps a prefix of the id (a device name's id[:11]). */
    if (!strcmp(path, "id") && json_is_string(a) && json_is_string(b) &&
        *json_string_value(b) &&
        !strncmp(json_string_value(a), json_string_value(b),
                 strlen(json_string_value(b))))
      continue;
    if (!strcmp(path, "details.vlan") && falsy(a) && b && falsy(b))
      continue; /* 0 and null both mean no tag */
    if (!b) {
      snprintf(lost + strlen(lost), lostlen - strlen(lost), "%s\n", path);
    } else if (!same_value(a, b)) {
      char *x = json_dumps(a, JSON_ENCODE_ANY), *y = json_dumps(b, JSON_ENCODE_ANY);
      snprintf(lost + strlen(lost), lostlen - strlen(lost), "%s: %s -> %s\n",
               path, x, y);
      free(x);
      free(y);
    }
  }
  return NULL;
}

/* Every JSON value of a text (one per line, or one array) in a list. */
static json_t *values(const char *s) {
  json_t *all = json_array();
  json_error_t e;
  size_t pos = 0, n = strlen(s);
  while (pos < n) {
    while (pos < n && strchr(" \t\r\n", s[pos]))
      pos++;
    if (pos >= n)
      break;
    json_t *v = json_loadb(s + pos, n - pos, JSON_DISABLE_EOF_CHECK, &e);
    if (!v)
      break;
    if (json_is_array(v))
      json_array_extend(all, v);
    else
      json_array_append(all, v);
    json_decref(v);
    pos += (size_t)e.position;
  }
  return all;
}

static void round_trip(const char *what, const char *lost_path,
                       const char *vifs, const char *back) {
  json_t *in = values(vifs), *out = values(back);
  char why[256], lost[4096] = "";
  if (json_array_size(in) != json_array_size(out)) {
    fail(what, "%zu VIFs in, %zu back", json_array_size(in),
         json_array_size(out));
  } else {
    const char *bad = NULL;
    for (size_t i = 0; i < json_array_size(in) && !bad; i++)
      bad = vif_diff(json_array_get(in, i), json_array_get(out, i), lost,
                     sizeof lost, why, sizeof why);
    if (bad)
      fail(what, "%s", bad);
    else if (regen && !lost[0])
      unlink(lost_path), pass(); /* nothing lost: no file */
    else if ((lost[0] || exists(lost_path)) &&
             !expect_file(what, lost_path, lost))
      ; /* expect_file reported it */
    else
      pass();
  }
  json_decref(in);
  json_decref(out);
}

/* XML -> VIF -> XML is the identity unless Nova needs a key the XML lacks
 * or an old ovs port meets to-vif's delegate_create: true. */
static bool fixpoint_applies(const char *prof, const char *vifs,
                             const char *back) {
  json_t *in = values(vifs), *out = values(back);
  bool ok = true;
  size_t i;
  json_t *v;
  json_array_foreach(out, i, v) {
    json_t *unknown = json_object_get(v, "unknown"), *u;
    size_t k;
    json_array_foreach(unknown, k, u) if (strcmp(json_string_value(u),
                                                 "profile.pci_slot")) ok = false;
  }
  json_array_foreach(in, i, v) {
    const char *t = str_or(json_object_get(v, "type"), "");
    if (!strcmp(prof, "current") && !json_is_true(json_object_get(v, "delegate_create")) &&
        (!strcmp(t, "ovs") || !strcmp(t, "agilio_ovs")))
      ok = false;
  }
  json_decref(in);
  json_decref(out);
  return ok;
}

/* ## The three kinds of cases */

/* XML -> VIF -> XML: from-vif of to-vif's JSON gives the XML again, with
 * the profile's configuration but no host facts (the JSON has them). */
static void fixpoint(const char *name, const char *prof) {
  char cmd[8192], args[2048], what[512], path[4096];
  text again, again_err, want;
  case_args(name, prof, true, args, sizeof args);
  snprintf(what, sizeof what, "from-vif of to-vif cases/%s.%s.xml", name, prof);
  snprintf(cmd, sizeof cmd,
           "'%s' from-vif --profile %s --sysfs /nonexistent %s %s.%s.jsonl",
           exe, prof, args, name, prof);
  int rc = run("cases", cmd, &again, &again_err);
  snprintf(path, sizeof path, "%s/cases/%s.%s.xml", dir, name, prof);
  if (!read_text(path, &want))
    want = (text){calloc(1, 1), 0};
  if (rc != 0 || strcmp(again.p, want.p))
    fail(what, "exit %d:\n%s%s", rc, again.p, again_err.p);
  else
    pass();
  free(want.p);
  free(again.p);
  free(again_err.p);
}

static void from_vif_case(const char *name, const char *prof) {
  char cmd[8192], args[2048], what[512], path[4096];
  text out, err, json, back, back_err;
  case_args(name, prof, false, args, sizeof args);
  snprintf(what, sizeof what, "cases/%s.json --profile %s", name, prof);
  snprintf(cmd, sizeof cmd,
           "'%s' from-vif --profile %s --sysfs ../sysfs %s %s.json", exe, prof,
           args, name);
  int rc = run("cases", cmd, &out, &err);
  snprintf(path, sizeof path, "%s/cases/%s.%s.err", dir, name, prof);
  if (exists(path)) {
    if (rc != 2 || out.len)
      fail(what, "expected exit 2 and no output, got exit %d:\n%s%s", rc,
           out.p, err.p);
    else if (expect_file(what, path, err.p))
      pass();
    goto done;
  }
  snprintf(path, sizeof path, "%s/cases/%s.%s.xml", dir, name, prof);
  if (rc != 0) {
    fail(what, "exit %d:\n%s", rc, err.p);
    goto done;
  }
  if (!expect_file(what, path, out.p))
    goto done;
  pass();
  /* XML -> VIF */
  snprintf(what, sizeof what, "to-vif cases/%s.%s.xml", name, prof);
  snprintf(cmd, sizeof cmd, "'%s' to-vif --profile %s %s.%s.xml", exe, prof,
           name, prof);
  rc = run("cases", cmd, &back, &back_err);
  snprintf(path, sizeof path, "%s/cases/%s.%s.jsonl", dir, name, prof);
  if (rc != 0)
    fail(what, "exit %d:\n%s", rc, back_err.p);
  else if (expect_file(what, path, back.p))
    pass();
  /* VIF -> XML -> VIF */
  snprintf(path, sizeof path, "%s/cases/%s.json", dir, name);
  if (!read_text(path, &json))
    json = (text){calloc(1, 1), 0};
  snprintf(what, sizeof what, "round trip cases/%s.json --profile %s", name,
           prof);
  snprintf(path, sizeof path, "%s/cases/%s.%s.lost", dir, name, prof);
  round_trip(what, path, json.p, back.p);
  if (rc == 0 && fixpoint_applies(prof, json.p, back.p))
    fixpoint(name, prof);
  else if (rc == 0)
    fixpoints_not_applicable++;
  free(json.p);
  free(back.p);
  free(back_err.p);
done:
  free(out.p);
  free(err.p);
}

/* The exit status to-vif owes for its lines: 1 when one has no candidate
 * (no VIF type), else 0; -1 when a line's origin does not name file. */
static int to_vif_status(const char *lines, const char *file) {
  json_t *all = values(lines), *v;
  size_t i;
  int rc = 0;
  json_array_foreach(all, i, v) {
    json_t *origin = json_object_get(v, "origin");
    if (strcmp(str_or(json_object_get(origin, "file"), ""), file)) {
      rc = -1;
      break;
    }
    if (!json_array_size(json_object_get(v, "candidates")))
      rc = 1;
  }
  json_decref(all);
  return rc;
}

static void classify_case(const char *name, const char *prof) {
  char cmd[4096], what[512], path[4096], file[1024];
  text out, err;
  snprintf(what, sizeof what, "classify/%s.xml --profile %s", name, prof);
  snprintf(file, sizeof file, "%s.xml", name);
  snprintf(cmd, sizeof cmd, "'%s' to-vif -q --profile %s %s", exe, prof,
           file);
  int rc = run("classify", cmd, &out, &err);
  int want = to_vif_status(out.p, file);
  snprintf(path, sizeof path, "%s/classify/%s.%s.jsonl", dir, name, prof);
  if (want < 0)
    fail(what, "a line's origin does not name %s:\n%s", file, out.p);
  else if (rc != want)
    fail(what, "exit %d (expected %d):\n%s", rc, want, err.p);
  else if (expect_file(what, path, out.p))
    pass();
  free(out.p);
  free(err.p);
}

static void migrate_case(const char *name) {
  char cmd[4096], what[512], path[4096];
  text out, err;
  snprintf(what, sizeof what, "migrate/%s.xml", name);
  snprintf(cmd, sizeof cmd,
           "'%s' to-vif --profile liberty %s.xml | '%s' from-vif --profile "
           "current --sysfs /nonexistent",
           exe, name, exe);
  int rc = run("migrate", cmd, &out, &err);
  snprintf(path, sizeof path, "%s/migrate/%s.out", dir, name);
  if (rc != 0)
    fail(what, "exit %d:\n%s", rc, err.p);
  else if (expect_file(what, path, out.p))
    pass();
  free(out.p);
  free(err.p);
}

/* ## to-vif: origin and exit codes (tests/vif/to-vif) */

typedef struct {
  const char *file;
  long line, column;
  const char *domain; /* NULL: no "domain" key */
} origin;

/* Whether JSON line i of lines carries exactly origin o. */
static bool has_origin(const char *what, const char *lines, size_t i,
                       const origin *o) {
  json_t *all = values(lines);
  json_t *got = json_object_get(json_array_get(all, i), "origin");
  json_t *dom = json_object_get(got, "domain");
  bool ok = got &&
            !strcmp(str_or(json_object_get(got, "file"), ""), o->file) &&
            json_integer_value(json_object_get(got, "line")) == o->line &&
            json_integer_value(json_object_get(got, "column")) == o->column &&
            (o->domain ? json_is_string(dom) &&
                             !strcmp(json_string_value(dom), o->domain)
                       : !dom);
  if (!ok)
    fail(what, "line %zu: expected origin %s:%ld:%ld domain %s in:\n%s", i + 1,
         o->file, o->line, o->column, o->domain ? o->domain : "(none)",
         lines);
  json_decref(all);
  return ok;
}

/* Runs cmd in to-vif/ and checks its exit status, its number of output
 * lines and that standard error holds `err` (empty: nothing). */
static bool to_vif_run(const char *what, const char *cmd, int want_rc,
                       size_t want_lines, const char *want_err, text *out) {
  text err;
  int rc = run("to-vif", cmd, out, &err);
  json_t *all = values(out->p);
  size_t n = json_array_size(all);
  bool ok = rc == want_rc && n == want_lines &&
            (*want_err ? strstr(err.p, want_err) != NULL : !err.len);
  if (!ok)
    fail(what, "exit %d (expected %d), %zu lines (expected %zu), stderr "
               "expected to hold '%s':\n%s%s",
         rc, want_rc, n, want_lines, want_err, out->p, err.p);
  json_decref(all);
  free(err.p);
  return ok;
}

static void to_vif_cases(void) {
  char cmd[8192];
  text out;
  /* A domain's <name> (not another element's <name>, entities decoded, a
   * comment inside), a domain whose <name> follows its devices (no
   * domain), an interface outside any domain, an empty name. */
  static const origin want[] = {{"domains.xml", 11, 2, "web&01-a"},
                                {"domains.xml", 23, 7, NULL},
                                {"domains.xml", 28, 1, NULL},
                                {"domains.xml", 35, 5, ""}};
  snprintf(cmd, sizeof cmd, "'%s' to-vif domains.xml", exe);
  if (to_vif_run("to-vif domains.xml", cmd, 0, 4, "", &out)) {
    bool ok = true;
    for (size_t i = 0; i < 4; i++)
      ok = has_origin("to-vif domains.xml", out.p, i, &want[i]) && ok;
    if (ok)
      pass();
  }
  free(out.p);

  snprintf(cmd, sizeof cmd, "'%s' to-vif <domains.xml", exe);
  origin in = {"<stdin>", 11, 2, "web&01-a"};
  if (to_vif_run("to-vif <domains.xml", cmd, 0, 4, "", &out) &&
      has_origin("to-vif <domains.xml", out.p, 0, &in))
    pass();
  free(out.p);

  /* A file name that is not UTF-8: still JSON, U+FFFD in its place. */
  snprintf(cmd, sizeof cmd,
           "d=$(mktemp -d) && cp domains.xml \"$d/$(printf 'n\\377.xml')\" && "
           "cd \"$d\" && '%s' to-vif n*.xml; rc=$?; rm -rf \"$d\"; exit $rc",
           exe);
  origin bad_name = {"n\xEF\xBF\xBD.xml", 11, 2, "web&01-a"};
  if (to_vif_run("to-vif of a non-UTF-8 file name", cmd, 0, 4, "", &out) &&
      has_origin("to-vif of a non-UTF-8 file name", out.p, 0, &bad_name))
    pass();
  free(out.p);

  /* No VIF type for the network interface: every line, a warning, exit 1. */
  snprintf(cmd, sizeof cmd, "'%s' to-vif untyped.xml", exe);
  origin net = {"untyped.xml", 4, 5, "instance-00000051"};
  if (to_vif_run("to-vif untyped.xml", cmd, 1, 2,
                 "untyped.xml:4:5: warning: no VIF type", &out) &&
      has_origin("to-vif untyped.xml", out.p, 0, &net))
    pass();
  free(out.p);

  /* An error: exit 2, nothing of that file, the other file's lines. */
  snprintf(cmd, sizeof cmd, "'%s' to-vif bad.xml", exe);
  if (to_vif_run("to-vif bad.xml", cmd, 2, 0,
                 "bad.xml:6:7: error: mismatched tag", &out))
    pass();
  free(out.p);
  snprintf(cmd, sizeof cmd, "'%s' to-vif -q bad.xml untyped.xml", exe);
  if (to_vif_run("to-vif bad.xml untyped.xml", cmd, 2, 2, "bad.xml:6:7: error:",
                 &out))
    pass();
  free(out.p);

  /* from-vif ignores origin: the same XML as from the lines without it. */
  text with, without, err, err2;
  snprintf(cmd, sizeof cmd,
           "'%s' to-vif domains.xml | '%s' from-vif --sysfs /nonexistent",
           exe, exe);
  int rc = run("to-vif", cmd, &with, &err);
  snprintf(cmd, sizeof cmd,
           "'%s' to-vif domains.xml | sed 's/,\"origin\":{[^}]*}//' | '%s' "
           "from-vif --sysfs /nonexistent",
           exe, exe);
  int rc2 = run("to-vif", cmd, &without, &err2);
  if (rc || rc2 || err.len || err2.len || !strstr(with.p, "<interface") ||
      strcmp(with.p, without.p))
    fail("from-vif of lines with origin",
         "exit %d/%d:\n--- with origin\n%s--- without\n%s%s%s", rc, rc2,
         with.p, without.p, err.p, err2.p);
  else
    pass();
  free(with.p);
  free(without.p);
  free(err.p);
  free(err2.p);
}

/* Command-line conventions: help, bad usage. */
static void usage_cases(void) {
  static const struct {
    const char *args;
    int rc;
  } cases[] = {{"from-vif --help", 0},
               {"to-vif --help", 0},
               {"from-vif --profile havana", 2},
               {"to-vif --bogus", 2},
               {"from-vif --host-netdev 0000:0a:00.1", 2},
               {"from-vif --nova-firewall instance-00000001", 2},
               {"from-vif no-such-file.json", 2}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char cmd[1024];
    text out, err;
    snprintf(cmd, sizeof cmd, "'%s' %s </dev/null", exe, cases[i].args);
    int rc = run(".", cmd, &out, &err);
    if (rc != cases[i].rc || (rc && !err.len) || (!rc && !strstr(out.p, "Examples:")))
      fail(cases[i].args, "exit %d (expected %d)\n%s", rc, cases[i].rc, err.p);
    else
      pass();
    free(out.p);
    free(err.p);
  }
}

/* The names in dir/sub ending in ext, without it, sorted. */
static size_t list(const char *sub, const char *ext, char ***out) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, sub);
  DIR *d = opendir(path);
  size_t n = 0;
  *out = NULL;
  if (!d)
    return 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    size_t l = strlen(e->d_name), x = strlen(ext);
    if (l <= x || strcmp(e->d_name + l - x, ext))
      continue;
    *out = realloc(*out, (n + 1) * sizeof **out);
    (*out)[n++] = strndup(e->d_name, l - x);
  }
  closedir(d);
  for (size_t i = 1; i < n; i++)
    for (size_t j = i; j > 0 && strcmp((*out)[j - 1], (*out)[j]) > 0; j--) {
      char *t = (*out)[j];
      (*out)[j] = (*out)[j - 1];
      (*out)[j - 1] = t;
    }
  return n;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: test_vif VIFXML TESTS_VIF_DIR\n");
    return 2;
  }
  /* Commands run inside the case folders: absolute paths. */
  static char exe_abs[4096], dir_abs[4096];
  if (!realpath(argv[1], exe_abs) || !realpath(argv[2], dir_abs)) {
    perror("test_vif: realpath");
    return 2;
  }
  exe = exe_abs;
  dir = dir_abs;
  regen = getenv("VIFXML_REGENERATE") != NULL;
  char **names;
  size_t n = list("cases", ".json", &names);
  for (size_t i = 0; i < n; i++) {
    for (int p = 0; p < 2; p++)
      from_vif_case(names[i], profiles[p]);
    free(names[i]);
  }
  free(names);
  n = list("classify", ".xml", &names);
  for (size_t i = 0; i < n; i++) {
    for (int p = 0; p < 2; p++)
      classify_case(names[i], profiles[p]);
    free(names[i]);
  }
  free(names);
  n = list("migrate", ".xml", &names);
  for (size_t i = 0; i < n; i++) {
    migrate_case(names[i]);
    free(names[i]);
  }
  free(names);
  to_vif_cases();
  usage_cases();
  printf("fixed point not applicable: %d cases\n", fixpoints_not_applicable);
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
