/*
 * oracle: libvirt's own parser and formatter (in-process "test" driver) as the
 * reference for `vifxml normalize`.
 *
 *   oracle VIFXML_BINARY FILE...
 *
 * Each FILE holds one lone <interface> element.  For each file:
 *
 *   1. wrap it in a minimal domain, define it on test:///default, read back the
 *      inactive XML and cut out the <interface>...</interface> text (ORIG);
 *      define it a second time to find which values libvirt invents at random
 *      (a MAC when none is given, virtualport instanceid/interfaceid);
 *   2. run `VIFXML normalize FILE` (stdout = OURS, exit status);
 *   3. wrap OURS the same way, define it, cut out the interface (BACK);
 *   4. require
 *      (a) BACK == ORIG exactly (values libvirt generated at random masked on
 *          both sides), i.e. libvirt reads our output as it reads the input;
 *      (b) OURS == ORIG up to whitespace between tags, where ORIG is first
 *          stripped of what libvirt (or its test driver) invents and vifxml
 *          must not: random values found in step 1, and the test driver's
 *          `testnetN` target name when the input names no such target.
 *
 * If libvirt rejects the input, the case is SKIP, unless vifxml rejects it as
 * well (exit 2): then it is a PASS ("agree: rejected").
 *
 * Output: one line per case (PASS/FAIL/SKIP; FAIL followed by the texts),
 * then "N passed, N failed, N skipped".  Exit status 0 iff nothing failed.
 */
#define _POSIX_C_SOURCE 200809L

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "masking.h"

#define VIFXML_TIMEOUT_S 60

/* ------------------------------------------------------------------ */
/* small string helpers                                                */

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("oracle: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

static char *xstrndup(const char *s, size_t n)
{
    char *r = xrealloc(NULL, n + 1);
    memcpy(r, s, n);
    r[n] = '\0';
    return r;
}

static char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

static char *read_fd_all(int fd)
{
    sbuf b = {0};
    char tmp[65536];
    for (;;) {
        ssize_t n = read(fd, tmp, sizeof tmp);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (n == 0)
            break;
        sb_addn(&b, tmp, (size_t)n);
    }
    return sb_take(&b);
}

static char *read_file(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return NULL;
    char *r = read_fd_all(fd);
    close(fd);
    return r;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* the case name: basename without ".xml" */
static char *case_name(const char *path)
{
    const char *b = base_name(path);
    size_t n = strlen(b);
    if (n > 4 && strcmp(b + n - 4, ".xml") == 0)
        n -= 4;
    return xstrndup(b, n);
}

/* drop a leading BOM / XML declaration so the text can be put inside <devices> */
static const char *skip_xml_decl(const char *s)
{
    if ((unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB &&
        (unsigned char)s[2] == 0xBF)
        s += 3;
    while (isspace((unsigned char)*s))
        s++;
    if (strncmp(s, "<?xml", 5) == 0) {
        const char *e = strstr(s, "?>");
        if (e)
            s = e + 2;
    }
    return s;
}

/* ------------------------------------------------------------------ */
/* libvirt                                                             */

static char last_error[4096];

static void on_libvirt_error(void *opaque, virErrorPtr err)
{
    (void)opaque;
    if (err && err->message)
        snprintf(last_error, sizeof last_error, "%s", err->message);
    else
        snprintf(last_error, sizeof last_error, "unknown libvirt error");
}

static virConnectPtr conn;
static unsigned domain_counter;

static char *wrap_domain(const char *iface)
{
    sbuf b = {0};
    char name[64];
    snprintf(name, sizeof name, "oracle%u", ++domain_counter);
    sb_add(&b, "<domain type='test'><name>");
    sb_add(&b, name);
    sb_add(&b, "</name><memory>8192</memory><os><type>hvm</type></os><devices>\n");
    sb_add(&b, skip_xml_decl(iface));
    sb_add(&b, "\n</devices></domain>\n");
    return sb_take(&b);
}

/* cut out the first <interface ...>...</interface> and remove the common
 * indentation, so it reads as a lone element at column 0 */
static char *extract_interface(const char *domxml)
{
    const char *s = strstr(domxml, "<interface ");
    if (!s)
        s = strstr(domxml, "<interface>");
    if (!s)
        return NULL;
    const char *e = strstr(s, "</interface>");
    if (!e)
        return NULL;
    e += strlen("</interface>");

    size_t indent = 0;
    const char *ls = s;
    while (ls > domxml && ls[-1] == ' ') {
        ls--;
        indent++;
    }

    sbuf b = {0};
    const char *p = s;
    bool first = true;
    while (p < e) {
        const char *nl = memchr(p, '\n', (size_t)(e - p));
        const char *end = nl ? nl : e;
        if (!first) {
            size_t k = 0;
            while (k < indent && p + k < end && p[k] == ' ')
                k++;
            p += k;
        }
        sb_addn(&b, p, (size_t)(end - p));
        sb_add(&b, "\n");
        first = false;
        p = nl ? nl + 1 : e;
    }
    return sb_take(&b);
}

/* define the wrapped interface, return libvirt's inactive interface text,
 * or NULL with *err set to libvirt's message */
static char *libvirt_roundtrip(const char *iface, char **err)
{
    char *xml = wrap_domain(iface);
    last_error[0] = '\0';
    virDomainPtr dom = virDomainDefineXMLFlags(conn, xml, 0);
    free(xml);
    if (!dom) {
        *err = xstrdup(last_error[0] ? last_error : "define failed (no message)");
        return NULL;
    }
    char *desc = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE);
    char *res = NULL;
    if (!desc) {
        *err = xstrdup(last_error[0] ? last_error : "GetXMLDesc failed");
    } else {
        res = extract_interface(desc);
        if (!res)
            *err = xstrdup("no <interface> in libvirt's output");
        free(desc);
    }
    if (virDomainUndefine(dom) < 0)
        die("virDomainUndefine failed: %s", last_error);
    virDomainFree(dom);
    return res;
}

/* ------------------------------------------------------------------ */
/* running vifxml                                                      */

typedef struct {
    int status;     /* exit status, or -1 when killed/failed to run */
    char *out;
    char *err;
    char *how;      /* description when status == -1 */
} run_result;

static int tmpfile_fd(void)
{
    char tmpl[] = "/tmp/vifxml-oracle-XXXXXX";
    int fd = mkstemp(tmpl);
    if (fd < 0)
        die("mkstemp: %s", strerror(errno));
    unlink(tmpl);
    return fd;
}

static run_result run_vifxml(const char *exe, const char *file)
{
    run_result r = {.status = -1};
    int ofd = tmpfile_fd(), efd = tmpfile_fd();
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0)
        die("fork: %s", strerror(errno));
    if (pid == 0) {
        int in = open("/dev/null", O_RDONLY);
        if (in >= 0)
            dup2(in, 0);
        dup2(ofd, 1);
        dup2(efd, 2);
        alarm(VIFXML_TIMEOUT_S); /* survives exec: SIGALRM ends a hang */
        execl(exe, exe, "normalize", file, (char *)NULL);
        fprintf(stderr, "cannot execute %s: %s\n", exe, strerror(errno));
        _exit(127);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0) {
        if (errno != EINTR)
            die("waitpid: %s", strerror(errno));
    }
    lseek(ofd, 0, SEEK_SET);
    lseek(efd, 0, SEEK_SET);
    r.out = read_fd_all(ofd);
    r.err = read_fd_all(efd);
    close(ofd);
    close(efd);
    if (WIFEXITED(st)) {
        r.status = WEXITSTATUS(st);
    } else if (WIFSIGNALED(st)) {
        char buf[128];
        snprintf(buf, sizeof buf, "killed by signal %d%s", WTERMSIG(st),
                 WTERMSIG(st) == SIGALRM ? " (timeout)" : "");
        r.how = xstrdup(buf);
    } else {
        r.how = xstrdup("ended abnormally");
    }
    return r;
}

static void run_result_free(run_result *r)
{
    free(r->out);
    free(r->err);
    free(r->how);
}

/* ------------------------------------------------------------------ */
/* values libvirt generates at random (masking.h finds them)           */

/*
 * `r` (libvirt's pretty output, one element per line, cut into lines here)
 * without what dropping the values libvirt invents leaves empty: a lone
 * <mac/>, <parameters/>, <target/>; an emptied <X ...></X> folds into
 * <X .../>.
 */
static char *drop_emptied(char *r)
{
    sbuf c = {0};
    char *save = NULL;
    char *lines = r;
    char *line = strtok_r(lines, "\n", &save);
    char *pending = NULL; /* an opening <virtualport ...> line, held back */
    while (line) {
        const char *t = line;
        while (*t == ' ')
            t++;
        if (strcmp(t, "<mac/>") == 0 || strcmp(t, "<parameters/>") == 0 ||
            strcmp(t, "<target/>") == 0) {
            line = strtok_r(NULL, "\n", &save);
            continue;
        }
        if (pending) {
            const char *pt = pending;
            while (*pt == ' ')
                pt++;
            size_t pn = strcspn(pt + 1, " />");
            if (t[0] == '<' && t[1] == '/' && strncmp(t + 2, pt + 1, pn) == 0 &&
                strcmp(t + 2 + pn, ">") == 0) {
                /* fold <X ...> + </X> into <X .../>: an element emptied
                 * of what libvirt invented (a <virtualport[ type='x']> stays,
                 * as the input's request that libvirt generate the ids; an
                 * interface whose only child was a generated <mac>) */
                size_t pl = strlen(pending);
                sb_addn(&c, pending, pl - 1); /* drop '>' */
                sb_add(&c, "/>\n");
                free(pending);
                pending = NULL;
                line = strtok_r(NULL, "\n", &save);
                continue;
            }
            sb_add(&c, pending);
            sb_add(&c, "\n");
            free(pending);
            pending = NULL;
        }
        if (t[0] == '<' && t[1] != '/' && t[1] != '!' && t[1] != '?' &&
            t[strlen(t) - 1] == '>' && t[strlen(t) - 2] != '/' &&
            !strstr(t, "</")) {
            pending = xstrdup(line);
            line = strtok_r(NULL, "\n", &save);
            continue;
        }
        sb_add(&c, line);
        sb_add(&c, "\n");
        line = strtok_r(NULL, "\n", &save);
    }
    if (pending) {
        sb_add(&c, pending);
        sb_add(&c, "\n");
        free(pending);
    }
    return sb_take(&c);
}

/* `text` without the attributes in `set`, nor what that leaves empty */
static char *drop_attrs(const char *text, const attr_set *set)
{
    char *r = mask_attrs(text, set, true);
    char *d = drop_emptied(r);
    free(r);
    return d;
}

/* is `s` exactly "testnet" followed by digits? */
static bool is_testnet_name(const char *s, size_t n)
{
    if (n <= 7 || strncmp(s, "testnet", 7) != 0)
        return false;
    for (size_t i = 7; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

/* the test driver names every target-less interface testnetN
 * (testDomainGenerateIfnames); drop that dev='testnetN' again */
static char *drop_test_driver_ifname(const char *text)
{
    sbuf b = {0};
    const char *p = text;
    const char *t;
    while ((t = strstr(p, "<target ")) != NULL) {
        const char *end = strchr(t, '>');
        if (!end)
            break;
        const char *d = strstr(t, " dev='");
        if (!d || d > end) {
            sb_addn(&b, p, (size_t)(end - p));
            p = end;
            continue;
        }
        const char *vs = d + 6, *ve = strchr(vs, '\'');
        if (!ve || ve > end || !is_testnet_name(vs, (size_t)(ve - vs))) {
            sb_addn(&b, p, (size_t)(end - p));
            p = end;
            continue;
        }
        sb_addn(&b, p, (size_t)(d - p));
        p = ve + 1;
    }
    sb_add(&b, p);
    char *r = sb_take(&b);
    /* an emptied <target/> line goes */
    char *r2 = drop_emptied(r);
    free(r);
    return r2;
}

/* whitespace between tags removed, leading/trailing whitespace trimmed */
static char *collapse_ws(const char *s)
{
    sbuf b = {0};
    while (isspace((unsigned char)*s))
        s++;
    const char *p = s;
    while (*p) {
        if (*p == '>') {
            sb_addn(&b, p, 1);
            p++;
            const char *q = p;
            while (isspace((unsigned char)*q))
                q++;
            if (*q == '<' || *q == '\0')
                p = q;
            continue;
        }
        sb_addn(&b, p, 1);
        p++;
    }
    char *r = sb_take(&b);
    size_t n = strlen(r);
    while (n > 0 && isspace((unsigned char)r[n - 1]))
        r[--n] = '\0';
    return r;
}

/* ------------------------------------------------------------------ */
/* reporting                                                           */

static void print_block(const char *title, const char *text)
{
    printf("  --- %s\n", title);
    const char *p = text ? text : "(none)";
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        printf("  | %.*s\n", (int)n, p);
        if (!nl)
            break;
        p = nl + 1;
    }
}

static void one_line(char *s)
{
    for (char *p = s; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    size_t n = strlen(s);
    while (n > 0 && s[n - 1] == ' ')
        s[--n] = '\0';
}

enum verdict { V_PASS, V_FAIL, V_SKIP };

static enum verdict run_case(const char *exe, const char *path)
{
    char *name = case_name(path);
    enum verdict v = V_FAIL;
    char *input = read_file(path);
    char *err = NULL, *err2 = NULL, *err3 = NULL;
    char *orig = NULL, *orig2 = NULL, *back = NULL;
    char *ma = NULL, *mb = NULL, *expected = NULL, *tmp = NULL;
    char *co = NULL, *ce = NULL;
    run_result rr = {.status = -1};

    if (!input) {
        printf("FAIL %s: cannot read %s: %s\n", name, path, strerror(errno));
        goto out;
    }

    orig = libvirt_roundtrip(input, &err);
    rr = run_vifxml(exe, path);

    if (!orig) {
        one_line(err);
        if (rr.status == 2) {
            printf("PASS %s (agree: rejected; libvirt: %s)\n", name, err);
            v = V_PASS;
        } else {
            printf("SKIP %s: libvirt rejects: %s\n", name, err);
            v = V_SKIP;
        }
        goto out;
    }

    if (rr.status != 0) {
        char buf[160];
        if (rr.status < 0)
            snprintf(buf, sizeof buf, "%s", rr.how);
        else
            snprintf(buf, sizeof buf, "exit status %d", rr.status);
        printf("FAIL %s: vifxml normalize failed (%s) on input libvirt accepts\n", name, buf);
        print_block("vifxml stderr", rr.err);
        print_block("libvirt's interface for the input", orig);
        goto out;
    }

    /* which values are random? */
    orig2 = libvirt_roundtrip(input, &err2);
    attr_set rnd = {.n = 0};
    if (!orig2 || !find_random_attrs(orig, orig2, &rnd)) {
        printf("FAIL %s: libvirt's output for the input is not stable across two defines\n", name);
        print_block("first", orig);
        print_block("second", orig2 ? orig2 : err2);
        goto out;
    }

    back = libvirt_roundtrip(rr.out, &err3);
    if (!back) {
        one_line(err3);
        printf("FAIL %s: libvirt rejects vifxml's output: %s\n", name, err3);
        print_block("vifxml output", rr.out);
        print_block("libvirt's interface for the input", orig);
        goto out;
    }

    /* (a) libvirt reads our output as it reads the input */
    ma = mask_attrs(orig, &rnd, false);
    mb = mask_attrs(back, &rnd, false);
    if (strcmp(ma, mb) != 0) {
        printf("FAIL %s: (a) libvirt reads vifxml's output differently from the input\n", name);
        print_block("libvirt's interface for the input", ma);
        print_block("libvirt's interface for vifxml's output", mb);
        print_block("vifxml output", rr.out);
        goto out;
    }

    /* (b) our output is libvirt's own form, less what libvirt invents */
    expected = drop_attrs(orig, &rnd);
    if (!strstr(input, "testnet")) {
        tmp = drop_test_driver_ifname(expected);
        free(expected);
        expected = tmp;
        tmp = NULL;
    }
    co = collapse_ws(rr.out);
    ce = collapse_ws(expected);
    if (strcmp(co, ce) != 0) {
        printf("FAIL %s: (b) vifxml's output is not libvirt's normalized form\n", name);
        print_block("expected (libvirt's form of the input)", expected);
        print_block("got (vifxml output)", rr.out);
        goto out;
    }

    printf("PASS %s\n", name);
    v = V_PASS;

out:
    fflush(stdout);
    free(name);
    free(input);
    free(err);
    free(err2);
    free(err3);
    free(orig);
    free(orig2);
    free(back);
    free(ma);
    free(mb);
    free(expected);
    free(co);
    free(ce);
    run_result_free(&rr);
    return v;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s VIFXML_BINARY FILE...\n", argv[0]);
        return 2;
    }
    const char *exe = argv[1];
    if (access(exe, X_OK) != 0) {
        fprintf(stderr, "oracle: %s is not executable: %s\n", exe, strerror(errno));
        return 2;
    }

    virSetErrorFunc(NULL, on_libvirt_error);
    conn = virConnectOpen("test:///default");
    if (!conn) {
        fprintf(stderr, "oracle: cannot open test:///default: %s\n", last_error);
        return 2;
    }

    unsigned passed = 0, failed = 0, skipped = 0;
    for (int i = 2; i < argc; i++) {
        switch (run_case(exe, argv[i])) {
        case V_PASS: passed++; break;
        case V_FAIL: failed++; break;
        case V_SKIP: skipped++; break;
        }
    }
    virConnectClose(conn);

    printf("%u passed, %u failed, %u skipped\n", passed, failed, skipped);
    return failed ? 1 : 0;
}
