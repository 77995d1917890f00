"""Entity resolution across documents, and corrections that survive re-ingestion."""

from __future__ import annotations

import pytest

from kexie import services
from kexie.config import Settings
from kexie.errors import ConfigError
from kexie.store.archive import Archive
from kexie.store.resolve import expand_home, is_relative, org_key, place_key

from .conftest import make_article, make_bulletin, raw

HOME = Settings()  # home org 北京市科协, region 北京市


def test_home_rule_and_long_forms_share_one_key():
    keys = {org_key(n, HOME) for n in ("北京市科协", "市科协", "北京市科学技术协会", "北京科协", "本会")}
    assert keys == {"北京市科协"}
    assert org_key("平谷区科协", HOME) != org_key("北京市科协", HOME)
    assert expand_home("市场监管局", HOME) == "北京市市场监管局"


def test_place_key_by_code_or_by_name_without_suffix():
    assert place_key("平谷区")[0] == place_key("平谷")[0]
    assert place_key("平谷区", lambda n: "110117")[0] == "code:110117"


def _store(settings, name, articles, number):
    return Archive(settings).store(make_bulletin(name, articles, number=number), raw(name))


def _entity_count(settings, typ, name):
    return sum(1 for e in services.find_entities(settings, name, typ, limit=50) if e.name == name)


def test_one_org_whatever_its_written_form(settings):
    forms = ["北京市科协", "市科协", "北京市科学技术协会"]
    for i, form in enumerate(forms):
        art = make_article(0, f"{form}召开会议", [f"{form}召开第{i}次会议。"], orgs=[(form, [])])
        _store(settings, f"d{i}.txt", [art], f"第{i}期")
    p = services.get_entity(settings, "市科协")
    assert p.name == "北京市科协"
    assert set(forms) <= set(p.aliases)
    assert (p.articles, p.documents) == (3, 3)


def test_an_org_keeps_the_name_it_was_written_with(settings):
    """北京某某学会 and 北京市某某学会 are one organization, named as first written, never rewritten;
    a relative form (市农业局) gets the home region put in."""
    a = make_article(0, "甲", ["北京植物学会举办讲座。"], orgs=[("北京植物学会", [])])
    b = make_article(0, "乙", ["北京市植物学会召开年会。"], orgs=[("北京市植物学会", [])])
    c = make_article(0, "丙", ["市农业局组织培训。"], orgs=[("市农业局", [])])
    _store(settings, "p1.txt", [a], "第1期")
    _store(settings, "p2.txt", [b], "第2期")
    _store(settings, "p3.txt", [c], "第3期")
    p = services.get_entity(settings, "北京市植物学会")
    assert p.name == "北京植物学会"
    assert {"北京植物学会", "北京市植物学会"} <= set(p.aliases)
    assert p.articles == 2
    assert services.get_entity(settings, "市农业局").name == "北京市农业局"


def test_same_name_in_different_orgs_stays_apart_and_title_change_stays_one(settings):
    a = make_article(
        0,
        "甲",
        ["北京市科协党组书记王刚出席。"],
        persons=[("王刚", ["党组书记"])],
        orgs=[("北京市科协", [])],
        date="2022-03-01",
    )
    b = make_article(
        0,
        "乙",
        ["北京大学教授王刚作报告。"],
        persons=[("王刚", ["教授"])],
        orgs=[("北京大学", [])],
        date="2022-05-01",
    )
    c = make_article(
        0,
        "丙",
        ["市科协主席王刚出席。"],
        persons=[("王刚", ["主席"])],
        orgs=[("市科协", [])],
        date="2023-06-01",
    )
    for i, art in enumerate((a, b, c)):
        _store(settings, f"p{i}.txt", [art], f"第{i}期")
    people = [e for e in services.find_entities(settings, "王刚", "PER") if e.name == "王刚"]
    assert len(people) == 2
    with pytest.raises(ConfigError):  # ambiguous by name
        services.get_entity(settings, "王刚", "PER")
    profiles = [services.get_entity(settings, e.id) for e in people]
    kexie_person = next(p for p in profiles if any(a.name == "北京市科协" for a in p.affiliations))
    assert kexie_person.articles == 2
    assert [s.title for s in kexie_person.titles] == ["党组书记", "主席"]  # titles over time, one person
    assert (kexie_person.first_seen, kexie_person.last_seen) == ("2022-03-01", "2023-06-01")


def test_merge_rename_split_survive_reingestion(settings):
    a = make_article(
        0, "科协开会", ["科技馆和北京科学中心联合举办展览。"], orgs=[("科技馆", []), ("北京科学中心", [])]
    )
    _store(settings, "m1.txt", [a], "第1期")
    services.merge_entities(settings, "北京科学中心", ["科技馆"])
    services.rename_entity(settings, "北京科学中心", "北京科学中心（科技馆）")
    # a new version of the same issue: articles are replaced, resolution lands on the corrected entity
    a2 = make_article(
        0,
        "科协开会（修订）",
        ["科技馆和北京科学中心联合举办展览。"],
        orgs=[("科技馆", []), ("北京科学中心", [])],
    )
    Archive(settings).store(make_bulletin("m1.txt", [a2], number="第1期"), raw("m1", "v2"))
    p = services.get_entity(settings, "科技馆")
    assert p.name == "北京科学中心（科技馆）"
    assert {"科技馆", "北京科学中心"} <= set(p.aliases)
    assert p.articles == 1

    # split a written form off again; a later document keeps it apart
    r = services.split_entity(settings, p.id, alias="科技馆")
    assert r.entity.name == "科技馆" and r.entity.id != p.id
    a3 = make_article(
        0, "又一期", ["科技馆开放。北京科学中心开放。"], orgs=[("科技馆", []), ("北京科学中心", [])]
    )
    _store(settings, "m3.txt", [a3], "第3期")
    assert services.get_entity(settings, "科技馆").id == r.entity.id
    assert services.get_entity(settings, "北京科学中心").id == p.id
    assert services.get_entity(settings, r.entity.id).articles == 2


def test_split_person_by_org_keeps_future_mentions_apart(settings):
    a = make_article(
        0, "甲", ["北京市科协副主席李强出席。"], persons=[("李强", ["副主席"])], orgs=[("北京市科协", [])]
    )
    b = make_article(
        0, "乙", ["清华大学李强出席。"], persons=[("李强", [])], orgs=[("北京市科协", []), ("清华大学", [])]
    )
    _store(settings, "s1.txt", [a], "第1期")
    _store(settings, "s2.txt", [b], "第2期")
    people = [e for e in services.find_entities(settings, "李强", "PER")]
    assert len(people) == 1  # merged: the second article also names 北京市科协
    r = services.split_entity(settings, people[0].id, org="清华大学")
    c = make_article(0, "丙", ["清华大学李强作报告。"], persons=[("李强", [])], orgs=[("清华大学", [])])
    _store(settings, "s3.txt", [c], "第3期")
    assert services.get_entity(settings, r.entity.id).articles == 2
    assert services.get_entity(settings, people[0].id).articles == 1


def test_corrections_refuse_nonsense(settings):
    a = make_article(0, "甲", ["北京市科协开会。"], orgs=[("北京市科协", [])])
    _store(settings, "x.txt", [a], "第1期")
    with pytest.raises(ConfigError):
        services.merge_entities(settings, "北京市科协", ["北京市科协"])
    with pytest.raises(ConfigError):
        services.split_entity(settings, "北京市科协")
    with pytest.raises(ConfigError):
        services.split_entity(settings, "北京市科协", alias="北京市科协")  # its only written form
    with pytest.raises(ConfigError):
        services.rename_entity(settings, "北京市科协", "  ")


# ---- relative forms and shared short forms are no cross-document key (issue 4, item 3)


def test_relative_forms_are_told_from_distinctive_names():
    for form in (
        "区科协",
        "市科协",
        "县政府",
        "省科协",
        "校科协",
        "区委",
        "市委宣传部",
        "学会党支部",
        "本会",
    ):
        assert is_relative(form), form
    for form in ("东城区科协", "中国科协", "区块链协会", "市场营销学会", "星海", "中科院"):
        assert not is_relative(form), form
    assert is_relative("区实验小学", "某某区实验小学")  # the full name with its place cut back
    assert not is_relative("实验小学集团", "某某实验小学集团")


def _org_named(settings, name):
    return services.get_entity(settings, name, "ORG")


def test_relative_alias_does_not_merge_districts(settings):
    for i, district in enumerate(("东城区科协", "海淀区科协")):
        art = make_article(
            0,
            f"{district}召开年会",
            [f"{district}召开年会。", "区科协主席王刚作工作报告，区科协全体委员参加。"],
            persons=[("王刚", ["主席"])],
            orgs=[(district, ["区科协"])],
        )
        _store(settings, f"district{i}.txt", [art], f"第{i}期")
    # an article that names only the relative form joins neither district
    bare = make_article(0, "区科协开展科普日活动", ["区科协开展科普日活动。"], orgs=[("区科协", [])])
    _store(settings, "bare.txt", [bare], "第9期")
    east, west = _org_named(settings, "东城区科协"), _org_named(settings, "海淀区科协")
    assert east.id != west.id
    assert set(east.aliases) == {"东城区科协", "区科协"}
    assert set(west.aliases) == {"海淀区科协", "区科协"}
    assert (east.articles, west.articles) == (1, 1)
    assert east.mentions == west.mentions == 3  # the name once, 区科协 twice: each in its own document
    # the same name under two different district associations: two persons
    people = [e for e in services.find_entities(settings, "王刚", "PER") if e.name == "王刚"]
    assert len(people) == 2


def test_home_org_forms_stay_one_and_another_city_stays_apart(settings):
    arts = [
        ("北京市科学技术协会", ["市科协"]),
        ("天津市科协", ["市科协"]),  # another city's association, shortened the same way
        ("北京市科协", ["市科协"]),
        ("市科协", []),  # alone: the home-organization rule
    ]
    for i, (name, aliases) in enumerate(arts):
        art = make_article(
            0, f"{name}开会", [f"{name}召开常委会。", "市科协党组书记出席。"], orgs=[(name, aliases)]
        )
        _store(settings, f"home{i}.txt", [art], f"第{i}期")
    home = _org_named(settings, "北京市科协")
    assert home.name == "北京市科协"
    assert {"北京市科学技术协会", "北京市科协", "市科协"} <= set(home.aliases)
    assert home.articles == 3
    other = _org_named(settings, "天津市科协")
    assert other.id != home.id and other.articles == 1
    assert "天津市科协" not in home.aliases


def test_shared_short_form_of_two_companies_keeps_them_apart(settings):
    a = make_article(
        0,
        "甲",
        ["星海智能科技有限公司发布新品。星海表示将加大投入。"],
        orgs=[("星海智能科技有限公司", ["星海"])],
    )
    b = make_article(
        0, "乙", ["星海生物医药集团签约。星海将建设新基地。"], orgs=[("星海生物医药集团", ["星海"])]
    )
    _store(settings, "co1.txt", [a], "第1期")
    _store(settings, "co2.txt", [b], "第2期")
    tech, bio = _org_named(settings, "星海智能科技有限公司"), _org_named(settings, "星海生物医药集团")
    assert tech.id != bio.id
    assert (tech.articles, bio.articles) == (1, 1)
    assert "星海生物医药集团" not in tech.aliases and "星海智能科技有限公司" not in bio.aliases
    assert tech.mentions == bio.mentions == 2  # each document's 星海 belongs to its own company


def test_short_form_seen_first_joins_its_full_name_later(settings):
    a = make_article(0, "甲", ["云帆研究院举办论坛。"], orgs=[("云帆研究院", [])])
    b = make_article(
        0,
        "乙",
        ["云帆未来技术研究院成立。云帆研究院院长致辞。"],
        orgs=[("云帆未来技术研究院", ["云帆研究院"])],
    )
    c = make_article(0, "丙", ["云帆研究院发布报告。"], orgs=[("云帆研究院", [])])
    for i, art in enumerate((a, b, c)):
        _store(settings, f"s{i}.txt", [art], f"第{i}期")
    e = _org_named(settings, "云帆未来技术研究院")
    assert _org_named(settings, "云帆研究院").id == e.id
    assert e.articles == 3
