/* libvirt_check: libvirt's test driver (test:///default) as the judge of
 * `vifxml migrate`'s output.
 *
 *   libvirt_check VIFXML SOURCE MIGRATED [SOURCE MIGRATED]...
 *
 * Each SOURCE is a whole domain; MIGRATED is what `vifxml migrate` wrote for
 * it (tests/migrate/cases/x/expected.out). For each pair:
 *   1. libvirt must accept MIGRATED (virDomainDefineXML);
 *   2. the source is read as libvirt reads it in today's syntax: its
 *      normalized form (`VIFXML normalize SOURCE`), defined the same way;
 *   3. interface by interface, the guest side libvirt formats back (mac,
 *      model, driver options but its host-side name, address, alias, boot,
 *      rom, link, acpi, coalesce) must be the same in both.
 * Output: a line per pair, then "N passed, N failed". Exit 0 iff none failed.
 */
#define _POSIX_C_SOURCE 200809L
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const guest_tags[] = {"mac",  "model", "driver", "address",
                                         "alias", "boot", "rom",    "link",
                                         "acpi", "coalesce", NULL};

static char *slurp(FILE *f) {
  size_t cap = 65536, len = 0;
  char *p = malloc(cap);
  size_t n;
  while (p && (n = fread(p + len, 1, cap - len - 1, f)) > 0) {
    len += n;
    if (cap - len < 2) {
      char *q = realloc(p, cap *= 2);
      if (!q) {
        free(p);
        return NULL;
      }
      p = q;
    }
  }
  if (p)
    p[len] = '\0';
  return p;
}

static char *read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  char *s = slurp(f);
  fclose(f);
  return s;
}

static char *normalized(const char *vifxml, const char *path) {
  char cmd[8192];
  snprintf(cmd, sizeof cmd, "'%s' normalize -q '%s'", vifxml, path);
  FILE *p = popen(cmd, "r");
  if (!p)
    return NULL;
  char *s = slurp(p);
  if (pclose(p) != 0) {
    free(s);
    return NULL;
  }
  return s;
}

static void quiet(void *ud, virErrorPtr e) {
  (void)ud;
  (void)e;
}

/* Defines xml, returns libvirt's inactive XML (and undefines it). */
static char *define(virConnectPtr c, const char *xml, char *why, size_t len) {
  virDomainPtr d = virDomainDefineXML(c, xml);
  if (!d) {
    virErrorPtr e = virGetLastError();
    snprintf(why, len, "%s", e && e->message ? e->message : "refused");
    return NULL;
  }
  char *out = virDomainGetXMLDesc(d, VIR_DOMAIN_XML_INACTIVE);
  virDomainUndefine(d);
  virDomainFree(d);
  return out;
}

/* Appends the guest-side lines of each interface of xml to out, one block
 * per interface separated by "--\n". */
static void guest_side(const char *xml, char *out, size_t len) {
  out[0] = '\0';
  const char *p = xml;
  while ((p = strstr(p, "<interface "))) {
    const char *end = strstr(p, "</interface>");
    if (!end)
      break;
    const char *line = strchr(p, '\n');
    char keep[128] = ""; /* tag of the multi-line child being kept */
    char skip[128] = ""; /* tag of the multi-line child being skipped */
    while (line && line < end) {
      line++;
      const char *eol = strchr(line, '\n');
      if (!eol || eol > end)
        break;
      const char *t = line;
      while (*t == ' ')
        t++;
      size_t n = (size_t)(eol - t);
      char buf[2048];
      snprintf(buf, sizeof buf, "%.*s", (int)n, t);
      if (keep[0] || skip[0]) {
        if (keep[0])
          strncat(out, buf, len - strlen(out) - 2), strcat(out, "\n");
        char close[140];
        snprintf(close, sizeof close, "</%s>", keep[0] ? keep : skip);
        if (!strcmp(buf, close))
          keep[0] = skip[0] = '\0';
        line = eol;
        continue;
      }
      char tag[128];
      size_t k = 0;
      for (const char *q = buf + 1; *q && *q != ' ' && *q != '/' && *q != '>' &&
                                    k < sizeof tag - 1;
           q++)
        tag[k++] = *q;
      tag[k] = '\0';
      bool guest = false;
      for (int i = 0; guest_tags[i]; i++)
        guest |= !strcmp(tag, guest_tags[i]);
      bool single = strstr(buf, "/>") == buf + strlen(buf) - 2 ||
                    strstr(buf, "</");
      if (guest) {
        if (!strcmp(tag, "driver")) { /* its name is the host's */
          char *nm = strstr(buf, " name='");
          if (nm) {
            char *q = strchr(nm + 7, '\'');
            if (q)
              memmove(nm, q + 1, strlen(q + 1) + 1);
          }
        }
        strncat(out, buf, len - strlen(out) - 2);
        strcat(out, "\n");
        if (!single)
          snprintf(keep, sizeof keep, "%s", tag);
      } else if (!single) {
        snprintf(skip, sizeof skip, "%s", tag);
      }
      line = eol;
    }
    strncat(out, "--\n", len - strlen(out) - 1);
    p = end;
  }
}

int main(int argc, char **argv) {
  if (argc < 4 || (argc - 2) % 2) {
    fprintf(stderr, "usage: libvirt_check VIFXML SOURCE MIGRATED...\n");
    return 2;
  }
  virSetErrorFunc(NULL, quiet);
  virConnectPtr c = virConnectOpen("test:///default");
  if (!c) {
    fprintf(stderr, "cannot open test:///default\n");
    return 2;
  }
  int pass = 0, fail = 0;
  static char a[1 << 20], b[1 << 20];
  for (int i = 2; i + 1 < argc; i += 2) {
    const char *src = argv[i], *mig = argv[i + 1];
    char why[1024] = "";
    char *m = read_file(mig), *s = normalized(argv[1], src);
    char *lm = m ? define(c, m, why, sizeof why) : NULL;
    if (!m || !s) {
      printf("FAIL %s: cannot read it or normalize its source\n", mig);
      fail++;
    } else if (!lm) {
      printf("FAIL %s: libvirt refuses the migrated domain: %s\n", mig, why);
      fail++;
    } else {
      char *ls = define(c, s, why, sizeof why);
      if (!ls) {
        printf("FAIL %s: libvirt refuses the (normalized) source %s: %s\n",
               mig, src, why);
        fail++;
      } else {
        guest_side(ls, a, sizeof a);
        guest_side(lm, b, sizeof b);
        if (strcmp(a, b)) {
          printf("FAIL %s: the guest side differs from %s's\n-- source:\n%s"
                 "-- migrated:\n%s",
                 mig, src, a, b);
          fail++;
        } else {
          printf("PASS %s: libvirt accepts it; guest side as the source's\n",
                 mig);
          pass++;
        }
      }
      free(ls);
    }
    free(lm);
    free(m);
    free(s);
  }
  virConnectClose(c);
  printf("%d passed, %d failed\n", pass, fail);
  return fail ? 1 : 0;
}
