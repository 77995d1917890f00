"""extract_bulletin: every field filled, mentions sorted and pointing into the text, failures contained."""

from __future__ import annotations

import kexie.extract as extract
from kexie.config import Settings
from kexie.model import Article, Bulletin, Issue, Source


def _bulletin(*articles: Article) -> Bulletin:
    return Bulletin(Source("t.txt", "0" * 64, "txt"), Issue(date="2023-05-31", year=2023), list(articles))


def test_article_record() -> None:
    a = Article(1, "成都市科协召开科普工作座谈会", ["5月9日上午，成都市科协在郫都召开座谈会，8位专家参加。"])
    extract.extract_bulletin(_bulletin(a), Settings())
    assert (a.date, a.date_text) == ("2023-05-09", "5月9日上午")
    assert a.event_type == "座谈会"
    assert "郫都" in [p.name for p in a.locations]
    assert [q.text for q in a.quantities] == ["8位"]
    assert a.explain and "event_type" in a.explain and "platforms" in a.explain
    keys = [(m.paragraph, m.start, m.end) for m in a.mentions]
    assert keys == sorted(keys)
    for m in a.mentions:
        assert a.text_of(m.paragraph)[m.start : m.end] == m.text


def test_an_article_without_anything_is_a_valid_empty_record() -> None:
    a = Article(1, "", [""])
    extract.extract_bulletin(_bulletin(a), Settings())
    assert a.date is None and a.persons == [] and a.orgs == [] and a.locations == [] and a.quantities == []
    assert a.event_type == "其他"


def test_one_article_failing_does_not_fail_the_file(monkeypatch) -> None:
    calls = {"n": 0}
    real = extract.quantities.find_quantities

    def flaky(texts, taken):
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("boom")
        return real(texts, taken)

    monkeypatch.setattr(extract.quantities, "find_quantities", flaky)
    bad = Article(1, "2月1日座谈会", ["2月1日，13人参加座谈会。"])
    good = Article(2, "2月2日座谈会", ["2月2日，14人参加座谈会。"])
    extract.extract_bulletin(_bulletin(bad, good), Settings())
    assert bad.explain == {"error": "RuntimeError: boom"} and bad.mentions == [] and bad.date is None
    assert good.date == "2023-02-02" and [q.text for q in good.quantities] == ["14人"]


def test_explain_reaches_the_contract_json_only_when_asked() -> None:
    a = Article(1, "区科协举办科普讲座", ["3月2日，区科协在社区举办科普讲座。"])
    b = extract.extract_bulletin(_bulletin(a), Settings())
    plain, explained = b.to_json()["articles"][0], b.to_json(explain=True)["articles"][0]
    assert "explain" not in plain
    assert explained["explain"]["event_type"]["choice"] == plain["event_type"] == "科普活动"
    assert "科普讲座×2(标题)" in explained["explain"]["event_type"]["cues"]["科普活动"]
