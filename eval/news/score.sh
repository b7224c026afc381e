#!/bin/sh
# Score `sitrep extract` on the real-news set against eval/news/gold.jsonl.
# usage: eval/news/score.sh [SITREP_BINARY [BASELINE_BINARY]]   (run from the repository root)
# Texts: $SITREP_EVAL_TEXTS (default ../eval-texts, a sibling of the repository); they are not
# committed, see eval/news/README.md for re-collecting them. Outputs go to $OUT (default
# target/eval-news/<binary name>).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
texts=${SITREP_EVAL_TEXTS:-$root/../eval-texts}
shared=${SITREP_SHARED:-$root/../shared}
scorer=$shared/tools/score-transfers
if [ ! -d "$texts" ]; then
  echo "eval/news: skipped: no texts folder at $texts (set SITREP_EVAL_TEXTS; see eval/news/README.md)"
  exit 0
fi
if [ ! -x "$scorer" ] && [ ! -f "$scorer" ]; then
  echo "eval/news: skipped: no scorer at $scorer (set SITREP_SHARED)"
  exit 0
fi
python3 "$here/collect-check.py" "$texts" >/dev/null || echo "eval/news: warning: some texts are missing (run collect-check.py)"
run() {
  bin=$1
  out=${OUT:-$root/target/eval-news}/$(basename "$(dirname "$bin")")-$(basename "$bin")
  mkdir -p "$out"
  tail -n +2 "$here/articles.tsv" | while IFS="$(printf '\t')" read -r id url outlet published query kind; do
    [ -f "$texts/$id.txt" ] || continue
    if [ -n "$published" ]; then
      "$bin" extract --format jsonl --published "$published" "$texts/$id.txt" > "$out/$id.jsonl" 2>"$out/$id.err" || true
    else
      "$bin" extract --format jsonl "$texts/$id.txt" > "$out/$id.jsonl" 2>"$out/$id.err" || true
    fi
  done
  echo "== $bin (outputs in $out)"
  python3 "$scorer" "$here/gold.jsonl" "$out"
}
run "${1:-$root/target/release/sitrep}"
if [ $# -ge 2 ]; then run "$2"; fi
