/* A small element tree, for readers that look at a document as a whole
 * rather than as a stream (network definitions): each top-level element of
 * a buffer is read into a tree of its own, in the names the reader's
 * grammar knows, with the hardening and the error positions of lib/xml.h,
 * and handed to the reader. Not installed. */
#ifndef VIFXML_XML_TREE_H
#define VIFXML_XML_TREE_H

#include "internal.h"
#include "xml.h"

typedef struct {
  int name; /* the grammar's id */
  const char *value;
} xml_node_attr;

typedef struct xml_node {
  int name;             /* the grammar's id; 0 for a name it lacks */
  xml_node_attr *attrs; /* those the grammar knows, in document order */
  int nattrs;
  const char *text; /* elements whose text the grammar keeps */
  struct xml_node *child, *last, *next;
  unsigned long line, column;
} xml_node;

typedef struct {
  const char *what; /* the documents, for a message: "network definitions" */
  int root;         /* the id every top-level element must have */
  int (*id)(const char *name); /* 0 for a name the grammar lacks */
  const char *(*name)(int id);
  bool (*keeps_text)(int id);
} xml_grammar;

/* Called with each top-level element as soon as it is read; errors go to
 * u (xml_fail), with -1. */
typedef int (*xml_tree_fn)(void *ctx, xml_unit *u, const xml_node *root);

/* Reads buf: one or more top-level elements (comments, processing
 * instructions and white space around them), the trees in arena. 0, or -1
 * with the first error in err. */
int xml_tree_read(const xml_grammar *g, vifxml_arena *arena, const char *buf,
                  size_t len, const char *file, vifxml_error *err,
                  xml_tree_fn fn, void *ctx);

/* The first child of n called name; NULL when none (or n is NULL). */
const xml_node *xml_child(const xml_node *n, int name);
/* How many children of n are called name. */
size_t xml_count(const xml_node *n, int name);
/* The value of n's attribute name; NULL when absent (or n is NULL). */
const char *xml_attr(const xml_node *n, int name);
/* The same, with an empty value as absent (as libvirt's XPath string()
 * reads most values). */
const char *xml_attr_ne(const xml_node *n, int name);

#endif
