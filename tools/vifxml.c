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
  fprintf(to, "usage: vifxml COMMAND [OPTIONS] [FILE...]\n"
              "       vifxml help [COMMAND]\nCommands:\n");
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    fprintf(to, "  %-11s %s\n", commands[i].name, commands[i].summary);
  fprintf(to, "Run 'vifxml help COMMAND' for a command's options.\n"
              "Exit status: 0 success, 1 differences found, 2 trouble.\n");
}

static const command *find(const char *name) {
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (!strcmp(name, commands[i].name))
      return &commands[i];
  return NULL;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "vifxml: missing command\n"
                    "Try 'vifxml --help' for the list of commands.\n");
    return EXIT_TROUBLE;
  }
  if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
      (!strcmp(argv[1], "help") && argc == 2)) {
    usage(stdout);
    return EXIT_SAME;
  }
  if (!strcmp(argv[1], "--version")) {
    printf("vifxml %s\n", vifxml_version());
    return EXIT_SAME;
  }
  /* vifxml help COMMAND is vifxml COMMAND --help */
  bool help = !strcmp(argv[1], "help");
  const char *name = argv[help ? 2 : 1];
  const command *c = find(name);
  if (!c || (help && argc > 3)) {
    if (c)
      fprintf(stderr, "vifxml help: one command at a time\n");
    else
      fprintf(stderr, "vifxml: unknown command '%s'\n", name);
    fprintf(stderr, "Try 'vifxml --help' for the list of commands.\n");
    return EXIT_TROUBLE;
  }
  char *help_argv[] = {argv[2], "--help", NULL};
  int rc = help ? c->run(2, help_argv) : c->run(argc - 1, argv + 1);
  if (fflush(stdout) != 0)
    rc = EXIT_TROUBLE;
  return rc;
}
