#!/usr/bin/env python3
"""Check a folder of re-collected article texts against eval/news/articles.tsv.

usage: collect-check.py [TEXTS_DIR] [--write]

Reports ids with no <id>.txt (exit 1 if any), then compares each text's sha256 with
texts.sha256 (committed next to this script) and lists the ids whose text changed, so a
re-collection shows what differs from the texts the gold was annotated on. --write
rewrites texts.sha256 from the folder (only after a deliberate re-annotation).
"""
import hashlib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def ids():
    with open(os.path.join(HERE, "articles.tsv"), encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    return [r[0] for r in rows[1:]]


def committed():
    path = os.path.join(HERE, "texts.sha256")
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as f:
        return {p[1]: p[0] for p in (line.split() for line in f) if len(p) == 2}


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    default = os.environ.get("SITREP_EVAL_TEXTS", os.path.join(HERE, "..", "..", "..", "eval-texts"))
    folder = args[0] if args else default
    want = ids()
    missing = [i for i in want if not os.path.exists(os.path.join(folder, i + ".txt"))]
    manifest = {}
    for i in want:
        p = os.path.join(folder, i + ".txt")
        if os.path.exists(p):
            with open(p, "rb") as f:
                manifest[i] = hashlib.sha256(f.read()).hexdigest()
    old = committed()
    changed = [i for i in manifest if old.get(i) and old[i] != manifest[i]]
    new = [i for i in manifest if i not in old]
    for i in missing:
        print(f"missing {i}")
    for i in changed:
        print(f"changed {i} (gold was annotated on another text)")
    for i in new:
        print(f"unhashed {i}")
    print(f"{len(manifest)} of {len(want)} texts present in {folder}; {len(changed)} changed, {len(new)} not in texts.sha256")
    if "--write" in sys.argv:
        with open(os.path.join(HERE, "texts.sha256"), "w", encoding="utf-8") as f:
            f.writelines(f"{manifest[i]}  {i}\n" for i in want if i in manifest)
    sys.exit(1 if missing else 0)


if __name__ == "__main__":
    main()
