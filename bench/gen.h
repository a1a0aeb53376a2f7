/* Deterministic generator of realistic bulk libvirt input for the benchmark.
 *
 * The same (seed, size, shape) always yields the same bytes, produced on the
 * fly in caller-sized chunks: a 1 GB input never sits in memory, and two
 * readers created with the same parameters see identical streams whatever
 * chunk sizes they read with (vifxml-gen's file is byte for byte the
 * stream vifxml-bench generates in memory). */
#ifndef VIFXML_BENCH_GEN_H
#define VIFXML_BENCH_GEN_H

#include <stddef.h>
#include <stdint.h>

/* What the input holds and how it is laid out. wrap and concat are the same
 * Nova domains in two layouts; dense and realworld are the two contents
 * users have, each in the layout it comes in (bench/README.md). */
typedef enum {
  GEN_WRAP,      /* Nova domains in one <domains> document */
  GEN_CONCAT,    /* Nova domains, one <domain> document after another */
  GEN_DENSE,     /* small domains full of interfaces, in one <domains> */
  GEN_REALWORLD, /* whole domains as five tools write them, one <domain>
                    document after another */
  GEN_SHAPES
} gen_shape;

extern const char *const gen_shape_names[GEN_SHAPES];
/* The shape called name, or -1. */
int gen_shape_parse(const char *name);

#define GEN_DOMAIN_MAX 65536 /* bytes one generated domain may take */

typedef struct gen {
  uint64_t rng;
  uint64_t target;  /* stop starting domains once this many bytes are out */
  uint64_t emitted; /* bytes handed out so far */
  gen_shape shape;
  int state;        /* 0: prologue, 1: domains, 2: epilogue, 3: done */
  unsigned long domains, interfaces;
  unsigned long kinds[16]; /* interfaces per generated variant */
  uint64_t iface_bytes; /* from <interface to </interface>, both included */
  size_t domain_min, domain_max; /* bytes of the smallest, largest domain */
  char buf[GEN_DOMAIN_MAX];
  size_t len, pos; /* pending bytes in buf */
} gen;

void gen_init(gen *g, uint64_t seed, uint64_t size, gen_shape shape);
/* Fills up to cap bytes; returns 0 once the input has ended. */
size_t gen_read(gen *g, char *out, size_t cap);
/* Generates exactly one stand-alone domain document (with an XML
 * declaration) into g->buf; returns its length (for --split). */
size_t gen_document(gen *g);

/* "10M", "1G", "512k", plain bytes; 0 on a bad spelling. */
uint64_t gen_parse_size(const char *s);

#endif
