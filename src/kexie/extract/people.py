"""People and their titles, by the grammar news items use to name them.

Chinese news names a person next to a title: before it (党组书记王某, 区长李某), after it
(王某博士, 李某老师), or, for national leaders, name then title (X主席). Stages, in order:

1. titles before a name: every title-lexicon hit followed by a plausible name; titles
   joined by 、 before it are shared (党组成员、副主席A、B、C: all three get both titles),
   and an organization written in front of a title belongs to it (区科协主席);
2. honorifics after a name (博士, 老师 …) not already read in stage 1;
3. leader titles and formal posts after a name (X主席, 李某院长), with a clear left edge;
4. people named without a title: a speaker opening a clause (，王某表示), a list of names
   before 等专家, a name with its titles in brackets (王某（某大学教授）);
5. every later occurrence of a found name, alone, is a mention of the same person.

A name is a surname from the list plus one or two characters (compound surname plus
one or two), must not be an everyday word (jieba's dictionary), and must be followed by
punctuation or a word that can follow a name (主持, 表示, 、 …): this is what keeps
"书记以及" or "主任委员" from becoming people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..model import Article, Mention, Person
from .lexicon import is_clause_word, is_common_word, org_words, sections, surnames, titles, word_tag
from .orgname import name_start, not_a_unit, walk_left
from .trie import trie_pattern

_RULES = sections("people_rules.txt")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# Characters that cannot begin a given name: function words that follow a title in prose.
_NOT_FIRST_GIVEN = frozenset(
    "的了是在和与及以等对为就将把被从向到于也都又并而或着过们这那其该此各每有要会上下中等"
)
_NOT_GIVEN = frozenset("的了是以等们这那其该此各每在就把被从向到于也都又并对与及将")
_TRANSLIT = re.compile(r"[\u4e00-\u9fff]{1,7}·[\u4e00-\u9fff]{1,7}(?:·[\u4e00-\u9fff]{1,7})?")
# A clause opening with a name and a speech verb; a list of names before 等 + a word for people.
_SPEAKER = re.compile(
    r"(?:(?:^|(?<=[，。；：！？“\s]))([\u4e00-\u9fff]{2,4}?)(?=表示|指出|强调|认为|谈到|介绍说|说：|告诉记者)"
    r"|(?<=据)([\u4e00-\u9fff]{2,4}?)(?=介绍|说|透露))"
)
_NAME_LIST = re.compile(
    r"(?:^|(?<=[，。；：！？“\s]))([\u4e00-\u9fff]{2,4}(?:、[\u4e00-\u9fff]{2,4})+)"
    r"(?=等(?:专家|同志|领导|老师|教授|院士|嘉宾|学者|科技工作者|[0-9一二三四五六七八九十]+[人名位]))"
)
# jieba tags (first letter) of everyday words that can still be names after a title: 高洁 (a), 常青 (i/l).
_NAME_LIKE_TAGS = ("a", "i", "l", "t", "nz", "ns")
# After a name: 为/当选/担任 + optional session word + up to 10 characters ending in a title, then a stop.
_ROLE = re.compile(
    r"(?:当选为?|担任|为)(首届|新一届|新任|第[一二三四五六七八九十0-9]+届)?[\u4e00-\u9fff]{0,10}?[\u4e00-\u9fff]{2,5}(?=[，。；、！]|$)"
)
_PAREN_TITLES = re.compile(r"（([^（）]{2,40})）")
# Surnames that are also function words; before another surname they are the function word.
_FUNCTION_CHARS = frozenset("和与及同向对于从在为将把被让给由以时能都那通后相空家国全成")
# What may follow a name: punctuation, or a word that starts the rest of the clause.
_FOLLOW_WORDS = tuple(_RULES["follow"])
_PUNCT = frozenset("，。、；：！？“”‘’（）《》()〈〉【】[]「」 ,.;:!?\"'—-…·•\t\n")
# Continuations that turn an honorific into a longer word (博士后, 老师们, 教授级).
_AFTER_BAD_NEXT = frozenset("后生点们级学位")
# The organization part of a title must end like an organization or a part of one.
_ORGISH_END_EXTRA = (
    "政协",
    "人大",
    "常委会",
    "组",
    "小组",
    "市",
    "省",
    "区",
    "县",
    "镇",
    "乡",
    "村",
    "系",
    "科",
    "室",
    "团队",
    "班子",
    "理事会",
    "董事会",
    "监事会",
    "委",
    "团",
)
MAX_TITLE_PREFIX = 24  # characters; the longest organization prefix read in front of a title


@dataclass(frozen=True, slots=True)
class _Res:
    before_re: re.Pattern[str]
    after_re: re.Pattern[str]
    leader_re: re.Pattern[str]
    follow_re: re.Pattern[str]
    orgish_end: tuple[str, ...]
    after_titles: frozenset[str]
    single: frozenset[str]
    compound: frozenset[str]
    suffixes: tuple[str, ...]
    suffix_re: re.Pattern[str]  # multi-character organization suffixes, anywhere in a candidate


@cache
def _res() -> _Res:
    t = titles()
    before = set(t.before)
    for base in t.before:  # 副 and 常务副 forms of every title
        if not base.startswith("副"):
            before.update(("副" + base, "常务副" + base))
    before.update(t.before_plain)
    after = [*t.after, *t.after_plain]
    single, compound = surnames()
    ow = org_words()
    suffixes = tuple(sorted({*ow["suffix"], *ow["party"], *ow["unit"]}, key=len, reverse=True))
    follow = sorted({*_FOLLOW_WORDS, *after, *before}, key=len, reverse=True)
    return _Res(
        before_re=re.compile(trie_pattern(before)),
        after_re=re.compile(trie_pattern(after)),
        leader_re=re.compile(trie_pattern([*t.leader, *t.after_formal])),
        follow_re=re.compile(trie_pattern(follow)),
        orgish_end=tuple(sorted({*suffixes, *_ORGISH_END_EXTRA}, key=len, reverse=True)),
        after_titles=frozenset(t.after),
        single=single,
        compound=compound,
        suffixes=suffixes,
        suffix_re=re.compile(trie_pattern(x for x in suffixes if len(x) > 1)),
    )


def _plausible(name: str, after_title: bool = False) -> bool:
    """Surname + 1–2 given characters, not an everyday word, no organization suffix inside.

    Right after a title, a name that is also an adjective or idiom (高洁, 文静) is taken;
    nouns, verbs and function words (单位, 主持) are still refused there.
    """
    r = _res()
    sur = name[:2] if name[:2] in r.compound else name[0]
    given = name[len(sur) :]
    if not (sur in r.compound or sur in r.single) or not 1 <= len(given) <= 2:
        return False
    if not all(_CJK.match(c) for c in name) or given[0] in _NOT_FIRST_GIVEN:
        return False
    if any(c in _NOT_GIVEN for c in given):
        return False
    if sur in _FUNCTION_CHARS and len(given) == 2 and is_common_word(given):
        return False  # 专家和企业: a conjunction and a word, not 和 + a given name
    if is_common_word(name) and not (after_title and (word_tag(name) or "-").startswith(_NAME_LIKE_TAGS)):
        return False
    return r.suffix_re.search(name) is None


def _follow_len(text: str, end: int) -> int:
    """Length of the word after a name candidate: 0 at punctuation or text end, -1 if none fits."""
    if end >= len(text) or text[end] in _PUNCT or not _CJK.match(text[end]):
        return 0
    m = _res().follow_re.match(text, end)
    if m:
        return len(m.group())
    # Any verb or preposition of two characters starts the rest of the clause (通报, 入选).
    return 2 if is_clause_word(text[end : end + 2]) and len(text) >= end + 2 else -1


def _read_name(text: str, pos: int, after_title: bool = True) -> str | None:
    """The name starting at `pos`, or None: longest plausible form followed by a valid word.

    A shorter form wins when it is followed by a longer word (徐某|陪同, not 徐某陪|同).
    """
    r = _res()
    m = _TRANSLIT.match(text, pos)  # 阿不都热依木·卡德尔: a transliterated name, no surname
    if m:
        last = m.group().rfind("·") + 1
        for end in range(pos + last + 1, m.end() + 1):  # the shortest last part a word follows
            if _follow_len(text, end) >= 0:
                return text[pos:end]
    surs = [text[pos : pos + 2]] if text[pos : pos + 2] in r.compound else []
    if pos < len(text) and text[pos] in r.single:
        surs.append(text[pos])
    for sur in surs:
        best: tuple[str, int] | None = None
        for glen in (2, 1):
            end = pos + len(sur) + glen
            if end > len(text):
                continue
            name = text[pos:end]
            if len(name) == 2 and name[0] in _FUNCTION_CHARS and name[1] in r.single:
                continue  # 老师和李教授: 和 is the conjunction
            flen = _follow_len(text, end)
            if flen < 0 or not _plausible(name, after_title):
                continue
            if name[0] in _FUNCTION_CHARS and is_common_word(text[end - 1 : end + 1]):
                continue  # 秘书长和工|作人员: the last character begins a word with the next one
            if best is None or flen > best[1] >= 1:  # 周卫|作报告 rather than 周卫作|报告
                best = (name, flen)
        if best:
            return best[0]
    return None


def _title_prefix_start(text: str, start: int) -> int:
    """Where the organization part written in front of a title begins (= start when none)."""
    r = _res()
    lo = max(walk_left(text, start), start - MAX_TITLE_PREFIX)
    if lo == start:
        return start
    cut = name_start(text[lo:start])
    prefix = text[lo + cut : start]
    if prefix in ("省", "市", "区", "县", "校") and start - lo == 1:
        return lo  # 市领导, 校领导: the level alone, at the start of a clause
    if len(prefix) < 2 or not prefix.endswith(r.orgish_end) or is_clause_word(prefix) or not_a_unit(prefix):
        return start
    return lo + cut


@dataclass(slots=True)
class _Found:
    name: str
    titles: list[tuple[int, int, int]]  # (paragraph, start, end) of each title occurrence
    spans: list[tuple[int, int, int]]  # (paragraph, start, end) of the name


def _titles_before(
    pi: int, text: str, found: list[_Found], title_hits: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Names after titles; `title_hits`: the spans of before_re in `text` (read once per text)."""
    r = _res()
    taken: list[tuple[int, int]] = []
    ends = {e: s for s, e in title_hits}
    for s, e in title_hits:
        name = _read_name(text, e) if e < len(text) else None
        npos = e
        if name is None and text[e : e + 1] in ("：", ":") and r.before_re.fullmatch(text, s, e):
            name = _read_name(text, e + 1)  # 主持人：王某 — read on past the colon
            npos = e + 1
        if name is None:
            continue
        # The chain of titles joined by 、 in front, each with its organization prefix.
        chain = [(_title_prefix_start(text, s), e)]
        while chain[0][0] > 0 and text[chain[0][0] - 1] in "、兼" and chain[0][0] - 1 in ends:
            pe = chain[0][0] - 1
            if _ends_named_honorific(text, ends[pe], pe):
                break  # 潘某教授、县科协主席林某: 教授 belongs to the name before it
            chain.insert(0, (_title_prefix_start(text, ends[pe]), pe))
        pos, names = npos, []
        while name is not None:
            names.append((pos, pos + len(name)))
            pos += len(name)
            if pos < len(text) and text[pos] in "、和及与":  # 副主席甲、乙和丙: all share the titles
                name = _read_name(text, pos + 1)
                pos += 1
            else:
                name = None
        for ns, ne in names:
            tspans = [(pi, a, b) for a, b in chain if text[a:b] not in _plain_roles()]
            tspans += _honorific_after(pi, text, ne) or _role_after(pi, text, ne)
            found.append(_Found(text[ns:ne], tspans, [(pi, ns, ne)]))
            taken.append((ns, ne))
        taken.extend(chain)
    return taken


def _ends_named_honorific(text: str, s: int, e: int) -> bool:
    """True when the title text[s:e] is an honorific written after a name (王某教授)."""
    if text[s:e] not in _res().after_titles:
        return False
    return any(s - n >= 0 and _plausible(text[s - n : s]) and _left_ok(text, s - n) for n in (3, 2))


def _role_after(pi: int, text: str, end: int) -> list[tuple[int, int, int]]:
    """选举某某为首届会长 / 某某当选主任委员: the role the sentence gives the person."""
    m = _ROLE.match(text, end)
    if m is None:
        return []
    last = None
    for t in _res().before_re.finditer(text, m.start(), m.end()):
        last = t
    if last is None or last.end() != m.end():
        return []
    return [(pi, last.start(), last.end())]


def _honorific_after(pi: int, text: str, end: int) -> list[tuple[int, int, int]]:
    r = _res()
    m = r.after_re.match(text, end)
    if m and m.group() in r.after_titles and (m.end() >= len(text) or text[m.end()] not in _AFTER_BAD_NEXT):
        return [(pi, m.start(), m.end())]
    return []


def _left_ok(text: str, start: int) -> bool:
    """A name may start here: text start, punctuation, a title end or a clause word before it."""
    if start == 0 or text[start - 1] in _PUNCT or not _CJK.match(text[start - 1]):
        return True
    before = text[max(0, start - 8) : start]
    if before.endswith(_before_titles()):
        return True
    if before[-1] in "是由请自和与及对向为了到给赴在从于往" or is_clause_word(before[-2:]):
        return True
    # A word of the sentence ends right here (落实|习某): the name starts a new word.
    return len(before) >= 2 and is_common_word(before[-2:])


@cache
def _plain_roles() -> frozenset[str]:
    return frozenset(titles().before_plain)


@cache
def _before_titles() -> tuple[str, ...]:
    return tuple(titles().before)


def _name_ending_at(text: str, end: int, known: set[str]) -> tuple[int, str] | None:
    """The name written just before `end` (for 王某博士, 习某主席): known names first."""
    r = _res()
    cands: list[tuple[int, str]] = []
    for n in (4, 3, 2):
        s = end - n
        if s < 0:
            continue
        name = text[s:end]
        if name in known:
            return s, name
        sur = name[:2] if name[:2] in r.compound else name[0]
        # 和李教授: a conjunction before a bare surname + honorific, not a name 和李
        if n == 2 and name[0] in _FUNCTION_CHARS and name[1] in r.single:
            continue
        if (len(name) - len(sur)) in (1, 2) and _plausible(name):
            cands.append((s, name))
    for s, name in cands:
        if _left_ok(text, s):
            return s, name
    for s, name in cands:  # no clear left edge: the surname must not end a preceding word
        if s == 0 or not is_common_word(text[s - 1 : s + 1]):
            return s, name
    return None


def _overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def find_persons(article: Article) -> tuple[list[Person], list[Mention]]:
    """Persons with their titles, and PER/TITLE mentions (paragraph -1 is the title)."""
    r = _res()
    texts = [(-1, article.title), *enumerate(article.paragraphs)]
    found: list[_Found] = []
    taken: dict[int, list[tuple[int, int]]] = {}
    title_hits: dict[int, list[tuple[int, int]]] = {}
    for pi, text in texts:
        title_hits[pi] = [(m.start(), m.end()) for m in r.before_re.finditer(text)]
        taken[pi] = _titles_before(pi, text, found, title_hits[pi])
    known = {f.name for f in found}
    for pi, text in texts:
        for m in r.after_re.finditer(text):
            if m.end() < len(text) and text[m.end()] in _AFTER_BAD_NEXT:
                continue
            hit = _name_ending_at(text, m.start(), known)
            if hit is None or _overlaps((hit[0], m.end()), taken[pi]):
                continue
            s, name = hit
            tspans = [(pi, m.start(), m.end())] if m.group() in r.after_titles else []
            found.append(_Found(name, tspans, [(pi, s, m.start())]))
            taken[pi].append((s, m.end()))
            known.add(name)
        longer = title_hits[pi]
        for m in r.leader_re.finditer(text):
            if _overlaps((m.start(), m.end()), taken[pi]):
                continue
            if any(a <= m.start() and m.end() <= b and b - a > m.end() - m.start() for a, b in longer):
                continue  # 副县长, 主任委员: part of a longer title, not one after a name
            if m.end() < len(text) and _read_name(text, m.end()):
                continue
            hit = _name_ending_at(text, m.start(), known)
            if hit is None or (not _left_ok(text, hit[0]) and hit[1] not in known):
                continue
            s, name = hit
            found.append(_Found(name, [(pi, m.start(), m.end())], [(pi, s, m.start())]))
            taken[pi].append((s, m.end()))
            known.add(name)
        _untitled(pi, text, found, taken[pi])
    return _merge(found, texts, taken)


def _untitled(pi: int, text: str, found: list[_Found], taken: list[tuple[int, int]]) -> None:
    """Stage 4: a name opening a clause before a speech verb (，王某表示), or a list of names
    before 等专家 — people the item names without a title. Every name must be plausible."""
    for m in _SPEAKER.finditer(text):
        g = 1 if m.group(1) else 2
        name = m.group(g)
        if _plausible(name) and name[0] not in _FUNCTION_CHARS and not _overlaps(m.span(g), taken):
            found.append(_Found(name, [], [(pi, m.start(g), m.end(g))]))
            taken.append(m.span(g))
    for m in _NAME_LIST.finditer(text):
        names = m.group(1).split("、")
        if all(_plausible(n) and n[0] not in _FUNCTION_CHARS for n in names) and not _overlaps(
            m.span(1), taken
        ):
            pos = m.start(1)
            for n in names:
                found.append(_Found(n, [], [(pi, pos, pos + len(n))]))
                pos += len(n) + 1
            taken.append(m.span(1))
    for m in _PAREN_TITLES.finditer(text):  # 王某（某大学教授、博士生导师）
        hit = _name_ending_at(text, m.start(), set())
        if hit is None or _overlaps((hit[0], m.end()), taken):
            continue
        spans, pos = [], m.start(1)
        for part in m.group(1).split("、"):
            if any(t.end() == len(part) for t in _res().before_re.finditer(part)):
                spans.append((pi, pos, pos + len(part)))
            pos += len(part) + 1
        if spans:
            found.append(_Found(hit[1], spans, [(pi, hit[0], m.start())]))
            taken.append((hit[0], m.end()))


def _inside_word(text: str, s: int, e: int) -> bool:
    """A name's characters that are part of a longer word here (高峰 in 高峰论坛)."""
    return is_common_word(text[s : e + 2]) or (s >= 1 and is_common_word(text[s - 1 : e]))


def _merge(
    found: list[_Found], texts: list[tuple[int, str]], taken: dict[int, list[tuple[int, int]]]
) -> tuple[list[Person], list[Mention]]:
    persons: dict[str, Person] = {}
    mentions: list[Mention] = []
    named: dict[int, list[tuple[int, int]]] = {pi: [] for pi, _ in texts}
    text_of = dict(texts)
    for f in found:
        p = persons.setdefault(f.name, Person(f.name))
        for pi, s, e in f.titles:
            title = text_of[pi][s:e]
            if title not in p.titles:
                p.titles.append(title)
            mentions.append(Mention("TITLE", title, pi, s, e, f.name))
        for pi, s, e in f.spans:
            if (s, e) not in named[pi]:
                named[pi].append((s, e))
                mentions.append(Mention("PER", f.name, pi, s, e, f.name))
    # Later mentions by the name alone.
    for name in persons:
        for pi, text in texts:
            i = text.find(name)
            while i >= 0:
                span = (i, i + len(name))
                if not _overlaps(span, named[pi]) and not _inside_word(text, *span):
                    named[pi].append(span)
                    mentions.append(Mention("PER", name, pi, span[0], span[1], name))
                i = text.find(name, i + len(name))
    mentions.sort(key=lambda m: (m.paragraph, m.start, m.type))
    return list(persons.values()), mentions
