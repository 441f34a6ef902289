"""`sitrep serve`: the JSON API and the web app in one process (127.0.0.1 unless told otherwise)."""

from __future__ import annotations

import socket

import click

from sitrep.cli.common import db_option, handle_errors, settings_from
from sitrep.errors import ConfigError
from sitrep.settings import redact_url


def check_address(host: str, port: int) -> None:
    """``ConfigError`` when nothing could listen on host:port (in use, or not an address here),
    so the failure is one line before the server starts rather than a log and a traceback."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        family, kind, proto, _, address = infos[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
            probe.bind(address)
    except OSError as exc:
        raise ConfigError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}", "pick another --port or --host"
        ) from None


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (0.0.0.0 exposes it).")
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on."
)
@click.option(
    "--token",
    default=None,
    envvar="SITREP_API_TOKEN",
    help="Enable POST /api/documents for requests with 'Authorization: Bearer TOKEN' (env SITREP_API_TOKEN).",
)
@click.option("--max-request-bytes", type=int, default=None, help="Largest request body accepted.")
@click.option("--quiet", is_flag=True, help="No access log.")
@handle_errors
def serve(
    db: str | None, host: str, port: int, token: str | None, max_request_bytes: int | None, quiet: bool
) -> None:
    """Serve the API (/api, OpenAPI at /docs) and the web app (/) over the database."""
    import uvicorn

    from sitrep.api import create_app
    from sitrep.api.app import STATIC_DIR
    from sitrep.store import open_store

    settings = settings_from(db, api_token=token, max_request_bytes=max_request_bytes)
    open_store(settings.db_url).close()  # fail now, with a clear message, if the database is unusable
    check_address(host, port)
    app = create_app(settings)
    if not (STATIC_DIR / "vendor" / "leaflet" / "leaflet.js").exists():
        click.echo("warning: the map's vendor files are missing: run scripts/build-web (needs npm)", err=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: serving on {host}, reachable from other machines", err=True)
    click.echo(
        f"sitrep: http://{host}:{port}/ (API docs at /docs; database {redact_url(settings.db_url)})", err=True
    )
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=not quiet)
