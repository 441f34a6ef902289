"""`sitrep gazetteer`: build the gazetteer index, import a GeoNames dump, look names up."""

from __future__ import annotations

import json
from pathlib import Path

import click

from sitrep.cli.common import handle_errors
from sitrep.settings import Settings


def _index_path(data_dir: str | None) -> Path:
    from sitrep.gazetteer import default_path

    return default_path(Settings.load(data_dir=data_dir).data_path)


@click.group("gazetteer")
def gazetteer() -> None:
    """Build and query the gazetteer index (GeoNames cities500, countries, regions, supplement)."""


@gazetteer.command("build")
@click.option("--data-dir", default=None, help="Folder for the index (default: the sitrep data dir).")
@click.option("--supplement", type=click.Path(path_type=Path, exists=True), default=None,
              help="A supplement TSV to use instead of the bundled one.")  # fmt: skip
@click.option("-q", "--quiet", is_flag=True, help="No progress message.")
@click.option("--if-missing", is_flag=True,
              help="Do nothing when a readable, up-to-date index is already there.")  # fmt: skip
@handle_errors
def build(data_dir: str | None, supplement: Path | None, quiet: bool, if_missing: bool) -> None:
    """Build (or rebuild) the index from the installed packages and the supplement."""
    from sitrep.errors import ResourceError
    from sitrep.gazetteer import Gazetteer, build_gazetteer
    from sitrep.gazetteer.build import index_meta, outdated_reason

    path = _index_path(data_dir)
    if if_missing and path.exists():
        try:
            n = Gazetteer(path).check()
            why = outdated_reason(path)
            imported = index_meta(path).get("imported")
            if why and imported:
                click.echo(
                    f"warning: the gazetteer index {path} is kept though {why}: it holds the imported dump "
                    f"{imported}; run `sitrep gazetteer build` and `sitrep gazetteer import {imported}` to update it",
                    err=True,
                )
            if not why or imported:
                click.echo(json.dumps({"path": str(path), "places": n, "built": False}))
                return
            click.echo(f"rebuilding the gazetteer index: {why}", err=True)
        except ResourceError as exc:
            click.echo(f"rebuilding: {exc}", err=True)
    n = build_gazetteer(path, supplement=supplement, quiet=quiet)
    click.echo(json.dumps({"path": str(path), "places": n}))


@gazetteer.command("import")
@click.argument("dump", type=click.Path(path_type=Path))
@click.option("--data-dir", default=None, help="Folder holding the index (default: the sitrep data dir).")
@handle_errors
def import_(dump: Path, data_dir: str | None) -> None:
    """Add a full GeoNames country dump (e.g. UA.zip or UA.txt) to the index."""
    from sitrep.gazetteer.geonames_import import check_dump, import_dump

    check_dump(dump)  # before building a missing index, which takes a while
    path = _index_path(data_dir)
    if not path.exists():
        from sitrep.gazetteer import build_gazetteer

        build_gazetteer(path)
    added, updated = import_dump(path, dump)
    click.echo(json.dumps({"path": str(path), "dump": str(dump), "added": added, "updated": updated}))


@gazetteer.command("lookup")
@click.argument("name")
@click.option("--data-dir", default=None, help="Folder holding the index (default: the sitrep data dir).")
@click.option(
    "--limit", type=click.IntRange(min=1), default=10, show_default=True, help="Most candidates shown."
)
@handle_errors
def lookup(name: str, data_dir: str | None, limit: int) -> None:
    """Show the gazetteer's candidates for NAME, most populous first."""
    from dataclasses import asdict

    from sitrep.errors import ResourceError
    from sitrep.gazetteer import get_gazetteer
    from sitrep.gazetteer.lookup import GAZETTEER_FILE

    folder = Settings.load(data_dir=data_dir).data_path
    if data_dir and not (folder / GAZETTEER_FILE).exists():  # a mistyped folder builds no index there
        raise ResourceError(
            f"no gazetteer index in {folder}",
            f"build one with `sitrep gazetteer build --data-dir {data_dir}`",
        )
    gaz = get_gazetteer(folder)
    click.echo(json.dumps([asdict(e) for e in gaz.lookup(name)[:limit]], ensure_ascii=False, indent=2))
