"""The word lists people.py, orgs.py and resolve.py share, read once from data/.

Each list lives in a sectioned text file (``[section]`` headers, ``#`` comments) that
names its source. jieba's public dictionary (word, frequency, part of speech) is read
too: it says whether a two- or three-character string is an everyday word (单位, 高度)
rather than a name, and whether a word is a verb or preposition that starts a clause
(支持, 联合) rather than part of an organization's name.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

# A jieba word at least this frequent and not tagged as a personal name (nr*) is an everyday
# word, never a name: 20 keeps rare given-name-like entries (e.g. 文明 is nr there) usable.
COMMON_MIN_FREQ = 20
# jieba tags of words that end a clause-start run: verb, preposition, conjunction, adverb,
# auxiliary, pronoun — the words standing between a sentence and the name it introduces.
CLAUSE_TAGS = frozenset({"v", "vd", "p", "c", "d", "u", "uj", "ul", "uz", "ug", "ud", "uv", "r", "ad", "y"})


def sections(name: str) -> dict[str, list[str]]:
    """A data file's lines grouped by ``[section]``; comments and blank lines dropped."""
    text = resources.files("kexie.extract").joinpath("data", name).read_text("utf-8")
    out: dict[str, list[str]] = {}
    current = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            out.setdefault(current, [])
            continue
        out.setdefault(current, []).append(line)
    return out


@dataclass(frozen=True, slots=True)
class Titles:
    before: tuple[str, ...]
    after: tuple[str, ...]
    after_plain: tuple[str, ...]
    leader: tuple[str, ...]
    after_formal: tuple[str, ...]
    before_plain: tuple[str, ...]


@cache
def titles() -> Titles:
    s = sections("titles.txt")
    return Titles(
        tuple(s["before"]),
        tuple(s["after"]),
        tuple(s["after-plain"]),
        tuple(s["leader"]),
        tuple(s["after-formal"]),
        tuple(s["before-plain"]),
    )


@cache
def surnames() -> tuple[frozenset[str], frozenset[str]]:
    """(single-character surnames, compound surnames)."""
    s = sections("surnames.txt")
    single = frozenset(ch for line in s["single"] for ch in line)
    return single, frozenset(s["compound"])


@cache
def org_words() -> dict[str, tuple[str, ...]]:
    return {k: tuple(v) for k, v in sections("org_suffixes.txt").items()}


@cache
def _jieba_words() -> dict[str, str]:
    """jieba dict.txt words of 1–4 characters with their tag, frequent ones only."""
    import jieba  # only for its dictionary file; no segmentation happens here

    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    out: dict[str, str] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) != 3 or not 1 <= len(parts[0]) <= 4:
                continue
            if int(parts[1]) >= COMMON_MIN_FREQ:
                out[parts[0]] = parts[2]
    return out


def jieba_words() -> dict[str, str]:
    """The word → tag map itself, for hot loops that look up many words in a row."""
    return _jieba_words()


def is_common_word(s: str) -> bool:
    """True when jieba knows `s` (2+ characters) as a frequent word that is not a personal name."""
    tag = _jieba_words().get(s) if len(s) > 1 else None
    return tag is not None and not tag.startswith("nr")


def word_tag(s: str) -> str | None:
    """jieba's part-of-speech tag of a frequent word, None when it is not one."""
    return _jieba_words().get(s)


def tokens_rtl(run: str) -> Iterator[tuple[int, str]]:
    """`run` split into dictionary words from the right (reverse maximum matching).

    Right to left because an organization's name is read leftwards from its suffix; lazy,
    because reading usually stops at the first word of the sentence.
    """
    words = _jieba_words()
    i = len(run)
    while i > 0:  # unrolled: this loop runs for every word left of every suffix
        if i >= 4 and run[i - 4 : i] in words:
            n = 4
        elif i >= 3 and run[i - 3 : i] in words:
            n = 3
        elif i >= 2 and run[i - 2 : i] in words:
            n = 2
        else:
            n = 1
        yield i - n, run[i - n : i]
        i -= n


def is_clause_word(s: str) -> bool:
    """True when `s` is a verb, preposition, conjunction … (a word that precedes a name)."""
    return _jieba_words().get(s) in CLAUSE_TAGS
