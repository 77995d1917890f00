"""Places: divisions with short forms and adcodes, region words, venues, towns, zones."""

from __future__ import annotations

import pytest

from kexie.extract import places
from kexie.model import Article, Mention


def _locs(*paragraphs: str, title: str = "标题", home: str | None = "北京市") -> list[tuple[str, str | None]]:
    return [(m.text, m.entity) for m in places.find_places(Article(1, title, list(paragraphs)), home)]


def test_lookup_gives_code_full_name_and_parent() -> None:
    d = places.lookup("平谷")
    assert d is not None and (d.code, d.name, d.level, d.parent) == ("110117", "平谷区", 3, "110000")
    assert places.lookup("北京").name == "北京市"  # type: ignore[union-attr]
    assert places.lookup("凉山").name == "凉山彝族自治州"  # type: ignore[union-attr]
    assert places.lookup("广西").name == "广西壮族自治区"  # type: ignore[union-attr]
    assert places.lookup("成都市").parent == "510000"  # type: ignore[union-attr]
    assert places.lookup("合作") is None  # 合作市's short form is an everyday word
    assert places.lookup("金果丰") is None


def test_same_short_name_prefers_the_home_region() -> None:
    assert places.lookup("朝阳", "北京市").code == "110105"  # type: ignore[union-attr]


def test_division_names_include_short_forms() -> None:
    names = places.division_names()
    assert {"平谷区", "平谷", "西城", "北京市", "北京", "四川省", "四川"} <= names
    assert "合作" not in names


def test_full_and_short_forms_with_canonical_entity() -> None:
    got = _locs("2月20日，西城区数字经济专场茶话会举行，把西城建设成标杆，为北京乡村振兴贡献力量。")
    assert got == [("西城区", "西城区"), ("西城", "西城区"), ("北京", "北京市")]


def test_region_words_and_venues_after_a_locative() -> None:
    got = _locs("茶话会在金融街i客厅举行，总结适宜京郊发展的模式。借助科普基地开展活动。")
    assert ("京郊", "京郊") in got and ("金融街i客厅", "金融街i客厅") in got
    assert not any("基地" in t for t, _ in got)  # no locative word: prose, not a venue


def test_county_short_forms_need_the_article_to_name_their_region() -> None:
    # 上高 (上高县, Jiangxi) inside 提升高位 and 同心 (同心县) inside 同心同力 are prose.
    assert _locs("坚持高位推进，要同心同力、挖潜引培。", home=None) == []
    assert ("郫都", "郫都区") in _locs("成都市科协走进郫都开展科普。", home=None)


def test_towns_and_development_zones() -> None:
    got = _locs("专家到石湾镇开展指导。", "苏州工业园区科协组织专家考核。", home=None)
    assert ("石湾镇", "石湾镇") in got and ("苏州工业园区", "苏州工业园区") in got
    assert not any(t == "苏州" for t, _ in got)


def test_collect_locations_skips_the_home_region_inside_org_names() -> None:
    locs = [Mention("LOC", "北京市", 0, 0, 3, "北京市"), Mention("LOC", "房山区", 0, 10, 13, "房山区")]
    orgs = [Mention("ORG", "北京市科协", 0, 0, 5), Mention("ORG", "房山区科协", 0, 10, 15)]
    assert [p.name for p in places.collect_locations(locs, orgs, "北京市")] == ["房山区"]
    assert [p.name for p in places.collect_locations(locs, orgs, "四川省")] == ["北京市", "房山区"]


@pytest.mark.parametrize("text", ["", "没有地名的一段话。", "！！！"])
def test_no_places(text: str) -> None:
    assert _locs(text, title="") == []


def test_home_region_anchors_county_short_forms_only_at_home() -> None:
    assert ("平谷", "平谷区") in _locs("在平谷开展活动。")
    # An item set in Jiangsu: 顺义 (a Beijing district's short form) is not read as a place.
    assert not any(t == "顺义" for t, _ in _locs("南京市专家顺义而为，在江苏开展活动。"))
