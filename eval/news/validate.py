#!/usr/bin/env python3
"""Check that eval/news/gold.jsonl is well-formed per spec/transfer-gold.md.

usage: validate.py [GOLD.jsonl] [ARTICLES.tsv]   (defaults: next to this script)
Exit 0 when every check passes, 1 with one line per problem otherwise.
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CATEGORIES = {"aircraft", "uav", "air_defence", "armoured_vehicle", "artillery", "missile",
              "ammunition", "small_arms", "light_weapons", "naval", "sensors", "engines",
              "military_equipment", "technology"}
STATUSES = {"delivered", "in_transit", "ordered", "planned", "offered", "requested", "unknown"}
STANCES = {"asserted", "hedged", "denied_only"}
KINDS = {"sale", "delivery", "donation", "seizure", "panel", "denial", "none", "mixed"}
CODE = re.compile(r"^[A-Z]{3}$")
FIELDS = ("supplier", "recipient", "categories", "claimed_by", "denied_by", "stance", "status", "note")


def check_transfer(where, t, problems):
    for k in FIELDS:
        if k not in t:
            problems.append(f"{where}: missing field {k}")
    for k in ("supplier", "recipient"):
        if not CODE.match(str(t.get(k, ""))):
            problems.append(f"{where}: {k} {t.get(k)!r} is not an ISO3-looking code")
    if t.get("supplier") == t.get("recipient"):
        problems.append(f"{where}: supplier equals recipient")
    cats = t.get("categories") or []
    if not cats:
        problems.append(f"{where}: no categories")
    for c in cats:
        if c not in CATEGORIES:
            problems.append(f"{where}: category {c!r} is not a top-level code")
    for k in ("claimed_by", "denied_by"):
        for c in t.get(k) or []:
            if not CODE.match(str(c)):
                problems.append(f"{where}: {k} {c!r} is not an ISO3-looking code")
    if t.get("status") not in STATUSES:
        problems.append(f"{where}: status {t.get('status')!r}")
    if t.get("stance") not in STANCES:
        problems.append(f"{where}: stance {t.get('stance')!r}")
    if t.get("stance") == "denied_only" and not t.get("denied_by"):
        problems.append(f"{where}: denied_only with nobody denying")


def main():
    gold = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "gold.jsonl")
    arts = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "articles.tsv")
    problems = []
    with open(arts, encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    if rows[0] != ["id", "url", "outlet", "published", "query", "kind"]:
        problems.append("articles.tsv: unexpected header")
    table = {}
    for r in rows[1:]:
        if len(r) != 6:
            problems.append(f"articles.tsv: row {r[:1]} has {len(r)} columns")
            continue
        table[r[0]] = r
        if r[5] not in KINDS:
            problems.append(f"articles.tsv {r[0]}: kind {r[5]!r}")
        if r[3] and not re.match(r"^\d{4}-\d{2}-\d{2}$", r[3]):
            problems.append(f"articles.tsv {r[0]}: date {r[3]!r}")
    seen = set()
    with open(gold, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                g = json.loads(line)
            except json.JSONDecodeError as e:
                problems.append(f"gold line {n}: not JSON ({e})")
                continue
            gid = g.get("id")
            if gid in seen:
                problems.append(f"gold {gid}: duplicate id")
            seen.add(gid)
            row = table.get(gid)
            if row is None:
                problems.append(f"gold {gid}: not in articles.tsv")
            elif row[1] != g.get("url") or row[3] != g.get("published"):
                problems.append(f"gold {gid}: url or date differs from articles.tsv")
            pairs = set()
            for i, t in enumerate(g.get("transfers", None) if isinstance(g.get("transfers"), list) else []):
                check_transfer(f"gold {gid} transfer {i}", t, problems)
                pr = (t.get("supplier"), t.get("recipient"))
                if pr in pairs:
                    problems.append(f"gold {gid}: pair {pr} twice (one entry per pair)")
                pairs.add(pr)
            if not isinstance(g.get("transfers"), list):
                problems.append(f"gold {gid}: transfers is not a list")
            if row is not None and row[5] == "none" and g.get("transfers"):
                problems.append(f"gold {gid}: kind none but transfers annotated")
    for gid in table:
        if gid not in seen:
            problems.append(f"articles.tsv {gid}: no gold line")
    for p in problems:
        print(p)
    print(f"{len(seen)} gold articles, {len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
