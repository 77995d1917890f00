"""`kexie serve` and `kexie demo` as a user runs them: loopback by default, clear one-line errors."""

from __future__ import annotations

import inspect
import socket

from typer.testing import CliRunner

from kexie.cli import app
from kexie.cli import serve as serve_module

runner = CliRunner()


def test_serve_binds_loopback_by_default():
    host = inspect.signature(serve_module.serve).parameters["host"].default
    assert host == "127.0.0.1"


def test_serve_refuses_a_taken_port_with_one_line():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        port = s.getsockname()[1]
        r = runner.invoke(app, ["serve", "--port", str(port)])
    assert r.exit_code != 0
    assert "--port" in str(r.exception) or "--port" in r.output


def test_serve_rejects_a_port_out_of_range():
    r = runner.invoke(app, ["serve", "--port", "70000"])
    assert r.exit_code == 2


def test_demo_ingests_examples_into_a_fresh_database(tmp_path):
    db = tmp_path / "demo.db"
    db.write_bytes(b"not a database")  # recreated, not reused
    r = runner.invoke(app, ["demo", "--no-serve", "--db", str(db)])
    assert r.exit_code == 0, r.output
    assert "篇文章" in r.output
    from kexie import services
    from kexie.config import Settings

    d = services.dashboard(Settings(db_url=f"sqlite:///{db}"))
    assert d.documents >= 1 and d.articles >= 1
