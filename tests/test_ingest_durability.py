"""Durability: a bulk ingest killed with SIGKILL leaves a consistent archive; a rerun completes it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from tests.store.conftest import pg_schema_url, settings  # noqa: F401  (fixtures)
from tests.test_ingest import write_json_bulletins

from kexie.store import tables as t
from kexie.store.archive import Archive

FILES = 150
REPO = Path(__file__).resolve().parents[1]


def _docs(s) -> int:
    with Archive(s).read() as c:
        return c.execute(select(func.count()).select_from(t.documents)).scalar_one()


def _check_consistent(s) -> None:
    arch = Archive(s)
    with arch.read() as c:
        # every document holds exactly the articles it says, and has its bytes
        rows = c.execute(
            select(t.documents.c.id, t.documents.c.articles, func.count(t.articles.c.id))
            .outerjoin(t.articles, t.articles.c.document_id == t.documents.c.id)
            .group_by(t.documents.c.id, t.documents.c.articles)
        ).all()
        assert all(declared == found for _, declared, found in rows)
        orphans = c.execute(
            select(func.count())
            .select_from(t.documents)
            .where(t.documents.c.sha256.not_in(select(t.blobs.c.sha256)))
        ).scalar_one()
        assert orphans == 0
        n_articles = c.execute(select(func.count()).select_from(t.articles)).scalar_one()
        if arch.sqlite:
            assert c.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
            assert c.execute(text("SELECT count(*) FROM article_tokens")).scalar_one() == n_articles
            c.execute(text("INSERT INTO article_fts(article_fts, rank) VALUES('integrity-check', 0)"))
        else:
            assert c.execute(text("SELECT count(*) FROM articles WHERE tsv IS NULL")).scalar_one() == 0
        dup = c.execute(
            select(t.documents.c.sha256).group_by(t.documents.c.sha256).having(func.count() > 1)
        ).all()
        assert dup == []


@pytest.mark.slow
def test_sigkill_mid_ingest_then_rerun_completes(settings, tmp_path):  # noqa: F811
    folder = tmp_path / "in"
    write_json_bulletins(folder, FILES)
    env = {**os.environ, "KEXIE_DB": settings.db_url, "PYTHONPATH": str(REPO)}
    cmd = [sys.executable, "-c", "from kexie.cli import main; main()", "ingest", str(folder), "--quiet"]
    _docs(settings)  # create the schema before the child starts
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    try:
        while _docs(settings) < 10:
            assert proc.poll() is None, "the ingest finished before it could be killed: make FILES larger"
            assert time.monotonic() < deadline, "the ingest stored nothing within 120 s"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    killed_at = _docs(settings)
    assert 10 <= killed_at < FILES
    _check_consistent(settings)

    rerun = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert _docs(settings) == FILES
    _check_consistent(settings)
