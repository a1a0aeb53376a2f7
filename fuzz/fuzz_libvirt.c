/* Fuzz target "libvirt": libvirt 9.0 as the judge of vifxml's output.
 *
 * For each input vifxml accepts (normalize, the whole input), the input
 * and vifxml's output are each put into the same minimal domain and
 * defined on libvirt's in-process test driver (test:///default), and the
 * domain's inactive XML read back (the comparison tests/libvirt/oracle.c
 * makes, in process):
 *   accept     libvirt accepts the output exactly when it accepts the input
 *   same-xml   ... and reads both to the same inactive XML, once the values
 *              libvirt invents at random (a MAC when none is given,
 *              virtualport ids) are masked: the input is defined twice and
 *              the attributes whose values differ are masked on every side
 *              (tests/libvirt/masking.h, which the oracle uses too)
 * Any difference aborts with both XMLs printed. Inputs in which vifxml
 * repaired a legacy spelling (its stats count them) are not judged:
 * libvirt reads those otherwise, and vifxml repairs them on purpose
 * (README, "Legacy and loose spellings": libvirt ignores a <portprofile>,
 * vifxml makes it a <virtualport>); nor are inputs with a NUL byte (libvirt
 * takes C strings) or over 64 KiB.
 * libvirt's own error printing is silenced (virSetErrorFunc). */
#include "fuzz_common.h"
#include "masking.h"

#include <ctype.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#define LV_MAX_INPUT (64u * 1024)

static virConnectPtr lv_conn;
static char lv_error[1024];

static void lv_silent(void *opaque, virErrorPtr err) {
  (void)opaque;
  snprintf(lv_error, sizeof lv_error, "%s",
           err && err->message ? err->message : "unknown libvirt error");
}

static void lv_open(void) {
  if (lv_conn)
    return;
  virSetErrorFunc(NULL, lv_silent);
  lv_conn = virConnectOpen("test:///default");
  FZ_ASSERT(lv_conn, "cannot open test:///default: %s", lv_error);
}

/* An XML declaration may lead a document; inside <devices> it cannot. */
static const char *lv_skip_decl(const char *s, const char *end) {
  const char *p = s;
  while (p < end && isspace((unsigned char)*p))
    p++;
  if (end - p >= 5 && !memcmp(p, "<?xml", 5)) {
    const char *q = p;
    while (q + 1 < end && !(q[0] == '?' && q[1] == '>'))
      q++;
    if (q + 1 < end)
      return q + 2;
  }
  return s;
}

/* libvirt 9.0 writes a <bandwidth> whose directions all have zero rates as
 * an empty <bandwidth>\n</bandwidth>, which it reads back as no bandwidth
 * (virNetDevBandwidthParse keeps neither direction): its own form is not a
 * fixed point, and vifxml writes the fixed point (no element). The empty
 * pair is removed from libvirt's XML before comparing. */
static void lv_drop_empty_bandwidth(char *x) {
  char *p, *from = x;
  while ((p = strstr(from, "<bandwidth>")) != NULL) {
    char *q = p + strlen("<bandwidth>");
    from = q;
    while (isspace((unsigned char)*q))
      q++;
    if (strncmp(q, "</bandwidth>", strlen("</bandwidth>")))
      continue;
    q += strlen("</bandwidth>");
    while (p > x && (p[-1] == ' ' || p[-1] == '\n'))
      p--; /* the line it was on */
    memmove(p, q, strlen(q) + 1);
    from = p;
  }
}

/* Defines the devices text in the fixed domain and returns its inactive
 * XML (malloc'd), or NULL with lv_error set. */
static char *lv_define(const char *devs, size_t n) {
  sbuf x = {0};
  const char *start = lv_skip_decl(devs, devs + n);
  sb_add(&x, "<domain type='test'><name>fuzzlv</name>"
             "<uuid>c7a5fdbd-cdaf-9455-926a-d65c16db1809</uuid>"
             "<memory>8192</memory><os><type>hvm</type></os><devices>\n");
  sb_addn(&x, start, (size_t)(devs + n - start));
  sb_add(&x, "\n</devices></domain>\n");
  lv_error[0] = '\0';
  virDomainPtr dom = virDomainDefineXMLFlags(lv_conn, x.s, 0);
  free(x.s);
  if (!dom)
    return NULL;
  char *desc = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE);
  FZ_ASSERT(desc, "GetXMLDesc failed: %s", lv_error);
  lv_drop_empty_bandwidth(desc);
  FZ_ASSERT(virDomainUndefine(dom) == 0, "undefine failed: %s", lv_error);
  virDomainFree(dom);
  return desc;
}

static void lv_fail(const uint8_t *data, size_t size, const fz_buf *out,
                    const char *in_xml, const char *out_xml, const char *err,
                    const char *check, const char *what) {
  fz_dump("input", (const char *)data, size);
  fz_dump("vifxml output", out->p, out->len);
  fz_dump("libvirt's inactive XML for the input",
          in_xml ? in_xml : "(rejected)", strlen(in_xml ? in_xml : "(rejected)"));
  fz_dump("libvirt's inactive XML for vifxml's output",
          out_xml ? out_xml : "(rejected)",
          strlen(out_xml ? out_xml : "(rejected)"));
  FZ_ASSERT(0, "[%s] %s%s%s", check, what, err && *err ? ": libvirt: " : "",
            err ? err : "");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > LV_MAX_INPUT || memchr(data, 0, size))
    return 0;
  fz_result r = fz_run(data, size, FZ_WHOLE, NULL);
  if (!r.ok || r.stats.legacy) {
    fz_result_free(&r);
    return 0;
  }
  lv_open();
  char *a1 = lv_define((const char *)data, size);
  char a1err[sizeof lv_error];
  snprintf(a1err, sizeof a1err, "%s", lv_error);
  char *b = lv_define(r.out.p, r.out.len);
  if (!a1 != !b && !fz_ignored("accept"))
    lv_fail(data, size, &r.out, a1, b, a1 ? lv_error : a1err, "accept",
            a1 ? "libvirt accepts the input but rejects vifxml's output"
               : "libvirt rejects the input but accepts vifxml's output");
  if (a1 && b) {
    char *a2 = lv_define((const char *)data, size);
    FZ_ASSERT(a2, "libvirt accepts an input once only: %s", lv_error);
    attr_set rnd = {.n = 0};
    if (find_random_attrs(a1, a2, &rnd)) {
      char *ma = mask_attrs(a1, &rnd, false), *mb = mask_attrs(b, &rnd, false);
      if (strcmp(ma, mb) && !fz_ignored("same-xml"))
        lv_fail(data, size, &r.out, ma, mb, NULL, "same-xml",
                "libvirt reads vifxml's output differently from the input");
      free(ma);
      free(mb);
    }
    free(a2);
  }
  free(a1);
  free(b);
  fz_result_free(&r);
  return 0;
}
