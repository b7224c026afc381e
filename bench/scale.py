"""Scale benchmark: the Spark job (`python -m sitrep.spark`) in local[1] and local[2] against
`sitrep ingest --threads 1` and `--threads 2` on the same generated corpus, interleaved
(ingest, spark, ingest, spark, ... per repetition) so that load from other processes falls on
both; a tiny corpus measures the fixed start-up cost; then the bare Python binding
(`Pipeline.code_documents`, one thread, no Spark) and the ledger fusion (`fuse_ledger` per key,
and `sitrep ledger` on the ingest store) once each. Prints a Markdown report and writes
results.json. Run through scripts/scale-bench, which builds what it needs.

Per run: wall seconds, CPU seconds of the whole process tree (sampled from /proc, and the
rusage of waited-for children), the peak RSS (VmHWM) of each kind of process (sitrep, Spark's
JVM, the Python driver, the Python workers), the load average before and after, output sizes.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Dict, List, Optional

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "crates/python/python/tests"))
from corpus import make_jsonl_partitions  # noqa: E402  (the Spark test's generator)

TICK = os.sysconf("SC_CLK_TCK")


def loadavg() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def _stat(pid: str) -> Optional[tuple]:
    """(ppid, CPU seconds) of a process, or None if it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK


def _hwm_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    return next((int(l.split()[1]) / 1024 for l in status.splitlines()
                 if l.startswith("VmHWM:")), 0.0)


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def kind(cmd: str, root: bool) -> str:
    if root:
        return "driver" if "python" in cmd else "sitrep"
    if "java" in cmd.split(" ", 1)[0] or " org.apache.spark" in cmd:
        return "jvm"
    if "pyspark.daemon" in cmd or "pyspark.worker" in cmd or "pyspark/daemon" in cmd:
        return "python_worker"
    return "other"


class Sampler(threading.Thread):
    """Polls the process tree under `root` and keeps, per pid, its last CPU time and peak RSS
    (VmHWM). Reads only /proc/*/stat of other processes, to cost little."""

    def __init__(self, root: int, every: float = 0.25):
        super().__init__(daemon=True)
        self.root, self.every, self.stop = root, every, threading.Event()
        self.seen: Dict[int, dict] = {}

    def sample(self) -> None:
        children: Dict[int, List[int]] = {}
        cpu = {}
        for d in os.listdir("/proc"):
            if d.isdigit():
                st = _stat(d)
                if st:
                    children.setdefault(st[0], []).append(int(d))
                    cpu[int(d)] = st[1]
        frontier = [self.root] if self.root in cpu else []
        while frontier:
            pid = frontier.pop()
            frontier.extend(children.get(pid, ()))
            p = self.seen.get(pid)
            if p is None or p["kind"] == "other":
                # A forked process shows its parent's command line until it execs (Spark's
                # launcher script becomes the JVM): look again while it is unclassified. Python
                # workers fork from the daemon and never exec, so theirs is stable.
                k = kind(_cmdline(pid), pid == self.root)
                p = p or {"hwm_mb": 0.0}
                p["kind"] = k
                self.seen[pid] = p
            p["cpu"] = cpu[pid]
            p["hwm_mb"] = max(p["hwm_mb"], _hwm_mb(pid))

    def run(self) -> None:
        while not self.stop.is_set():
            self.sample()
            self.stop.wait(self.every)

    def summary(self) -> dict:
        by: Dict[str, dict] = {}
        for p in self.seen.values():
            k = by.setdefault(p["kind"], {"procs": 0, "cpu": 0.0, "peak_rss_mb": 0.0})
            k["procs"] += 1
            k["cpu"] += p.get("cpu", 0.0)
            k["peak_rss_mb"] = max(k["peak_rss_mb"], p["hwm_mb"])
        return by


def measure(cmd: List[str], env: dict) -> dict:
    """Runs `cmd`, sampling its process tree; wall and CPU seconds, peak RSS per kind."""
    before = loadavg()
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    s = Sampler(proc.pid)
    s.start()
    out, err = proc.communicate()
    wall = time.monotonic() - t0
    s.stop.set()
    s.join()
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    kinds = s.summary()
    # Waited-for descendants' CPU (exact for sitrep; the JVM's if the driver waited for it).
    waited = ru.ru_utime + ru.ru_stime - ru0.ru_utime - ru0.ru_stime
    return {"cmd": cmd, "rc": proc.returncode, "wall": wall, "load_before": before,
            "load_after": loadavg(), "sampled_cpu": sum(k["cpu"] for k in kinds.values()),
            "waited_cpu": waited, "cpu": max(waited, sum(k["cpu"] for k in kinds.values())),
            "kinds": kinds,
            "stderr_tail": err.decode(errors="replace").strip().splitlines()[-1:]}


def dir_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def run_ingest(a, corpus: Path, threads: int, work: Path) -> dict:
    db = work / f"ingest-t{threads}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    cmd = [a.sitrep, "ingest", str(corpus), "--db", str(db), "--threads", str(threads)]
    r = measure(cmd, dict(os.environ))
    r["output_mb"] = {"sqlite": sum(dir_mb(Path(str(db) + s)) for s in ("", "-wal")
                                    if Path(str(db) + s).exists())}
    r["db"] = str(db)
    return r


def run_spark(a, corpus: Path, cores: int, work: Path) -> dict:
    out = work / f"spark-l{cores}"
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, "-m", "sitrep.spark", str(corpus), "--out", str(out),
           "--master", f"local[{cores}]"]
    env = {**os.environ, "PYSPARK_PYTHON": sys.executable}
    r = measure(cmd, env)
    r["output_mb"] = {d: dir_mb(out / d) for d in ("events", "claims", "ledger", "errors")
                      if (out / d).exists()}
    return r


def interleaved(a, corpus: Path, work: Path, reps: int, label: str, runs: List[dict],
                save) -> List[dict]:
    for rep in range(reps):
        for engine, k in (("ingest", 1), ("spark", 1), ("ingest", 2), ("spark", 2)):
            f = run_ingest if engine == "ingest" else run_spark
            r = f(a, corpus, k, work)
            r.update(engine=engine, cores=k, rep=rep, corpus=label)
            print(f"[{label} rep {rep}] {engine} x{k}: {r['wall']:.1f}s wall, "
                  f"{r['cpu']:.1f}s cpu, load {r['load_before']:.2f}->"
                  f"{r['load_after']:.2f}, rc {r['rc']}", file=sys.stderr, flush=True)
            if r["rc"] not in (0, 1):
                raise SystemExit(f"{engine} failed: {r['stderr_tail']}")
            runs.append(r)
            save()
    return runs


def binding_and_fusion(corpus: Path) -> dict:
    """The Python binding alone (one thread) and the ledger fusion, timed in this process."""
    import sitrep

    p = sitrep.Pipeline()
    docs = []
    for f in sorted(corpus.glob("*.jsonl")):
        docs.extend(d for d in sitrep.read_documents(str(f), f.read_bytes()) if "error" not in d)
    t0, c0 = time.monotonic(), time.process_time()
    coded = []
    for i in range(0, len(docs), 64):
        coded.extend(p.code_documents(docs[i : i + 64], threads=1, rows=True))
    code_wall, code_cpu = time.monotonic() - t0, time.process_time() - c0
    groups: Dict[str, Dict[str, tuple]] = {}
    t0, c0 = time.monotonic(), time.process_time()
    claims = 0
    for c in coded:
        if "error" in c:
            continue
        claims += len(c["transfers"])
        for claim in c["transfers"]:
            for k in sitrep.ledger_keys(c["document"], claim):
                groups.setdefault(k, {}).setdefault(c["document_id"], (c["document"], []))[1].append(claim)
    rows, largest = 0, (0.0, 0)
    for g in groups.values():
        g0 = time.monotonic()
        rows += len(sitrep.fuse_ledger(list(g.values())))
        # The largest group is one task on Spark: it bounds the fusion stage's wall time.
        largest = max(largest, (time.monotonic() - g0, sum(len(c) for _, c in g.values())))
    fuse_wall, fuse_cpu = time.monotonic() - t0, time.process_time() - c0
    return {"documents": len(docs), "code_wall": code_wall, "code_cpu": code_cpu,
            "claims": claims, "keys": len(groups), "fused_rows": rows,
            "fuse_wall": fuse_wall, "fuse_cpu": fuse_cpu,
            "largest_group_seconds": largest[0], "largest_group_claims": largest[1]}


def cli_ledger(a, db: str) -> dict:
    r = measure([a.sitrep, "ledger", "--db", db, "--format", "jsonl"], dict(os.environ))
    return {"wall": r["wall"], "cpu": r["cpu"], "load_before": r["load_before"],
            "load_after": r["load_after"]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sitrep", required=True, help="release sitrep binary")
    ap.add_argument("--work", required=True, type=Path, help="scratch directory")
    ap.add_argument("--docs", type=int, default=20000)
    ap.add_argument("--files", type=int, default=40, help="JSONL partitions of the corpus")
    ap.add_argument("--sentences", type=int, default=10)
    ap.add_argument("--tiny", type=int, default=24, help="documents of the start-up corpus")
    ap.add_argument("--tiny-files", type=int, default=8,
                    help="its files: as many tasks as the big corpus gets (4 per core, up to 8)")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--finish", action="store_true",
                    help="run the binding and fusion steps after an interrupted run, then report")
    ap.add_argument("--report-only", action="store_true",
                    help="print the report of WORK/results.json (also of an interrupted run)")
    a = ap.parse_args()
    if a.report_only or a.finish:
        res = json.loads((a.work / "results.json").read_text())
        if a.finish:
            finish(a, res)
        print(report(res))
        return 0
    a.work.mkdir(parents=True, exist_ok=True)
    big, tiny = a.work / "corpus-big", a.work / "corpus-tiny"
    for d in (big, tiny):
        shutil.rmtree(d, ignore_errors=True)
    text_bytes = make_jsonl_partitions(big, a.docs, a.files, a.sentences)
    make_jsonl_partitions(tiny, a.tiny, a.tiny_files, a.sentences, seed=26)
    res = {"docs": a.docs, "tiny": a.tiny, "files": a.files, "sentences": a.sentences,
           "text_mb": text_bytes / 1e6, "input_mb": dir_mb(big), "nproc": os.cpu_count(),
           "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    res["runs"] = []

    def save() -> None:  # after every run, so an interrupted benchmark keeps what it measured
        (a.work / "results.json").write_text(json.dumps(res, indent=1))

    interleaved(a, tiny, a.work, a.reps, "tiny", res["runs"], save)
    interleaved(a, big, a.work, a.reps, "big", res["runs"], save)
    finish(a, res)
    print(report(res))
    return 0


def finish(a, res: dict) -> None:
    """The steps after the interleaved runs: the binding alone, the fusion, `sitrep ledger`."""
    res["binding"] = binding_and_fusion(a.work / "corpus-big")
    res["cli_ledger"] = cli_ledger(a, str(a.work / "ingest-t1.db"))
    res["finished"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    (a.work / "results.json").write_text(json.dumps(res, indent=1))


def med(runs: List[dict], key, **match) -> float:
    vals = [key(r) for r in runs if all(r[k] == v for k, v in match.items())]
    return statistics.median(vals) if vals else float("nan")


def _diff(runs: List[dict], kind_: str, match: dict, docs: int) -> float:
    """Marginal CPU ms per document of one kind of process (big minus tiny, medians)."""
    cpu = {c: med(runs, lambda r: r["kinds"].get(kind_, {}).get("cpu", 0), corpus=c, **match)
           for c in ("big", "tiny")}
    return (cpu["big"] - cpu["tiny"]) / docs * 1000


def report(res: dict) -> str:
    """Medians per engine and cores; marginal per-document cost (big minus tiny); ratios."""
    runs, n, t = res["runs"], res["docs"], res["tiny"]
    lines = [f"corpus: {n} docs x {res['sentences']} sentences, {res['input_mb']:.1f} MB JSONL "
             f"in {res['files']} files ({res['text_mb']:.1f} MB text); start-up corpus {t} docs; "
             f"{sum(r['corpus'] == 'big' for r in runs) / 4:g} reps of the big corpus, "
             f"{sum(r['corpus'] == 'tiny' for r in runs) / 4:g} of the tiny; {res['nproc']} cores",
             "",
             "| run | wall s (median) | CPU s | docs/s per core (wall) | marginal wall ms/doc"
             " x cores | marginal CPU ms/doc | docs per CPU-s | peak RSS MB |"
             " load before→after (median) |",
             "|---|---|---|---|---|---|---|---|---|"]
    cost, notes = {}, []
    for engine in ("ingest", "spark"):
        for k in (1, 2):
            m = dict(engine=engine, cores=k)
            wb = med(runs, lambda r: r["wall"], corpus="big", **m)
            wt = med(runs, lambda r: r["wall"], corpus="tiny", **m)
            cb = med(runs, lambda r: r["cpu"], corpus="big", **m)
            ct = med(runs, lambda r: r["cpu"], corpus="tiny", **m)
            marg = (wb - wt) * k / (n - t) * 1000
            cpu_doc = (cb - ct) / (n - t) * 1000
            cost[(engine, k)] = (marg, cpu_doc)
            big = [r for r in runs
                   if r["corpus"] == "big" and r["engine"] == engine and r["cores"] == k]
            kinds = {x: max((r["kinds"].get(x, {}).get("peak_rss_mb", 0) for r in big), default=0)
                     for x in ("sitrep", "jvm", "driver", "python_worker")}
            rss = ", ".join(f"{x} {v:.0f}" for x, v in kinds.items() if v)
            lb = med(runs, lambda r: r["load_before"], corpus="big", **m)
            la = med(runs, lambda r: r["load_after"], corpus="big", **m)
            name = f"{engine} {'--threads' if engine == 'ingest' else 'local'} {k}"
            lt = med(runs, lambda r: r["load_before"], corpus="tiny", **m)
            lines.append(f"| {name} (tiny) | {wt:.1f} | {ct:.1f} | | | | | | {lt:.2f} |")
            lines.append(f"| {name} | {wb:.1f} | {cb:.1f} | {n / wb / k:.0f} | {marg:.2f} | "
                         f"{cpu_doc:.2f} | {1000 / cpu_doc:.0f} | {rss} | {lb:.2f}→{la:.2f} |")
            if engine == "spark":
                notes.append(f"spark local {k}: marginal CPU ms/doc in the JVM "
                             f"{_diff(runs, 'jvm', m, n - t):.2f}, in the Python workers "
                             f"{_diff(runs, 'python_worker', m, n - t):.2f}")
    lines.append("")
    lines.extend(notes)
    for k in (1, 2):
        (sm, sc), (im, ic) = cost[("spark", k)], cost[("ingest", k)]
        lines.append(f"overhead ratio at {k} core(s): wall {sm / im:.2f}, CPU {sc / ic:.2f}")
    b = res.get("binding")
    if not b:
        return "\n".join(lines + ["(interrupted: no binding, fusion or size figures)"])
    lines.append(f"binding alone (1 thread): {b['code_wall'] / b['documents'] * 1000:.2f} ms/doc "
                 f"wall, {b['code_cpu'] / b['documents'] * 1000:.2f} ms/doc CPU")
    lines.append(f"fusion (fuse_ledger per key, 1 thread): {b['claims']} claims, {b['keys']} keys, "
                 f"{b['fuse_wall']:.2f}s wall ({b['fuse_wall'] / max(b['claims'], 1) * 1e6:.0f} "
                 f"us/claim); largest key {b.get('largest_group_claims')} claims in "
                 f"{b.get('largest_group_seconds', 0):.3f}s; sitrep ledger on the store: "
                 f"{res['cli_ledger']['wall']:.2f}s")
    sizes: Dict[str, dict] = {}
    for r in runs:
        if r["corpus"] == "big":
            sizes.setdefault(r["engine"], r["output_mb"])
    lines.append("output MB: " + json.dumps({e: {k: round(v, 1) for k, v in s.items()}
                                             for e, s in sizes.items()}))
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
