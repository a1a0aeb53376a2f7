/* vifxml migrate: re-point whole domains at new ports or backends. The
 * inputs, --check/--diff/--in-place, --jobs and --summary are normalize's
 * (cli_rewrite_run); the migration itself is lib/migrate.c. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* What one file's interfaces came to; its report lines are held until the
 * file is done (beyond VIFXML_LIMIT_HOLD in a temporary file), and dropped
 * with a bad file's output. */
typedef struct file_state {
  batch_job *job;
  cli_held report;
  unsigned long migrated, renamed, left, refused;
  struct file_state *next;
} file_state;

typedef struct {
  vifxml_migrate_options mo;
  vifxml_migrate *m;
  const char **vifs, **sets, **matches, **maps;
  size_t nvifs, nsets, nmatches, nmaps;
  const char *rules, *flavor;
  vifxml_host_fact *netdevs, *vdpas;
  size_t nnetdevs, nvdpas;
  bool json_report, any_from;
  /* per file, shared by the jobs */
  pthread_mutex_t lock;
  file_state *files;
  unsigned long migrated, renamed, left, refused;
} migrate_cmd;

static const char usage[] =
    "usage: vifxml migrate [--vif FILE]... [--from-profile liberty|current]\n"
    "                      [--vif-type T] [--set KEY=VALUE]... [--match SEL=GLOB]...\n"
    "                      [--rules FILE] [--map bridge|network|portgroup:OLD=NEW]...\n"
    "                      [--profile current|liberty] [--flavor-specs FILE]\n"
    "                      [--strict] [--explain] [--report=json]\n"
    "                      [--check | --diff | --in-place [--backup=SUFFIX]]\n"
    "                      [--summary[=json]] [-r] [-0] [-j N] [-q] [FILE...]\n"
    "Re-point every <interface> of each domain (standard input if none or '-')\n"
    "at its destination port: the host side as the destination's Nova renders\n"
    "it, the guest side (mac, model, driver options, address, alias, boot,\n"
    "rom, link, acpi, coalesce) kept; everything outside the interfaces is\n"
    "copied unchanged. Each host-side item dropped or changed is a warning.\n"
    "  --vif FILE            Nova network_info JSON: each interface whose MAC a\n"
    "                        VIF has (any case) is rebuilt from that VIF\n"
    "  --from-profile P      infer each other interface's VIF from its XML, as\n"
    "                        P's Nova wrote it (as to-vif does), and re-render it\n"
    "  --vif-type T          the inferred VIF's type, among its candidates\n"
    "  --set KEY=VALUE       set a VIF key (docs/vif.md: type=ovs,\n"
    "                        details.ovs_hybrid_plug=false, network.bridge=br-int,\n"
    "                        network.meta.mtu=1442, delegate_create=true) in the\n"
    "                        inferred VIF of the interfaces --match selects\n"
    "  --match SEL=GLOB      select by type, mac, source.bridge, source.network,\n"
    "                        source.portgroup, source.dev, target.dev, model or\n"
    "                        vif.KEY (all must match; globs)\n"
    "  --rules FILE          a JSON list of {\"match\": {...}, \"set\": {...}},\n"
    "                        after --set; the first rule that matches wins\n"
    "  --map KIND:OLD=NEW    rename a bridge, network or portgroup\n"
    "  --profile P           the destination's Nova: current (default) or liberty\n"
    "  --flavor-specs FILE   the flavor's extra specs (JSON): its quota:vif_*\n"
    "                        give <bandwidth>; without it the source's is kept\n"
    "  --host-netdev PCI=NAME, --vdpa-dev PCI=PATH  host facts, as from-vif's\n"
    "  --strict              an interface no --vif VIF matches is an error\n"
    "  --explain             a note naming the rule of each rewrite\n"
    "  --report=json         one JSON line per interface on standard error:\n"
    "                        file, domain, mac, outcome, from, to, kept,\n"
    "                        changed, dropped, added (-q keeps only these)\n"
    "  --check, --diff, --in-place, --backup, --summary, -r, -0, -j, -q: as for\n"
    "  normalize. A file with an error is not written; the others are.\n"
    "Examples:\n"
    "  vifxml migrate --vif network_info.json domain.xml\n"
    "  vifxml migrate --from-profile liberty old.xml\n"
    "  vifxml migrate --match source.bridge='brq*' --set type=ovs \\\n"
    "      --set delegate_create=true --diff -r /etc/libvirt/qemu\n"
    "  vifxml migrate --map bridge:br0=br-ext --in-place --backup=.orig -r defs/\n"
    "See docs/migrate.md.\n";

static bool push_arg(const char ***v, size_t *n, const char *s) {
  const char **p = realloc(*v, (*n + 1) * sizeof *p);
  if (!p)
    return false;
  p[(*n)++] = s;
  *v = p;
  return true;
}

static int add_fact(vifxml_host_fact **v, size_t *n, const char *arg) {
  const char *eq = strchr(arg, '=');
  if (!eq || eq == arg || !eq[1])
    return -1;
  vifxml_host_fact *p = realloc(*v, (*n + 1) * sizeof *p);
  if (!p)
    return -1;
  *v = p;
  char *slot = strndup(arg, (size_t)(eq - arg));
  if (!slot)
    return -1;
  p[(*n)++] = (vifxml_host_fact){slot, eq + 1};
  return 0;
}

static int option(void *ctx, cli_args *a) {
  migrate_cmd *c = ctx;
  const char *v;
  bool ok = true;
  if ((v = cli_value(a, "--vif")))
    ok = push_arg(&c->vifs, &c->nvifs, v);
  else if ((v = cli_value(a, "--set")))
    ok = push_arg(&c->sets, &c->nsets, v);
  else if ((v = cli_value(a, "--match")))
    ok = push_arg(&c->matches, &c->nmatches, v);
  else if ((v = cli_value(a, "--map")))
    ok = push_arg(&c->maps, &c->nmaps, v);
  else if ((v = cli_value(a, "--rules"))) {
    if (c->rules)
      return cli_usage_error(a, "--rules is given once"), -1;
    c->rules = v;
  } else if ((v = cli_value(a, "--flavor-specs"))) {
    if (c->flavor)
      return cli_usage_error(a, "--flavor-specs is given once"), -1;
    c->flavor = v;
  } else if ((v = cli_value(a, "--profile"))) {
    if (vifxml_profile_lookup(v, &c->mo.vif.profile) < 0)
      return cli_usage_error(a, "unknown profile '%s' (current, liberty)", v),
             -1;
  } else if ((v = cli_value(a, "--from-profile"))) {
    vifxml_profile p;
    if (vifxml_profile_lookup(v, &p) < 0)
      return cli_usage_error(a, "unknown profile '%s' (current, liberty)", v),
             -1;
    c->mo.from_profile = (int)p;
  } else if ((v = cli_value(a, "--vif-type"))) {
    c->mo.vif_type = v;
  } else if ((v = cli_value(a, "--host-netdev"))) {
    if (add_fact(&c->netdevs, &c->nnetdevs, v) < 0)
      return cli_usage_error(a, "'%s': expected PCI=NAME", v), -1;
  } else if ((v = cli_value(a, "--vdpa-dev"))) {
    if (add_fact(&c->vdpas, &c->nvdpas, v) < 0)
      return cli_usage_error(a, "'%s': expected PCI=PATH", v), -1;
  } else if (!strcmp(a->arg, "--strict")) {
    c->mo.strict = 1;
  } else if (!strcmp(a->arg, "--report=json")) {
    c->json_report = true;
  } else {
    return 0;
  }
  if (!ok) {
    fprintf(stderr, "vifxml migrate: out of memory\n");
    return -1;
  }
  return 1;
}

/* Reads a whole named file (errors printed). */
static int slurp(const char *path, membuf *out, const char **name) {
  FILE *f = cli_open_input(path, name);
  if (!f)
    return -1;
  int r = cli_read_all(f, *name, out);
  cli_close_input(f);
  return r;
}

typedef int (*loader)(vifxml_migrate *, const char *, size_t, const char *,
                      vifxml_error *);

static int load(migrate_cmd *c, const char *path, loader fn) {
  membuf b = {0};
  const char *name;
  vifxml_error err = {0};
  int rc = slurp(path, &b, &name);
  if (rc == 0 && (rc = fn(c->m, b.p ? b.p : "", b.len, name, &err)) < 0)
    cli_print_error(&err);
  free(b.p);
  return rc;
}

static void usage_err(const cli_args *a, const vifxml_error *e) {
  cli_usage_error(a, "%s", e->message);
}

static int ready(void *ctx, cli_args *a) {
  migrate_cmd *c = ctx;
  vifxml_error err = {0};
  if (!c->nvifs && c->mo.from_profile < 0 && !c->nsets && !c->rules &&
      !c->nmaps)
    return cli_usage_error(a, "nothing to migrate to: give --vif, "
                              "--from-profile, --set, --rules or --map"),
           -1;
  if (c->nmatches && !c->nsets)
    return cli_usage_error(a, "--match selects the interfaces --set applies "
                              "to: give --set too"),
           -1;
  if (c->mo.vif_type && c->mo.from_profile < 0 && !c->nsets && !c->rules)
    return cli_usage_error(a, "--vif-type picks an inferred VIF's type: give "
                              "--from-profile, --set or --rules"),
           -1;
  if (c->mo.strict && !c->nvifs)
    return cli_usage_error(a, "--strict is about --vif: give --vif"), -1;
  c->mo.vif.netdevs = c->netdevs;
  c->mo.vif.nnetdevs = c->nnetdevs;
  c->mo.vif.vdpa_devs = c->vdpas;
  c->mo.vif.nvdpa_devs = c->nvdpas;
  c->mo.vif.sysfs = NULL; /* a definition is migrated off the host */
  c->m = vifxml_migrate_new(&c->mo, NULL);
  if (!c->m) {
    fprintf(stderr, "vifxml migrate: out of memory\n");
    return -1;
  }
  for (size_t i = 0; i < c->nmaps; i++)
    if (vifxml_migrate_add_map(c->m, c->maps[i], &err) < 0)
      return usage_err(a, &err), -1;
  if (c->nsets &&
      vifxml_migrate_add_rule(c->m, c->matches, c->nmatches, c->sets, c->nsets,
                              &err) < 0)
    return usage_err(a, &err), -1;
  for (size_t i = 0; i < c->nvifs; i++)
    if (load(c, c->vifs[i], vifxml_migrate_add_vifs) < 0)
      return -1;
  if (c->rules && load(c, c->rules, vifxml_migrate_add_rules) < 0)
    return -1;
  if (c->flavor && load(c, c->flavor, vifxml_migrate_set_flavor) < 0)
    return -1;
  return 0;
}

/* This file's state (created on first use). */
static file_state *state_of(migrate_cmd *c, batch_job *job) {
  pthread_mutex_lock(&c->lock);
  file_state *f = c->files;
  while (f && f->job != job)
    f = f->next;
  if (!f && (f = calloc(1, sizeof *f))) {
    f->job = job;
    f->next = c->files;
    c->files = f;
  }
  pthread_mutex_unlock(&c->lock);
  return f;
}

static int on_iface(void *ctx, vifxml_stream *s, vifxml_iface *iface,
                    const char *indent, vifxml_error *err) {
  cli_rewrite_file *rf = ctx;
  migrate_cmd *c = rf->ctx;
  file_state *fs = state_of(c, rf->job);
  vifxml_iface *out;
  vifxml_migrate_result res;
  vifxml_arena *arena = vifxml_iface_arena(iface);
  if (!fs) {
    err->code = VIFXML_ERR_NOMEM;
    snprintf(err->message, sizeof err->message, "out of memory");
    return -1;
  }
  if (vifxml_migrate_iface(c->m, iface, arena, &out, &res, err,
                           vifxml_stream_diag, s) < 0) {
    fs->refused++;
    return -1;
  }
  if (res.outcome == VIFXML_MIGRATE_MIGRATED)
    fs->migrated++;
  else if (res.outcome == VIFXML_MIGRATE_RENAMED)
    fs->renamed++;
  else
    fs->left++;
  if (c->json_report) {
    const char *mac = vifxml_iface_kind(iface) == VIFXML_KIND_OPAQUE
                          ? NULL
                          : vifxml_iface_get(iface, VIFXML_F_MAC_ADDRESS);
    const char *line =
        vifxml_migrate_result_json(&res, rf->name, vifxml_stream_domain(s),
                                   mac, arena);
    if (!line || cli_held_write(&fs->report, line, strlen(line)) < 0 ||
        cli_held_write(&fs->report, "\n", 1) < 0) {
      err->code = line ? VIFXML_ERR_IO : VIFXML_ERR_NOMEM;
      snprintf(err->message, sizeof err->message, "%s",
               line ? cli_held_why(&fs->report) : "out of memory");
      return -1;
    }
  }
  (void)indent; /* the stream indents it, with the input's line ends */
  if (vifxml_stream_write_iface(s, out) < 0) {
    err->code = VIFXML_ERR_IO;
    snprintf(err->message, sizeof err->message, "cannot write output");
    return -1;
  }
  return 0;
}

static int file_done(cli_rewrite_file *rf, bool ok) {
  migrate_cmd *c = rf->ctx;
  pthread_mutex_lock(&c->lock);
  file_state **p = &c->files;
  while (*p && (*p)->job != rf->job)
    p = &(*p)->next;
  file_state *f = *p;
  if (f)
    *p = f->next;
  if (f) {
    c->refused += f->refused;
    if (ok) {
      c->migrated += f->migrated;
      c->renamed += f->renamed;
      c->left += f->left;
    }
  }
  pthread_mutex_unlock(&c->lock);
  if (!f)
    return 0;
  int rc = ok ? cli_held_release(&f->report, rf->job->err, "<stderr>",
                                 rf->job->err)
              : 0;
  cli_held_free(&f->report);
  free(f);
  return rc;
}

/* --summary is cli_rewrite_run's; migrate adds its own counts. */
static void done(void *ctx, int summary) {
  const migrate_cmd *c = ctx;
  if (summary == 1)
    fprintf(stderr,
            "migrate: %lu interfaces migrated, %lu renamed only, %lu left "
            "alone, %lu refused\n",
            c->migrated, c->renamed, c->left, c->refused);
  else if (summary == 2)
    fprintf(stderr,
            "{\"migrated\":%lu,\"renamed\":%lu,\"left\":%lu,\"refused\":%lu}\n",
            c->migrated, c->renamed, c->left, c->refused);
}

int cmd_migrate(int argc, char **argv) {
  static const char *const valued[] = {
      "--vif",     "--set",      "--match",        "--map",
      "--rules",   "--profile",  "--from-profile", "--vif-type",
      "--flavor-specs", "--host-netdev", "--vdpa-dev", NULL};
  migrate_cmd c;
  memset(&c, 0, sizeof c);
  c.mo.from_profile = -1;
  pthread_mutex_init(&c.lock, NULL);
  cli_rewrite r = {usage, valued, option, ready, on_iface, file_done, done, &c,
                   &c.mo.explain};
  int rc = cli_rewrite_run(argc, argv, &r);
  vifxml_migrate_free(c.m);
  for (size_t i = 0; i < c.nnetdevs; i++)
    free((char *)c.netdevs[i].pci_slot);
  for (size_t i = 0; i < c.nvdpas; i++)
    free((char *)c.vdpas[i].pci_slot);
  free(c.netdevs);
  free(c.vdpas);
  free(c.vifs);
  free(c.sets);
  free(c.matches);
  free(c.maps);
  pthread_mutex_destroy(&c.lock);
  return rc;
}
