"""The generator: deterministic, varied, and its gold annotations true to its own text."""

from __future__ import annotations

import json

import pytest

from kexie.model import Bulletin
from kexie.synth import generate_bulletin, iter_articles, strip_gold
from kexie.synth.vocab import vocab
from kexie.synth.wrap import to_bytes

SEEDS = range(40)


def test_same_seed_same_bulletin_other_seed_other_bulletin() -> None:
    a, b, c = generate_bulletin(7), generate_bulletin(7), generate_bulletin(8)
    assert a.to_json() == b.to_json()
    assert a.to_json() != c.to_json()


def test_round_trips_through_the_contract_json() -> None:
    b = generate_bulletin(3)
    assert Bulletin.from_json(json.loads(json.dumps(b.to_json()))).to_json() == b.to_json()


@pytest.mark.parametrize("seed", SEEDS)
def test_every_mention_points_at_its_text(seed: int) -> None:
    for art in generate_bulletin(seed).articles:
        assert art.mentions
        for m in art.mentions:
            assert art.text_of(m.paragraph)[m.start : m.end] == m.text


@pytest.mark.parametrize("seed", SEEDS)
def test_gold_records_are_named_in_the_text(seed: int) -> None:
    b = generate_bulletin(seed)
    for art in b.articles:
        text = art.title + "".join(art.paragraphs)
        for p in art.persons:
            assert p.name in text and p.titles
            for t in p.titles:
                assert t in text
        for o in art.orgs:
            assert o.name in text or o.name in art.attribution
            for alias in o.aliases:
                assert alias in text
        for place in art.locations:
            assert place.name in text
        for q in art.quantities:
            assert q.text in text and q.value > 0 and q.text.endswith(q.unit)
        if art.date is not None:
            assert art.date_text in art.paragraphs[0]
            assert art.date.startswith(str(b.issue.year))
        assert all(u in {o.name for o in art.orgs} for u in art.attribution)


def test_event_types_and_platforms_are_keys_of_the_taxonomy(shared_dir) -> None:
    taxonomy = json.loads((shared_dir / "contract" / "taxonomy.json").read_text(encoding="utf-8"))
    arts = list(iter_articles(300, seed=1))
    assert {a.event_type for a in arts} <= set(taxonomy["event_types"])
    assert {p for a in arts for p in a.platforms} <= set(taxonomy["platforms"])
    assert set(vocab().topics) == set(taxonomy["platforms"]) - {"_doc"}
    # every event type occurs in a sample this size
    assert len({a.event_type for a in arts}) >= 9


def test_generated_json_is_valid_against_the_contract(shared_dir) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((shared_dir / "contract" / "bulletin.schema.json").read_text(encoding="utf-8"))
    for seed in range(5):
        jsonschema.validate(generate_bulletin(seed).to_json(), schema)


def test_vocabulary_names_nothing_of_the_shared_sample(shared_dir) -> None:
    """Generalization check: the generator's word lists never contain the sample's people or units."""
    gold = json.loads(
        (shared_dir / "samples" / "bast-bulletin-2023-02.gold.json").read_text(encoding="utf-8")
    )
    from importlib.resources import files

    data = "".join(
        f.read_text(encoding="utf-8") for f in files("kexie.synth").joinpath("data").iterdir() if f.is_file()
    )
    names = {p["name"] for a in gold["articles"] for p in a["persons"]}
    names |= {o for a in gold["articles"] for o in a["orgs"] if not o.endswith(("部", "市委", "党中央"))}
    leaked = sorted(n for n in names if n in data)
    assert not leaked


def test_data_files_state_their_source() -> None:
    from importlib.resources import files

    for f in files("kexie.synth").joinpath("data").iterdir():
        if f.is_file():
            head = f.read_text(encoding="utf-8")[:600]
            assert "Source:" in head, f.name


def test_bulletins_vary_in_shape() -> None:
    bs = [generate_bulletin(s) for s in range(60)]
    assert any(b.issue.title is None for b in bs) and any(b.issue.title for b in bs)
    assert any(all(a.section is None for a in b.articles) for b in bs)
    assert any(any(a.section for a in b.articles) for b in bs)
    numbers = {b.issue.number for b in bs if b.issue.number}
    assert any(n.startswith("第") for n in numbers) and any("年第" in n for n in numbers)
    arts = [a for b in bs for a in b.articles]
    assert any(" " in a.title for a in arts)  # a subtitle
    assert any(len(a.title) > 24 for a in arts)  # wraps on a page
    assert {len(a.paragraphs) for a in arts} >= set(range(1, 8))
    assert any(not a.attribution for a in arts) and any(len(a.attribution) > 1 for a in arts)
    assert any(a.date is None for a in arts)
    text = "".join(p for a in arts for p in a.paragraphs)
    for needle in ("下午", "余人", "亩", "集", "“", "”", "5G"):
        assert needle in text


def test_sections_come_in_order_after_unsectioned_lead_articles() -> None:
    for seed in range(60):
        secs = [a.section for a in generate_bulletin(seed).articles]
        seen: list[str] = []
        for s in secs:
            if s is None:
                assert not seen, secs  # no article without a section after the first heading
            elif not seen or seen[-1] != s:
                assert s not in seen, secs
                seen.append(s)


def test_paragraphs_end_as_sentences_and_titles_do_not() -> None:
    for seed in range(30):
        for art in generate_bulletin(seed).articles:
            assert all(p.endswith("。") for p in art.paragraphs)
            assert not art.title.endswith("。")
            assert all("（" not in u and "、" not in u for u in art.attribution)


def test_text_is_gbk_encodable() -> None:
    for seed in range(30):
        assert to_bytes(generate_bulletin(seed), encoding="gbk").decode("gbk")


def test_strip_gold_keeps_only_the_text() -> None:
    b = strip_gold(generate_bulletin(5))
    g = generate_bulletin(5)
    assert [(a.title, a.paragraphs, a.section, a.attribution) for a in b.articles] == [
        (a.title, a.paragraphs, a.section, a.attribution) for a in g.articles
    ]
    assert all(not a.persons and not a.mentions and a.date is None for a in b.articles)


def test_iter_articles_streams_the_requested_count() -> None:
    arts = list(iter_articles(120, seed=9))
    assert len(arts) == 120 and [a.index for a in arts] == list(range(1, 121))
    assert len({a.title for a in arts}) > 100
