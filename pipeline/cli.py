"""Command line: ``praxis extract INPUT... --out DIR``."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Praxis: extract organizations, officials, figures and obstacles from reports.")

EXIT_HELP = """Exit status: 0 every input was read; 3 the batch finished but some inputs have
status=error in documents.csv; 2 bad usage (no inputs, bad option); 1 an unexpected failure."""


@app.callback()
def main() -> None:
    """Praxis command line."""


@app.command(epilog=EXIT_HELP)
def extract(
    inputs: List[str] = typer.Argument(..., help="Files, folders (recursive) or glob patterns: .txt .md .html .pdf"),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Output folder for the tables"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary"),
    max_mb: float = typer.Option(20.0, "--max-mb", help="Larger inputs get status=error"),
    no_parquet: bool = typer.Option(False, "--no-parquet", help="Write CSV only"),
) -> None:
    """Read report files and write documents, organizations, officials, figures and
    obstacles as CSV (and Parquet) into OUT; cleaned texts go to OUT/texts/."""
    from .batch import count_inputs, run_batch

    total = count_inputs(inputs)
    if total == 0:
        typer.echo("no input files found", err=True)
        raise typer.Exit(2)
    progress = None
    bar = None
    if not quiet:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        bar = Progress(TextColumn("extract"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                       transient=True, console=_stderr_console())
        task = bar.add_task("extract", total=total)
        bar.start()

        def progress(res):
            bar.advance(task)

    try:
        summary = run_batch(inputs, out, max_bytes=int(max_mb * 1e6), progress=progress,
                            parquet=not no_parquet)
    finally:
        if bar is not None:
            bar.stop()
    if not quiet:
        typer.echo(f"{summary.line()} -> {out}/", err=True)
    if summary.errors:
        raise typer.Exit(3)


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
