"""The generated test corpus: short articles from a few templates about 20 states (arms
deliveries, accusations, denials, shelling, visits, filler), dated in their text or by a JSONL
field, plus bad documents and WARC records. Used by the Spark test and by bench/scale.py."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Optional

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


def article(rng: random.Random, i: int, sentences: Optional[int] = None) -> tuple[str, str]:
    """A generated article (title, date line, body) and its publication date; `sentences`
    sentences, else two to six."""
    year, month, day = rng.choice([2023, 2024]), rng.randrange(12), rng.randrange(1, 28)
    a, b, c = rng.sample(STATES, 3)
    title = f"{a} and {b}: report {i}"
    sents = [
        rng.choice(TEMPLATES).format(
            a=a, b=b, c=c, n=rng.randrange(2, 900), goods=rng.choice(GOODS),
            day=rng.choice(DAYS),
        )
        for _ in range(sentences or rng.randrange(2, 7))
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


def make_jsonl_partitions(root: Path, n_docs: int, files: int, sentences: int,
                          seed: int = 25) -> int:
    """`n_docs` articles of `sentences` sentences each, as JSONL (dated by field) spread over
    `files` files `part-NNNNN.jsonl`, as a crawl delivered in partitions. Returns the bytes
    of text written."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    per_file = -(-n_docs // files)
    total = 0
    for f in range(files):
        lines = []
        for i in range(f * per_file, min(n_docs, (f + 1) * per_file)):
            body, date = article(rng, i, sentences)
            title, _, text = body.split("\n\n", 2)
            total += len(text.encode())
            lines.append(json.dumps({"text": text, "title": title, "published": date,
                                     "url": f"https://example.org/{i}"}))
        (root / f"part-{f:05d}.jsonl").write_text("\n".join(lines) + "\n")
    return total
