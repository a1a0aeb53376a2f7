/* vifxml-gen: writes the benchmark's bulk input to stdout or to files.
 *
 *   vifxml-gen [--seed N] [--shape SHAPE] SIZE     > bulk.xml
 *   vifxml-gen [--seed N] --split DIR COUNT        (COUNT files)
 *
 * SHAPE: wrap (default), concat, dense or realworld (bench/README.md).
 * SIZE takes k/M/G suffixes (binary units). The bytes are a pure function of
 * the arguments: vifxml-bench regenerates the same stream in memory. On
 * stderr: what was made, and the share of bytes in interfaces (the figures
 * the README gives for each shape). */
#define _POSIX_C_SOURCE 200809L
#include "gen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(FILE *f, int rc) {
  fprintf(f,
          "usage: vifxml-gen [--seed N] [--shape SHAPE] SIZE\n"
          "       vifxml-gen [--seed N] --split DIR COUNT\n"
          "SIZE: bytes with an optional k, M or G suffix (binary units).\n"
          "SHAPE: wrap (default): Nova domains in one <domains> document;\n"
          "concat: Nova domains, one <domain> after another; dense: small\n"
          "domains full of interfaces, in one <domains>; realworld: domains\n"
          "as virt-manager, Nova, vdsm, virt-v2v and KubeVirt write them,\n"
          "one after another. --split writes COUNT one-domain files (Nova)\n"
          "into DIR.\n");
  return rc;
}

int main(int argc, char **argv) {
  uint64_t seed = 1;
  gen_shape shape = GEN_WRAP;
  const char *split = NULL;
  int i = 1;
  for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
    if (!strcmp(argv[i], "--seed") && i + 1 < argc)
      seed = strtoull(argv[++i], NULL, 0);
    else if (!strcmp(argv[i], "--shape") && i + 1 < argc) {
      int s = gen_shape_parse(argv[++i]);
      if (s < 0)
        return usage(stderr, 2);
      shape = (gen_shape)s;
    } else if (!strcmp(argv[i], "--split") && i + 1 < argc)
      split = argv[++i];
    else if (!strcmp(argv[i], "--help"))
      return usage(stdout, 0);
    else
      return usage(stderr, 2);
  }
  if (i != argc - 1)
    return usage(stderr, 2);

  static gen g;
  if (split) {
    unsigned long count = strtoul(argv[i], NULL, 10);
    gen_init(&g, seed, 0, GEN_CONCAT);
    for (unsigned long k = 0; k < count; k++) {
      char path[4096];
      snprintf(path, sizeof path, "%s/domain-%07lu.xml", split, k);
      FILE *f = fopen(path, "wb");
      size_t n = gen_document(&g);
      if (!f || fwrite(g.buf, 1, n, f) != n || fclose(f) != 0) {
        perror(path);
        return 2;
      }
    }
    fprintf(stderr, "vifxml-gen: %lu files, %lu interfaces\n", count,
            g.interfaces);
    return 0;
  }

  uint64_t size = gen_parse_size(argv[i]);
  if (!size)
    return usage(stderr, 2);
  gen_init(&g, seed, size, shape);
  static char buf[1 << 16];
  size_t n;
  while ((n = gen_read(&g, buf, sizeof buf)) > 0)
    if (fwrite(buf, 1, n, stdout) != n) {
      perror("vifxml-gen: write");
      return 2;
    }
  if (fflush(stdout) != 0) {
    perror("vifxml-gen: write");
    return 2;
  }
  fprintf(stderr,
          "vifxml-gen: %llu bytes, %lu domains, %lu interfaces\n"
          "vifxml-gen: %.1f%% of the bytes in interfaces, %.0f interfaces per "
          "MiB, domains of %zu to %zu bytes\n",
          (unsigned long long)g.emitted, g.domains, g.interfaces,
          100.0 * (double)g.iface_bytes / (double)g.emitted,
          (double)g.interfaces * (1 << 20) / (double)g.emitted, g.domain_min,
          g.domain_max);
  return 0;
}
