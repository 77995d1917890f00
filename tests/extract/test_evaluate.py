"""The scorer behind `kexie eval`: set comparison per field, alias and short-form credit, misses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kexie.cli import app
from kexie.config import Settings
from kexie.errors import InputError
from kexie.evaluate import evaluate
from kexie.model import Article, Bulletin, Issue, Org, Person, Place, Quantity, Source

GOLD_ARTICLE = {
    "title": "区科协 召开座谈会",
    "date": "2023-02-21",
    "event_type": "座谈会",
    "platforms": ["落地化科创服务", "党建"],
    "persons": [{"name": "王明", "titles": ["主席", "教授"]}, {"name": "李华", "titles": []}],
    "orgs": ["北京金果合作社", "平谷区科协"],
    "org_aliases": {"金果合作社": "北京金果合作社"},
    "locations": ["平谷", "京郊"],
    "quantities": ["500亩"],
}


def _predicted() -> Bulletin:
    a = Article(1, "区科协召开座谈会", ["正文"], date="2023-02-21", event_type="会议", platforms=["党建"])
    a.persons = [Person("王明", ["主席"]), Person("张三", ["书记"])]
    a.orgs = [Org("金果合作社"), Org("平谷科协", ["平谷区科协"])]
    a.locations = [Place("平谷区"), Place("京郊"), Place("西城")]
    a.quantities = [Quantity("500亩", 500, "亩")]
    return Bulletin(Source("s.json", "0" * 64, "txt"), Issue(year=2023), [a])


def _gold(tmp_path: Path, articles: list[dict]) -> Path:
    if not (tmp_path / "s.json").exists():
        (tmp_path / "s.json").write_text("{}", "utf-8")
    p = tmp_path / "x.gold.json"
    p.write_text(
        json.dumps({"source": "s.json (test)", "issue_year": 2023, "articles": articles}, ensure_ascii=False),
        "utf-8",
    )
    return p


def test_scores_per_field(tmp_path: Path) -> None:
    report = evaluate([_gold(tmp_path, [GOLD_ARTICLE])], Settings(), parse=lambda p, g: _predicted())
    micro = report.micro()
    assert (micro["persons"].tp, micro["persons"].fp, micro["persons"].fn) == (1, 1, 1)
    assert (micro["titles"].tp, micro["titles"].fp, micro["titles"].fn) == (1, 1, 1)
    assert (micro["orgs"].tp, micro["orgs"].fp, micro["orgs"].fn) == (2, 0, 0)  # alias and own alias credited
    assert (micro["locations"].tp, micro["locations"].fp, micro["locations"].fn) == (2, 1, 0)  # 平谷 = 平谷区
    assert micro["dates"].f1 == 1.0 and micro["event_type"].f1 == 0.0
    assert (micro["platforms"].precision, micro["platforms"].recall) == (1.0, 0.5)
    assert micro["quantities"].f1 == 1.0
    (a,) = report.articles
    assert a.misses["persons"] == ["李华"] and a.spurious["persons"] == ["张三"]
    assert a.misses["event_type"] == ["座谈会"] and a.spurious["locations"] == ["西城区"]


def test_unmatched_gold_article_counts_as_all_missed(tmp_path: Path) -> None:
    other = dict(GOLD_ARTICLE, title="另一篇")
    report = evaluate([_gold(tmp_path, [other])], Settings(), parse=lambda p, g: _predicted())
    (a,) = report.articles
    assert not a.found and report.micro()["persons"].recall == 0.0


def test_null_date_is_a_value(tmp_path: Path) -> None:
    gold = dict(GOLD_ARTICLE, date=None)
    b = _predicted()
    b.articles[0].date = None
    report = evaluate([_gold(tmp_path, [gold])], Settings(), parse=lambda p, g: b)
    assert report.micro()["dates"].f1 == 1.0


def test_bad_gold_files_are_one_line_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.gold.json"
    bad.write_text("{not json", "utf-8")
    with pytest.raises(InputError, match=r"bad\.gold\.json: cannot be read"):
        evaluate([bad], Settings())
    nosrc = tmp_path / "nosrc.gold.json"
    nosrc.write_text(json.dumps({"source": "missing.txt", "articles": []}), "utf-8")
    with pytest.raises(InputError, match=r"missing\.txt is not beside it"):
        evaluate([nosrc], Settings())


def test_cli_json_and_table(fixtures_dir: Path) -> None:
    gold = fixtures_dir / "gold" / "shanghai-medical-2023-09.gold.json"
    runner = CliRunner()
    res = runner.invoke(app, ["eval", str(gold), "--json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert set(doc["micro"]) == {
        "persons",
        "titles",
        "orgs",
        "locations",
        "dates",
        "event_type",
        "platforms",
        "quantities",
    }
    assert len(doc["articles"]) == 11 and all(a["found"] for a in doc["articles"])
    res = runner.invoke(app, ["eval", str(gold)])
    assert res.exit_code == 0 and "精确率" in res.output and "日期" in res.output


def test_cli_bad_file_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.gold.json"
    bad.write_text("[]", "utf-8")
    res = CliRunner().invoke(app, ["eval", str(bad)])
    assert res.exit_code == 1 and "not a gold file" in res.output


def test_rebuilt_json_source_is_extracted(tmp_path: Path) -> None:
    """A gold may pin its text as rebuilt JSON (title/paragraphs), bypassing reflow."""
    src = {
        "issue": {"title": None, "number": None, "date": "2023-05-31", "year": 2023},
        "articles": [
            {"title": "成都市科协召开座谈会", "paragraphs": ["5月9日，成都市科协召开座谈会，8位专家参加。"]}
        ],
    }
    (tmp_path / "s.json").write_text(json.dumps(src, ensure_ascii=False), "utf-8")
    gold = dict(GOLD_ARTICLE, title="成都市科协召开座谈会", date="2023-05-09", quantities=["8位"])
    report = evaluate([_gold(tmp_path, [gold])], Settings())
    micro = report.micro()
    assert report.articles[0].found
    assert micro["dates"].f1 == 1.0 and micro["event_type"].f1 == 1.0 and micro["quantities"].f1 == 1.0
