#!/usr/bin/env python3
"""Check that eval/news/articles.tsv and gold.jsonl agree and follow spec/transfer-gold.md.

usage: validate.py [GOLD.jsonl] [ARTICLES.tsv]   (defaults: next to this script)
Checks: the tsv header and kinds; one gold line per article with the same address and date;
supplier/recipient are ISO 3166-1 alpha-3 codes known to the project's state table
(crates/kb/data/states.csv and states_extra.csv); claimants and deniers are such codes or
UNO/EUR; categories, statuses and stances come from the guideline; one entry per pair;
every article has a line in texts.sha256. Exit 0 when all pass, 1 with one line per problem.
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
BODIES = {"UNO", "EUR"}
STATE_TABLES = ("states.csv", "states_extra.csv")


def state_codes():
    """ISO3 codes from the knowledge base's state tables (first column, comments skipped)."""
    folder = os.path.join(HERE, "..", "..", "crates", "kb", "data")
    codes = set()
    for name in STATE_TABLES:
        path = os.path.join(folder, name)
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            rows = [line for line in f if line.strip() and not line.startswith("#")]
        codes |= {r.split(",")[0].strip() for r in rows[1:]}
    return codes


CODES = state_codes()
FIELDS = ("supplier", "recipient", "categories", "claimed_by", "denied_by", "stance", "status", "note")


def check_transfer(where, t, problems):
    for k in FIELDS:
        if k not in t:
            problems.append(f"{where}: missing field {k}")
    for k in ("supplier", "recipient"):
        if t.get(k) not in CODES:
            problems.append(f"{where}: {k} {t.get(k)!r} is not a known ISO3 state code")
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
            if c not in CODES and c not in BODIES:
                problems.append(f"{where}: {k} {c!r} is neither a state code nor UNO/EUR")
    if t.get("status") not in STATUSES:
        problems.append(f"{where}: status {t.get('status')!r}")
    if t.get("stance") not in STANCES:
        problems.append(f"{where}: stance {t.get('stance')!r}")
    if t.get("stance") == "denied_only" and not t.get("denied_by"):
        problems.append(f"{where}: denied_only with nobody denying")


def check_hashes(table, problems):
    path = os.path.join(HERE, "texts.sha256")
    hashed = set()
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            hashed = {p[1] for p in (line.split() for line in f) if len(p) == 2}
    for gid in table:
        if gid not in hashed:
            problems.append(f"texts.sha256: no hash for {gid} (run ./collect check --write-hashes)")


def main():
    if not CODES:
        print("validate: no state table found under crates/kb/data", file=sys.stderr)
        sys.exit(1)
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
        if not r[4].strip():
            problems.append(f"articles.tsv {r[0]}: empty query (collect needs it)")
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
    check_hashes(table, problems)
    for p in problems:
        print(p)
    print(f"{len(seen)} gold articles, {len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
