"""Command line: ``praxis extract INPUT... --out DIR``."""
from __future__ import annotations

import os
import shutil
import signal
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import List, Optional

import typer


class _HelpAsFlag:
    """--help shown as a flag, as every other on/off option (no value placeholder)."""

    def get_help_option(self, ctx):
        opt = super().get_help_option(ctx)
        if opt is not None:
            opt.metavar = ""
        return opt


class _Command(_HelpAsFlag, typer.core.TyperCommand):
    pass


class _Group(_HelpAsFlag, typer.core.TyperGroup):
    pass


app = typer.Typer(add_completion=False, no_args_is_help=True, cls=_Group, rich_markup_mode=None,
                  help="Praxis: extract organizations, officials, figures and obstacles from reports.")

EXIT_HELP = ("Exit status: 0 every input was read; 3 the batch finished but some inputs have status=error in "
             "documents.csv; 2 bad usage (no inputs, bad option, not a registry); 4 the output or the registry cannot "
             "be written (read-only, disk full); 130 interrupted (Ctrl-C); 143 stopped by SIGTERM; 1 an unexpected "
             "failure. A run that does not finish publishes no table: the previous tables stay.")
REGISTRY_ENV = "PRAXIS_REGISTRY"


def _epilog(*examples: str, before: str = "") -> str:
    """A command's epilog: ``before`` (one paragraph), then its examples, one per line."""
    examples_block = "\b\nExamples:\n" + "\n".join(f"  {e}" for e in examples)  # \b: click keeps these lines
    return "\n\n".join(([before] if before else []) + [examples_block])


def _flag(*decls: str, help: str):
    """An on/off option, shown in the help as a flag (no value placeholder)."""
    return typer.Option(False, *decls, help=help, metavar="")


def _registry_option(help: str):
    """--registry, also from $PRAXIS_REGISTRY; the default is registry.db in the current folder."""
    return typer.Option(Path("registry.db"), "--registry", envvar=REGISTRY_ENV, show_envvar=True, metavar="PATH",
                        help=f"{help} (default: registry.db in the current folder, or ${REGISTRY_ENV})",
                        show_default=False)


def _models_option():
    return typer.Option("auto", "--models", metavar="auto|none|DIR",
                        help="'auto' (shipped models), 'none' (rules only) or a folder")


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            v = version("praxis")
        except PackageNotFoundError:  # run from a source checkout without installing
            from . import __version__ as v
        typer.echo(f"praxis {v}")
        raise typer.Exit()


@app.callback()
def main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, metavar="",
                                      help="Print the version and exit")) -> None:
    """Praxis command line."""


@contextmanager
def _sigterm_as_interrupt():
    """SIGTERM (a service manager, ``kill``, a job scheduler) ends a run as Ctrl-C does: it is
    raised as :class:`~pipeline.errors.Terminated` in the main thread."""
    from .errors import Terminated

    def on_term(signum, frame):
        raise Terminated()

    old = signal.signal(signal.SIGTERM, on_term)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


@app.command(cls=_Command, short_help="Extract the five tables from reports; add them to the registry.",
             epilog=_epilog("praxis extract reports/ --out out/",
                            "praxis extract 'press/**/*.html' --out - --no-registry | grep figures",
                            before=EXIT_HELP))
def extract(
    inputs: List[str] = typer.Argument(..., metavar="INPUT...", help="Files, folders (recursive) or glob patterns: .txt .md .html .pdf"),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Output folder for the tables; - : every row as JSON Lines on standard output"),
    fmt: str = typer.Option("csv,parquet", "--format", "-f", metavar="csv,parquet,jsonl",
                            help="Which table files to write, comma-separated (jsonl: one JSON object per row)"),
    quiet: bool = _flag("--quiet", "-q", help="No progress bar or summary"),
    max_mb: float = typer.Option(20.0, "--max-mb", help="Larger inputs get status=error"),
    no_parquet: bool = _flag("--no-parquet", help="Write CSV only (the same as --format csv)"),
    models: str = _models_option(),
    registry: Path = _registry_option("SQLite registry the batch is added to"),
    no_registry: bool = _flag("--no-registry", help="Do not add the batch to a registry"),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Worker processes (0: all cores); the tables do not depend on it"),
    engine: str = typer.Option("local", "--engine", help="'local' (this machine) or 'dask'"),
    scheduler: Optional[str] = typer.Option(None, "--scheduler",
                                            help="With --engine dask: address of a running scheduler "
                                                 "(default: a LocalCluster of --jobs workers)"),
    time_limit: float = typer.Option(120.0, "--time-limit",
                                     help="Seconds one document may take (reading included); "
                                          "a slower one gets status=error and the batch goes on (0: no limit)"),
    reprocess: bool = _flag("--reprocess", help="Process every input, even those the registry holds unchanged"),
    patterns: List[Path] = typer.Option([], "--patterns", metavar="FILE",
                                        help="A JSON Lines file of rule entries of your own (title words, body "
                                             "names, obstacle cues ...) added to the shipped vocabularies; repeatable"),
) -> None:
    """Read report files and write documents, organizations, officials, figures and
    obstacles as CSV (and Parquet) into OUT; cleaned texts go to OUT/texts/. The batch is
    also added to the registry (same content twice is added once); inputs the registry
    already holds, unchanged and from the same code and models, are not processed again."""
    from .batch import count_inputs, run_batch
    from .engines import default_jobs

    if engine not in ("local", "dask"):
        typer.echo(f"unknown engine {engine!r}: use local or dask", err=True)
        raise typer.Exit(2)
    if jobs < 0:
        typer.echo("--jobs must be 0 (all cores) or more", err=True)
        raise typer.Exit(2)

    from .registry import Registry, RegistryError
    from .tables import FORMATS

    formats = tuple(dict.fromkeys(f.strip().lower() for f in fmt.split(",") if f.strip()))
    if not formats or any(f not in FORMATS for f in formats):
        typer.echo(f"--format takes a comma-separated list of {', '.join(FORMATS)}, not {fmt!r}", err=True)
        raise typer.Exit(2)
    if no_parquet:
        formats = tuple(f for f in formats if f != "parquet") or ("csv",)
    to_stdout = str(out) == "-"
    if to_stdout:
        quiet = True  # standard output carries the rows; messages stay on standard error
    pattern_files = _check_patterns(patterns)
    if not no_registry and registry.exists():
        try:  # refuse another program's database before any work (never add our tables to it)
            Registry(registry).close()
        except RegistryError as err:
            typer.echo(str(err), err=True)
            raise typer.Exit(2) from None
    _warn_stale(models)
    total = count_inputs(inputs, ([] if to_stdout else [out]) + ([] if no_registry else [registry]))
    if total == 0:
        typer.echo("no input files found", err=True)
        raise typer.Exit(2)

    given = [Path(p) for p in inputs if not any(ch in p for ch in "*?[")]
    missing = [p for p in given if not p.exists()]
    if missing and len(missing) == len(inputs):
        for p in missing:
            typer.echo(f"input not found: {p}", err=True)
        raise typer.Exit(2)  # nothing to do: say so before loading any model
    bar = task = None
    if not quiet:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        # documents done of all, documents and words per second, and the time left from the rate
        # so far (the first chunks are small: the rate shows within seconds)
        bar = Progress(TextColumn("extract"), BarColumn(), MofNCompleteColumn(),
                       TextColumn("{task.fields[rate]}"), TimeRemainingColumn(elapsed_when_finished=True),
                       transient=True, console=_stderr_console(), speed_estimate_period=120)
        task = bar.add_task("extract", total=total, rate="")
        bar.start()
    started, words = time.perf_counter(), [0]

    def progress(res):
        doc = res.tables["documents"][0]
        if doc.get("status") != "ok":  # each input error on one line as it happens, also with --quiet
            line = f"{doc.get('doc_id')}: {doc.get('error')}"
            if bar is not None:
                bar.console.print(line, markup=False, highlight=False)
            else:
                typer.echo(line, err=True)
        if bar is not None:
            words[0] += int(doc.get("n_words") or 0)
            done = bar.tasks[0].completed + 1
            secs = max(1e-6, time.perf_counter() - started)
            bar.update(task, advance=1, rate=f"{done / secs:.1f} docs/s, {words[0] / secs:,.0f} words/s")

    where = "standard output" if to_stdout else f"{out}/"
    untouched = ("the rows written to standard output so far are incomplete" if to_stdout else
                 f"the tables in {where} are as they were; this run's rows are in its *.csv.partial files")
    try:
        with _sigterm_as_interrupt():
            summary = run_batch(inputs, out, max_bytes=int(max_mb * 1e6), progress=progress,
                                formats=formats, models=models,
                                registry=None if no_registry else registry,
                                jobs=jobs or default_jobs(), engine=engine, scheduler=scheduler,
                                incremental=not reprocess, time_limit=time_limit or None,
                                patterns=pattern_files)
    except BrokenPipeError:  # the reader of --out - went away (| head): stop quietly
        try:
            sys.stdout = open(os.devnull, "w")  # no second error when Python flushes at exit
        except OSError:  # pragma: no cover
            pass
        raise typer.Exit(0) from None
    except KeyboardInterrupt as err:  # Ctrl-C, or SIGTERM (Terminated)
        from .errors import Terminated

        term = isinstance(err, Terminated)
        typer.echo(f"{'terminated' if term else 'interrupted'}: {untouched}", err=True)
        raise typer.Exit(143 if term else 130) from None
    except OSError as err:
        typer.echo(f"cannot write: {err.strerror or err}{' (' + err.filename + ')' if getattr(err, 'filename', None) else ''}"
                   f"; {untouched}", err=True)
        raise typer.Exit(4) from None
    except RegistryError as err:  # a registry in a missing or read-only folder
        typer.echo(f"{err}; {untouched}", err=True)
        raise typer.Exit(4) from None
    finally:
        if bar is not None:
            bar.stop()
    if not quiet:
        typer.echo(f"{summary.line()} -> {where}", err=True)
    elif summary.skipped:
        typer.echo(f"skipped {len(summary.skipped)} files of the output folder or the registry", err=True)
    if summary.errors:
        raise typer.Exit(3)


def _check_patterns(paths) -> tuple[str, ...]:
    """The user's pattern files, checked before any work starts (exit 2 with the reason)."""
    if not paths:
        return ()
    from . import components  # noqa: F401 - declares every grammar's vocabularies
    from .errors import RuleError
    from .rules import read_user_file

    for p in paths:
        try:
            read_user_file(p)
        except RuleError as err:
            typer.echo(f"bad pattern file: {err}", err=True)
            raise typer.Exit(2) from None
    return tuple(str(Path(p).resolve()) for p in paths)


def _warn_stale(models: str) -> None:
    """One line on stderr when the models were trained with other rules than these."""
    from .learn.runtime import stale

    msg = stale(models)
    if msg:
        typer.echo(msg, err=True)


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


@app.command(cls=_Command, short_help="Score the extraction of documents that have gold answers.",
             epilog=_epilog("praxis evaluate corpus/docs --gold corpus/gold --split dev",
                            "praxis evaluate ../shared/seeds --gold ../shared/gold/dev --show --json scores.json"))
def evaluate(
    inputs: List[str] = typer.Argument(..., metavar="INPUT...", help="Report files, folders or globs (only those with gold are scored)"),
    gold: Path = typer.Option(..., "--gold", help="Folder of gold JSON files (one per document)"),
    split: Optional[str] = typer.Option(None, "--split", help="Score only this split (train/dev/test) of --splits"),
    splits: Path = typer.Option(Path("corpus/splits.json"), "--splits", help="Split file"),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Also write the full result as JSON here"),
    show: bool = _flag("--show", help="List missed and spurious rows"),
    models: str = _models_option(),
) -> None:
    """Extract INPUT and print precision / recall / F1 per table, field accuracies,
    confusion matrices for figure kind and obstacle category (the rules of SCHEMA.md)."""
    import json as _json

    from .batch import iter_results
    from .evaluate import format_report, load_gold, score
    from .read import iter_inputs

    if not gold.is_dir():
        typer.echo(f"no gold folder: {gold}", err=True)
        raise typer.Exit(2)
    only = None
    if split:
        try:
            only = _json.loads(splits.read_text(encoding="utf-8"))[split]
        except (OSError, KeyError, ValueError) as err:
            typer.echo(f"cannot read split '{split}' from {splits}: {err}", err=True)
            raise typer.Exit(2) from None
    gold_docs = load_gold(gold, only)
    files = [p for p in iter_inputs(inputs) if p.name in gold_docs]
    if not files:
        typer.echo("no input file has a gold answer", err=True)
        raise typer.Exit(2)
    gold_docs = {k: v for k, v in gold_docs.items() if k in {p.name for p in files}}
    pred: dict[str, list[dict]] = {}
    for res in iter_results([str(p) for p in files], models=models):
        for t, rows in res.tables.items():
            pred.setdefault(t, []).extend(rows)
    result = score(gold_docs, pred)
    typer.echo(f"{result['documents']} documents" + (f" ({split} split)" if split else ""))
    typer.echo(format_report(result, show=show))
    if json_out:
        json_out.write_text(_json.dumps(result, indent=1), encoding="utf-8")


@app.command(cls=_Command, short_help="Rebuild the models from the corpus.",
             epilog=_epilog("praxis train", "praxis train --no-spans --force"))
def train(
    corpus: Path = typer.Option(Path("corpus"), "--corpus", help="Corpus folder (docs/, gold/, splits.json)"),
    out: Path = typer.Option(Path("models"), "--out", help="Where the models and their card go"),
    shared: Optional[Path] = typer.Option(None, "--shared", help="../shared: its seeds and patterns guard the choices"),
    no_spans: bool = _flag("--no-spans", help="Do not retrain the spaCy span model (about a minute)"),
    force: bool = _flag("--force", help="Run every step, even those whose inputs did not change"),
) -> None:
    """Rebuild the models from the corpus (fixed seed) by the workflow in project.yml:
    features -> ner -> train -> evaluate -> card. A step whose inputs (corpus, rule data,
    feature code, earlier outputs) did not change since its last run is skipped."""
    import subprocess

    root = Path(__file__).resolve().parents[1]
    if not (root / "project.yml").exists():
        typer.echo(f"no project.yml in {root}: train from a source checkout of praxis", err=True)
        raise typer.Exit(2)
    base = (shared or root.parent / "shared").resolve()
    if not (base / "seeds").is_dir():
        typer.echo(f"no seeds in {base}: the seeds and patterns of ../shared guard the choices; pass --shared", err=True)
        raise typer.Exit(2)
    # the project's own paths stay relative, so the lock file (project.lock) holds on any checkout
    overrides = [f"--vars.{k}={v.resolve()}" for k, v, default in
                 (("corpus", corpus, root / "corpus"), ("models", out, root / "models"), ("shared", base, root.parent / "shared"))
                 if v.resolve() != default.resolve()]
    if no_spans and not (out / "spacy_ner" / "model").is_dir():
        typer.echo(f"--no-spans keeps the NER in {out}/spacy_ner/model, and there is none: train without --no-spans", err=True)
        raise typer.Exit(2)
    steps = ["features", "train", "evaluate", "card"] if no_spans else ["all"]
    for step in steps:
        cmd = [sys.executable, "-m", "spacy", "project", "run", step, str(root), *overrides]
        if force:
            cmd.append("--force")
        if subprocess.run(cmd).returncode != 0:
            typer.echo(f"train: step {step} failed", err=True)
            raise typer.Exit(1)
    typer.echo(f"models written to {out}/ (card: {out}/README.md)")


@app.command(cls=_Command, short_help="Write an HTML page that highlights what one report holds.",
             epilog=_epilog("praxis show corpus/docs/c004.html", "praxis show report.pdf --out /tmp/report.html --models none"))
def show(
    file: Path = typer.Argument(..., help="One report: .txt .md .html .pdf"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="The page to write (default: FILE's name + .html here)"),
    models: str = _models_option(),
    patterns: List[Path] = typer.Option([], "--patterns", metavar="FILE", help="Pattern files of your own, as for extract"),
) -> None:
    """Write one page that shows FILE with its places, organizations, officials, figures and
    obstacles highlighted, and the fields of each in a table linked from its highlight.
    The page is self-contained: it renders offline."""
    from .errors import ReadError
    from .show import show_file

    pattern_files = _check_patterns(patterns)
    _warn_stale(models)
    target = out or Path(file.name + ".html")
    try:
        page = show_file(file, models=models, patterns=pattern_files)
    except ReadError as err:
        typer.echo(f"cannot read {file}: {err}", err=True)
        raise typer.Exit(2) from None
    target.write_text(page, encoding="utf-8")
    typer.echo(f"wrote {target}", err=True)


def _need_registry(registry: Path) -> None:
    if not registry.exists():
        typer.echo(f"no registry at {registry}: run 'praxis extract ... --registry {registry}' first", err=True)
        raise typer.Exit(2)


@app.command(cls=_Command, short_help="Search the registry (full text, with filters).",
             epilog=_epilog('praxis search "dien bien" --kind target',
                            'praxis search "budget revenue" --unit-class money --format csv --limit 200 > revenue.csv'))
def search(
    query: str = typer.Argument("", help='Words, "phrases", OR, NOT, prefix*; without accents it finds every accented form'),
    registry: Path = _registry_option("Registry to search"),
    table: Optional[str] = typer.Option(None, "--table", help="organizations, officials, figures or obstacles"),
    kind: Optional[str] = typer.Option(None, "--kind", help="Figures of this kind: target, result, statistic"),
    unit_class: Optional[str] = typer.Option(None, "--unit-class", help="Figures of this unit class: money, percent, count ..."),
    org: Optional[str] = typer.Option(None, "--org", help="Organization contains this text"),
    place: Optional[str] = typer.Option(None, "--place", help="Place contains this text"),
    period: Optional[str] = typer.Option(None, "--period", help="Period contains this text"),
    limit: int = typer.Option(50, "--limit", help="At most this many rows"),
    offset: int = typer.Option(0, "--offset", help="Skip this many rows first (the next page: --offset 50)"),
    fmt: str = typer.Option("table", "--format", help="table, csv or json"),
) -> None:
    """Search the registry with filters; prints a table, CSV or JSON, with the total.

    A query without accents finds every accented form ("dien bien" finds "Điện Biên"); a query
    with accents matches them exactly ("năm" is not "Nam")."""
    import csv as _csv
    import json as _json

    from .registry import Registry, RegistryError
    from .search import HIT_COLUMNS, SearchError, hit_row, search_page

    if fmt not in {"table", "csv", "json"}:
        typer.echo("--format must be table, csv or json", err=True)
        raise typer.Exit(2)
    _need_registry(registry)
    try:
        with Registry(registry, readonly=True) as reg:
            rows, total = search_page(reg, query, table=table, kind=kind, unit_class=unit_class, org=org,
                                      place=place, period=period, limit=limit, offset=offset)
    except (SearchError, RegistryError) as err:
        typer.echo(str(err), err=True)
        raise typer.Exit(2) from None
    shown = f"{offset + 1}-{offset + len(rows)} of {total}" if rows else f"0 of {total}"
    more = f"; next page: --offset {offset + len(rows)}" if offset + len(rows) < total else ""
    if fmt == "json":
        typer.echo(_json.dumps({"total": total, "offset": offset, "rows": rows}, ensure_ascii=False, indent=1))
        return
    if fmt == "csv":
        from .tables import csv_safe

        w = _csv.DictWriter(sys.stdout, fieldnames=HIT_COLUMNS)
        w.writeheader()
        w.writerows({k: csv_safe(str(v)) for k, v in hit_row(r).items()} for r in rows)
        typer.echo(f"{shown} rows{more}", err=True)
        return
    from rich.console import Console
    from rich.table import Table

    t = Table(title=f"rows {shown}{more}")
    for c in HIT_COLUMNS:
        t.add_column(c, overflow="fold")
    for r in rows:
        h = hit_row(r)
        t.add_row(*[str(h[c])[:80] for c in HIT_COLUMNS])
    Console(width=max(120, shutil.get_terminal_size((120, 24)).columns)).print(t)


@app.command(cls=_Command, short_help="List the tracked targets with their results and status.",
             epilog=_epilog('praxis targets --place "Nghe An" --status not_achieved',
                            "praxis targets --indicator income_per_capita --format csv > income.csv"))
def targets(
    registry: Path = _registry_option("Registry to read"),
    org: Optional[str] = typer.Option(None, "--org", help="Organization contains this text (accents optional)"),
    place: Optional[str] = typer.Option(None, "--place", help="The body's place contains this text"),
    indicator: Optional[str] = typer.Option(None, "--indicator", help="An indicator id (praxis targets --indicators lists them) or words of the metric"),
    period: Optional[str] = typer.Option(None, "--period", help="A year the target's period covers, or text of the period"),
    status: Optional[str] = typer.Option(None, "--status", help="achieved, not_achieved, in_progress or no_result"),
    fmt: str = typer.Option("table", "--format", help="table, csv or json"),
    limit: int = typer.Option(0, "--limit", help="At most this many targets (0: all)"),
    list_indicators: bool = _flag("--indicators", help="List the indicators and exit"),
) -> None:
    """The target tracker: each body's targets, the results reported on them and their status."""
    import csv as _csv
    import json as _json

    from .registry import Registry, RegistryError
    from .tracker import STATUSES, TARGET_COLUMNS, list_targets

    if list_indicators:
        from .indicators import indicators as _indicators

        for ind in _indicators():
            typer.echo(f"{ind.id:32} {ind.name} ({', '.join(sorted(ind.unit_classes))}; {ind.direction})")
        return
    if fmt not in {"table", "csv", "json"}:
        typer.echo("--format must be table, csv or json", err=True)
        raise typer.Exit(2)
    if status and status not in STATUSES:
        typer.echo(f"unknown --status {status!r}; use one of: {', '.join(STATUSES)}", err=True)
        raise typer.Exit(2)
    _need_registry(registry)
    try:
        with Registry(registry, readonly=True) as reg:
            rows = list_targets(reg.db, org=org, place=place, indicator=indicator, period=period, status=status)
    except RegistryError as err:
        typer.echo(str(err), err=True)
        raise typer.Exit(2) from None
    total = len(rows)
    if limit > 0:
        rows = rows[:limit]
    rows = [{c: r.get(c) for c in TARGET_COLUMNS} for r in rows]
    if fmt == "json":
        typer.echo(_json.dumps(rows, ensure_ascii=False, indent=1))
        return
    if fmt == "csv":
        from .tables import csv_safe

        w = _csv.DictWriter(sys.stdout, fieldnames=TARGET_COLUMNS)
        w.writeheader()
        w.writerows({k: csv_safe(v) if isinstance(v, str) else v for k, v in r.items()} for r in rows)
        return
    from rich.console import Console
    from rich.table import Table

    from .indicators import name as indicator_name
    from .tracker import format_value

    t = Table(title=f"{total} targets" + (f" (first {len(rows)})" if len(rows) < total else ""))
    for c in ("organization", "what", "period", "target", "status", "latest result", "n"):
        t.add_column(c, overflow="fold")
    for r in rows:
        target = format_value(r["value"], r["unit"], r["value_high"], r["comparator"])
        latest = format_value(r["latest_result"], r["unit"]) if r["latest_result"] is not None else ""
        if latest and r["latest_result_doc"]:
            latest += f" ({r['latest_result_doc']})"
        what = indicator_name(r["indicator"]) if r["indicator"] else str(r["metric"] or "")[:50]
        t.add_row(str(r["organization"] or ""), what, str(r["period"] or ""), target, str(r["status"]), latest,
                  str(r["n_results"]))
    Console(width=max(120, shutil.get_terminal_size((120, 24)).columns)).print(t)


@app.command(cls=_Command, short_help="Browse the registry in Datasette.",
             epilog=_epilog("praxis serve", "praxis serve --registry reg.db --port 8080"))
def serve(
    registry: Path = _registry_option("Registry to browse"),
    port: int = typer.Option(8001, "--port", help="Port on 127.0.0.1"),
) -> None:
    """Browse the registry in Datasette on 127.0.0.1: facets on organization, indicator, period,
    kind and status; canned queries "Search everything", "Targets of a place", "Results against
    targets" and "Contradictions" (run `praxis audit` first). Needs the optional extra:
    pip install -e ".[serve]"."""
    import importlib.util
    import json as _json
    import subprocess
    import tempfile

    from .registry import Registry, RegistryError

    _need_registry(registry)
    if importlib.util.find_spec("datasette") is None:
        typer.echo('Datasette is not installed: pip install -e ".[serve]" (or pip install datasette)', err=True)
        raise typer.Exit(2)
    here = Path(__file__).parent / "datasette"
    meta = _json.loads((here / "metadata.json").read_text(encoding="utf-8"))
    meta["databases"] = {registry.stem: meta["databases"]["registry"]}  # Datasette names a database by its file
    try:
        Registry(registry, readonly=True).close()  # a Praxis registry (an older one migrated) or a clear refusal
    except RegistryError as err:
        typer.echo(str(err), err=True)
        raise typer.Exit(2) from None
    with tempfile.TemporaryDirectory() as tmp:
        mpath = Path(tmp) / "metadata.json"
        mpath.write_text(_json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        cmd = [sys.executable, "-m", "datasette", "serve", str(registry), "--metadata", str(mpath),
               "--plugins-dir", str(here / "plugins"), "--host", "127.0.0.1", "--port", str(port)]
        typer.echo(f"Datasette on http://127.0.0.1:{port}/{registry.stem} (Ctrl-C stops it)", err=True)
        try:
            with _sigterm_as_interrupt():  # subprocess.call ends Datasette on either signal
                code = subprocess.call(cmd)
        except KeyboardInterrupt as err:
            from .errors import Terminated

            raise typer.Exit(143 if isinstance(err, Terminated) else 130) from None
        raise typer.Exit(code)


@app.command(cls=_Command, short_help="Remove documents and all they contributed from the registry.",
             epilog=_epilog("praxis remove report_2023.pdf --registry reg.db", "praxis remove a.txt reports/b.html"))
def remove(
    documents: list[str] = typer.Argument(..., metavar="DOCUMENT...", help="doc_id (file name) or source path of each document to remove"),
    registry: Path = _registry_option("Registry to remove them from"),
) -> None:
    """Remove documents from the registry with all they contributed; the targets and their
    statuses are recomputed."""
    from .registry import Registry, RegistryError, praxis_version

    _need_registry(registry)
    try:
        praxis_version(registry)  # never change another program's database
        with Registry(registry) as reg:
            removed = reg.remove(documents)
    except RegistryError as err:
        typer.echo(str(err), err=True)
        raise typer.Exit(2) from None
    missing = [d for d, got in removed.items() if not got]
    n = sum(len(got) for got in removed.values())
    typer.echo(f"removed {n} document(s)" + (f"; not in the registry: {', '.join(missing)}" if missing else ""))
    if not n:
        raise typer.Exit(1)


@app.command(cls=_Command, short_help="Check claims against the reported figures.",
             epilog=_epilog("praxis audit", "praxis audit --registry reg.db --reference budget.csv --tolerance 0.02 --out audit.csv"))
def audit(
    registry: Path = _registry_option("Registry to audit"),
    reference: Optional[Path] = typer.Option(None, "--reference", help="CSV: organization, metric, period, value, unit [, tolerance]"),
    out: Path = typer.Option(Path("audit.csv"), "--out", help="Where the audit rows go"),
    tolerance: float = typer.Option(0.01, "--tolerance", help="Relative tolerance against the reference (0.01 = 1%)"),
) -> None:
    """Check claims against reported figures: results against targets, parts against wholes,
    words against numbers, documents against each other, and a reference table."""
    from collections import Counter

    from .audit import AuditReferenceError, check_tolerance, read_reference, run_audit, write_audit
    from .registry import Registry, RegistryError

    _need_registry(registry)
    try:
        check_tolerance(tolerance, f"--tolerance {tolerance}")
        ref = read_reference(reference) if reference else None
        with Registry(registry, readonly=True) as reg:
            copies = reg.copies()
            figs = [f for f in reg.rows("figures") if f["doc_key"] not in copies]  # never a report against its copy
            titles = {d["doc_key"]: d.get("title") or "" for d in reg.rows("documents")}
    except (AuditReferenceError, RegistryError) as err:
        typer.echo(str(err), err=True)
        raise typer.Exit(2) from None
    findings = run_audit(figs, ref, tolerance, titles=titles)
    write_audit(findings, out)
    from .audit import AUDIT_COLUMNS

    with Registry(registry) as reg:
        reg.store_audit([f.row() for f in findings], AUDIT_COLUMNS)
    by = Counter((f.check, f.verdict) for f in findings)
    typer.echo(f"{len(findings)} checks -> {out}")
    for (check, verdict), n in sorted(by.items()):
        typer.echo(f"  {check:18} {verdict:13} {n}")


@app.command(cls=_Command, short_help="Write a one-page HTML report of the registry.",
             epilog=_epilog("praxis report", "praxis report --registry reg.db --reference budget.csv --out /tmp/report.html"))
def report(
    registry: Path = _registry_option("Registry to report on"),
    out: Path = typer.Option(Path("report.html"), "--out", help="The HTML file to write"),
    reference: Optional[Path] = typer.Option(None, "--reference", help="Reference CSV for the audit section"),
) -> None:
    """Write one self-contained HTML page: counts, targets against results (charts), audit."""
    from .audit import AuditReferenceError, read_reference
    from .registry import RegistryError
    from .report import build_report

    _need_registry(registry)
    try:
        ref = read_reference(reference) if reference else None
        build_report(registry, out, ref)
    except (AuditReferenceError, RegistryError) as err:
        typer.echo(str(err), err=True)
        raise typer.Exit(2) from None
    typer.echo(f"report written to {out}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
