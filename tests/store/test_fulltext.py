"""Tokens and query building: pure functions, no database."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kexie.store.fulltext import (
    fts5_match,
    gram_tokens,
    parse_query,
    pg_tsquery,
    runs,
    tokenize_article,
    word_tokens,
)


def test_han_runs_become_bigrams_and_other_words_stay_whole():
    assert gram_tokens("市科协召开") == ["市科", "科协", "协召", "召开"]
    assert gram_tokens("5G网络，AI。年") == ["5g", "网络", "ai", "年"]
    assert gram_tokens("ＡＢＣ１２３") == ["abc123"]  # full width folded


def test_punctuation_breaks_a_phrase():
    assert "科协" not in gram_tokens("科。协")


def test_word_stream_holds_whole_jieba_words_only():
    words = word_tokens("北京市科学技术协会召开会议")
    assert "召开" in words and "会议" in words
    assert all(len(w) > 1 for w in words)


def test_query_terms_and_phrases():
    pq = parse_query('科协 "北京 科协" 2023年')
    assert [t.grams for t in pq.terms] == [["科协"], ["北京", "京科", "科协"], ["2023", "年"]]
    assert pq.terms[2].prefix  # a lone trailing character matches 年度 too
    assert pq.terms[0].word == "科协"


@given(st.text(max_size=60))
def test_any_input_yields_quoted_tokens_only(q):
    pq = parse_query(q)
    m, t = fts5_match(pq), pg_tsquery(pq)
    for term in pq.terms:
        for g in term.grams:
            assert g and all(ch.isalnum() for ch in g)
    # nothing of the user's syntax survives outside quotes
    assert "NEAR(" not in m and "\\" not in m and "\\" not in t


def test_tsvector_weights_title_body_words():
    tok = tokenize_article("科协", ["协会"])
    v = tok.tsvector()
    assert "'科协':1A" in v and "D" in v and "B" in v


_ALPHABET = (
    "科协北京市中国科学院技术协会学会召开座谈会理科协同的了是在一二三年月日"
    + "abcXYZ0123 .,-_#&%+\n，。！？、；：“”（）《》ＡＢ１"
)


@settings(deadline=None, max_examples=300)  # the first call loads jieba's dictionary (~1 s)
@given(st.text(alphabet=_ALPHABET, max_size=80))
def test_word_stream_is_jieba_search_mode_word_for_word(text):
    """rjieba stands in for jieba.cut_for_search (HMM off): same dictionary, same words."""
    import jieba
    import rjieba

    assert rjieba.cut_for_search(text, False) == list(jieba.cut_for_search(text, HMM=False))


def test_word_stream_of_a_bulletin_sentence():
    words = word_tokens("北京市科学技术协会召开科普工作座谈会，中国科学院院士出席。理科协同创新")
    assert words == [
        "北京",
        "京市",
        "北京市",
        "科学",
        "技术",
        "科学技术",
        "协会",
        "召开",
        "科普",
        "工作",
        "座谈",
        "座谈会",
        "中国",
        "科学",
        "学院",
        "科学院",
        "中国科学院",
        "院士",
        "出席",
        "理科",
        "协同",
        "创新",
    ]


@settings(deadline=None)
@given(st.text(max_size=40), st.lists(st.text(max_size=60), max_size=4))
def test_article_tokens_are_the_streams_of_its_title_and_body(title, paragraphs):
    """tokenize_article normalizes once; the streams are those of the public functions."""
    body = "\n".join(paragraphs)
    tok = tokenize_article(title, paragraphs)
    assert tok.title == gram_tokens(title) and tok.body == gram_tokens(body)
    assert tok.words == word_tokens(title + "\n" + body)
    for han, run in runs(body):  # bigrams: each Han character with the next, nothing else
        if han and len(run) > 1:
            assert [run[i : i + 2] for i in range(len(run) - 1)] == gram_tokens(run)


@settings(deadline=None)
@given(st.text(alphabet=_ALPHABET + "\u3400\U00020000ab", max_size=80))
def test_word_stream_keeps_exactly_the_han_words_of_two_or_more(text):
    import re

    import rjieba

    from kexie.store.fulltext import normalize

    han = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$")
    raw = rjieba.cut_for_search(normalize(text), False)
    assert word_tokens(text) == [w for w in raw if len(w) > 1 and han.match(w)]
