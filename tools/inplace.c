/* Rewriting a file in place without harm to what the system keeps about it:
 * a link stays a link (its target is rewritten), the new content goes to a
 * temporary file beside the target that takes the target's owner, group,
 * mode, ACLs and extended attributes (an SELinux label included) before it
 * is synced and renamed over it; the backup is a hard link to the old
 * target. Any step that fails leaves the target as it was. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

int cli_inplace_open(cli_inplace *ip, const char *path, FILE *err) {
  memset(ip, 0, sizeof *ip);
  char *real = realpath(path, NULL);
  if (!real) {
    cli_cannot_open(err, path);
    return -1;
  }
  int n = snprintf(ip->target, sizeof ip->target, "%s", real);
  free(real);
  if (n < 0 || (size_t)n >= sizeof ip->target) {
    errno = ENAMETOOLONG;
    cli_trouble(err, path, "cannot open");
    return -1;
  }
  if (stat(ip->target, &ip->st) != 0) {
    cli_trouble(err, path, "cannot open");
    return -1;
  }
  if (!S_ISREG(ip->st.st_mode)) {
    fprintf(err, "%s: error: not a regular file\n", path);
    return -1;
  }
  const char *slash = strrchr(ip->target, '/');
  ip->f = cli_temp_file(ip->tmp, sizeof ip->tmp, "%.*s/.%s.vifxml-XXXXXX",
                        (int)(slash - ip->target), ip->target, slash + 1);
  if (!ip->f) {
    cli_trouble(err, path, "cannot create a temporary file beside it");
    return -1;
  }
  return 0;
}

/* Every extended attribute of the target (POSIX ACLs and security labels
 * are extended attributes too) onto the open temporary file. */
static int copy_xattrs(const cli_inplace *ip, int fd) {
  ssize_t len = listxattr(ip->target, NULL, 0);
  if (len <= 0)
    return len < 0 && errno != ENOTSUP ? -1 : 0;
  char *names = malloc((size_t)len);
  char *val = NULL;
  int rc = -1;
  if (!names || (len = listxattr(ip->target, names, (size_t)len)) < 0)
    goto out;
  for (char *nm = names; nm < names + len; nm += strlen(nm) + 1) {
    ssize_t vl = getxattr(ip->target, nm, NULL, 0);
    if (vl < 0)
      goto out;
    char *p = realloc(val, vl ? (size_t)vl : 1);
    if (!p)
      goto out;
    val = p;
    if ((vl = getxattr(ip->target, nm, val, (size_t)vl)) < 0 ||
        fsetxattr(fd, nm, val, (size_t)vl, 0) != 0)
      goto out;
  }
  rc = 0;
out:
  free(names);
  free(val);
  return rc;
}

int cli_inplace_commit(cli_inplace *ip, const char *backup, FILE *err) {
  int fd = fileno(ip->f);
  if (fflush(ip->f) != 0) {
    cli_trouble(err, ip->target, "cannot write the new file");
    return -1;
  }
  /* Owner first: changing it clears set-user-ID bits that the mode then
   * restores; the mode after the ACL, which then agrees with it. */
  if (fchown(fd, ip->st.st_uid, ip->st.st_gid) != 0) {
    cli_trouble(err, ip->target, "cannot give the new file the owner and group of the old");
    return -1;
  }
  if (copy_xattrs(ip, fd) != 0) {
    cli_trouble(err, ip->target,
        "cannot give the new file the ACLs and extended attributes of the old");
    return -1;
  }
  if (fchmod(fd, ip->st.st_mode & 07777) != 0 || fsync(fd) != 0) {
    cli_trouble(err, ip->target, "cannot write the new file");
    return -1;
  }
  if (backup) {
    char bak[PATH_MAX + 256];
    snprintf(bak, sizeof bak, "%s%s", ip->target, backup);
    if ((unlink(bak) != 0 && errno != ENOENT) || link(ip->target, bak) != 0) {
      cli_trouble(err, bak, "cannot create the backup");
      return -1;
    }
  }
  if (rename(ip->tmp, ip->target) != 0) {
    cli_trouble(err, ip->target, "cannot replace the file");
    return -1;
  }
  ip->tmp[0] = '\0';
  return 0;
}

void cli_inplace_close(cli_inplace *ip) {
  if (ip->f)
    fclose(ip->f);
  ip->f = NULL;
  if (ip->tmp[0])
    unlink(ip->tmp);
  ip->tmp[0] = '\0';
}
