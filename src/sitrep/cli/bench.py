"""`sitrep bench`: speed and memory, always against a baseline measured in the same run."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import click

from sitrep.cli.common import check_writable, handle_errors
from sitrep.errors import ConfigError

# suite -> module with run(data: Path | None, quick: bool) -> dict {"table": str, ...}
BENCHES: dict[str, str] = {
    "pipeline": "sitrep.bench.pipeline",
    "fusion": "sitrep.bench.fusion",
    "api": "sitrep.bench.api",
    "scale": "sitrep.bench.scale",
    "watch": "sitrep.bench.watch",
}


@click.command("bench")
@click.argument("suites", nargs=-1)
@click.option(
    "--data",
    type=click.Path(path_type=Path),
    default=Path("../shared/evaldata"),
    show_default=True,
    help="Evaluation data folder with extra documents (isw-2022, india-police-events), if present.",
)
@click.option("--quick", is_flag=True, help="Smaller inputs (a smoke run, not figures for the docs).")
@click.option("--out", type=click.Path(path_type=Path), default=None, help="Write the results as JSON here.")
@handle_errors
def bench(suites: tuple[str, ...], data: Path, quick: bool, out: Path | None) -> None:
    """Measure throughput, latency and memory. SUITES: pipeline fusion api scale watch (default: all)."""
    names = suites or tuple(BENCHES)
    for name in names:  # every name, and the place for the results, checked before measuring
        if name not in BENCHES:
            raise ConfigError(f"unknown bench {name!r}", f"known: {', '.join(BENCHES)}")
    if out:
        check_writable(out, "--out")
    results = []
    for name in names:
        click.echo(f"== bench {name}", err=True)
        result = importlib.import_module(BENCHES[name]).run(data if data.exists() else None, quick)
        click.echo(result.get("table", ""))
        results.append({"bench": name, **result})
    if out:
        out.write_text(json.dumps(results, indent=2, default=str))
        click.echo(f"wrote {out}", err=True)
