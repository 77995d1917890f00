"""`kexie serve` and `kexie demo` as a user runs them: loopback by default, clear one-line errors."""

from __future__ import annotations

import inspect
import socket
from pathlib import Path

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


def test_serve_with_two_workers_shares_the_csrf_secret(tmp_path):
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    db = f"sqlite:///{tmp_path}/w.db"
    cmd = [sys.executable, "-c", "from kexie.cli import main; main()", "serve", "--db", db]
    proc = subprocess.Popen([*cmd, "--port", str(port), "--workers", "2"], stderr=subprocess.PIPE, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(150):
            try:
                httpx.get(base + "/api/stats", timeout=5)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        if Path("/proc/net/tcp").exists():  # Linux: one listening socket per worker (web/workers.py)
            for _ in range(100):
                if _listening_sockets(port) == 2:
                    break
                time.sleep(0.1)
            assert _listening_sockets(port) == 2
        token = httpx.get(base + "/api/csrf").json()["token"]
        for i in range(6):  # fresh connections: the kernel spreads them over both workers
            text = f"科协工作动态\n\n怀柔区科协召开第{i + 1}次工作会议\n\n6 月 {i + 1} 日，怀柔区科协召开工作会议。\n"
            r = httpx.post(
                base + "/api/ingest",
                files={"file": (f"w{i}.txt", text.encode(), "text/plain")},
                headers={"X-CSRF-Token": token},
                cookies={"kexie_csrf": token},
                timeout=60,
            )
            assert r.status_code in (200, 201), r.text
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def _listening_sockets(port: int) -> int:
    """Sockets listening on 127.0.0.1:`port` (one line each in /proc/net/tcp, however many
    processes share one)."""
    lines = Path("/proc/net/tcp").read_text().splitlines()[1:]
    return sum(1 for ln in lines if ln.split()[1] == f"0100007F:{port:04X}" and ln.split()[3] == "0A")


def test_serve_refuses_a_database_that_is_not_a_url_with_one_line(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    r = runner.invoke(app, ["serve", "--db", str(tmp_path / "k.db"), "--port", str(port)])
    assert r.exit_code != 0  # `kexie` (cli.main) prints the error as one line; the runner keeps it
    assert "not a database URL" in str(r.exception) + r.output
