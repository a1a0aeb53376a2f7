/* vifxml lint: what libvirt 9.0 will refuse at define and at start, per
 * interface, per domain and across all inputs (lib/lint.c; docs/lint.md).
 * Changes nothing. Findings go to standard output as text, JSON lines or
 * one SARIF 2.1.0 log. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

enum { FMT_TEXT, FMT_JSON, FMT_SARIF };

typedef struct {
  int format;
  bool quiet;
  vifxml_lint_options lo;
  vifxml_lint *lint;
  unsigned long errors, warnings, notes;
  membuf sarif; /* the SARIF results so far */
  bool oom;
} lint_ctx;

static const char *const sev_name[] = {"error", "warning", "note"};
static const char *const phase_name[] = {"define", "start"};

static void put(membuf *m, const char *s) { cli_mem_write(m, s, strlen(s)); }

/* A JSON string, quoted. */
static void json_str(membuf *m, const char *s) {
  put(m, "\"");
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    char esc[8];
    if (*p == '"' || *p == '\\') {
      esc[0] = '\\', esc[1] = (char)*p;
      cli_mem_write(m, esc, 2);
    } else if (*p < 0x20) {
      snprintf(esc, sizeof esc, "\\u%04x", *p);
      cli_mem_write(m, esc, 6);
    } else {
      cli_mem_write(m, (const char *)p, 1);
    }
  }
  put(m, "\"");
}

static void mem_printf(membuf *m, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void mem_printf(membuf *m, const char *fmt, ...) {
  char buf[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n > 0)
    cli_mem_write(m, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

static size_t rule_index(const char *id) {
  for (size_t i = 0; i < vifxml_lint_ncheck(); i++)
    if (!strcmp(vifxml_lint_check_at(i)->id, id))
      return i;
  return 0;
}

static void on_finding(void *ctx, const vifxml_lint_finding *f) {
  lint_ctx *c = ctx;
  if (f->severity == VIFXML_LINT_ERROR)
    c->errors++;
  else if (f->severity == VIFXML_LINT_WARNING)
    c->warnings++;
  else
    c->notes++;
  if (c->quiet && f->severity != VIFXML_LINT_ERROR)
    return;
  if (c->format == FMT_TEXT) {
    printf("%s:%lu:%lu: %s: %s [%s]\n", f->file, f->line, f->column,
           sev_name[f->severity], f->message, f->check);
    return;
  }
  membuf m = {0};
  if (c->format == FMT_JSON) {
    put(&m, "{\"file\":");
    json_str(&m, f->file);
    mem_printf(&m, ",\"line\":%lu,\"column\":%lu,\"severity\":\"%s\",\"check\":",
               f->line, f->column, sev_name[f->severity]);
    json_str(&m, f->check);
    put(&m, ",\"message\":");
    json_str(&m, f->message);
    mem_printf(&m, ",\"phase\":\"%s\"}\n", phase_name[f->phase]);
    if (m.p)
      fwrite(m.p, 1, m.len, stdout);
    free(m.p);
    return;
  }
  /* SARIF result */
  membuf *r = &c->sarif;
  if (r->len)
    put(r, ",");
  put(r, "{\"ruleId\":");
  json_str(r, f->check);
  mem_printf(r, ",\"ruleIndex\":%zu,\"level\":\"%s\",\"message\":{\"text\":",
             rule_index(f->check), sev_name[f->severity]);
  json_str(r, f->message);
  put(r, "},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":");
  json_str(r, f->file);
  put(r, "}");
  if (f->line)
    mem_printf(r, ",\"region\":{\"startLine\":%lu,\"startColumn\":%lu}",
               f->line, f->column ? f->column : 1);
  mem_printf(r, "}}],\"properties\":{\"phase\":\"%s\"}}", phase_name[f->phase]);
}

static void print_sarif(lint_ctx *c) {
  membuf m = {0};
  put(&m, "{\"version\":\"2.1.0\",\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"vifxml lint\",\"informationUri\":\"https://libvirt.org/formatdomain.html#network-interfaces\",");
  mem_printf(&m, "\"version\":\"%s\",\"rules\":[", vifxml_version());
  for (size_t i = 0; i < vifxml_lint_ncheck(); i++) {
    const vifxml_lint_check *k = vifxml_lint_check_at(i);
    if (i)
      put(&m, ",");
    put(&m, "{\"id\":");
    json_str(&m, k->id);
    put(&m, ",\"shortDescription\":{\"text\":");
    json_str(&m, k->message);
    put(&m, "},\"fullDescription\":{\"text\":");
    json_str(&m, k->source);
    put(&m, "},\"help\":{\"text\":");
    json_str(&m, k->help);
    mem_printf(&m, "},\"defaultConfiguration\":{\"level\":\"%s\"},"
                   "\"properties\":{\"phase\":\"%s\",\"scope\":\"%s\","
                   "\"hypervisors\":\"%s\"}}",
               sev_name[k->severity], phase_name[k->phase], k->scope,
               k->hypervisors);
  }
  put(&m, "]}},\"results\":[");
  if (c->sarif.len)
    cli_mem_write(&m, c->sarif.p, c->sarif.len);
  put(&m, "]}]}\n");
  if (m.p)
    fwrite(m.p, 1, m.len, stdout);
  free(m.p);
}

/* The check table as docs/lint.md shows it (a test keeps them equal). */
static void list_checks(void) {
  printf("| check | severity | phase | scope | hypervisor | libvirt source | message |\n"
         "|---|---|---|---|---|---|---|\n");
  for (size_t i = 0; i < vifxml_lint_ncheck(); i++) {
    const vifxml_lint_check *k = vifxml_lint_check_at(i);
    char since[32] = "";
    if (k->since)
      snprintf(since, sizeof since, " (libvirt >= %u.%u)", k->since / 1000000,
               k->since / 1000 % 1000);
    printf("| `%s` | %s | %s | %s | %s%s | %s | `%s` |\n", k->id,
           sev_name[k->severity], phase_name[k->phase], k->scope,
           k->hypervisors, since, k->source, k->message);
  }
  printf("\n");
  for (size_t i = 0; i < vifxml_lint_ncheck(); i++) {
    const vifxml_lint_check *k = vifxml_lint_check_at(i);
    printf("- `%s`: %s\n", k->id, k->help);
  }
}

/* One input, read and linted piece by piece: memory does not grow with
 * its size (lib/lint.c). A read error drops it, as if not given. */
static int lint_one(void *ctx, batch_job *j) {
  lint_ctx *c = ctx;
  const char *name;
  FILE *in = cli_open_input(j->path, &name);
  if (!in)
    return EXIT_TROUBLE;
  char buf[65536];
  int rc = EXIT_SAME, r = vifxml_lint_begin(c->lint, name);
  size_t n;
  while (r == 0 && (n = fread(buf, 1, sizeof buf, in)) > 0)
    r = vifxml_lint_feed(c->lint, buf, n);
  if (r == 0 && ferror(in)) {
    vifxml_lint_drop(c->lint);
    cli_trouble(stderr, name, "cannot read");
    rc = EXIT_TROUBLE;
  } else {
    r = vifxml_lint_end(c->lint); /* -2 too when begin failed */
    if (r == -2) {
      fprintf(stderr, "%s: error: out of memory\n", name);
      rc = EXIT_TROUBLE;
    } else if (r < 0) {
      rc = EXIT_TROUBLE;
    }
  }
  cli_close_input(in);
  fflush(stdout);
  return rc;
}

static const char lint_usage[] =
    "usage: vifxml lint [--format=text|json|sarif] [--hypervisor=auto|qemu|xen|lxc]\n"
    "                   [--libvirt=VERSION] [-r] [-0] [-q] [FILE...]\n"
    "Report what libvirt (9.0 unless --libvirt says otherwise) will refuse at\n"
    "define and at start: per interface, per domain (duplicate aliases, boot\n"
    "orders, PCI addresses, tap names) and across all inputs (a MAC, a host\n"
    "PCI device, a vhost-user server socket or a tap used by two domains).\n"
    "Changes nothing. One finding per line on standard output:\n"
    "  FILE:LINE:COLUMN: error|warning: MESSAGE [CHECK-ID]\n"
    "An error means libvirt refuses the domain whatever the host holds; what\n"
    "depends on the host or the version is a warning. docs/lint.md lists the\n"
    "checks and the libvirt function behind each.\n"
    "  --format=FMT       text (default); json: one object per line with file,\n"
    "                     line, column, severity, check, message, phase\n"
    "                     (define or start); sarif: one SARIF 2.1.0 log\n"
    "  --hypervisor=HV    the driver to check for; auto (default): the\n"
    "                     <domain type>, qemu for a lone <interface>\n"
    "  --libvirt=VERSION  the libvirt release to check for (default 9.0.0);\n"
    "                     9.5 or later adds the managed-tap check\n"
    "  -r, --recursive    read directories (their *.xml files, in name order)\n"
    "  -0, --null         read NUL-separated file names from standard input\n"
    "  -q, --quiet        errors only\n"
    "  --list-checks      print the table of checks (Markdown) and exit\n"
    "Exit status: 0 no error finding, 1 some error finding, 2 unreadable or\n"
    "malformed input, or bad usage.\n"
    "Examples:\n"
    "  vifxml lint guest.xml\n"
    "  vifxml lint -r /etc/libvirt/qemu                # a host's domains, and\n"
    "                                                  # MACs/VFs shared across them\n"
    "  vifxml lint --format=sarif -r defs/ > lint.sarif\n";

/* lint's own options (a cli_option_fn). */
static int lint_option(void *ctx, cli_args *a) {
  lint_ctx *c = ctx;
  const char *v;
  if (!strcmp(a->arg, "--list-checks")) {
    list_checks();
    return CLI_DONE;
  }
  if ((v = cli_value(a, "--format"))) {
    if (!strcmp(v, "text")) {
      c->format = FMT_TEXT;
    } else if (!strcmp(v, "json")) {
      c->format = FMT_JSON;
    } else if (!strcmp(v, "sarif")) {
      c->format = FMT_SARIF;
    } else {
      cli_usage_error(a, "unknown format '%s' (text, json or sarif)", v);
      return -1;
    }
    return 1;
  }
  if ((v = cli_value(a, "--hypervisor"))) {
    if (vifxml_hypervisor_lookup(v, &c->lo.hypervisor) >= 0)
      return 1;
    cli_usage_error(a, "unknown hypervisor '%s' (auto, qemu, xen or lxc)", v);
    return -1;
  }
  if ((v = cli_value(a, "--libvirt"))) {
    if (vifxml_lint_version_parse(v, &c->lo.libvirt) >= 0)
      return 1;
    cli_usage_error(a, "bad libvirt version '%s' (e.g. 9.5.0)", v);
    return -1;
  }
  return 0;
}

int cmd_lint(int argc, char **argv) {
  lint_ctx c;
  memset(&c, 0, sizeof c);
  cli_args a = {argc, argv, lint_usage, 0, false, NULL, false};
  static const char *const valued[] = {"--format", "--hypervisor", "--libvirt",
                                       NULL};
  cli_inputs in;
  int rc = cli_read_inputs(&a, &in, false, valued, lint_option, &c);
  c.quiet = a.quiet;
  if (rc >= 0) {
    cli_inputs_free(&in);
    return rc;
  }
  c.lo.report = on_finding;
  c.lo.report_ctx = &c;
  c.lint = vifxml_lint_new(&c.lo);
  if (!c.lint) {
    cli_inputs_free(&in);
    fprintf(stderr, "vifxml lint: out of memory\n");
    return EXIT_TROUBLE;
  }
  /* One job at a time: the fleet state runs through the inputs in order. */
  batch_opts bo = {1, 0, true, NULL};
  rc = batch_files(&in, lint_one, &c, &bo);
  cli_inputs_free(&in);
  if (vifxml_lint_finish(c.lint) < 0) {
    fprintf(stderr, "vifxml lint: out of memory\n");
    rc = EXIT_TROUBLE;
  }
  if (c.format == FMT_SARIF)
    print_sarif(&c);
  fflush(stdout);
  if (rc != EXIT_TROUBLE)
    rc = c.errors ? EXIT_DIFF : EXIT_SAME;
  vifxml_lint_free(c.lint);
  free(c.sarif.p);
  return rc;
}
