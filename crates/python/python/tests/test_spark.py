"""The Spark job against `sitrep ingest` + `sitrep export --format parquet` (and `sitrep ledger
--format jsonl`) on the same generated corpus: the same event rows, the same fused ledger rows,
bad documents in the errors dataset with their codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import sitrep
from corpus import make_corpus, make_warc

pytest.importorskip("pyspark")


def spark_session():
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return (SparkSession.builder.master("local[1]").appName("sitrep-test")
            .config("spark.ui.enabled", "false").getOrCreate())


def sorted_rows(df) -> list:
    return sorted(tuple(r[c] for c in sitrep.EXPORT_COLUMNS) for r in df.collect())


def run_job(corpus: str, out: Path) -> None:
    job = subprocess.run(
        [sys.executable, "-m", "sitrep.spark", corpus, "--out", str(out), "--master", "local[2]"],
        capture_output=True, text=True, env={**os.environ, "PYSPARK_PYTHON": sys.executable},
    )
    assert job.returncode == 0, job.stderr[-4000:]
    print(job.stderr.splitlines()[-1])


def ingest_export(cli, corpus: Path, tmp_path: Path) -> Path:
    db = tmp_path / "ingest.db"
    ing = subprocess.run([str(cli), "ingest", str(corpus), "--db", str(db)],
                         capture_output=True, text=True)
    assert ing.returncode in (0, 1), ing.stderr[-4000:]  # 1: some documents failed
    print(ing.stderr.splitlines()[-1])
    export = tmp_path / "export.parquet"
    subprocess.run([str(cli), "export", "--db", str(db), "--format", "parquet", "-o",
                    str(export)], check=True)
    return export


def cli_ledger(cli, db: Path) -> list:
    """`sitrep ledger --format jsonl` rows, each with its claims sorted (the CLI lists them in
    storage order, the job by document and claim id), sorted."""
    out = subprocess.run([str(cli), "ledger", "--db", str(db), "--format", "jsonl"],
                         capture_output=True, text=True, check=True).stdout
    rows = [json.loads(line) for line in out.splitlines() if line.strip()]
    for r in rows:
        r["claims"] = sorted(r["claims"])
    return sorted(rows, key=lambda r: r["key"])


def job_ledger(df) -> list:
    """The job's ledger rows as the CLI's JSON gives them (lists, not tuples), sorted by key."""
    rows = [r.asDict(recursive=True) for r in df.collect()]
    for r in rows:
        r["claims"] = [list(c) for c in r["claims"]]
    return sorted(rows, key=lambda r: r["key"])


def test_spark_job_equals_ingest_and_export(cli, tmp_path):
    corpus = tmp_path / "corpus"
    expected_errors = make_corpus(corpus, n_text=1200, n_jsonl=800)
    out = tmp_path / "out"
    run_job(str(corpus), out)
    export = ingest_export(cli, corpus, tmp_path)

    spark = spark_session()
    try:
        events = spark.read.parquet(str(out / "events"))
        want = sorted_rows(spark.read.parquet(str(export)))
        got = sorted_rows(events)
        assert len(want) > 2000, "the generated corpus should code to thousands of events"
        assert got == want
        # Partitioned by publication month, from both the text's date line and the JSONL field.
        months = {r[0] for r in events.select("published_month").distinct().collect()}
        assert len(months) >= 20
        assert all(m and len(m) == 7 for m in months)
        bad = {r["key"]: r["code"] for r in spark.read.parquet(str(out / "errors")).collect()}
        want_ledger = cli_ledger(cli, tmp_path / "ingest.db")
        got_ledger = job_ledger(spark.read.parquet(str(out / "ledger")))
        claims = spark.read.parquet(str(out / "claims"))
        claim_ids = {(r["document_id"], r["claim_id"]) for r in claims.collect()}
        claim_months = {r[0] for r in claims.select("published_month").distinct().collect()}
    finally:
        spark.stop()
    print(f"ledger: {len(want_ledger)} rows from {len(claim_ids)} claims")
    assert len(want_ledger) > 100, "the generated corpus should fuse to many ledger rows"
    assert any(len(r["documents_for"]) > 1 for r in want_ledger)
    assert [r["key"] for r in got_ledger] == [r["key"] for r in want_ledger]
    assert got_ledger == want_ledger
    # Every claim the ledger fused is in the claims dataset, and no other.
    assert claim_ids == {tuple(c) for r in want_ledger for c in r["claims"]}
    assert len(claim_months) >= 20
    got_errors = {k.rsplit("/", 1)[-1]: v for k, v in bad.items()}
    assert got_errors == expected_errors


def test_spark_job_reads_warc_through_hadoop(cli, tmp_path):
    # A URI makes the job list and read its input with Hadoop (binaryFiles), as on a cluster.
    corpus = tmp_path / "crawl"
    corpus.mkdir()
    make_warc(corpus / "news.warc", 60)
    out = tmp_path / "out"
    run_job(corpus.as_uri(), out)
    export = ingest_export(cli, corpus, tmp_path)
    spark = spark_session()
    try:
        events = spark.read.parquet(str(out / "events"))
        want = sorted_rows(spark.read.parquet(str(export)))
        assert len(want) > 60
        assert sorted_rows(events) == want
        assert all(r["url"].startswith("https://example.org/news/") for r in events.collect())
    finally:
        spark.stop()
