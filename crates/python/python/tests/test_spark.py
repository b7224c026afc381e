"""The Spark job against `sitrep ingest` + `sitrep export --format parquet` (and `sitrep ledger
--format jsonl`) on the same generated corpus: the same event rows, the same fused ledger rows,
bad documents in the errors dataset with their codes."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

import sitrep

pytest.importorskip("pyspark")

STATES = [
    "Russia", "Ukraine", "North Korea", "Iran", "France", "Germany", "India", "Brazil",
    "Japan", "Turkey", "Egypt", "Israel", "Poland", "Serbia", "Belarus", "Pakistan",
    "China", "South Korea", "Syria", "Sudan",
]
GOODS = [
    "artillery shells", "anti-tank missiles", "drones", "rifles", "tanks",
    "ballistic missiles", "armoured vehicles", "ammunition",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
TEMPLATES = [
    "{a} delivered {n} {goods} to {b} last month, the defence ministry of {b} said.",
    "{a} has supplied {goods} to {b}, officials in {c} said on {day}.",
    "Troops from {a} shelled villages in {b} on {day}, killing {n} people.",
    "The president of {a} visited {b} on {day} to discuss trade and security.",
    "{a} accused {b} of sending {goods} to {c}.",
    "{b} denied that it had received {goods} from {a}.",
    "{a} and {b} signed an agreement on {day} to cooperate on energy.",
    "Police in {a} arrested {n} protesters outside the parliament on {day}.",
    "{a} imposed sanctions on {b} over its weapons programme.",
    "Officials said the weather in {c} was mild for the season.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def article(rng: random.Random, i: int) -> tuple[str, str]:
    """A short generated article (title, body) and its publication date."""
    year, month, day = rng.choice([2023, 2024]), rng.randrange(12), rng.randrange(1, 28)
    a, b, c = rng.sample(STATES, 3)
    title = f"{a} and {b}: report {i}"
    sents = [
        rng.choice(TEMPLATES).format(
            a=a, b=b, c=c, n=rng.randrange(2, 900), goods=rng.choice(GOODS),
            day=rng.choice(DAYS),
        )
        for _ in range(rng.randrange(2, 7))
    ]
    body = f"{title}\n\n{MONTHS[month]} {day}, {year}\n\n" + "\n\n".join(sents) + "\n"
    return body, f"{year}-{month + 1:02d}-{day:02d}"


def make_corpus(root: Path, n_text: int, n_jsonl: int, seed: int = 25) -> dict:
    """Text files in nested folders (dated in their text), JSONL files (dated by field),
    a duplicate, and bad documents. Returns the error codes expected per key suffix."""
    rng = random.Random(seed)
    for i in range(n_text):
        body, _ = article(rng, i)
        d = root / "text" / f"{i % 7}"
        d.mkdir(parents=True, exist_ok=True)
        (d / f"doc{i:05d}.txt").write_text(body)
    # The same text under another name: stored once.
    (root / "text" / "copy-of-doc00000.txt").write_bytes((root / "text/0/doc00000.txt").read_bytes())
    (root / "text" / "logo.txt").write_bytes(b"\x89PNG\x00\x00\x00\rIHDR" * 40)
    (root / "text" / "blank.txt").write_text("  \n\n ")
    lines = []
    for i in range(n_jsonl):
        body, date = article(rng, n_text + i)
        lines.append(json.dumps({"text": body.split("\n\n", 2)[2], "title": body.split("\n")[0],
                                 "published": date, "url": f"https://example.org/{i}"}))
    half = len(lines) // 2
    lines.insert(10, "{not json")
    lines.insert(20, json.dumps({"title": "neither text nor html"}))
    (root / "a.jsonl").write_text("\n".join(lines[:half]) + "\n")
    (root / "b.jsonl").write_text("\n".join(lines[half:]) + "\n")
    return {"logo.txt": "doc_binary", "blank.txt": "doc_empty", "a.jsonl:11": "jsonl_malformed",
            "a.jsonl:21": "jsonl_malformed"}


def warc_record(i: int, html: str) -> bytes:
    """A WARC `response` record holding an HTTP 200 HTML page."""
    http = ("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html).encode()
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{i:012d}>\r\n"
        f"WARC-Target-URI: https://example.org/news/{i}\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    ).encode()
    return head + http + b"\r\n\r\n"


def make_warc(path: Path, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    recs = []
    for i in range(n):
        body, date = article(rng, i)
        title, _, rest = body.split("\n\n", 2)
        paras = "".join(f"<p>{p}</p>" for p in rest.split("\n\n"))
        html = (f"<html><head><title>{title}</title>"
                f'<meta property="article:published_time" content="{date}T08:00:00Z">'
                f"</head><body><article><h1>{title}</h1>{paras}</article></body></html>")
        recs.append(warc_record(i, html))
    path.write_bytes(b"".join(recs))


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
