/* Host facts for from-vif: what Nova reads from the compute host and no
 * VIF holds, a VF's network device and a vDPA device path, both keyed by
 * the VF's PCI slot (parsed here, for the VIF and the caller's lists
 * alike). They come from the lists the caller gives, else from sysfs when
 * the caller names its root; never invented (nova-vif.md, "Host-dependent
 * values"). */
#define _POSIX_C_SOURCE 200809L /* opendir */
#include "vif.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>

bool vif_parse_slot(const char *s, unsigned n[4]) {
  char tail;
  /* sscanf alone would take signs and blanks, and overflow a %x of more
   * than 8 digits */
  if (strspn(s, "0123456789abcdefABCDEF:.") != strlen(s))
    return false;
  for (const char *p = s; *p; p += strspn(p, ":.")) {
    size_t digits = strcspn(p, ":.");
    if (digits > 8)
      return false;
    p += digits;
  }
  n[0] = 0;
  if (sscanf(s, "%x:%x:%x.%x%c", &n[0], &n[1], &n[2], &n[3], &tail) != 4 &&
      (n[0] = 0, sscanf(s, "%x:%x.%x%c", &n[1], &n[2], &n[3], &tail) != 3))
    return false;
  return n[1] <= 0xff && n[2] <= 0x1f && n[3] <= 7;
}

static const char *given_fact(const vifxml_host_fact *facts, size_t n,
                              const unsigned slot[4]) {
  for (size_t i = 0; i < n; i++) {
    unsigned s[4];
    if (facts[i].pci_slot && vif_parse_slot(facts[i].pci_slot, s) &&
        !memcmp(s, slot, sizeof s))
      return facts[i].value;
  }
  return NULL;
}

/* The first entry of dir (sorted, for a stable answer) that starts with
 * prefix; copied into out. */
static bool first_entry(const char *dir, const char *prefix, char *out,
                        size_t outlen) {
  DIR *d = opendir(dir);
  if (!d)
    return false;
  bool found = false;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.' || strncmp(e->d_name, prefix, strlen(prefix)) ||
        (found && strcmp(e->d_name, out) >= 0))
      continue;
    snprintf(out, outlen, "%s", e->d_name);
    found = true;
  }
  closedir(d);
  return found;
}

/* sysfs: a VF's netdev is the entry of .../<slot>/net/ (Nova's
 * get_ifname_by_pci_address); a vDPA device is .../<slot>/vdpaN/vhost-vdpa-M,
 * opened as /dev/vhost-vdpa-M. */
static const char *sysfs_fact(const char *root, bool vdpa, const char *slot,
                              vifxml_arena *a) {
  char dir[4096], name[256];
  if (!vdpa) {
    snprintf(dir, sizeof dir, "%s/bus/pci/devices/%s/net", root, slot);
    return first_entry(dir, "", name, sizeof name)
               ? arena_printf(a, "%s", name)
               : NULL;
  }
  snprintf(dir, sizeof dir, "%s/bus/pci/devices/%s", root, slot);
  if (!first_entry(dir, "vdpa", name, sizeof name))
    return NULL;
  size_t n = strlen(dir);
  snprintf(dir + n, sizeof dir - n, "/%s", name);
  return first_entry(dir, "vhost-vdpa-", name, sizeof name)
             ? arena_printf(a, "/dev/%s", name)
             : NULL;
}

const char *vif_host_fact(const vifxml_vif_options *opt, bool vdpa,
                          const unsigned slot[4], vifxml_arena *a, char *msg,
                          size_t msglen) {
  const char *what = vdpa ? "vDPA device" : "network device";
  const char *v = vdpa ? given_fact(opt->vdpa_devs, opt->nvdpa_devs, slot)
                       : given_fact(opt->netdevs, opt->nnetdevs, slot);
  char canon[32];
  snprintf(canon, sizeof canon, "%04x:%02x:%02x.%x", slot[0], slot[1],
           slot[2], slot[3]);
  if (!v && opt->sysfs)
    v = sysfs_fact(opt->sysfs, vdpa, canon, a);
  if (v)
    return v;
  if (opt->sysfs)
    snprintf(msg, msglen,
             "no %s known for PCI slot %s: none given and none found "
             "under %s/bus/pci/devices/%s/%s",
             what, canon, opt->sysfs, canon, vdpa ? "vdpa*" : "net");
  else
    snprintf(msg, msglen,
             "no %s known for PCI slot %s: none given (the host is not "
             "read)",
             what, canon);
  return NULL;
}
