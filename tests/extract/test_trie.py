"""TrieScanner must give exactly the matches of re.finditer over trie_pattern (it replaces it for speed)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from kexie.extract.trie import TrieScanner, trie_pattern

_word = st.text(alphabet="北京市区县朝阳", min_size=1, max_size=4)


@given(st.lists(_word, min_size=1, max_size=12), st.text(alphabet="北京市区县朝阳，的", max_size=60))
def test_scanner_matches_regex(words: list[str], text: str) -> None:
    expected = [m.span() for m in re.finditer(trie_pattern(words), text)]
    assert TrieScanner(words).spans(text) == expected


def test_longest_word_wins_and_matches_do_not_overlap() -> None:
    scanner = TrieScanner(["北京", "北京市", "市区", "朝阳区"])
    assert scanner.spans("北京市区朝阳区，北京") == [(0, 3), (4, 7), (8, 10)]


def test_empty_word_list_matches_nothing() -> None:
    assert TrieScanner([]).spans("北京") == []
