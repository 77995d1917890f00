"""Matching (issue 7): synonym expansion, BM25 over concepts, roles, aggregation, explanations,
vague needs, the archive wiring and the optional embedding re-ranker."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kexie.analysis.match import ArticleText, match
from kexie.analysis.match_explain import best_passage, term_pattern
from kexie.analysis.match_index import DocInput, EntityInfo, build_index
from kexie.analysis.match_need import parse_need
from kexie.analysis.match_roles import roles
from kexie.analysis.synonyms import default_lexicon, parse_table
from kexie.errors import ConfigError

SOIL, PING, ZHANG, ZOO, HUB, LI, WANG = 1, 2, 3, 4, 5, 6, 7
ENTITIES = [
    EntityInfo(SOIL, "某市土壤学会", "org"),
    EntityInfo(PING, "平谷区科协", "org", ("平谷区",)),
    EntityInfo(ZHANG, "张某", "person", titles=("教授",)),
    EntityInfo(ZOO, "某市动物学会", "org"),
    EntityInfo(HUB, "甲区科协", "org", ("甲区",)),
    EntityInfo(LI, "李某", "person", titles=("区长",)),
    EntityInfo(WANG, "王某", "person", titles=("研究员",)),
]


def _doc(i, title, text, involvements, date="2023-03-01", platforms=(), places=()):
    return DocInput(i, title, (text,), date, tuple(platforms), tuple(places), tuple(involvements))


DOCS = [
    _doc(
        10,
        "专家助推大桃产业标准化",
        "某市土壤学会联合平谷区科协开展大桃施肥和滴灌标准化制定工作，王某研究员现场指导。",
        [(SOIL, "lead"), (PING, "partner"), (WANG, "expert")],
        platforms=["落地化科创服务"],
        places=["平谷区"],
    ),
    _doc(
        11,
        "果园节水灌溉技术服务",
        "某市土壤学会到果园开展节水灌溉和追肥技术服务。",
        [(SOIL, "lead")],
        date="2024-05-01",
    ),
    _doc(
        12,
        "野生动物科普讲座",
        "某市动物学会举办野生动物保护科普讲座，张某教授主讲鸟类识别。",
        [(ZOO, "lead"), (ZHANG, "expert"), (HUB, "unit")],
        platforms=["社会化协同科普"],
    ),
    _doc(
        13,
        "甲区召开农业工作会",
        "甲区科协召开会议，李某区长主持，强调做好施肥灌溉等农业技术推广。",
        [(HUB, "lead"), (LI, "official")],
    ),
]
DOCS += [_doc(100 + i, "甲区科协党建工作会", "甲区科协召开党建工作会议。", [(HUB, "lead")]) for i in range(8)]
TEXTS = {d.id: ArticleText(d.title, d.paragraphs, d.date, d.platforms) for d in DOCS}


def fetch(ids):
    return {i: TEXTS[i] for i in ids}


_SHARED_INDEX = build_index(DOCS, ENTITIES)


@pytest.fixture(scope="module")
def index():
    return _SHARED_INDEX


def names(result):
    return [m.name for m in result.matches]


# ---------------------------------------------------------------- synonyms and needs


def test_synonym_table_parses_and_rejects_bad_lines():
    lex = parse_table("# c\nfert\t落地化科创服务\t水肥 施肥 灌溉 水肥一体化\npeach\t-\t桃 大桃\n")
    assert lex.related("水肥") == ["施肥", "灌溉", "水肥一体化"]
    assert lex.platforms(["施肥", "大桃"]) == ["落地化科创服务"]
    assert [t for _, _, t in lex.find("桃园想做水肥一体化")] == ["桃", "水肥一体化"]  # longest match
    with pytest.raises(ConfigError, match="line 1"):
        parse_table("only two\tcolumns\n")


def test_packaged_table_has_the_issue_groups():
    lex = default_lexicon()
    assert len(lex.groups) >= 40
    for a, b in [
        ("水肥", "施肥"),
        ("桃", "果园") if "果园" in lex.related("桃") else ("桃", "大桃"),
        ("科普", "科学普及"),
        ("博士后", "博士后科研工作站"),
        ("动物", "生物多样性"),
        ("土壤", "测土配方"),
    ]:
        assert b in lex.related(a), (a, b)


def test_need_drops_request_words_and_keeps_phrases():
    need = parse_need("我们的桃园想制定水肥一体化管理标准，需要土壤和果树方面的专家", default_lexicon())
    assert {"桃园", "水肥一体化", "标准", "土壤", "果树"} <= set(need.terms)
    assert not {"我们", "需要", "专家", "方面", "想"} & set(need.terms)
    assert "施肥" in need.expansions["水肥一体化"]
    assert "落地化科创服务" in need.platforms


# ---------------------------------------------------------------- scoring


def test_bm25_pools_synonyms_below_the_written_word(index):
    lex = default_lexicon()
    need = parse_need("水肥一体化", lex)
    scores = index.bm25(need.concepts)
    pos = {int(d): i for i, d in enumerate(index.doc_ids)}
    assert scores[pos[11]] > 0 and scores[pos[10]] > 0  # only synonyms (灌溉, 施肥, 滴灌) in the text
    assert scores[pos[100]] == 0
    exact = index.bm25([[("灌溉", 1.0)]])
    syn_only = index.bm25([[("水肥", 1.0), ("灌溉", 0.6)]])
    assert 0 < syn_only[pos[11]] < exact[pos[11]]


def test_a_word_in_almost_every_article_is_dropped_unless_it_is_all_the_need_says():
    docs = [DocInput(i, "工作会议", ("开展工作。",)) for i in range(1, 10)]
    docs.append(DocInput(10, "施肥工作", ("开展施肥工作。",)))
    idx = build_index(docs, ENTITIES)
    both = idx.bm25([[("工作", 1.0)], [("施肥", 1.0)]])
    assert np.count_nonzero(both) == 1 and both[9] > 0
    alone = idx.bm25([[("工作", 1.0)]])
    assert np.count_nonzero(alone) == 10


def test_latin_words_match_whatever_their_width_and_case():
    docs = [DocInput(1, "5G应用场景", ("推动ＡＩ与5G融合。",), involvements=((SOIL, "lead"),))]
    idx = build_index(docs, ENTITIES)
    for term in ("5G", "5g", "ai", "AI"):
        assert len(idx.postings(term)[0]) == 1, term


def test_role_and_focus_beat_a_chairing_official_and_a_busy_hub(index):
    r = match(index, "果园施肥灌溉技术", fetch)
    ranked = names(r)
    assert ranked[0] == "某市土壤学会"
    assert ranked.index("王某") < ranked.index("李某")  # expert over the official chairing
    assert ranked.index("某市土壤学会") < ranked.index("甲区科协")  # focus: the hub co-signs everything


def test_kind_and_region_filters(index):
    people = match(index, "大桃施肥", fetch, kind="person")
    assert people.matches and all(m.type == "person" for m in people.matches)
    assert names(people)[0] == "王某"
    orgs = match(index, "施肥", fetch, kind="org", region="平谷")
    assert orgs.matches and all(m.type == "org" for m in orgs.matches)
    assert "甲区科协" not in names(orgs)  # its fitting activity was not in 平谷
    assert "某市土壤学会" in names(orgs)  # active in 平谷区 (doc place)


def test_evidence_passages_mark_the_need_words_and_the_path_runs_through_a_bridge(index):
    r = match(index, "生物多样性科学普及讲座", fetch)
    top = r.matches[0]
    assert top.name in ("某市动物学会", "张某")
    ev = top.evidence[0]
    assert ev.article_id == 12 and ev.role in ("lead", "expert")
    marked = {ev.passage[a:b] for a, b in ev.spans}
    assert {"野生动物", "科普讲座"} <= marked or {"野生动物", "科普"} <= marked
    zoo = next(m for m in r.matches if m.name == "某市动物学会")
    assert [p.name for p in zoo.path] == ["甲区科协"]
    assert 1 <= len(zoo.evidence) <= 3


def test_passage_crop_keeps_spans_on_the_marked_words():
    text = "无关内容。" * 60 + "开展果园滴灌施肥技术指导。" + "其他。" * 40
    p = best_passage("标题", [text], term_pattern(["滴灌", "施肥", "果园"]))
    assert len(p.text) <= 162 and p.text.startswith("…")
    assert sorted(p.text[a:b] for a, b in p.spans) == sorted(["果园", "施肥", "滴灌"])


# ---------------------------------------------------------------- vague needs never fail


@pytest.mark.parametrize("need", ["", "   ", "啊", "帮忙", "我们需要专家"])
def test_vague_needs_get_a_message_and_suggestions(index, need):
    r = match(index, need, fetch)
    assert r.matches == [] and r.message and r.suggestions
    assert all(index.df(s) > 0 for s in r.suggestions)  # words the archive actually holds


def test_unmatched_need_says_so_and_suggests_related_words(index):
    r = match(index, "量子计算芯片", fetch)
    assert r.matches == [] and "没有找到" in r.message and r.suggestions
    partial = match(index, "量子施肥", fetch)
    assert partial.matches and partial.unmatched == ["量子"] and "量子" in partial.message
    filtered = match(index, "施肥", fetch, region="火星")
    assert filtered.matches == [] and "筛选条件" in filtered.message


def test_an_empty_archive_says_what_to_do():
    r = match(build_index([], []), "果园施肥", fetch)
    assert r.matches == [] and "还没有" in r.message


def test_home_org_is_never_a_candidate(index):
    assert "某市土壤学会" not in names(match(index, "施肥灌溉", fetch, home_org="某市土壤学会"))


# ---------------------------------------------------------------- roles from text


def test_roles_read_from_the_article():
    paras = [
        "2月21日，甲学会、乙合作社共同组织召开座谈会，丙站参加。张三教授主讲，区长李四主持。",
        "以丁公司为技术牵头单位，联合戊大学开展工作。",
        "庚公司有关负责人表示将继续支持。",
    ]
    p0 = paras[0]
    mentions = [
        ("甲", "ORG", 0, p0.index("甲学会"), p0.index("甲学会") + 3),
        ("乙", "ORG", 0, p0.index("乙合作社"), p0.index("乙合作社") + 4),
        ("丙", "ORG", 0, p0.index("丙站"), p0.index("丙站") + 2),
        ("张三", "PER", 0, p0.index("张三"), p0.index("张三") + 2),
        ("李四", "PER", 0, p0.index("李四"), p0.index("李四") + 2),
        ("丁", "ORG", 1, 1, 4),
        ("戊", "ORG", 1, 9, 12),
        ("庚", "ORG", 2, 0, 3),
    ]
    got = roles("标题", paras, mentions, {"张三": ["教授"], "李四": ["区长"]}, ["己"])
    assert got == {
        "甲": "lead",
        "乙": "lead",
        "丙": "partner",
        "张三": "expert",
        "李四": "official",
        "丁": "lead",
        "戊": "mentioned",
        "庚": "partner",  # its 有关负责人 spoke: it took part; 负责人 is not 负责 (led the work)
        "己": "unit",
    }


# ---------------------------------------------------------------- the archive, CLI and services


def test_services_match_on_the_archive_and_cache_follows_generation(archive_settings):
    from kexie import services
    from kexie.model import Bulletin, Issue, Source
    from kexie.store.archive import Archive

    settings, specs = archive_settings
    fert = next(s for s in specs if s.line.key == "fertigation")
    r = services.match(settings, "我们的桃园想搞水肥一体化，需要懂果树的专家")
    top5 = [m.name for m in r.matches[:5]]
    assert fert.society in top5 and fert.experts[0][0] in top5 + [m.name for m in r.matches]
    ev = r.matches[0].evidence[0]
    assert ev.passage and all(0 <= a < b <= len(ev.passage) for a, b in ev.spans)
    assert json.loads(json.dumps(r.to_json(), ensure_ascii=False))["matches"]
    # a new activity bumps the generation: the cached index is rebuilt, not reused
    wild = next(s for s in specs if s.line.key == "wildlife")
    before = services.match(settings, "湿地观鸟")
    Archive(settings).store(
        Bulletin(Source("w.txt", hashlib.sha256(b"w").hexdigest(), "txt"), Issue(year=2025), wild.articles),
        b"w",
    )
    after = services.match(settings, "湿地观鸟")
    assert wild.society not in [m.name for m in before.matches]
    assert wild.society in [m.name for m in after.matches[:5]]
    with pytest.raises(ConfigError, match="--type"):
        services.match(settings, "施肥", kind="team")


def test_cli_match_prints_json_and_never_fails_on_vague_needs(archive_settings):
    from typer.testing import CliRunner

    from kexie.cli import app

    settings, _ = archive_settings
    runner = CliRunner()
    res = runner.invoke(app, ["match", "博士后工作站申报", "--db", settings.db_url, "--json", "--top", "3"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert 1 <= len(data["matches"]) <= 3 and data["matches"][0]["evidence"]
    vague = runner.invoke(app, ["match", "帮忙", "--db", settings.db_url])
    assert vague.exit_code == 0 and "可以试试" in vague.output
    bad = runner.invoke(app, ["match", "施肥", "--db", settings.db_url, "--type", "x"])
    assert bad.exit_code != 0


# ---------------------------------------------------------------- optional embedding re-ranking


def _tiny_model(path):
    """A model2vec model over single characters: 鸟/禽/动 close together, 肥/水/灌 elsewhere."""
    pytest.importorskip("model2vec")
    from model2vec import StaticModel
    from tokenizers import Tokenizer
    from tokenizers.models import WordPiece
    from tokenizers.normalizers import BertNormalizer
    from tokenizers.pre_tokenizers import BertPreTokenizer

    chars = ["[UNK]", "[PAD]", "鸟", "禽", "动", "物", "肥", "水", "灌"]
    tok = Tokenizer(WordPiece({c: i for i, c in enumerate(chars)}, unk_token="[UNK]"))
    tok.normalizer = BertNormalizer(handle_chinese_chars=True)
    tok.pre_tokenizer = BertPreTokenizer()
    vec = np.zeros((len(chars), 2), dtype=np.float32)
    vec[2:6] = [1, 0]
    vec[6:9] = [0, 1]
    StaticModel(vectors=vec, tokenizer=tok).save_pretrained(str(path))
    return path


def test_embedding_reranker_reorders_by_similarity(tmp_path):
    from kexie.analysis.match import Evidence, Match
    from kexie.analysis.match_embed import load_model, rerank_with

    model = load_model(str(_tiny_model(tmp_path / "m")))
    need = parse_need("鸟类动物", default_lexicon())

    def m(name, score, passage):
        return Match(1, name, "org", score, 1, [Evidence(1, "", None, "lead", passage, [], [], 1.0)])

    out = rerank_with(model, need, [m("甲", 100.0, "施肥灌水"), m("乙", 90.0, "观鸟护禽")], alpha=0.5)
    assert [x.name for x in out] == ["乙", "甲"]
    assert out[0].score == 100.0 and out[1].score < 100.0
    kept = rerank_with(model, need, [m("甲", 100.0, "施肥灌水"), m("乙", 20.0, "观鸟护禽")], alpha=0.3)
    assert [x.name for x in kept] == ["甲", "乙"]  # similarity reorders close calls only


def test_embedding_model_path_must_be_a_local_directory(tmp_path):
    from kexie.analysis.match_embed import load_model

    with pytest.raises(ConfigError, match="不会在运行时下载"):
        load_model(str(tmp_path / "nowhere"))
    (tmp_path / "broken").mkdir()
    pytest.importorskip("model2vec")
    with pytest.raises(ConfigError, match="无法加载"):
        load_model(str(tmp_path / "broken"))


def test_services_use_the_configured_model(archive_settings, tmp_path):
    from kexie import services

    settings, _ = archive_settings
    model = _tiny_model(tmp_path / "m2")
    r = services.match(settings.with_overrides(embedding_model=model), "博士后工作站申报")
    assert r.reranked and r.matches


def test_index_cache_file_is_reused_until_the_archive_changes(archive_settings, monkeypatch):
    from kexie.analysis import match_source
    from kexie.store.archive import Archive

    settings, _ = archive_settings
    archive = Archive(settings)
    first = match_source.index_for(archive)
    path = match_source._cache_path(archive)
    assert path is not None and path.is_file()
    match_source._memory.clear()

    def no_build(_archive):
        raise AssertionError("rebuilt although the cache file was current")

    monkeypatch.setattr(match_source, "build_from_archive", no_build)
    again = match_source.index_for(archive)
    assert again.generation == first.generation and again.size == first.size
    path.write_bytes(b"not a pickle")  # a damaged cache is rebuilt, never an error
    match_source._memory.clear()
    monkeypatch.undo()
    assert match_source.index_for(archive).size == first.size


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=60))
def test_any_need_text_gives_an_answer_never_an_error(text):
    idx = _SHARED_INDEX
    r = match(idx, text, fetch, region=text[:3] or None)
    assert r.matches or r.message
    for m in r.matches:
        for e in m.evidence:
            assert all(0 <= a < b <= len(e.passage) for a, b in e.spans)
