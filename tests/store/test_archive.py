"""Storing bulletins: atomic, idempotent, new versions replace articles and keep the old record."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from kexie import services
from kexie.errors import NotFound
from kexie.store import tables as t
from kexie.store.archive import Archive, masthead_key
from kexie.store.views import SearchQuery

from .conftest import make_article, make_bulletin, raw


def _bulletin(name="a.txt", number="第1期", titles=("市科协召开党建工作会", "平谷区科协开展科普活动")):
    arts = [
        make_article(
            0,
            titles[0],
            ["北京市科协召开会议，党组书记张明讲话。"],
            persons=[("张明", ["党组书记"])],
            orgs=[("北京市科协", [])],
            platforms=["党建"],
        ),
        make_article(
            1,
            titles[1],
            ["平谷区科协在平谷区开展讲座。"],
            orgs=[("平谷区科协", [])],
            places=["平谷区"],
            event_type="科普活动",
        ),
    ]
    return make_bulletin(name, arts, number=number)


def _count(arch, table):
    with arch.read() as c:
        return c.execute(select(func.count()).select_from(table)).scalar_one()


def test_store_then_same_bytes_are_skipped(settings):
    arch = Archive(settings)
    first = arch.store(_bulletin(), raw("a"))
    again = arch.store(_bulletin(), raw("a"))
    assert (first.status, first.articles) == ("stored", 2)
    assert (again.status, again.document_id) == ("skipped", first.document_id)
    assert _count(arch, t.articles) == 2 and _count(arch, t.documents) == 1


def test_new_version_replaces_articles_and_keeps_old_record(settings):
    arch = Archive(settings)
    old = arch.store(_bulletin(), raw("a"))
    new = arch.store(
        _bulletin(titles=("市科协召开党建工作会（更正）", "平谷区科协开展科普活动")), raw("a", "v2")
    )
    assert new.status == "replaced" and new.replaced == old.document_id
    assert _count(arch, t.articles) == 2  # not 4
    docs = services.list_documents(settings)
    assert {d.id: d.current for d in docs} == {old.document_id: False, new.document_id: True}
    assert services.document_file(settings, old.document_id)[1] == raw("a")  # the old bytes are kept
    r = services.search(settings, SearchQuery(q="更正"))
    assert r.total == 1
    assert services.search(settings, SearchQuery(q="党建工作会")).total == 1  # the old article left the index


def test_different_issue_number_is_not_a_new_version(settings):
    arch = Archive(settings)
    arch.store(_bulletin(number="第1期"), raw("a"))
    second = arch.store(_bulletin(number="第2期"), raw("b"))
    assert second.status == "stored" and _count(arch, t.articles) == 4


def test_failure_mid_file_stores_nothing(settings, monkeypatch):
    arch = Archive(settings)
    arch.store(_bulletin(name="ok.txt", number="第9期"), raw("ok"))
    before = {
        tbl.name: _count(arch, tbl) for tbl in (t.documents, t.articles, t.entities, t.mentions, t.blobs)
    }
    calls = {"n": 0}
    real = Archive._store_entities

    def boom(self, *args, **kwargs):  # mid-file: the first article and the second one's row are written
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk on fire")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Archive, "_store_entities", boom)
    with pytest.raises(RuntimeError):
        arch.store(_bulletin(name="bad.txt", number="第3期"), raw("bad"))
    after = {
        tbl.name: _count(arch, tbl) for tbl in (t.documents, t.articles, t.entities, t.mentions, t.blobs)
    }
    assert after == before
    monkeypatch.undo()
    assert services.search(settings, SearchQuery(q="科普活动")).total == 1  # the index is intact


def test_document_file_and_article_view(settings):
    arch = Archive(settings)
    s = arch.store(_bulletin(), raw("a"))
    name, data, fmt = services.document_file(settings, s.document_id)
    assert (name, data, fmt) == ("a.txt", raw("a"), "txt")
    hit = services.search(settings, SearchQuery(q="平谷区科协")).hits[0]
    view = services.get_article(settings, hit.article_id)
    assert view.record["title"] == "平谷区科协开展科普活动"
    assert view.previous is not None and view.previous.title == "市科协召开党建工作会" and view.next is None
    assert len(view.mention_entities) == len(view.record["mentions"])
    assert all(e is not None for e in view.mention_entities)
    with pytest.raises(NotFound):
        services.get_article(settings, 999_999)
    with pytest.raises(NotFound):
        services.document_file(settings, 999_999)


def test_masthead_key_falls_back_to_file_name():
    from kexie.model import Issue

    assert masthead_key(Issue(), "dir/x.pdf") == "file|x|"
    assert (
        masthead_key(Issue(title="工作 动态", number="第1期", date="2023-02-28"), "x")
        == "工作动态|第1期|2023-02-28"
    )


def test_dashboard_counts(settings):
    arch = Archive(settings)
    arch.store(_bulletin(), raw("a"))
    d = services.dashboard(settings)
    assert (d.documents, d.articles) == (1, 2)
    assert d.per_month == {"2023-02": 2}
    assert d.per_platform == {"党建": 1}
    assert d.top_orgs[0].name in ("北京市科协", "平谷区科协")
    assert d.top_people[0].name == "张明"


def test_stored_record_is_the_contract_json():
    from kexie.store.archive import record_of
    from kexie.synth import generate_bulletin

    for a in generate_bulletin(7, articles=5).articles:
        assert record_of(a) == a.to_json()
