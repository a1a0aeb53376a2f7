/* The migration API (lib/migrate.c): IR + VIF -> IR, the guest/host split,
 * the loss report, the rules and their errors. */
#include "../check.h"
#include "vifxml.h"

#include <jansson.h>
#include <stdbool.h>
#include <string.h>

typedef struct {
  int warnings, notes;
  char last[1024];
} diags;

static void count(void *ctx, vifxml_diag_level level, const vifxml_error *d) {
  diags *c = ctx;
  if (level == VIFXML_DIAG_WARNING)
    c->warnings++;
  else
    c->notes++;
  snprintf(c->last, sizeof c->last, "%lu:%lu: %s", d->line, d->column,
           d->message);
}

static char out[8192];
static size_t outlen;

static int to_buf(void *ctx, const char *buf, size_t len) {
  (void)ctx;
  if (outlen + len >= sizeof out)
    return -1;
  memcpy(out + outlen, buf, len);
  outlen += len;
  out[outlen] = '\0';
  return 0;
}

static const char *written(const vifxml_iface *x) {
  outlen = 0;
  out[0] = '\0';
  vifxml_write_iface(x, "", to_buf, NULL);
  return out;
}

static const char qbr[] =
    "<interface type='bridge'>\n"
    "  <mac address='FA:16:3E:0A:1B:2C'/>\n"
    "  <source bridge='qbr0a1b2c3d-4e'/>\n"
    "  <target dev='tap0a1b2c3d-4e'/>\n"
    "  <model type='e1000'/>\n"
    "  <filterref filter='nova-instance-i-1-fa163e0a1b2c'/>\n"
    "  <link state='down'/>\n"
    "  <boot order='3'/>\n"
    "  <alias name='ua-nic1'/>\n"
    "  <rom enabled='no'/>\n"
    "  <address type='pci' domain='0x0000' bus='0x00' slot='0x07' "
    "function='0x0'/>\n"
    "</interface>\n";

static const char vifs[] =
    "[{\"id\": \"0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\",\n"
    "  \"address\": \"fa:16:3e:0a:1b:2c\", \"type\": \"ovs\",\n"
    "  \"delegate_create\": true, \"devname\": \"tap0a1b2c3d-4e\",\n"
    "  \"network\": {\"bridge\": \"br-int\", \"meta\": {\"mtu\": 1442}}}]";

static bool has(const char *hay, const char *needle) {
  return strstr(hay, needle) != NULL;
}

static void test_vif_by_mac(void) {
  vifxml_arena *a = vifxml_arena_new(NULL);
  vifxml_iface *src, *dst;
  vifxml_error err;
  vifxml_migrate_options o = {.from_profile = -1};
  vifxml_migrate *m = vifxml_migrate_new(&o, NULL);
  CHECK(vifxml_parse_one(qbr, strlen(qbr), "q.xml", a, &src, &err) == 0,
        "parse: %s", err.message);
  CHECK(vifxml_migrate_add_vifs(m, vifs, strlen(vifs), "v.json", &err) == 0,
        "add_vifs: %s", err.message);
  CHECK(vifxml_migrate_vif_count(m) == 1, "one VIF");
  diags d = {0};
  vifxml_migrate_result r;
  CHECK(vifxml_migrate_iface(m, src, a, &dst, &r, &err, count, &d) == 0,
        "migrate: %s", err.message);
  const char *x = written(dst);
  CHECK(r.outcome == VIFXML_MIGRATE_MIGRATED, "migrated");
  CHECK(has(x, "<interface type='ethernet'>"), "host side: %s", x);
  CHECK(has(x, "<target dev='tap0a1b2c3d-4e'/>"), "target: %s", x);
  CHECK(!has(x, "<mtu"), "no MTU where the source had none: %s", x);
  CHECK(!has(x, "filterref") && !has(x, "qbr"), "old host side gone: %s", x);
  /* guest side whole */
  CHECK(has(x, "<model type='e1000'/>") && has(x, "<link state='down'/>") &&
            has(x, "<boot order='3'/>") && has(x, "<alias name='ua-nic1'/>") &&
            has(x, "<rom enabled='no'/>") && has(x, "slot='0x07'"),
        "guest side: %s", x);
  CHECK(r.ndropped == 2 && r.nchanged == 1, "report: %zu dropped, %zu changed",
        r.ndropped, r.nchanged);
  CHECK(d.warnings == 3, "a warning per loss: %d", d.warnings);
  CHECK(!strcmp(r.from_vif, "ovs") && !strcmp(r.to_vif, "ovs") &&
            !strcmp(r.from_iface, "bridge") && !strcmp(r.to_iface, "ethernet"),
        "from/to");
  const char *j = vifxml_migrate_result_json(&r, "f.xml", "dom", "fa:16:3e:0a:1b:2c", a);
  json_error_t je;
  json_t *o2 = j ? json_loads(j, 0, &je) : NULL;
  CHECK(o2 && json_is_array(json_object_get(o2, "dropped")) &&
            !strcmp(json_string_value(json_object_get(o2, "domain")), "dom") &&
            !strcmp(json_string_value(json_object_get(
                        json_object_get(o2, "to"), "interface")),
                    "ethernet"),
        "json: %s", j ? j : "(null)");
  json_decref(o2);
  /* idempotent: migrating the result again changes nothing */
  vifxml_iface *again;
  char first[8192];
  snprintf(first, sizeof first, "%s", x);
  CHECK(vifxml_migrate_iface(m, dst, a, &again, &r, &err, NULL, NULL) == 0,
        "again: %s", err.message);
  CHECK(!strcmp(written(again), first), "idempotent: %s", out);
  CHECK(r.ndropped == 0 && r.nchanged == 0, "nothing lost the second time");
  vifxml_migrate_free(m);
  vifxml_arena_free(a);
}

static void test_errors(void) {
  vifxml_error err;
  vifxml_migrate *m = vifxml_migrate_new(NULL, NULL);
  static const char dup[] =
      "[{\"id\": \"a\", \"address\": \"fa:16:3e:00:00:01\", \"type\": \"ovs\"},\n"
      " {\"id\": \"b\", \"address\": \"FA:16:3E:00:00:01\", \"type\": \"ovs\"}]";
  CHECK(vifxml_migrate_add_vifs(m, dup, strlen(dup), "d.json", &err) < 0 &&
            has(err.message, "two ports cannot share one MAC") &&
            !strcmp(err.file, "d.json"),
        "dup MAC: %s", err.message);
  CHECK(vifxml_migrate_vif_count(m) == 0, "all or nothing");
  static const char bad[] = "[{\"address\": \"fa:16:3e:00:00:01\",}]";
  CHECK(vifxml_migrate_add_vifs(m, bad, strlen(bad), "b.json", &err) < 0 &&
            err.line == 1 && err.column > 1,
        "bad JSON at %lu:%lu: %s", err.line, err.column, err.message);
  CHECK(vifxml_migrate_add_map(m, "bridge:a=b", &err) == 0, "map");
  CHECK(vifxml_migrate_add_map(m, "vlan:a=b", &err) < 0, "bad map kind");
  CHECK(vifxml_migrate_add_map(m, "bridge:a=", &err) < 0, "empty new name");
  CHECK(vifxml_migrate_add_map(m, "bridge:a=c", &err) < 0 &&
            has(err.message, "mapped twice"),
        "twice: %s", err.message);
  const char *set_bad[] = {"details.ovs_hybrid_plug=maybe"};
  CHECK(vifxml_migrate_add_rule(m, NULL, 0, set_bad, 1, &err) < 0 &&
            has(err.message, "true or false"),
        "bool: %s", err.message);
  const char *set_num[] = {"network.meta.mtu=14x"};
  CHECK(vifxml_migrate_add_rule(m, NULL, 0, set_num, 1, &err) < 0,
        "number");
  const char *sel_bad[] = {"colour=red"};
  const char *set_ok[] = {"type=ovs"};
  CHECK(vifxml_migrate_add_rule(m, sel_bad, 1, set_ok, 1, &err) < 0 &&
            has(err.message, "unknown selector"),
        "selector: %s", err.message);
  static const char rules_bad[] = "[{\"match\": {}, \"sett\": {}}]";
  CHECK(vifxml_migrate_add_rules(m, rules_bad, strlen(rules_bad), "r.json",
                                 &err) < 0,
        "rules shape");
  static const char flavor_bad[] = "{\"quota:vif_inbound_average\": -3}";
  CHECK(vifxml_migrate_set_flavor(m, flavor_bad, strlen(flavor_bad), "f.json",
                                  &err) < 0,
        "flavor: negative");
  vifxml_migrate_free(m);
}

/* --set with --match on an inferred VIF; a VF is never moved to virtio. */
static void test_rules_and_refusal(void) {
  vifxml_arena *a = vifxml_arena_new(NULL);
  vifxml_error err;
  vifxml_iface *src, *dst;
  vifxml_migrate *m = vifxml_migrate_new(NULL, NULL);
  const char *match[] = {"source.bridge=brq*", "mac=FA:16:*"};
  const char *set[] = {"type=ovs", "delegate_create=true"};
  CHECK(vifxml_migrate_add_rule(m, match, 2, set, 2, &err) == 0, "rule: %s",
        err.message);
  static const char lb[] =
      "<interface type='bridge'><mac address='fa:16:3e:01:02:03'/>"
      "<source bridge='brq1234abcd-ef'/><target dev='tap1234abcd-ef'/>"
      "<model type='virtio'/><driver queues='4'/><mtu size='1450'/>"
      "</interface>";
  CHECK(vifxml_parse_one(lb, strlen(lb), "lb.xml", a, &src, &err) == 0,
        "parse: %s", err.message);
  vifxml_migrate_result r;
  CHECK(vifxml_migrate_iface(m, src, a, &dst, &r, &err, NULL, NULL) == 0,
        "lb: %s", err.message);
  const char *x = written(dst);
  CHECK(has(x, "type='ethernet'") && has(x, "<target dev='tap1234abcd-ef'/>") &&
            has(x, "queues='4'") && has(x, "<mtu size='1450'/>"),
        "lb -> ovs: %s", x);
  CHECK(!strcmp(r.from_vif, "bridge") && !strcmp(r.to_vif, "ovs"),
        "bridge -> ovs");
  static const char vf[] =
      "<interface type='hostdev' managed='yes'><mac address='fa:16:3e:01:02:04'/>"
      "<source><address type='pci' domain='0' bus='0x82' slot='0x10' "
      "function='4'/></source></interface>";
  static const char to_ovs[] =
      "{\"id\": \"x\", \"address\": \"fa:16:3e:01:02:04\", \"type\": \"ovs\", "
      "\"delegate_create\": true}";
  CHECK(vifxml_migrate_add_vifs(m, to_ovs, strlen(to_ovs), "o.json", &err) == 0,
        "vif: %s", err.message);
  CHECK(vifxml_parse_one(vf, strlen(vf), "vf.xml", a, &src, &err) == 0,
        "parse: %s", err.message);
  CHECK(vifxml_migrate_iface(m, src, a, &dst, &r, &err, NULL, NULL) < 0 &&
            has(err.message, "refused") && err.line == 1,
        "VF refused: %s", err.message);
  vifxml_migrate_free(m);
  vifxml_arena_free(a);
}

int main(void) {
  test_vif_by_mac();
  test_errors();
  test_rules_and_refusal();
  printf("%d passed, %d failed\n", passed, failed);
  return failed != 0;
}
