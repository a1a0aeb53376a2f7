#!/usr/bin/env python3
"""check.py VIFXML FILE...: properties of `normalize --explain`.

For each file that normalizes without error:
- --explain changes no output byte;
- complete: every <interface> whose normalized form differs from its input
  other than in layout (indentation, quotes, empty-element tags) gets at
  least one note or warning located inside it;
- silent on its own output: normalizing the output again with --explain
  gives exactly the notes it gives without (foreign units, kept verbatim):
  a note means a rewrite, and normalized output has none left;
- where FILE.notes exists, the notes are exactly that (a golden).
Interfaces are read with Python's expat; a file it cannot read as one
document (several documents in one stream) is checked for the first and
third properties only.
"""
import os
import re
import subprocess
import sys
import xml.parsers.expat

NOTE = re.compile(r"^(.*?):(\d+):(\d+): (note|warning): ")


def run(vifxml, args, data=None):
    p = subprocess.run([vifxml, "normalize"] + args, input=data,
                       capture_output=True)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def diags(err, kinds=("note",)):
    out = []
    for line in err.splitlines():
        m = NOTE.match(line)
        if m and m.group(4) in kinds:
            out.append((int(m.group(2)), line))
    return out


def interfaces(data):
    """Each <interface>: (start line, last line, layout-free signature)."""
    p = xml.parsers.expat.ParserCreate()
    p.ordered_attributes = True
    stack, found = [], []

    def start(name, attrs):
        stack.append([name, attrs, "", [], p.CurrentLineNumber])

    def end(name):
        node = stack.pop()
        sig = (node[0], tuple(node[1]), node[2].strip(), tuple(node[3]))
        if stack:
            stack[-1][3].append(sig)
        if name == "interface":
            found.append((node[4], p.CurrentLineNumber, sig))

    def text(s):
        if stack:
            stack[-1][2] += s

    def comment(s):
        if stack:
            stack[-1][3].append(("#comment", s))

    p.StartElementHandler, p.EndElementHandler = start, end
    p.CharacterDataHandler, p.CommentHandler = text, comment
    p.Parse(data, True)
    return found


def main():
    vifxml, files = sys.argv[1], sys.argv[2:]
    failed = checked = changed = noted = 0
    for f in files:
        rc, out, err = run(vifxml, [f])
        if rc != 0:
            continue
        checked += 1
        rc1, out1, err1 = run(vifxml, ["--explain", f])
        problems = []
        if rc1 != rc or out1 != out:
            problems.append("--explain changed the output or exit status")
        notes = diags(err1, ("note", "warning"))
        noted += len(diags(err1)) - len(diags(err))
        try:
            before = interfaces(open(f, "rb").read())
            after = interfaces(out)
        except xml.parsers.expat.ExpatError:
            before = after = []
        if len(before) != len(after):
            problems.append("%d interfaces in, %d out" %
                            (len(before), len(after)))
        for (l0, l1, s0), (_, _, s1) in zip(before, after):
            if s0 == s1:
                continue
            changed += 1
            if not any(l0 <= line <= l1 for line, _ in notes):
                problems.append("interface at line %d rewritten with no note"
                                % l0)
        _, _, e2 = run(vifxml, ["-"], out)
        _, _, e3 = run(vifxml, ["--explain", "-"], out)
        extra = [l for _, l in diags(e3) if l not in [m for _, m in diags(e2)]]
        if extra:
            problems.append("notes on normalized output: " + "; ".join(extra[:3]))
        try:
            want = open(f + ".notes").read()
        except FileNotFoundError:
            want = None
        got = "".join(l.replace(f, os.path.basename(f), 1) + "\n"
                      for _, l in diags(err1, ("note", "warning")))
        if want is not None and want != got:
            problems.append("notes differ from %s.notes:\n%s" % (f, got))
        if problems:
            failed += 1
            print("FAIL %s: %s" % (f, "\n  ".join(problems)))
    print("%d files normalized, %d rewritten interfaces, %d notes; "
          "%d passed, %d failed" % (checked, changed, noted,
                                    checked - failed, failed))
    return 1 if failed or not checked else 0


if __name__ == "__main__":
    sys.exit(main())
