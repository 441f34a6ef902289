"""The FastAPI app factory: JSON API under /api, the web app at /, OpenAPI at /docs."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

from sitrep import __version__
from sitrep.api.errors import BodySizeLimit, install_error_handlers
from sitrep.api.mapview import MapCache
from sitrep.settings import Settings
from sitrep.store.base import Store

STATIC_DIR = Path(__file__).resolve().parent.parent / "web" / "static"

# The page loads only its own scripts and styles; inline scripts never run, so even a string that
# escaped escaping could not execute. Leaflet positions elements with inline styles.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


class StoreProvider:
    """One store per worker thread (SQLite connections stay in their thread), or one given store."""

    def __init__(self, url: str | None = None, store: Store | None = None) -> None:
        self.url = url
        self.fixed = store
        self._local = threading.local()
        self._opened: list[Store] = []
        self._lock = threading.Lock()

    def get(self) -> Store:
        if self.fixed is not None:
            return self.fixed
        store = getattr(self._local, "store", None)
        if store is None:
            from sitrep.store import open_store

            store = open_store(self.url or "")
            self._local.store = store
            with self._lock:
                self._opened.append(store)
        return store

    def close(self) -> None:
        with self._lock:
            for store in self._opened:
                try:
                    store.close()
                except Exception:  # noqa: BLE001 - closing at shutdown, best effort
                    pass
            self._opened.clear()


def create_app(
    settings: Settings | None = None,
    store: Store | None = None,
    pipeline: Any = None,
) -> FastAPI:
    """Build the app. ``store`` (optional) is used as is; otherwise ``settings.db_url`` is opened per thread.

    ``pipeline`` (optional) extracts POSTed documents; by default a :class:`sitrep.pipeline.Pipeline`
    is built on the first POST.
    """
    settings = settings or Settings.load()
    stores = StoreProvider(settings.db_url, store)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        stores.close()

    app = FastAPI(
        lifespan=lifespan,
        title="sitrep",
        version=__version__,
        description="A sourced, geocoded, de-duplicated ledger of conflict events and claims. "
        "Every error is one JSON envelope: {error: {status, code, message, hint}}.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.settings = settings
    app.state.stores = stores
    app.state.map_cache = MapCache()
    app.state.pipeline = pipeline
    app.state.pipeline_lock = threading.Lock()
    install_error_handlers(app)

    from sitrep.api.routes import router

    app.include_router(router)

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if not request.url.path.startswith("/docs"):  # Swagger UI loads its own scripts
            response.headers.setdefault("Content-Security-Policy", CSP)
        return response

    swagger = STATIC_DIR / "vendor" / "swagger-ui" / "swagger-ui-bundle.js"

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        if swagger.exists():  # offline: Swagger UI copied from npm by scripts/build-web
            return get_swagger_ui_html(
                openapi_url="/openapi.json",
                title="sitrep API",
                swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
                swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
                swagger_favicon_url="data:,",
            )
        return get_swagger_ui_html(openapi_url="/openapi.json", title="sitrep API")

    if STATIC_DIR.is_dir():
        app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

        @app.get("/", include_in_schema=False)
        def index() -> FileResponse:
            return FileResponse(STATIC_DIR / "index.html", headers={"Cache-Control": "no-cache"})

    app.add_middleware(BodySizeLimit, max_bytes=int(settings.max_request_bytes))
    return app
