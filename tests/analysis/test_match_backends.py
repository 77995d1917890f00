"""Matching reads the archive the same way on both backends (PostgreSQL has no stored word list:
the index words are cut from the text there)."""

from __future__ import annotations

import hashlib

from tests.store.conftest import pg_schema_url, settings  # noqa: F401  (fixtures)

from kexie import services
from kexie.model import Bulletin, Issue, Source
from kexie.store.archive import Archive
from kexie.synth.specialties import specialists


def test_match_on_each_backend(settings):  # noqa: F811
    archive = Archive(settings)
    specs = specialists()
    for j, s in enumerate(specs[:6]):
        src = Source(f"s{j}.txt", hashlib.sha256(f"s{j}".encode()).hexdigest(), "txt")
        archive.store(Bulletin(src, Issue(year=2024), s.articles), f"s{j}".encode())
    peach = next(s for s in specs[:6] if s.line.key == "peach")
    r = services.match(settings, "想提升大桃品质，需要果树栽培专家")
    names = [m.name for m in r.matches[:5]]
    assert peach.society in names and peach.experts[0][0] in names + [m.name for m in r.matches]
    assert r.matches[0].evidence and r.matches[0].evidence[0].spans
    people = services.match(settings, "温室大棚蔬菜种植", kind="person")
    assert people.matches and all(m.type == "person" for m in people.matches)
