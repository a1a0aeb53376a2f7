/* A plain main() for the fuzz harnesses: runs LLVMFuzzerTestOneInput once
 * on every file given, or on every file in every directory given (not
 * recursively; names starting with '.' and README files are skipped).
 * `meson test` runs it over corpus/<target>/, so the corpus is a regression
 * suite on every build, including the valgrind and ASan ones.
 *
 *   replay_<target> [-v] FILE|DIR...
 *
 * Exit 0 when every input ran, 1 when a file could not be read or nothing
 * was run; an invariant violation aborts (the last "running" line names the
 * input when -v is given; without it, the failing input is named on stderr
 * on abort() and before a sanitizer exits). */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv);
/* From the sanitizer runtimes, when linked in: called before they exit. */
__attribute__((weak)) void __sanitizer_set_death_callback(void (*cb)(void));

static const char *volatile current;

static void name_current(void) {
  const char *c = current;
  current = NULL;
  if (c) {
    static const char msg[] = "\nreplay: the input that failed: ";
    if (write(2, msg, sizeof msg - 1) < 0 || write(2, c, strlen(c)) < 0 ||
        write(2, "\n", 1) < 0) {
    }
  }
}

static void on_abort(int sig) {
  name_current();
  signal(sig, SIG_DFL);
  raise(sig);
}

static int run_file(const char *path, int verbose) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "replay: cannot open %s\n", path);
    return -1;
  }
  size_t cap = 4096, len = 0;
  unsigned char *buf = malloc(cap);
  for (;;) {
    if (!buf) {
      fclose(f);
      fprintf(stderr, "replay: out of memory reading %s\n", path);
      return -1;
    }
    size_t n = fread(buf + len, 1, cap - len, f);
    len += n;
    if (len < cap)
      break;
    cap *= 2;
    unsigned char *p = realloc(buf, cap);
    if (!p)
      free(buf);
    buf = p;
  }
  int err = ferror(f);
  fclose(f);
  if (err) {
    free(buf);
    fprintf(stderr, "replay: cannot read %s\n", path);
    return -1;
  }
  if (verbose)
    printf("running %s (%zu bytes)\n", path, len);
  fflush(stdout);
  current = path;
  /* An exact-size copy, so that ASan sees reads past the end of the input. */
  unsigned char *exact = malloc(len ? len : 1);
  if (!exact) {
    free(buf);
    return -1;
  }
  memcpy(exact, buf, len);
  free(buf);
  LLVMFuzzerTestOneInput(exact, len);
  free(exact);
  current = NULL;
  return 0;
}

static int cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_dir(const char *dir, int verbose, int *count) {
  DIR *d = opendir(dir);
  if (!d) {
    fprintf(stderr, "replay: cannot open directory %s\n", dir);
    return -1;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  int rc = 0;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.' || !strncmp(e->d_name, "README", 6))
      continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 64;
      char **p = realloc(names, cap * sizeof *names);
      if (!p) {
        rc = -1;
        break;
      }
      names = p;
    }
    size_t len = strlen(dir) + strlen(e->d_name) + 2;
    names[n] = malloc(len);
    if (!names[n]) {
      rc = -1;
      break;
    }
    snprintf(names[n], len, "%s/%s", dir, e->d_name);
    n++;
  }
  closedir(d);
  if (n)
    qsort(names, n, sizeof *names, cmp); /* a stable order for the logs */
  for (size_t i = 0; i < n; i++) {
    struct stat st;
    if (rc == 0 && stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
      if (run_file(names[i], verbose) < 0)
        rc = -1;
      else
        (*count)++;
    }
    free(names[i]);
  }
  free(names);
  return rc;
}

int main(int argc, char **argv) {
  int verbose = 0, count = 0, rc = 0;
  if (LLVMFuzzerInitialize)
    LLVMFuzzerInitialize(&argc, &argv);
  signal(SIGABRT, on_abort);
  if (__sanitizer_set_death_callback)
    __sanitizer_set_death_callback(name_current);
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-v")) {
      verbose = 1;
      continue;
    }
    struct stat st;
    if (stat(argv[i], &st) < 0) {
      fprintf(stderr, "replay: %s: no such file or directory\n", argv[i]);
      rc = 1;
    } else if (S_ISDIR(st.st_mode)) {
      if (run_dir(argv[i], verbose, &count) < 0)
        rc = 1;
    } else if (run_file(argv[i], verbose) < 0) {
      rc = 1;
    } else {
      count++;
    }
  }
  printf("replay: %d inputs ran\n", count);
  if (!count) {
    fprintf(stderr, "replay: no input given or found\n");
    rc = 1;
  }
  return rc;
}
