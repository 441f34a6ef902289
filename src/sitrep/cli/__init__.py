"""The `sitrep` command: a thin shell over the library. Each verb lives in its own module here."""

from __future__ import annotations

import importlib
import importlib.util
import sys
from typing import Any

import click

from sitrep import __version__
from sitrep.errors import SitrepError

# verb -> "module:attribute" (a click.Command); loaded only when the verb is used.
COMMANDS: dict[str, str] = {
    "ingest": "sitrep.cli.ingest:ingest",
    "extract": "sitrep.cli.extract:extract",
    "events": "sitrep.cli.events:events",
    "show": "sitrep.cli.events:show",
    "claims": "sitrep.cli.claims:claims",
    "export": "sitrep.cli.export:export",
    "fuse": "sitrep.cli.fuse:fuse",
    "families": "sitrep.cli.fuse:families",
    "merge": "sitrep.cli.fuse:merge",
    "split": "sitrep.cli.fuse:split",
    "serve": "sitrep.cli.serve:serve",
    "check": "sitrep.cli.check:check",
    "gazetteer": "sitrep.cli.gazetteer:gazetteer",
    "eval": "sitrep.cli.evaluate:evaluate",
    "bench": "sitrep.cli.bench:bench",
    "load-extractions": "sitrep.cli.batch:load_extractions",
    "watch": "sitrep.cli.watch:watch",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(n for n in COMMANDS if self._available(n))

    @staticmethod
    def _available(name: str) -> bool:
        module = COMMANDS[name].partition(":")[0]
        return importlib.util.find_spec(module) is not None

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None or not self._available(cmd_name):
            return None
        module, _, attr = target.partition(":")
        command = getattr(importlib.import_module(module), attr)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sitrep")
def cli() -> None:
    """sitrep: news reports about armed conflict in, a sourced ledger of events and claims out."""


def main(argv: list[str] | None = None) -> Any:
    try:
        return cli.main(args=argv, prog_name="sitrep", standalone_mode=True)
    except SitrepError as exc:  # pragma: no cover - click handles most paths
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
