"""The archive the matching tests share: generated background bulletins and specialists."""

from __future__ import annotations

import hashlib

import pytest

from kexie.config import Settings


@pytest.fixture(scope="module")
def archive_settings(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("match")
    from kexie.model import Bulletin, Issue, Source
    from kexie.store.archive import Archive
    from kexie.synth import generate_bulletin
    from kexie.synth.specialties import specialists

    settings = Settings(db_url=f"sqlite:///{tmp_path / 'k.db'}")
    archive = Archive(settings)
    for i in range(6):
        archive.store(generate_bulletin(i), f"bg{i}".encode())
    specs = specialists()
    for j, s in enumerate(x for x in specs[:16] if x.line.key != "wildlife"):
        b = Bulletin(
            Source(f"s{j}.txt", hashlib.sha256(f"s{j}".encode()).hexdigest(), "txt"),
            Issue(year=2024),
            s.articles,
        )
        archive.store(b, f"s{j}".encode())
    return settings, specs
