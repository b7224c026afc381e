"""sitrep on Apache Spark: code a corpus of text, HTML, JSONL or WARC files in parallel.

``python -m sitrep.spark INPUT... --out DIR [--master local[2]]`` (or ``spark-submit`` of
``sitrep/spark/__main__.py``) reads every input file (directories recursively) as
``sitrep ingest`` reads them, codes the documents with one :class:`sitrep.Pipeline` per Python
worker process (``mapPartitions``; Spark reuses the workers, so the models load once per
executor core), and writes:

- ``DIR/events``: one row per event with the columns of ``sitrep export --format parquet``
  (:data:`sitrep.EXPORT_COLUMNS`), as Parquet partitioned by ``published_month``
  (``YYYY-MM`` of the document's publication date; null when it has none);
- ``DIR/claims``: one row per transfer claim (the records' ``transfers``) with the columns of
  :data:`sitrep.CLAIM_COLUMNS` plus ``claimed_by_countries`` and ``denied_by_countries`` (each
  side by country code, else name, space-separated), partitioned by ``published_month``;
- ``DIR/ledger``: the claims fused across documents (:data:`LEDGER_COLUMNS`), one row per
  supplier, recipient, item family and year, the rows of ``sitrep ledger --format jsonl`` on
  the same input (``claims`` ordered by document and claim id);
- ``DIR/errors``: one row per document that could not be read or coded: ``key`` (the file,
  ``file:line`` or ``file#record``), ``code`` (sitrep's stable error code) and ``message``.

A bad document never fails the job. Documents with the same text are coded once, as in
``sitrep ingest`` (the copy with the smallest key is kept).
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import os
import sys
import time
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

from .. import CLAIM_COLUMNS, EXPORT_COLUMNS, Pipeline, fuse_ledger, ledger_keys, read_documents
from ..frames import _claim_row

#: `sitrep ingest`'s default `--max-bytes`.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
#: Documents handed to the pipeline at once inside a task.
CHUNK = 64
#: The partition column of the events dataset.
MONTH = "published_month"
#: Where the export row holds the publication date.
PUBLISHED = list(EXPORT_COLUMNS).index("published")

#: Columns of the ledger dataset: the fields of ``sitrep ledger --format jsonl``, in order.
LEDGER_COLUMNS: Sequence[str] = (
    "key", "supplier", "recipient", "family", "year", "categories", "status", "stance",
    "documents_for", "documents_against", "first_seen", "last_seen", "outlets", "claimed_by",
    "denied_by", "transport", "embargo", "claims",
)

_PIPELINE: Optional[Pipeline] = None


def pipeline() -> Pipeline:
    """This process's Pipeline, loaded on first use (once per Python worker)."""
    global _PIPELINE
    if _PIPELINE is None:
        _PIPELINE = Pipeline()
    return _PIPELINE


def _key(path: str) -> str:
    """A file's key as `sitrep ingest` would print it: local paths without their scheme."""
    return path[len("file:") :] if path.startswith("file:") else path


def local_files(inputs: Sequence[str]) -> Optional[List[str]]:
    """The files under local inputs, as `sitrep ingest` walks them (directories recursively in
    name order, hidden names skipped; globs expanded), or None if an input is not local."""
    import glob

    out: List[str] = []
    for inp in inputs:
        if "://" in inp or (":" in inp and not inp.startswith("file:")):
            return None
        path = _key(inp)
        matches = sorted(glob.glob(path)) if glob.has_magic(path) else [path]
        for m in matches:
            if not os.path.exists(m):
                return None  # let Hadoop report it
            out.extend(_walk(m))
    return out


def _walk(path: str) -> Iterator[str]:
    if not os.path.isdir(path):
        yield path
        return
    for name in sorted(os.listdir(path)):
        if not name.startswith("."):
            yield from _walk(os.path.join(path, name))


def read_local_partition(
    paths: Iterable[str], max_bytes: int, source: Optional[str]
) -> Iterator[Dict[str, Any]]:
    """Documents (or read errors) of local files, read by the worker itself."""
    for path in paths:
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError as e:
            yield {"key": path, "error": "io_error", "message": str(e)}
            continue
        yield from read_documents(path, data, max_bytes, source)


def read_partition(
    files: Iterable[Tuple[str, bytes]], max_bytes: int, source: Optional[str]
) -> Iterator[Dict[str, Any]]:
    """Documents (or read errors) of (path, content) pairs, as `sitrep.read_documents` gives."""
    for path, data in files:
        yield from read_documents(_key(path), bytes(data), max_bytes, source)


def _code_one_by_one(p: Pipeline, docs: List[Dict[str, Any]], max_bytes: int) -> List[Dict[str, Any]]:
    """Codes documents singly, turning a crash of the coder on one into that one's error."""
    out = []
    for d in docs:
        try:
            out.extend(p.code_documents([d], threads=1, max_bytes=max_bytes, rows=True))
        except BaseException as e:  # a Rust panic arrives as PanicException (a BaseException)
            if isinstance(e, (KeyboardInterrupt, SystemExit)):
                raise
            out.append({"key": d.get("key", "?"), "error": "panic", "message": str(e)})
    return out


def code_partition(
    docs: Iterable[Dict[str, Any]], max_bytes: int
) -> Iterator[Tuple[str, Any]]:
    """Codes a partition: ``("D", (document_id, key, month, document JSON, [claim JSON]))``
    per coded document, ``("E", row)``
    per event (the export's columns, the key, then the month) and ``("X", (key, code,
    message))`` per failure."""
    p = pipeline()
    it = iter(docs)
    while True:
        chunk = list(itertools.islice(it, CHUNK))
        if not chunk:
            return
        try:
            coded = p.code_documents(chunk, threads=1, max_bytes=max_bytes, rows=True)
        except BaseException as e:
            if isinstance(e, (KeyboardInterrupt, SystemExit)):
                raise
            coded = _code_one_by_one(p, chunk, max_bytes)
        for c in coded:
            if "error" in c:
                yield ("X", (c["key"], c["error"], c.get("message", "")))
                continue
            published = json.loads(c["document"]).get("published") or ""
            month = published[:7] if len(published) >= 7 else None
            yield ("D", (c["document_id"], c["key"], month, c["document"], c["transfers"]))
            for row in c["rows"]:
                published = row[PUBLISHED]
                month = published[:7] if len(published) >= 7 else None
                yield ("E", tuple(row) + (c["key"], month))


def _labels(actors: Optional[Iterable[Dict[str, Any]]]) -> str:
    """Actors as the ledger labels them (country code, else name), space-separated."""
    return " ".join(a.get("country") or a.get("name") or "" for a in actors or ())


def claim_rows(doc: Tuple[Any, ...]) -> Iterator[tuple]:
    """The claims dataset's rows of one coded document (a ``"D"`` value)."""
    doc_id, _, month, _, transfers = doc
    for text in transfers:
        c = json.loads(text)
        yield _claim_row(doc_id, c) + (
            _labels(c.get("claimed_by")), _labels(c.get("denied_by")), month
        )


def keyed_claims(doc: Tuple[Any, ...]) -> Iterator[Tuple[str, Tuple[str, str, str]]]:
    """``(fusion key, (document_id, document JSON, claim JSON))`` for every key of every claim
    (a claim naming goods of two families counts under both)."""
    doc_id, _, _, meta, transfers = doc
    for c in transfers:
        for k in ledger_keys(meta, c):
            yield k, (doc_id, meta, c)


def fuse_group(group: Tuple[str, Iterable[Tuple[str, str, str]]]) -> Iterator[tuple]:
    """The ledger row of one fusion key from all the claims under it (``sitrep_ledger::fuse``)."""
    key, members = group
    docs: Dict[str, Tuple[str, List[str]]] = {}
    for doc_id, meta, claim in sorted(members):
        docs.setdefault(doc_id, (meta, []))[1].append(claim)
    for text in fuse_ledger(list(docs.values())):
        row = json.loads(text)
        # A claim of two families also made the other family's row here; that row is
        # fused, whole, in its own group.
        if row["key"] == key:
            row["claims"] = sorted(row["claims"])
            yield tuple(row[c] for c in LEDGER_COLUMNS)


def _ledger_schemas():
    from pyspark.sql.types import (
        ArrayType, BooleanType, DoubleType, IntegerType, LongType, StringType, StructField,
        StructType,
    )

    text = StringType()
    claim_types = {"value_amount": DoubleType()}
    claims = StructType(
        [StructField(c, claim_types.get(c, text), True) for c in CLAIM_COLUMNS]
        + [StructField(c, text, True) for c in ("claimed_by_countries", "denied_by_countries")]
        + [StructField(MONTH, text, True)]
    )
    strings = ArrayType(text, False)
    ledger_types = {
        "year": IntegerType(), "outlets": LongType(), "embargo": BooleanType(),
        "claims": ArrayType(strings, False),
        **{c: strings for c in ("categories", "documents_for", "documents_against",
                                "claimed_by", "denied_by", "transport")},
    }
    ledger = StructType([StructField(c, ledger_types.get(c, text), True) for c in LEDGER_COLUMNS])
    return claims, ledger


def _schemas():
    from pyspark.sql.types import StringType, StructField, StructType

    events = StructType(
        [StructField(c, StringType(), False) for c in EXPORT_COLUMNS]
        + [StructField("_key", StringType(), False), StructField(MONTH, StringType(), True)]
    )
    errors = StructType(
        [StructField(c, StringType(), False) for c in ("key", "code", "message")]
    )
    return events, errors


def run(
    spark: Any,
    inputs: Sequence[str],
    out: str,
    *,
    partitions: int = 0,
    max_bytes: int = DEFAULT_MAX_BYTES,
    source: Optional[str] = None,
    mode: str = "overwrite",
) -> Dict[str, Any]:
    """Runs the job on `spark`; returns counts and the elapsed time."""
    from pyspark import StorageLevel
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    t0 = time.monotonic()
    sc = spark.sparkContext
    sc._jsc.hadoopConfiguration().set(
        "mapreduce.input.fileinputformat.input.dir.recursive", "true"
    )
    local = local_files(inputs)
    if local is not None:
        # Hadoop's binaryFiles spends ~20 ms per small local file; workers read them far
        # faster themselves (a directory of articles is the common local corpus).
        slices = max(1, min(len(local), sc.defaultParallelism * 4))
        paths = sc.parallelize(local, slices)
        read = functools.partial(read_local_partition, max_bytes=max_bytes, source=source)
        docs = paths.mapPartitions(read)
    else:
        files = sc.binaryFiles(",".join(inputs), minPartitions=sc.defaultParallelism)
        read = functools.partial(read_partition, max_bytes=max_bytes, source=source)
        docs = files.mapPartitions(read)
    n = partitions or sc.defaultParallelism
    if partitions or docs.getNumPartitions() < n:
        docs = docs.repartition(n)
    coded = docs.mapPartitions(functools.partial(code_partition, max_bytes=max_bytes))
    coded.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        counts = coded.map(lambda kv: kv[0]).countByValue()
        ev_schema, err_schema = _schemas()
        events = spark.createDataFrame(coded.filter(lambda kv: kv[0] == "E").values(), ev_schema)
        # Same text, same document: keep one copy, as the store does.
        first = F.min("_key").over(Window.partitionBy("document_id"))
        events = events.withColumn("_first", first).filter(F.col("_key") == F.col("_first"))
        events = events.drop("_key", "_first")
        events.write.mode(mode).partitionBy(MONTH).parquet(os.path.join(out, "events"))
        errors = spark.createDataFrame(coded.filter(lambda kv: kv[0] == "X").values(), err_schema)
        errors.write.mode(mode).parquet(os.path.join(out, "errors"))
        # One copy per document id, the one with the smallest key, as for the events.
        unique = (coded.filter(lambda kv: kv[0] == "D").values()
                  .map(lambda d: (d[0], d))
                  .reduceByKey(lambda a, b: a if a[1] <= b[1] else b)
                  .values())
        unique.persist(StorageLevel.MEMORY_AND_DISK)
        documents = unique.count()
        write_ledger(spark, unique, out, mode)
        unique.unpersist()
    finally:
        coded.unpersist()
    return {
        "documents": documents,
        "coded": counts.get("D", 0),
        "failed": counts.get("X", 0),
        "events_rows": counts.get("E", 0),
        "seconds": time.monotonic() - t0,
    }


def write_ledger(spark: Any, unique: Any, out: str, mode: str) -> None:
    """Writes ``claims/`` and ``ledger/`` from the coded documents (one per document id)."""
    claim_schema, ledger_schema = _ledger_schemas()
    claims = spark.createDataFrame(unique.flatMap(claim_rows), claim_schema)
    claims.write.mode(mode).partitionBy(MONTH).parquet(os.path.join(out, "claims"))
    fused = unique.flatMap(keyed_claims).groupByKey().flatMap(fuse_group)
    spark.createDataFrame(fused, ledger_schema).write.mode(mode).parquet(
        os.path.join(out, "ledger")
    )


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    """The command line of ``python -m sitrep.spark``."""
    ap = argparse.ArgumentParser(
        prog="python -m sitrep.spark",
        description="Code text/HTML/JSONL/WARC files on Spark into events and transfer claims "
        "(Parquet by month), the fused ledger, and errors.",
    )
    ap.add_argument("inputs", nargs="+", help="files, directories or globs (any Hadoop path)")
    ap.add_argument("--out", required=True, help="output directory (events/, claims/, ledger/, errors/)")
    ap.add_argument("--master", help="Spark master, e.g. local[2] (default: spark-submit's)")
    ap.add_argument("--partitions", type=int, default=0, help="coding tasks (default: cores)")
    ap.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES)
    ap.add_argument("--source", help="outlet name for documents that do not name one")
    ap.add_argument("--mode", default="overwrite", choices=["overwrite", "append", "error"])
    return ap.parse_args(argv)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Entry point of ``python -m sitrep.spark``."""
    a = parse_args(argv)
    # Local workers run this interpreter (the one that has sitrep installed).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    b = SparkSession.builder.appName("sitrep")
    if a.master:
        b = b.master(a.master)
    spark = b.getOrCreate()
    try:
        s = run(
            spark,
            a.inputs,
            a.out,
            partitions=a.partitions,
            max_bytes=a.max_bytes,
            source=a.source,
            mode=a.mode,
        )
    finally:
        spark.stop()
    rate = (s["coded"] + s["failed"]) / max(s["seconds"], 1e-9)
    print(
        f"sitrep.spark: {s['documents']} documents, {s['events_rows']} events, "
        f"{s['failed']} failed in {s['seconds']:.1f}s ({rate:.0f} docs/s)",
        file=sys.stderr,
    )
    return 0
