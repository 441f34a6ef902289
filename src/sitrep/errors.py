"""One exception tree. Every message says what went wrong and what to do next."""

from __future__ import annotations


class SitrepError(Exception):
    """Base of every error sitrep raises on purpose."""

    hint: str = ""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        if hint is not None:
            self.hint = hint

    def __str__(self) -> str:
        base = super().__str__()
        return f"{base} ({self.hint})" if self.hint else base


class ConfigError(SitrepError):
    """A setting or option is invalid."""


class InputError(SitrepError):
    """One input item (file, line, URL, feed entry) cannot be read; the batch goes on."""

    def __init__(self, item: str, problem: str, hint: str | None = None) -> None:
        self.item = item
        self.problem = problem
        super().__init__(f"{item}: {problem}", hint)


class FetchError(InputError):
    """A URL could not be fetched (status, timeout, size, type, address)."""


class StoreError(SitrepError):
    """The database cannot be opened, migrated or written."""


class ResourceError(SitrepError):
    """A model, gazetteer index or other resource is missing or corrupt."""


class NotFound(SitrepError):
    """A requested document, event or claim does not exist."""
