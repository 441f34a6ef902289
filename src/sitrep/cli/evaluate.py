"""`sitrep eval`: score the pipeline against third-party gold read from a path at run time."""

from __future__ import annotations

import importlib
import json
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from sitrep.cli.common import check_writable, handle_errors
from sitrep.errors import ConfigError, SitrepError

# suite -> (module with run(path, limit, settings) -> dict, default sub-path under evaldata)
SUITES: dict[str, tuple[str, str]] = {
    "lgl": ("sitrep.evaluation.geoparse", "geoparse/lgl.xml"),
    "gwn": ("sitrep.evaluation.geoparse", "geoparse/GWN.xml"),
    "timebank": ("sitrep.evaluation.timebank", "tempeval3/TimeBank"),
    "acled-ukraine": ("sitrep.evaluation.acled", "acled-ukraine-2022"),
    "acled-global": ("sitrep.evaluation.acled", "acled-global-2020"),
    "acled-afghanistan": ("sitrep.evaluation.acled", "acled-afghanistan-2020"),
    "ucdp": ("sitrep.evaluation.ucdp", "ucdp-ukraine-2014-2021"),
    "ucdp-fusion": ("sitrep.evaluation.ucdp_fusion", "ucdp-ukraine-2014-2021"),
    "ucdp-sources": ("sitrep.evaluation.ucdp_sources", "ucdp-ukraine-2014-2021"),
    "ruwa": ("sitrep.evaluation.ruwa", "ruwa-headlines"),
    "polnear": ("sitrep.evaluation.polnear", "polnear/dev"),
    "seed": ("sitrep.evaluation.seed", "seed"),
    "demo": ("sitrep.evaluation.demo", ""),  # the bundled demo corpus (sitrep.demo); the data path is ignored
}


def run_suite(name: str, path: Path, limit: int | None = None) -> dict[str, Any]:
    """Run one suite; returns {"suite", "path", "metrics": {...}, "table": str, ...}."""
    if name not in SUITES:
        raise ConfigError(f"unknown evaluation suite {name!r}", f"known: {', '.join(SUITES)}")
    module_name, _ = SUITES[name]
    module = importlib.import_module(module_name)
    result: dict[str, Any] = module.run(path, limit=limit, suite=name)
    result.setdefault("suite", name)
    result.setdefault("path", str(path))
    return result


def resolve_path(name: str, path: Path) -> Path:
    """A suite's data: PATH itself if it is the data, else PATH/<default sub-path> (PATH = evaldata root)."""
    sub = SUITES[name][1]
    candidate = path / sub
    return candidate if candidate.exists() else path


@contextmanager
def _ticker(label: str, live: bool, quiet: bool) -> Iterator[None]:
    """Elapsed time on stderr while a suite runs (live on a terminal), and its total when done."""
    t0 = time.perf_counter()
    stop = threading.Event()

    def tick() -> None:
        while not stop.wait(1.0):
            click.echo(f"\r   {label}: running, {time.perf_counter() - t0:.0f} s", err=True, nl=False)

    thread = threading.Thread(target=tick, daemon=True) if live and not quiet else None
    if thread is not None:
        thread.start()
    try:
        yield
    finally:
        stop.set()
        if thread is not None:
            thread.join()
        if not quiet:
            click.echo(f"\r   {label}: done in {time.perf_counter() - t0:.1f} s      ", err=True)


@click.command("eval")
@click.argument("suites", nargs=-1)
@click.option(
    "--data",
    "data",
    type=click.Path(path_type=Path),
    default=Path("../shared/evaldata"),
    show_default=True,
    help="Evaluation data folder (the evaldata root or one suite's data).",
)
@click.option(
    "--limit", type=click.IntRange(min=1), default=None, help="Score only the first N items of each suite."
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("sitrep-eval.json"),
    show_default=True,
    help="Write the results (metrics, error examples) as JSON here.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress lines on stderr.")
@handle_errors
def evaluate(suites: tuple[str, ...], data: Path, limit: int | None, out: Path, quiet: bool) -> None:
    """Score sitrep against gold data. SUITES: any of lgl gwn timebank acled-ukraine acled-global
    acled-afghanistan ucdp ucdp-fusion ucdp-sources ruwa polnear seed demo (default: all)."""
    if not data.exists():
        raise ConfigError(
            f"evaluation data not found at {data}", "pass --data PATH (see ../shared/evaldata/README.md)"
        )
    names = list(suites) or list(SUITES)
    for name in names:  # every name checked before any suite runs
        if name not in SUITES:
            raise ConfigError(f"unknown evaluation suite {name!r}", f"known: {', '.join(SUITES)}")
    check_writable(out, "--out")
    results = []
    failed = 0
    for name in names:
        path = resolve_path(name, data)
        if not quiet:
            click.echo(f"== {name} ({path})", err=True)
        try:
            with _ticker(name, sys.stderr.isatty(), quiet):
                result = run_suite(name, path, limit)
        except SitrepError as exc:  # this suite's data is missing or unreadable: the others still run
            failed += 1
            click.echo(f"error: {name}: {exc}", err=True)
            continue
        click.echo(result.get("table", ""), err=False)
        results.append(result)
    if results:  # a run where every suite failed leaves an earlier results file as it was
        out.write_text(json.dumps(results, indent=2, default=str))
        if not quiet:
            click.echo(f"wrote {out}", err=True)
    if failed:
        sys.exit(1)
