"""Start-up: the commands that only read a registry import nothing heavy (no spaCy, pandas,
scikit-learn, SciPy, NumPy, pyarrow), so they start in a fraction of a second; the time
itself is measured by ``benchmarks/throughput.py`` (never by a test)."""
import json
import subprocess
import sys

import pytest

HEAVY = ("spacy", "thinc", "pandas", "sklearn", "scipy", "numpy", "pyarrow", "skops")

CHECK = """
import json, sys
from typer.testing import CliRunner
from pipeline.cli import app
r = CliRunner().invoke(app, json.loads(sys.argv[1]))
print(json.dumps([r.exit_code, [m for m in json.loads(sys.argv[2]) if m in sys.modules]]))
"""


@pytest.fixture(scope="module")
def registry(tmp_path_factory):
    from pipeline.batch import run_batch

    d = tmp_path_factory.mktemp("in")
    (d / "a.txt").write_text("In 2024 the People's Committee of Tan Lap commune built 5 schools.\n", encoding="utf-8")
    db = d / "r.db"
    run_batch([str(d / "a.txt")], d / "out", models="none", registry=db)
    return db


@pytest.mark.parametrize("argv", [["--help"], ["search", "schools"], ["audit"], ["targets"], ["search", "--help"]])
def test_read_commands_import_nothing_heavy(argv, registry):
    if argv[-1] != "--help":
        argv = [*argv, "--registry", str(registry)]
    p = subprocess.run([sys.executable, "-c", CHECK, json.dumps(argv), json.dumps(HEAVY)],
                       capture_output=True, text=True, timeout=120)
    code, heavy = json.loads(p.stdout.strip().splitlines()[-1])
    assert code == 0, p.stderr
    assert heavy == [], f"praxis {' '.join(argv)} imports {heavy}"


def test_extract_imports_neither_pandas_nor_scipy_nor_scikit_learn(tmp_path):
    """``praxis extract`` with the shipped models: spaCy, NumPy and pyarrow, but no pandas
    (Parquet is built with pyarrow), no SciPy (the models apply with numpy alone, the copy
    finder's MinHash too), no scikit-learn, no datasketch."""
    (tmp_path / "a.txt").write_text("In 2024 the People's Committee of Tan Lap commune built 5 schools, "
                                    "reaching 80% of the plan.\n", encoding="utf-8")
    argv = ["extract", str(tmp_path / "a.txt"), "--out", str(tmp_path / "o"), "--registry", str(tmp_path / "r.db"),
            "--quiet"]
    p = subprocess.run([sys.executable, "-c", CHECK, json.dumps(argv),
                        json.dumps(["pandas", "scipy", "sklearn", "datasketch", "skops"])],
                       capture_output=True, text=True, timeout=300)
    code, heavy = json.loads(p.stdout.strip().splitlines()[-1])
    assert code == 0, p.stderr
    assert heavy == [], f"praxis extract imports {heavy}"
    assert (tmp_path / "o" / "figures.parquet").exists()


def test_with_worker_processes_the_main_process_never_imports_spacy(tmp_path):
    """The main process of ``--jobs 2`` hands chunks to its workers, writes the tables and the
    registry: it needs neither spaCy nor the components (about 0.7 s and 60 MB saved)."""
    for i in range(40):  # more than one chunk of 32: two workers start
        (tmp_path / f"a{i}.txt").write_text(f"In 2024 the People's Committee of Tan Lap commune built {i + 2} schools.\n",
                                            encoding="utf-8")
    code = ("import sys, json; from pipeline.batch import run_batch; "
            f"s = run_batch([{str(tmp_path)!r}], {str(tmp_path / 'o')!r}, registry={str(tmp_path / 'r.db')!r}, jobs=2); "
            "print(json.dumps([s.documents, s.errors, [m for m in ('spacy', 'thinc', 'pipeline.nlp') if m in sys.modules]]))")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert json.loads(p.stdout.strip().splitlines()[-1]) == [40, 0, []], p.stderr
