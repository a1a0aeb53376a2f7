/* vifxml: the command-line program. It dispatches to a command (cmd_*.c);
 * the work is in libvifxml. Exit codes as diff(1): 0 success,
 * 1 differences found, 2 trouble. */
#include "cli.h"

#include <string.h>

typedef struct {
  const char *name, *summary;
  int (*run)(int argc, char **argv);
} command;

#define CLI_ROW(fn, name, summary) {name, summary, cmd_##fn},
static const command commands[] = {VIFXML_COMMANDS(CLI_ROW)};
#undef CLI_ROW

static void usage(FILE *to) {
  fprintf(to, "usage: vifxml COMMAND [OPTIONS] [FILE...]\nCommands:\n");
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    fprintf(to, "  %-11s %s\n", commands[i].name, commands[i].summary);
  fprintf(to, "Run 'vifxml COMMAND --help' for a command's options.\n"
              "Exit status: 0 success, 1 differences found, 2 trouble.\n");
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return EXIT_TROUBLE;
  }
  if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
    usage(stdout);
    return EXIT_SAME;
  }
  if (!strcmp(argv[1], "--version")) {
    printf("vifxml %s\n", vifxml_version());
    return EXIT_SAME;
  }
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
    if (strcmp(argv[1], commands[i].name))
      continue;
    int rc = commands[i].run(argc - 1, argv + 1);
    if (fflush(stdout) != 0)
      rc = EXIT_TROUBLE;
    return rc;
  }
  fprintf(stderr, "vifxml: unknown command '%s'\n", argv[1]);
  usage(stderr);
  return EXIT_TROUBLE;
}
