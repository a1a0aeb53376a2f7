/* The C tests' one assertion: counts passes and failures and names the
 * failing line; each test ends with printf("%d passed, %d failed\n", ...). */
#ifndef VIFXML_TESTS_CHECK_H
#define VIFXML_TESTS_CHECK_H

#include <stdio.h>

static int passed, failed;

#define CHECK(cond, ...)                                                       \
  do {                                                                         \
    if (cond) {                                                                \
      passed++;                                                                \
    } else {                                                                   \
      failed++;                                                                \
      printf("FAIL %s:%d: ", __FILE__, __LINE__);                              \
      printf(__VA_ARGS__);                                                     \
      printf("\n");                                                            \
    }                                                                          \
  } while (0)

#endif
