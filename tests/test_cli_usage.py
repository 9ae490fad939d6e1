"""The command line as its users meet it (issue 16): --version, output formats, rows streamed
to standard output, the registry from $PRAXIS_REGISTRY, help text, early progress."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.engines import chunks
from pipeline.schema import COLUMNS

TEXT = ("Tan Lap commune builds 5 schools\n(05/03/2025)\nIn 2024, the People's Committee of Tan Lap commune built 5 schools, "
        "reaching 80% of the plan. Comrade Ha Van Son, Chairman of the commune People's Committee, said the road is still "
        "degraded because 12 households have not agreed with the compensation price.\n")
COMMANDS = ["extract", "evaluate", "train", "show", "search", "targets", "serve", "remove", "audit", "report"]


@pytest.fixture()
def folder(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(TEXT, encoding="utf-8")
    (d / "b.txt").write_text(TEXT.replace("Tan Lap", "Yen Lac").replace("5 schools", "7 schools"), encoding="utf-8")
    return d


def test_version():
    r = CliRunner().invoke(app, ["--version"])
    assert r.exit_code == 0 and r.output.startswith("praxis ") and r.output.split()[1][0].isdigit()


def test_extract_writes_the_formats_asked_for(folder, tmp_path):
    out = tmp_path / "o"
    r = CliRunner().invoke(app, ["extract", str(folder), "--out", str(out), "--no-registry", "--quiet", "--models", "none",
                                 "--format", "jsonl"])
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in out.iterdir() if p.is_file()) == sorted(f"{t}.jsonl" for t in COLUMNS)
    docs = [json.loads(x) for x in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [d["doc_id"] for d in docs] == ["a.txt", "b.txt"] and list(docs[0]) == COLUMNS["documents"]
    assert docs[0]["n_words"] > 20 and isinstance(docs[0]["n_words"], int) and docs[0]["date"] == "2025-03-05"
    figs = [json.loads(x) for x in (out / "figures.jsonl").read_text(encoding="utf-8").splitlines()]
    assert any(f["value"] == 5 and f["unit"] for f in figs) and all(isinstance(f["start"], int) for f in figs)
    r = CliRunner().invoke(app, ["extract", str(folder), "--out", str(out), "--no-registry", "--quiet", "--models", "none",
                                 "--format", "csv,xml"])
    assert r.exit_code == 2 and "--format" in r.output


def test_out_dash_streams_json_lines_and_writes_no_file(folder, tmp_path):
    p = subprocess.run([sys.executable, "-m", "pipeline.cli", "extract", str(folder), "--out", "-", "--no-registry",
                        "--models", "none"], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert p.returncode == 0, p.stderr
    rows = [json.loads(x) for x in p.stdout.splitlines()]
    assert {r["table"] for r in rows} >= {"documents", "organizations", "figures"}
    assert [r["doc_id"] for r in rows if r["table"] == "documents"] == ["a.txt", "b.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["in"]  # no table, no texts folder, no registry


def test_a_closed_pipe_ends_the_stream_quietly(folder, tmp_path):
    """``praxis extract DIR --out - | head -1``: no traceback, no 'Broken pipe' noise."""
    cmd = f"{sys.executable} -m pipeline.cli extract {folder} --out - --no-registry --models none | head -1"
    p = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert json.loads(p.stdout)["table"] == "documents"
    assert "Traceback" not in p.stderr and "Broken pipe" not in p.stderr, p.stderr


def test_the_registry_comes_from_the_environment(folder, tmp_path, monkeypatch):
    reg = tmp_path / "shared" / "reg.db"
    reg.parent.mkdir()
    monkeypatch.setenv("PRAXIS_REGISTRY", str(reg))
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(app, ["extract", str(folder), "--out", str(tmp_path / "o"), "--quiet", "--models", "none"])
    assert r.exit_code == 0, r.output
    assert reg.exists() and not (tmp_path / "registry.db").exists()
    r = CliRunner().invoke(app, ["search", "schools", "--format", "json"])
    assert r.exit_code == 0 and json.loads(r.output)["total"] > 0
    r = CliRunner().invoke(app, ["targets", "--registry", str(tmp_path / "missing.db")])  # the option wins
    assert r.exit_code == 2 and "missing.db" in r.output


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_flags_as_flags_and_ends_with_two_examples(command):
    r = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "100"})
    assert r.exit_code == 0
    assert "<bool>" not in r.output
    tail = r.output[r.output.index("Examples:"):].splitlines()[1:]
    assert [ln.strip().split()[:2] for ln in tail if ln.strip()] == [["praxis", command]] * 2, r.output


def test_the_command_list_has_one_line_descriptions():
    r = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "200"})
    listed = r.output[r.output.index("Commands:"):].splitlines()[1:]
    assert [ln.split()[0] for ln in listed if ln.strip()] == COMMANDS
    assert all(ln.rstrip().endswith(".") and "..." not in ln for ln in listed if ln.strip())


def test_the_first_chunks_are_small_so_progress_shows_at_once():
    sizes = [len(c) for c in chunks(((str(i), str(i)) for i in range(200)), 32)]
    assert sizes[:7] == [1, 2, 4, 8, 16, 32, 32] and sum(sizes) == 200


def test_the_progress_line_shows_rates(folder, tmp_path):
    """The bar (on a terminal-less stderr it is drawn once at the end) names docs/s and words/s."""
    env = {**os.environ, "COLUMNS": "160", "FORCE_COLOR": "0", "TERM": "xterm"}
    code = ("import sys; from rich.console import Console; import pipeline.cli as c; "
            "c._stderr_console = lambda: Console(stderr=True, force_terminal=True, width=160); sys.exit(c.app())")
    p = subprocess.run([sys.executable, "-c", code, "extract", str(folder), "--out", str(tmp_path / "o"), "--no-registry",
                        "--models", "none"], capture_output=True, text=True, timeout=300, env=env)
    assert p.returncode == 0, p.stderr
    assert "docs/s" in p.stderr and "words/s" in p.stderr
    assert Path(tmp_path / "o" / "figures.parquet").exists()
