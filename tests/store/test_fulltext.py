"""Tokens and query building: pure functions, no database."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kexie.store.fulltext import (
    fts5_match,
    gram_tokens,
    parse_query,
    pg_tsquery,
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
