#!/bin/sh
# Score `sitrep extract` on the real-news set against eval/news/gold.jsonl.
#
# usage: eval/news/score.sh [SITREP_BIN] [TEXTS_DIR]
#   SITREP_BIN  default: target/release/sitrep of this repository
#   TEXTS_DIR   default: $SITREP_EVAL_TEXTS, else ../eval-texts beside the repository (never inside it;
#               see eval/news/README.md to re-collect it)
# The scorer is $SITREP_SHARED/tools/score-transfers (SITREP_SHARED default ../shared beside the
# repository, as for the tests).
# Each article is extracted once (with --published from articles.tsv when the binary has that
# flag) into a temporary folder, kept when $KEEP_OUT is set; then the scorer runs twice: on the
# document-level transfer claims (with the misses per article) and with --events (summary only).
# Exits 0 after printing the summaries, and also 0 with a "skipped" line when the binary, the
# texts or the scorer are missing, so it can run as a non-blocking check.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${1:-$root/target/release/sitrep}
texts=${2:-${SITREP_EVAL_TEXTS:-$root/../eval-texts}}
shared=${SITREP_SHARED:-$root/../shared}
scorer=$shared/tools/score-transfers

skip() { echo "eval/news: skipped: $1"; exit 0; }
[ -x "$bin" ] || skip "no sitrep binary at $bin"
[ -d "$texts" ] || skip "no texts folder at $texts (see eval/news/README.md)"
[ -f "$scorer" ] || skip "no scorer at $scorer (set SITREP_SHARED)"

python3 "$here/collect" check --out "$texts" >/dev/null ||
  echo "eval/news: warning: texts missing or changed; run $here/collect check --out $texts"

out=$(mktemp -d "${TMPDIR:-/tmp}/eval-news.XXXXXX")
[ -n "${KEEP_OUT:-}" ] || trap 'rm -rf "$out"' EXIT
dated=no
"$bin" extract --help 2>/dev/null | grep -q -- '--published' && dated=yes

# Only the id and the date are needed; cut keeps an empty date column empty (read with a tab
# IFS would collapse it and shift the query into the date).
tail -n +2 "$here/articles.tsv" | cut -f1,4 | while read -r id published; do
  case "$published" in [0-9][0-9][0-9][0-9]-*) ;; *) published= ;; esac
  [ -f "$texts/$id.txt" ] || continue
  if [ "$dated" = yes ] && [ -n "$published" ]; then
    "$bin" extract --format jsonl --published "$published" "$texts/$id.txt" >"$out/$id.jsonl" 2>"$out/$id.err" || true
  else
    "$bin" extract --format jsonl "$texts/$id.txt" >"$out/$id.jsonl" 2>"$out/$id.err" || true
  fi
done
n=$(ls "$out" | grep -c '\.jsonl$' || true)

echo "== eval/news: $n articles, binary $bin (--published: $dated)"
echo "== document-level transfer claims"
python3 "$scorer" "$here/gold.jsonl" "$out" || echo "eval/news: scorer failed"
echo "== event transfer blocks (--events)"
python3 "$scorer" "$here/gold.jsonl" "$out" --events --quiet || echo "eval/news: scorer failed"
[ -z "${KEEP_OUT:-}" ] || echo "== outputs kept in $out"
exit 0
