"""Who can help? Rank the organizations and people whose past activities fit a need.

The model is document-centred expert finding (Balog et al., 2006, "model 2"): score every
article against the need (BM25 over synonym-expanded concepts, `match_index`), then credit each
entity taking part in a well-scoring article by its role there (lead unit or expert counts, a
chairing official or a passing mention little), the article's recency and its platform fit. An
entity's score sums its best few activities with a decay, so three fitting activities beat one,
but a hundred do not beat three by a hundred times; and it is scaled by focus (the share of its
activities that fit), so the district association that co-signs everything does not bury the
society that did the work. Association-type organizations are shown as the path to an entity.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import numpy as np

from .match_explain import best_passage, path_to, term_pattern
from .match_index import ROLES, EntityInfo, MatchIndex
from .match_need import MIN_NEED_CHARS, Need, meaningful_chars, parse_need, suggestions
from .synonyms import Lexicon, default_lexicon

Kind = Literal["org", "person", "any"]

# How much an activity says about an entity, by its role there. Chosen on benchmarks/match.py;
# the order is what matters: doing the work > reporting it > taking part > chairing > named.
ROLE_WEIGHT: dict[str, float] = {
    "lead": 1.0,  # organized or led it: subject of the first sentence, 牵头/主办
    "unit": 0.9,  # the contributing unit of the attribution line
    "expert": 1.0,  # a person with an expert or speaker title (教授, 专家, 主讲人)
    "partner": 0.7,  # a co-organizer or participating unit
    "official": 0.3,  # a person there by office (主持, 区长, 书记): present, not the expertise
    "mentioned": 0.35,  # named in passing
}
_ROLE_W = np.array([ROLE_WEIGHT[r] for r in ROLES], dtype=np.float32)
RECENCY_HALF_LIFE_DAYS = 730  # an activity two years older than the archive's newest counts ...
RECENCY_FLOOR = 0.6  # ... (1 + 0.6) / 2 = 0.8 as much; old work never counts less than 0.6
RECENCY_UNKNOWN = 0.8  # an undated activity
PLATFORM_BONUS = 0.15  # an activity on a platform the need points at
DECAY = 0.5  # the k-th best activity of an entity counts DECAY**k
EVIDENCE_SUM = 5  # activities summed per entity
FOCUS_EXPONENT = 0.3  # score *= (fitting activities / all activities) ** this
# Associations of the science-association network (区科协, 市科协) connect rather than do the expert
# work: still candidates (they may have done it), but shown mostly as the path to others.
NETWORK_DISCOUNT = 0.6
TOP_DOCS = 2000  # articles credited to entities; the rest score too little to change a top 10
REL_FLOOR = 0.12  # articles below this share of the best article's score are noise
EVIDENCE_SHOWN = 3
EVIDENCE_FLOOR = 0.3  # show a 2nd/3rd activity only if it counts this share of the best one


@dataclass(slots=True)
class Evidence:
    article_id: int
    title: str
    date: str | None
    role: str
    passage: str
    spans: list[tuple[int, int]]
    platforms: list[str]
    score: float


@dataclass(slots=True)
class PathStep:
    entity_id: int
    name: str
    articles: int  # matched activities it shares with the entity


@dataclass(slots=True)
class Match:
    entity_id: int
    name: str
    type: str  # "org" or "person"
    score: float
    activities: int  # fitting activities
    evidence: list[Evidence] = field(default_factory=list)
    path: list[PathStep] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)


@dataclass(slots=True)
class MatchResult:
    need: str
    terms: list[str]
    expansions: dict[str, list[str]]
    platforms: list[str]
    matches: list[Match]
    message: str | None = None  # for the user, Chinese: why there is nothing (or little) to show
    suggestions: list[str] = field(default_factory=list)
    took_ms: float = 0.0
    reranked: bool = False
    unmatched: list[str] = field(default_factory=list)  # need terms (and synonyms) the archive never uses

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class ArticleText:
    title: str
    paragraphs: tuple[str, ...]
    date: str | None
    platforms: tuple[str, ...] = ()


Fetch = Callable[[Sequence[int]], Mapping[int, ArticleText]]


def place_key(place: str) -> str:
    """平谷区 / 平谷 / 北京市平谷区 → 平谷: the part a user types."""
    p = place.strip()
    for prefix in ("北京市", "上海市", "天津市", "重庆市"):
        if p.startswith(prefix) and len(p) > len(prefix):
            p = p[len(prefix) :]
    return p[:-1] if len(p) > 2 and p[-1] in "区县市镇乡" else p


def doc_weights(index: MatchIndex, docs: np.ndarray, need: Need) -> np.ndarray:
    """Recency times platform fit of each article in `docs`."""
    days = index.doc_day[docs]
    newest = index.newest_day
    age = np.maximum(newest - days, 0).astype(np.float32)
    rec = RECENCY_FLOOR + (1 - RECENCY_FLOOR) * np.power(0.5, age / RECENCY_HALF_LIFE_DAYS)
    rec = np.where(days < 0, RECENCY_UNKNOWN, rec)
    mask = index.platform_mask(need.platforms)
    if mask:
        rec = rec * np.where(index.doc_platform_bits[docs] & mask, 1 + PLATFORM_BONUS, 1.0)
    return rec.astype(np.float32)


def top_docs(scores: np.ndarray, limit: int = TOP_DOCS) -> np.ndarray:
    nz = np.flatnonzero(scores >= max(float(scores.max(initial=0.0)) * REL_FLOOR, 1e-9))
    if len(nz) > limit:
        nz = nz[np.argpartition(-scores[nz], limit)[:limit]]
    return nz


def rank(
    index: MatchIndex,
    need: Need,
    *,
    kind: Kind = "any",
    region: str | None = None,
    exclude: frozenset[int] = frozenset(),
    limit: int = 10,
) -> tuple[list[tuple[float, int, list[tuple[float, int, int]]]], int]:
    """The best `limit` entities: (score, entity index, [(credit, doc, role code) best first]); and
    how many articles fit at all (for the message when filters leave nothing).

    Vectorised over every (article, entity) pair of the fitting articles; Python touches only
    the entities returned (and, with a region filter, the ones it rejects on the way).
    """
    scores = index.bm25(need.concepts)
    docs = top_docs(scores)
    if not len(docs):
        return [], 0
    credit = scores[docs] * doc_weights(index, docs, need)
    starts = index.inv_ptr[docs]
    lens = index.inv_ptr[docs + 1] - starts
    pos = np.repeat(starts - np.cumsum(lens) + lens, lens) + np.arange(int(lens.sum()))
    ent = index.inv_entity[pos]
    role = index.inv_role[pos]
    doc = np.repeat(docs, lens)
    c = np.repeat(credit, lens) * _ROLE_W[role]
    keep = np.ones(len(ent), dtype=bool)
    if kind != "any":
        keep &= index.entity_person[ent] == (kind == "person")
    if exclude:
        keep &= ~np.isin(ent, [index.entity_pos[i] for i in exclude if i in index.entity_pos])
    ent, role, doc, c = ent[keep], role[keep], doc[keep], c[keep]
    if not len(ent):
        return [], len(docs)
    # by entity, best credit first: one float key (entity + a fraction falling with credit) sorts
    # faster than a two-key lexsort
    order = np.argsort(ent + (1.0 - c / (float(c.max()) * 1.0001 + 1e-12)))
    ent, role, doc, c = ent[order], role[order], doc[order], c[order]
    first = np.flatnonzero(np.r_[True, ent[1:] != ent[:-1]])
    size = np.diff(np.r_[first, len(ent)])
    nth = np.arange(len(ent)) - np.repeat(first, size)
    decayed = np.where(nth < EVIDENCE_SUM, c * np.power(DECAY, nth), 0.0)
    total = np.add.reduceat(decayed, first)
    who = ent[first]
    focus = np.minimum(1.0, size / np.maximum(index.entity_docs[who], 1))
    final = (
        total * np.power(focus, FOCUS_EXPONENT) * np.where(index.entity_network[who], NETWORK_DISCOUNT, 1.0)
    )
    key = place_key(region) if region else None
    if key is None and len(final) > limit:  # only the best `limit` are needed: no full sort
        head = np.argpartition(-final, limit)[:limit]
        best = head[np.lexsort((who[head], -final[head]))]
    else:
        best = np.lexsort((who, -final))
    out: list[tuple[float, int, list[tuple[float, int, int]]]] = []
    for g in best.tolist():
        lo, hi = int(first[g]), int(first[g]) + int(size[g])
        items = list(zip(c[lo:hi].tolist(), doc[lo:hi].tolist(), role[lo:hi].tolist(), strict=True))
        e = int(who[g])
        if key and not _in_region(index, index.entities[e], items, key):
            continue
        out.append((float(final[g]), e, items))
        if len(out) >= limit:
            break
    return out, len(docs)


def _in_region(index: MatchIndex, info: EntityInfo, items: list[tuple[float, int, int]], key: str) -> bool:
    if key in info.name or any(key in place_key(p) or place_key(p) in key for p in info.places):
        return True
    return any(key in place_key(p) for _, d, _ in items for p in index.doc_places[d])


def match(
    index: MatchIndex,
    need_text: str,
    fetch: Fetch,
    *,
    kind: Kind = "any",
    region: str | None = None,
    top: int = 10,
    home_org: str | None = None,
    lexicon: Lexicon | None = None,
    rerank: Callable[[Need, list[Match]], list[Match]] | None = None,
) -> MatchResult:
    """The ranked answer to a need, never an error: a vague or unmatched need gets a message
    and words from the archive to try."""
    t0 = time.perf_counter()
    lex = lexicon or default_lexicon()
    need = parse_need(need_text, lex)
    result = MatchResult(need.text, need.terms, need.expansions, need.platforms, [])
    if index.size == 0:
        result.message = "档案里还没有活动记录，请先导入工作动态（上传页，或 kexie ingest）。"
        return _done(result, t0)
    if meaningful_chars(need.text) < MIN_NEED_CHARS or not need.terms:
        result.message = (
            "需求描述太短或过于笼统，请用一句话说明要做什么，例如「果园水肥一体化技术指导」。"
            if meaningful_chars(need.text) < MIN_NEED_CHARS
            else f"「{need.text}」里没有可以检索的具体内容，请写明领域或要做的事。"
        )
        result.suggestions = suggestions(index, lex, need.text)
        return _done(result, t0)
    result.unmatched = [
        t
        for t, c in zip(need.terms, need.concepts, strict=True)
        if not any(len(index.postings(x)[0]) for x, _ in c)
    ]
    exclude = frozenset(index.name_ids.get(home_org, ())) if home_org else frozenset()
    pool_size = max(top, 1) * (3 if rerank else 1)
    ranked, fitting = rank(index, need, kind=kind, region=region, exclude=exclude, limit=pool_size)
    if not ranked:
        if fitting:
            result.message = (
                "档案中有相关活动，但没有符合筛选条件（类型或地区）的单位或个人，可放宽条件再试。"
            )
        else:
            words = "、".join(need.terms[:5])
            result.message = (
                f"档案中没有找到与「{words}」相关的活动，可换个说法，或试试下面这些档案里常见的词。"
            )
            result.suggestions = suggestions(index, lex, need.text)
        return _done(result, t0)
    result.matches = explain(index, need, ranked, fetch, exclude)
    if rerank is not None:
        result.matches = rerank(need, result.matches)
        result.reranked = True
    result.matches = result.matches[:top]
    if result.unmatched:
        found = [t for t in need.terms if t not in result.unmatched]
        result.message = f"档案中没有「{'、'.join(result.unmatched)}」的相关活动，以下结果只与「{'、'.join(found)}」有关，仅供参考。"
    if len(result.matches) < 3:
        result.suggestions = suggestions(index, lex, need.text)
    return _done(result, t0)


def _done(result: MatchResult, t0: float) -> MatchResult:
    result.took_ms = round((time.perf_counter() - t0) * 1000, 2)
    return result


def explain(
    index: MatchIndex,
    need: Need,
    ranked: list[tuple[float, int, list[tuple[float, int, int]]]],
    fetch: Fetch,
    exclude: frozenset[int] = frozenset(),
) -> list[Match]:
    """Matches with their best 1-3 activities (passages marked) and the path to reach them."""
    shown: dict[int, list[tuple[float, int, int]]] = {}
    for _, e, items in ranked:
        best = items[0][0]
        shown[e] = [it for it in items[:EVIDENCE_SHOWN] if it[0] >= best * EVIDENCE_FLOOR]
    ids = sorted({int(index.doc_ids[d]) for items in shown.values() for _, d, _ in items})
    texts = fetch(ids)
    pattern = term_pattern(need.highlight_terms)
    top_score = ranked[0][0] if ranked else 1.0
    out: list[Match] = []
    for score, e, items in ranked:
        info = index.entities[e]
        names = (info.name, *info.aliases)
        evidence: list[Evidence] = []
        for credit, d, r in shown[e]:
            aid = int(index.doc_ids[d])
            art = texts.get(aid)
            if art is None:
                continue
            p = best_passage(art.title, art.paragraphs, pattern, names)
            evidence.append(
                Evidence(
                    aid, art.title, art.date, ROLES[r], p.text, p.spans, list(art.platforms), round(credit, 3)
                )
            )
        together = [
            (c, [index.entities[o] for o, _ in index.involvements(d)])
            for c, d, _ in items[: EVIDENCE_SUM * 2]
        ]
        path = [PathStep(o.id, o.name, n) for o, n in path_to(info, together, set(exclude))]
        out.append(
            Match(
                entity_id=info.id,
                name=info.name,
                type=info.kind,
                score=round(100 * score / top_score, 1) if top_score > 0 else 0.0,
                activities=len(items),
                evidence=evidence,
                path=path,
                titles=list(info.titles),
            )
        )
    return out
