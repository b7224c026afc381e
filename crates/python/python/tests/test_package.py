"""The Python API against the CLI: same records, batches equal to single calls, errors with
sitrep's codes, DataFrames."""

from __future__ import annotations

import datetime
import json
import subprocess
import threading

import pytest

import sitrep

ARTICLE = (
    "Russia delivered 40 tanks to Serbia last month, the Serbian defence ministry said on "
    "Tuesday.\n\nThe president of France visited Germany on Monday to discuss energy.\n"
)


def cli_extract(cli, path, *args) -> list:
    out = subprocess.run(
        [str(cli), "extract", str(path), "--format", "jsonl", *args],
        check=True,
        capture_output=True,
    ).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_seed_article_equals_cli(pipeline, cli, shared):
    path = shared / "examples" / "seed" / "article.txt"
    (want,) = cli_extract(cli, path)
    got = pipeline.extract(path.read_bytes())
    assert got == want
    # The reference story is an arms-transfer story: the comparison is not of two empties.
    assert any(e.get("transfer") for e in got["events"])


def test_published_overrides_like_cli(pipeline, cli, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE)
    (want,) = cli_extract(cli, path, "--published", "2024-03-05")
    assert pipeline.extract(ARTICLE, published="2024-03-05") == want
    assert pipeline.extract(ARTICLE, published=datetime.date(2024, 3, 5)) == want
    assert want["document"]["published"] == "2024-03-05"
    assert want["events"], "the template article should code to events"


def test_str_and_bytes_agree_and_url_is_kept(pipeline):
    a = pipeline.extract(ARTICLE, url="https://example.org/a")
    b = pipeline.extract(ARTICLE.encode(), url="https://example.org/a")
    assert a == b
    assert a["document"]["url"] == "https://example.org/a"


def test_bad_date_is_a_value_error(pipeline):
    with pytest.raises(ValueError):
        pipeline.extract(ARTICLE, published="05/03/2024")


def test_batch_equals_one_by_one(pipeline):
    texts = [ARTICLE.replace("40", str(n)).replace("Serbia", c) for n, c in
             [(12, "Serbia"), (7, "Hungary"), (300, "Belarus"), (5, "Iran")]] * 3
    dates = ["2024-01-0%d" % (i % 9 + 1) for i in range(len(texts))]
    urls = [f"https://example.org/{i}" for i in range(len(texts))]
    single = [pipeline.extract(t, published=d, url=u) for t, d, u in zip(texts, dates, urls)]
    assert pipeline.extract_batch(texts, published=dates, urls=urls) == single
    assert pipeline.extract_batch(texts, published=dates, urls=urls, threads=2) == single
    one_date = pipeline.extract_batch(texts, published="2024-01-01", threads=1)
    assert [r["document"]["published"] for r in one_date] == ["2024-01-01"] * len(texts)


def test_batch_runs_without_the_gil(pipeline):
    # While a long batch codes, another Python thread keeps running.
    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(1)
            stop.wait(0.001)

    t = threading.Thread(target=tick)
    t.start()
    try:
        before = len(ticks)
        pipeline.extract_batch([ARTICLE * 20] * 64, threads=1)
        during = len(ticks) - before
    finally:
        stop.set()
        t.join()
    assert during > 5


@pytest.mark.parametrize(
    "data,code",
    [(b"\x00\x01\x02PNG\x00\x00binary\x00" * 50, "doc_binary"), (b"   \n\t ", "doc_empty")],
)
def test_errors_carry_stable_codes(pipeline, data, code):
    with pytest.raises(sitrep.SitrepError) as exc:
        pipeline.extract(data)
    assert exc.value.code == code
    assert code in str(exc.value)
    assert isinstance(exc.value, Exception)


def test_batch_errors_raise_or_return(pipeline):
    texts = [ARTICLE, b"\x00\x00\x00" * 100, ARTICLE]
    with pytest.raises(sitrep.SitrepError) as exc:
        pipeline.extract_batch(texts)
    assert (exc.value.code, exc.value.index) == ("doc_binary", 1)
    out = pipeline.extract_batch(texts, errors="return")
    assert isinstance(out[1], sitrep.SitrepError) and out[1].code == "doc_binary"
    assert out[0] == out[2] == pipeline.extract(ARTICLE)


def test_export_rows_have_the_export_columns(pipeline):
    rec = pipeline.extract(ARTICLE, published="2024-03-05")
    rows = sitrep.export_rows(rec)
    assert len(rows) == len(rec["events"]) > 0
    assert all(len(r) == len(sitrep.EXPORT_COLUMNS) for r in rows)
    col = dict(zip(sitrep.EXPORT_COLUMNS, rows[0]))
    assert col["document_id"] == rec["document"]["id"]
    assert col["type"] == rec["events"][0]["type"]
    assert sitrep.export_rows(json.dumps(rec)) == rows


def test_read_documents_reads_jsonl_like_ingest():
    lines = [
        {"text": ARTICLE, "published": "2024-02-03", "url": "https://example.org/x"},
        {"title": "no text"},
        {"html": "<html><body><p>" + ARTICLE + "</p></body></html>"},
    ]
    data = ("\n".join(json.dumps(x) for x in lines) + "\nnot json\n").encode()
    docs = sitrep.read_documents("corpus.jsonl", data)
    assert [d["key"] for d in docs] == [f"corpus.jsonl:{i}" for i in (1, 2, 3, 4)]
    assert docs[0]["kind"] == "text" and docs[0]["published"] == "2024-02-03"
    assert docs[1]["error"] == docs[3]["error"] == "jsonl_malformed"
    assert docs[2]["kind"] == "html"


def test_to_pandas(pipeline):
    pd = pytest.importorskip("pandas")
    recs = pipeline.extract_batch([ARTICLE, b"\x00" * 64, ARTICLE.replace("40", "9")],
                                  published="2024-03-05", errors="return")
    events, claims = sitrep.to_pandas(recs)
    assert list(events.columns) == list(sitrep.EXPORT_COLUMNS)
    assert len(events) == len(recs[0]["events"]) + len(recs[2]["events"])
    assert events["negated"].dtype == bool
    assert str(events["quantity_min"].dtype) == "Int64"
    assert set(events["published"]) == {"2024-03-05"}
    assert list(claims.columns) == list(sitrep.CLAIM_COLUMNS)
    # One row per transfer claim of the records (1.1 `transfers`), sides as the record has them.
    coded = [r for r in recs if isinstance(r, dict) and "events" in r]
    assert len(claims) == sum(len(r["transfers"]) for r in coded) > 0
    first = coded[0]["transfers"][0]
    row = claims.iloc[0]
    assert (row["supplier_country"], row["recipient_country"]) == (
        first["supplier"]["country"], first["recipient"]["country"])
    assert "tank" in row["item_categories"]
    # A record without the list (format 1.0) gives no claims and no error.
    old = {k: v for k, v in coded[0].items() if k != "transfers"}
    _, none = sitrep.to_pandas([old])
    assert none.empty and list(none.columns) == list(sitrep.CLAIM_COLUMNS)
    assert isinstance(pd.DataFrame(), type(claims))


def test_fuse_ledger_fuses_documents_by_key(pipeline):
    # Two outlets report the same delivery; a third document reports other goods.
    texts = [
        ("Russia delivered 300 artillery shells to Syria, officials in Syria said.", "https://a.example/1"),
        ("Russia has supplied artillery shells to Syria, the ministry said.", "https://b.example/2"),
        ("Iran delivered drones to Sudan, officials said.", "https://a.example/3"),
    ]
    recs = pipeline.extract_batch([t for t, _ in texts], published="2024-03-01",
                                  urls=[u for _, u in texts])
    docs = [(json.dumps(r["document"]), [json.dumps(c) for c in r["transfers"]]) for r in recs]
    assert all(cs for _, cs in docs), "each text should give a transfer claim"
    keys = {k for d, cs in docs for c in cs for k in sitrep.ledger_keys(d, c)}
    rows = [json.loads(r) for r in sitrep.fuse_ledger(docs)]
    assert [r["key"] for r in rows] == sorted(keys)
    shells = [r for r in rows if r["supplier"] == "RUS" and r["recipient"] == "SYR"]
    assert len(shells) == 1 and shells[0]["year"] == 2024
    assert len(shells[0]["documents_for"]) == 2 and shells[0]["outlets"] == 2
    with pytest.raises(ValueError):
        sitrep.fuse_ledger([("not json", [])])
