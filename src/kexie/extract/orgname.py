"""Where an organization's written name begins and whether it is one.

The grammar orgs.py reads names with, shared with people.py (the organization written
in front of a title, 区科协主席): the suffix lexicon, the sentence words a name never
contains (召开, 联合, a date, a count), and the checks that make a candidate a name
rather than a generic phrase (企业科协, 服务中心) or an ordinary word (全部, 干部).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache

from .lexicon import CLAUSE_TAGS, is_clause_word, jieba_words, org_words, sections, titles, word_tag
from .trie import trie_pattern

MAX_NAME = 40  # characters: longer runs are sentences, not names
_RULES = sections("org_rules.txt")
NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9•·]")
# Words of the sentence that introduce an organization; the name starts after the last one.
_STOPS = tuple(_RULES["stop"])
# Words before 组织 that make it a noun (社会组织党总支), not the verb "organize".
_ORG_NOUN_HEADS = tuple(_RULES["org-noun-head"])
# Activity words (verbs to jieba) that organization names are made of: not a sentence's verb.
NAME_VERBS = frozenset(_RULES["name-verb"])
_CONJ = frozenset("与和及")
# Name endings strong enough to split a dictionary word after them (科协|调宣部).
_STRONG_ENDS = frozenset({"科协", "学会", "协会", "大学", "学院", "公司", "集团", "中心", "医院", "政府"})
_STRONG_RE = re.compile("|".join(sorted(_STRONG_ENDS)))
# Qualifier endings that make a 中心/厅 a venue, not an organization (会议中心, 市民中心).
_VENUE_QUALIFIER_END = (
    "会议",
    "会展",
    "市民",
    "行政",
    "展览",
    "体育",
    "购物",
    "商业",
    "文化艺术",
    "科技文化",
)
# Two-character words ending in a unit character that are not units (全部, 干部, 到处).
_UNIT_NOT_NAME = frozenset(_RULES["unit-not-name"])
# Qualifiers that make a name generic: the whole qualifier is one of these words.
GENERIC_QUALIFIER = frozenset(_RULES["generic-qualifier"])
_GENERIC_START = tuple(_RULES["generic-start"])
_HAS_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
NUMERAL = re.compile(r"[0-9一二两三四五六七八九十百千]+")
# A name beginning with one of these kinds, unqualified, is generic (学会秘书处, 公司党支部).
_BARE_HEADS = ("学会", "协会", "公司", "大学", "学院", "科协", "集团", "企业", "医院", "学校")
# One-character qualifiers that are relative names (市科协, 区政府, 校团委): resolved later.
RELATIVE = frozenset("市省区县镇乡村校院所厂局部团")
_COUNT_START = re.compile(r"^[0-9一二两三四五六七八九十百千多数几]+[家所个批座]")
_CONJ_RE = re.compile("[与和及]")
# Words that tie a unit to its parent and always belong to the name (某大学附属瑞金医院).
_ATTACHED = frozenset(
    {"附属", "直属", "省立", "市立", "县立", "区立", "国立", "私立", "公立", "民办", "公办"}
)
_RUN_END = re.compile(r"[\u4e00-\u9fffA-Za-z0-9•·]*$")
_INNER_BRACKET = re.compile(r"（[\u4e00-\u9fff]{1,6}）")
# Never inside a name: a date (2022年), a count (42所, 近千名), a session (第二届).
_DATE_IN_RUN = re.compile(
    r"[0-9]+[年月日号]|[0-9]+[余多]?[所个家名位项批座场]|[一二两三四五六七八九十百千几数近余多]+[所个家名位项批座]"
    r"|第?[一二三四五六七八九十0-9]+[届次期批]"
)
# Every match of _DATE_IN_RUN holds one of these; searching for them alone is much cheaper.
_DATE_GATE = re.compile(r"[0-9一二两三四五六七八九十百千几数近余多]")


@dataclass(frozen=True, slots=True)
class _Res:
    suffix_re: re.Pattern[str]
    bare_re: re.Pattern[str]
    stops: frozenset[str]  # words that end a name (a set: only whole tokens are tested)
    title_re: re.Pattern[str]
    suffixes: frozenset[str]
    units: frozenset[str]
    party: tuple[str, ...]
    regular: tuple[str, ...]  # non-party suffixes, longest first
    suffix_set: frozenset[str]  # every suffix, party bodies included
    suffix_lengths: dict[
        str, tuple[int, ...]
    ]  # last character → lengths of suffixes ending in it, longest first


def _lengths_by_last(suffixes: set[str]) -> dict[str, tuple[int, ...]]:
    by_last: dict[str, set[int]] = {}
    for x in suffixes:
        if x:
            by_last.setdefault(x[-1], set()).add(len(x))
    return {ch: tuple(sorted(ns, reverse=True)) for ch, ns in by_last.items()}


@cache
def res() -> _Res:
    w = org_words()
    regular = tuple(sorted({*w["suffix"], *w["unit"]}, key=len, reverse=True))
    return _Res(
        suffix_re=re.compile(trie_pattern([*w["suffix"], *w["unit"], *w["party"]])),
        bare_re=re.compile(trie_pattern(w["bare"])),
        stops=frozenset(x for x in _STOPS if x),
        title_re=re.compile(trie_pattern(titles().before)),
        suffixes=frozenset(w["suffix"]) | frozenset(w["party"]),
        units=frozenset(w["unit"]),
        party=tuple(sorted(w["party"], key=len, reverse=True)),
        regular=regular,
        suffix_set=frozenset({*regular, *w["party"]}),
        suffix_lengths=_lengths_by_last({*regular, *w["party"]}),
    )


@cache
def default_places() -> frozenset[str]:
    from .places import division_names, region_words

    return division_names() | region_words()


def starts_place(s: str, places: Collection[str], prefixes: tuple[str, ...]) -> bool:
    return s.startswith(prefixes) or any(s[:n] in places for n in (2, 3, 4))


def name_start_in(run: str, places: Collection[str]) -> int:
    """Index in `run` where the name begins.

    The run is split into dictionary words from the right; the name stops at the first
    word of the sentence: an introducing word (召开, 联合 …), or a verb, adverb, preposition
    or pronoun that is not one of the activity words names are made of (推广站, 服务中心).
    Such an activity word still ends the name when a place follows it (推进市科协).
    """
    if not run:
        return 0
    r = res()
    prefixes = org_words()["prefix"]
    base = 0
    if _DATE_GATE.search(run):  # a simple class first: most runs hold no numeral at all
        for m in _DATE_IN_RUN.finditer(run):  # 2022年全市学会: a date is never part of a name
            base = m.end()
    if _CONJ_RE.search(run, 1):  # a search first, as for dates: most runs hold no 与/和/及
        for m in _CONJ_RE.finditer(run, 1):  # 某县科协和农技中心: a conjunction right after a name
            if suffix_of(run[: m.start()]):
                base = max(base, m.end())
    run = run[base:]
    bounds = (
        {m.end() for m in _STRONG_RE.finditer(run) if m.end() < len(run)} if _STRONG_RE.search(run) else ()
    )
    # The words of `run` from the right (reverse maximum matching over jieba's dictionary,
    # as lexicon.tokens_rtl, a word split where a strong ending falls inside it, as
    # _split_at), read inline: this loop runs for every suffix candidate, and a generator
    # per candidate cost more than the reading. `right` (run[ri:]) is sliced only when a
    # rule needs it.
    words = jieba_words()
    stops = r.stops
    j = len(run)  # right edge of the next dictionary word
    ri = j  # start of the part of the name already read
    pending: tuple[int, str] | None = None  # left half of a split word
    while True:
        if pending is not None:
            i, w = pending
            pending = None
        elif j > 0:
            if j >= 4 and run[j - 4 : j] in words:
                n = 4
            elif j >= 3 and run[j - 3 : j] in words:
                n = 3
            elif j >= 2 and run[j - 2 : j] in words:
                n = 2
            else:
                n = 1
            i = j - n
            w = run[i:j]
            j = i
            if bounds:
                cuts = [p for p in bounds if i < p < i + n]
                if cuts:
                    p = cuts[0]
                    pending = (i, w[: p - i])
                    i, w = p, w[p - i :]
        else:
            return base
        is_stop = w in stops and not _in_place(run, i, i + len(w), places)
        if w == "组织" and run[:i].endswith(_ORG_NOUN_HEADS):  # 社会组织: a noun here
            is_stop = False
            w = "组"  # read on as part of the name
        if w in _CONJ:  # 资源与环境学院 keeps its 与; 某县科协和农技中心, 教授与某大学 do not
            left = run[:i]
            right = run[ri:]
            if (
                not left
                or suffix_of(left)
                or left.endswith(_person_titles())
                or not right  # 示范站点和服务站: nothing of a name between 和 and the suffix
                or right in RELATIVE
                or right in GENERIC_QUALIFIER
                or left in GENERIC_QUALIFIER
            ):
                return base + i + 1
            if any(left[:-n].endswith(_person_titles()) for n in (2, 3) if len(left) > n):
                return base + i + 1  # 研究员某某和罗浮山中学: a person before the conjunction
            if starts_place(right, places, prefixes):
                return base + i + 1
        elif (
            is_stop
            or (
                len(w) > 1
                and w not in places  # one-character function words are stops; 都 in 昆都仑区 is not one
                and run[ri : ri + 1] not in _CONJ  # 呼吸与危重症医学科: the word is one half of "A与B"
                and w not in _ATTACHED
                and (
                    ((clause := words.get(w) in CLAUSE_TAGS) and w not in NAME_VERBS)
                    # an activity word before a place is the sentence's: 建设|世界一流大学, 推进|市科协
                    or ((clause or w in NAME_VERBS) and starts_place(run[ri:], places, prefixes))
                )
            )
        ):
            return base + i + len(w)
        ri = i


def _in_place(run: str, i: int, j: int, places: Collection[str]) -> bool:
    """True when run[i:j] lies inside a place name written there (都 in 昆都仑区, 同 in 大同市)."""
    for n in range(2, 6):
        for a in range(max(0, j - n), min(i, len(run) - n) + 1):
            if run[a : a + n] in places:
                return True
    return False


def not_a_unit(name: str) -> bool:
    """True when `name` ends in a word that only looks like a unit (进站, 全部, 报告厅)."""
    return name[-2:] in _UNIT_NOT_NAME or name[-3:] in _UNIT_NOT_NAME


def name_start(run: str, places: Collection[str] | None = None) -> int:
    """Where the organization name that `run` ends with begins (0: the whole run)."""
    suf = suffix_of(run) or ""
    return name_start_in(run[: len(run) - len(suf)], default_places() if places is None else places)


@cache
def _person_titles() -> tuple[str, ...]:
    return titles().before


def suffix_of(name: str) -> str | None:
    """The longest organization suffix `name` ends with (a set lookup per length: hot path)."""
    r = res()
    lengths = r.suffix_lengths.get(name[-1:])  # most strings end in no suffix's last character
    if lengths is None:
        return None
    for n in lengths:
        if len(name) >= n and name[-n:] in r.suffix_set:
            return name[-n:]
    return None


def valid_name(name: str, suffix: str) -> bool:
    q = name[: len(name) - len(suffix)]
    if not q or len(name) > MAX_NAME or NUMERAL.fullmatch(q):
        return False
    if q in GENERIC_QUALIFIER and suffix not in res().units:  # 科技公司 is generic, 科技部 is not
        return False
    if len(q) == 1 and q not in RELATIVE:
        return False
    if suffix == "中心" and q.endswith(_VENUE_QUALIFIER_END):
        return False
    if suffix in res().units:
        if len(q) < 2 or not_a_unit(name) or NUMERAL.match(q[-1]):  # 1所, 三处
            return False
        tag = word_tag(name[-2:])  # 举办, 住处: the unit character ends an ordinary word
        if tag is not None and not tag.startswith(("n", "j")):
            return False
    if q.startswith(_GENERIC_START) or _COUNT_START.match(q) or not _HAS_WORD.search(q):
        return False
    if suffix in res().units and q.startswith(_BARE_HEADS):
        return False
    return not is_clause_word(q)


def walk_left(text: str, s: int) -> int:
    """Leftmost index of the name characters before `s`, across a short bracket (钢铁（集团）)."""
    floor = max(0, s - MAX_NAME)
    lo = _RUN_END.search(text, floor, s).start()  # one C-level scan, not a loop per character
    while lo > floor and text[lo - 1] == "）":
        m = _INNER_BRACKET.search(text, max(0, lo - 8), lo)
        if m is None or m.end() != lo or m.start() == 0 or not NAME_CHAR.match(text[m.start() - 1]):
            break
        lo = _RUN_END.search(text, floor, m.start()).start()
    return lo
