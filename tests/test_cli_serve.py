"""`sitrep serve` refuses an unusable address with one error line, before starting the server."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitrep.cli import cli


@pytest.fixture
def no_server(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the server should not have been started")

    monkeypatch.setattr(uvicorn, "run", refuse)


def test_a_port_out_of_range_is_an_option_error(tmp_path: Path, no_server: None) -> None:
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "s.db"), "--port", "99999"])
    assert result.exit_code == 2 and "--port" in result.output and "Traceback" not in result.output


def test_a_port_in_use_is_one_error_line(tmp_path: Path, no_server: None) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "s.db"), "--port", str(port)])
    assert result.exit_code == 2, result.output
    assert f"error: cannot listen on 127.0.0.1:{port}" in result.stderr and "--port" in result.stderr
