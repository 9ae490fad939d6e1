#!/usr/bin/env python3
"""Fuzz the readers and the number grammar: no input may crash them.

    python fuzz/fuzz_targets.py --seconds 600            # all targets, round robin
    python fuzz/fuzz_targets.py --seconds 60 --target pdf

Targets (four inputs in five come from a seeded random mutator over the sample corpus and
go straight to the check; one in five is made by the same check written as a Hypothesis
test, driven through ``fuzz_one_input``; no atheris needed):

* ``text``  ``decode_text`` on bytes (mutated corpus texts, random bytes, BOMs, NULs);
* ``html``  ``html_to_text`` on mutated pages of the corpus;
* ``pdf``   ``read_pdf_bytes`` on mutated PDFs of the corpus (flipped bytes, cut files,
  spliced objects);
* ``numbers`` ``find_quantities`` on mutated sentences: spans inside the text, values finite;
* ``extract`` ``clean_text`` + ``annotate`` on mutated documents: valid rows.

The only exception a reader may raise is ``ReadError`` (a clear reason for documents.csv).
Anything else is a crash: the input is saved under ``fuzz/crashes/`` and the run exits 1.
Prints the number of executions per target at the end.
"""
from __future__ import annotations

import argparse
import hashlib
import math
import random
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.annotate import annotate  # noqa: E402
from pipeline.clean import clean_text  # noqa: E402
from pipeline.numbers import find_quantities  # noqa: E402
from pipeline.read import ReadError, decode_text, html_to_text, read_pdf_bytes  # noqa: E402

FUZZ = settings(database=None, deadline=None, suppress_health_check=list(HealthCheck))
SEEDS: dict[str, list[bytes]] = {}


def _seeds(ext: str) -> list[bytes]:
    if ext not in SEEDS:
        files = sorted((ROOT / "corpus" / "docs").glob(f"*{ext}"))[:40]
        SEEDS[ext] = [f.read_bytes() for f in files] or [b""]
    return SEEDS[ext]


def mutate(data: bytes, rng: random.Random, pool: list[bytes]) -> bytes:
    """A few random edits: flip, insert, delete, duplicate, splice from another seed, cut."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(7)
        pos = rng.randrange(len(buf) + 1)
        if op == 0 and buf:
            buf[min(pos, len(buf) - 1)] ^= 1 << rng.randrange(8)
        elif op == 1:
            buf[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif op == 2:
            del buf[pos:pos + rng.randint(1, 64)]
        elif op == 3 and buf:
            a = rng.randrange(len(buf))
            buf[pos:pos] = buf[a:a + rng.randint(1, 256)]
        elif op == 4:
            other = rng.choice(pool)
            if other:
                a = rng.randrange(len(other))
                buf[pos:pos] = other[a:a + rng.randint(1, 512)]
        elif op == 5:
            del buf[pos:]
        else:
            buf[pos:pos] = rng.choice([b"\xef\xbb\xbf", b"\xff\xfe", b"\x00", b"%PDF-1.4", b"<div>" * 50,
                                       b"1.245,6 ", b"15/30 ", b"\r\n", "đồng".encode(), b"\xc3"])
    return bytes(buf)


# --------------------------------------------------------------------------- the targets
def check_text(data: bytes) -> None:
    try:
        out = decode_text(data)
    except ReadError:
        return
    assert isinstance(out, str)


def check_html(data: bytes) -> None:
    try:
        body, _title, _date, _url = html_to_text(data.decode("utf-8", errors="replace"))
    except ReadError:
        return
    assert isinstance(body, str) and body.strip()


def check_pdf(data: bytes) -> None:
    try:
        text, _title = read_pdf_bytes(data)
    except ReadError:
        return
    assert isinstance(text, str)


def check_numbers(data: bytes) -> None:
    text = data.decode("utf-8", errors="replace")
    for q in find_quantities(text):
        assert 0 <= q.start < q.end <= len(text) and text[q.start:q.end] == q.text
        assert math.isfinite(q.value)


def check_extract(data: bytes) -> None:
    text = clean_text(data.decode("utf-8", errors="replace"))
    ann = annotate(text, None, None)
    for t in ("figures", "obstacles", "officials"):
        for r in getattr(ann, t):
            assert 0 <= r["start"] < r["end"] <= len(text)


def _hypothesis_target(check, max_size: int):
    """The same check as a Hypothesis test: Hypothesis makes the inputs from a random buffer
    (``fuzz_one_input``) and shrinks a failure to a small example."""
    @FUZZ
    @given(st.binary(max_size=max_size))
    def target(data: bytes) -> None:
        check(data)
    return target


TARGETS = {  # name: (check, seed files, max input size for Hypothesis)
    "text": (check_text, ".txt", 20_000), "html": (check_html, ".html", 20_000),
    "pdf": (check_pdf, ".pdf", 20_000), "numbers": (check_numbers, ".txt", 2_000),
    "extract": (check_extract, ".txt", 6_000),
}
HYPOTHESIS = {name: _hypothesis_target(check, size) for name, (check, _ext, size) in TARGETS.items()}


def run(seconds: float, targets: list[str], seed: int = 0, crashes: Path = ROOT / "fuzz" / "crashes") -> dict:
    """Round robin over ``targets`` until ``seconds`` have passed: four inputs in five are
    mutated corpus files fed to the check directly, one in five is made by Hypothesis."""
    rng = random.Random(seed)
    counts: dict = {t: 0 for t in targets}
    deadline = time.monotonic() + seconds
    i = 0
    while time.monotonic() < deadline:
        name = targets[i % len(targets)]
        i += 1
        check, ext, _size = TARGETS[name]
        pool = _seeds(ext)
        if rng.random() < 0.8:
            base = rng.choice(pool)
            if name in ("numbers", "extract") and len(base) > 3000:
                a = rng.randrange(len(base) - 2000)
                base = base[a:a + rng.randint(200, 2000)]
            data = mutate(base, rng, pool)
            call = lambda check=check, data=data: check(data)  # noqa: E731
        else:
            data = bytes(rng.randrange(256) for _ in range(rng.randint(16, 4096)))
            call = lambda name=name, data=data: HYPOTHESIS[name].hypothesis.fuzz_one_input(data)  # noqa: E731
        try:
            call()
        except Exception as err:  # a crash: keep the input
            crashes.mkdir(parents=True, exist_ok=True)
            path = crashes / f"{name}-{hashlib.sha256(data).hexdigest()[:12]}.bin"
            path.write_bytes(data)
            print(f"CRASH in {name}: {type(err).__name__}: {err} (input saved to {path})", file=sys.stderr)
            counts["crash"] = str(path)
            return counts
        counts[name] += 1
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Fuzz the readers and the number grammar.")
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--target", choices=sorted(TARGETS), action="append")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    t0 = time.monotonic()
    counts = run(args.seconds, args.target or list(TARGETS), args.seed)
    total = sum(v for v in counts.values() if isinstance(v, int))
    print(f"{total} executions in {time.monotonic() - t0:.0f} s: "
          + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 1 if "crash" in counts else 0


if __name__ == "__main__":
    sys.exit(main())
