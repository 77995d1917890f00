"""`kexie ingest`: folders, idempotence, new versions, broken files named, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from tests.store.conftest import pg_schema_url, settings  # noqa: F401  (fixtures)
from typer.testing import CliRunner

from kexie import services
from kexie.cli import app
from kexie.store import tables as t
from kexie.store.archive import Archive
from kexie.synth import generate_bulletin
from kexie.synth.wrap import to_bytes

runner = CliRunner()

BROKEN = {
    "empty.txt": b"",
    "garbage.pdf": b"%PDF-1.7\n\x00\x01\x02 not really a pdf",
    "bad.json": b"{not json",
    "wrong-shape.json": b'{"hello": "world"}',
    "binary.docx": bytes(range(256)) * 4,
}


def write_json_bulletins(folder: Path, n: int, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for seed in range(start, start + n):
        b = generate_bulletin(seed, articles=(1, 3), masthead=True)
        b.issue.number = f"第{seed}期"  # one issue per file: no accidental "new version"
        p = folder / f"b{seed:04d}.json"
        p.write_text(json.dumps(b.to_json(), ensure_ascii=False), encoding="utf-8")
        out.append(p)
    return out


def _count(settings_, table) -> int:
    with Archive(settings_).read() as c:
        return c.execute(select(func.count()).select_from(table)).scalar_one()


def test_folder_with_broken_files_stores_the_rest_and_names_the_broken(settings, tmp_path):  # noqa: F811
    write_json_bulletins(tmp_path / "in" / "sub", 12)
    for name, data in BROKEN.items():
        (tmp_path / "in" / name).write_bytes(data)
    report = services.ingest_paths(settings, [tmp_path / "in"])
    assert report.count("stored") == 12
    assert sorted(Path(r.name).name for r in report.failed) == sorted(BROKEN)
    assert all(r.reason and Path(r.name).name in r.reason for r in report.failed)
    assert _count(settings, t.documents) == 12
    again = services.ingest_paths(settings, [tmp_path / "in"])
    assert again.count("skipped") == 12 and again.count("stored") == 0
    assert _count(settings, t.documents) == 12


def test_new_version_of_an_issue_replaces_it(settings, tmp_path):  # noqa: F811
    [p] = write_json_bulletins(tmp_path, 1)
    services.ingest_paths(settings, [p])
    d = json.loads(p.read_text(encoding="utf-8"))
    d["articles"][0]["title"] = "更正后的标题"
    p.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    r = services.ingest_paths(settings, [p]).results[0]
    assert r.status == "replaced"
    assert _count(settings, t.documents) == 2
    assert _count(settings, t.articles) == len(d["articles"])


def test_text_bulletins_go_through_the_whole_pipeline(settings, tmp_path):  # noqa: F811
    for seed in range(3):
        b = generate_bulletin(100 + seed, articles=3, masthead=False)
        (tmp_path / f"t{seed}.txt").write_bytes(to_bytes(b))
    report = services.ingest_paths(settings, [str(tmp_path / "*.txt")])  # a glob
    assert report.ok, [r.reason for r in report.failed]
    assert report.count("stored") == 3 and report.articles >= 3
    name, data, fmt = services.document_file(settings, report.results[0].document_id)
    assert (name, fmt) == ("t0.txt", "txt") and data == (tmp_path / "t0.txt").read_bytes()


def test_shared_sample_is_ingested_and_searchable(settings, shared_dir):  # noqa: F811
    from kexie.store.views import SearchQuery

    report = services.ingest_paths(settings, [shared_dir / "samples" / "bast-bulletin-2023-02.txt"])
    assert report.ok and report.articles > 0
    assert services.search(settings, SearchQuery(q="科协")).total > 0


@pytest.mark.slow
def test_thousand_files_ten_broken_cli(tmp_path):
    """The issue's case: a folder of 1,000 files with 10 broken ones stores 990 and names the 10."""
    folder = tmp_path / "in"
    write_json_bulletins(folder, 990)
    broken = []
    for i in range(10):
        name, data = list(BROKEN.items())[i % len(BROKEN)]
        p = folder / f"zz{i}-{name}"
        p.write_bytes(data)
        broken.append(p.name)
    db = f"sqlite:///{tmp_path / 'k.db'}"
    res = runner.invoke(app, ["ingest", str(folder), "--db", db, "--quiet"])
    assert res.exit_code == 1, res.output
    for name in broken:
        assert name in res.output
    assert "990" in res.output
    res2 = runner.invoke(app, ["ingest", str(folder), "--db", db, "--quiet"])
    assert res2.exit_code == 1  # the 10 still fail; the 990 are skipped
    from kexie.config import Settings

    assert _count(Settings(db_url=db), t.documents) == 990


def test_cli_search_json_is_the_issue_shape(tmp_path):
    folder = tmp_path / "in"
    write_json_bulletins(folder, 5)
    db = f"sqlite:///{tmp_path / 'k.db'}"
    assert runner.invoke(app, ["ingest", str(folder), "--db", db]).exit_code == 0
    res = runner.invoke(app, ["search", "科协", "--json", "--db", db])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    # the issue's keys, plus whether total and facets are exact (a small archive: they are)
    assert set(data) == {"total", "hits", "facets", "total_exact", "facets_exact"}
    assert data["total"] > 0 and data["total_exact"] is True and data["facets_exact"] is True
    assert set(data["hits"][0]) == {"article_id", "title", "date", "snippet", "score", "document"}
    assert {"year", "org", "platform", "person", "place", "event_type", "section", "document"} <= set(
        data["facets"]
    )
    bad = runner.invoke(app, ["search", "x", "--from", "yesterday", "--db", db])
    assert bad.exit_code != 0


def test_cli_entity_commands(tmp_path):
    folder = tmp_path / "in"
    write_json_bulletins(folder, 5)
    db = f"sqlite:///{tmp_path / 'k.db'}"
    runner.invoke(app, ["ingest", str(folder), "--db", db])
    from kexie.config import Settings

    s = Settings(db_url=db)
    orgs = services.dashboard(s).top_orgs
    assert len(orgs) >= 2
    a, b = orgs[0], orgs[1]
    shown = runner.invoke(app, ["entity", "show", str(a.id), "--db", db])
    assert shown.exit_code == 0 and a.name in shown.output
    merged = runner.invoke(app, ["entity", "merge", str(a.id), str(b.id), "--db", db])
    assert merged.exit_code == 0, merged.output
    p = services.get_entity(s, a.id)
    assert b.name in p.aliases
    renamed = runner.invoke(app, ["entity", "rename", str(a.id), "新名称", "--db", db])
    assert renamed.exit_code == 0 and services.get_entity(s, "新名称").id == a.id
    split = runner.invoke(app, ["entity", "split", str(a.id), "--alias", b.name, "--db", db])
    assert split.exit_code == 0, split.output
    missing = runner.invoke(app, ["entity", "show", "不存在的实体", "--db", db])
    assert missing.exit_code != 0
