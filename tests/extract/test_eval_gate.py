"""The evaluation gate: extraction may not fall below the score floors of the gold sets.

tests/fixtures/gold/floors.json holds per-field micro F1 floors for the project's own gold
set (44 articles written and annotated here). Floors only go up: raise one when the code
gets better, never lower one to let a change through. The shared sample has fixed targets.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kexie.config import Settings
from kexie.evaluate import FIELDS, evaluate


@pytest.fixture(scope="module")
def own_report(fixtures_dir: Path):
    golds = sorted((fixtures_dir / "gold").glob("*.gold.json"))
    assert len(golds) >= 4
    return evaluate(golds, Settings())


def test_own_gold_set_has_at_least_40_articles(own_report) -> None:
    assert len(own_report.articles) >= 40 and all(a.found for a in own_report.articles)


def test_floors_cover_every_field(fixtures_dir: Path) -> None:
    floors = json.loads((fixtures_dir / "gold" / "floors.json").read_text("utf-8"))["f1"]
    assert set(floors) == set(FIELDS)
    assert all(0.0 < v <= 1.0 for v in floors.values())


@pytest.mark.parametrize("field", FIELDS)
def test_own_gold_set_floor(own_report, fixtures_dir: Path, field: str) -> None:
    floor = json.loads((fixtures_dir / "gold" / "floors.json").read_text("utf-8"))["f1"][field]
    got = own_report.micro()[field].f1
    misses = {
        a.title: (a.misses.get(field), a.spurious.get(field))
        for a in own_report.articles
        if field in a.misses or field in a.spurious
    }
    assert got >= floor, f"{field}: F1 {got:.3f} < floor {floor}; misses/spurious: {misses}"


@pytest.fixture(scope="module")
def sample_report(shared_dir: Path):
    return evaluate([shared_dir / "samples" / "bast-bulletin-2023-02.gold.json"], Settings())


def test_sample_persons_and_titles_are_perfect(sample_report) -> None:
    micro = sample_report.micro()
    assert micro["persons"].f1 == 1.0 and micro["titles"].f1 == 1.0


def test_sample_all_five_dates_and_event_types(sample_report) -> None:
    micro = sample_report.micro()
    assert len(sample_report.articles) == 5 and all(a.found for a in sample_report.articles)
    assert micro["dates"].tp == 5 and micro["event_type"].tp == 5


def test_sample_orgs_and_places(sample_report) -> None:
    micro = sample_report.micro()
    assert micro["orgs"].f1 >= 0.9 and micro["locations"].f1 >= 0.9
