"""Why an entity was matched: the passage of an activity that shows it, with the need's words marked,
and who can introduce it (the association or society that worked with it).

Pure functions over article text and index facts; the ranking decides which activities to explain.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .match_index import EntityInfo

PASSAGE_MAX = 160  # characters of a passage shown for one activity: two or three lines on a page
PASSAGE_LEAD = 30  # characters kept before the first marked word when a paragraph is cropped

# Organizations whose work is to connect: associations (科协), societies, their service centres and
# alliances. A path runs through these. Source: general Chinese organization-name suffixes.
BRIDGE_SUFFIXES: tuple[str, ...] = (
    "科协",
    "科学技术协会",
    "学会",
    "协会",
    "研究会",
    "促进会",
    "联合会",
    "联合体",
    "社团服务中心",
    "服务中心",
)


@dataclass(frozen=True, slots=True)
class Passage:
    text: str
    spans: list[tuple[int, int]]  # [start, end) of each marked word in `text`
    paragraph: int  # -1: the title


def is_bridge(name: str) -> bool:
    return name.endswith(BRIDGE_SUFFIXES)


def term_pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    """One alternation, longest terms first, so 水肥一体化 is marked whole rather than as 水肥."""
    words = sorted({t for t in terms if t}, key=lambda t: (-len(t), t))
    return re.compile("|".join(map(re.escape, words))) if words else None


def _hits(pattern: re.Pattern[str] | None, text: str) -> list[tuple[int, int]]:
    return [] if pattern is None else [m.span() for m in pattern.finditer(text)]


def best_passage(
    title: str,
    paragraphs: Sequence[str],
    pattern: re.Pattern[str] | None,
    names: Sequence[str] = (),
) -> Passage:
    """The paragraph with the most distinct marked words (one naming the entity preferred),
    cropped to PASSAGE_MAX characters around its densest run of marks."""
    best: tuple[float, int, str, list[tuple[int, int]]] | None = None
    for i, text in enumerate(paragraphs):
        hits = _hits(pattern, text)
        distinct = len({text[a:b] for a, b in hits})
        names_here = any(n and n in text for n in names)
        score = 2 * distinct + 0.25 * len(hits) + (1.5 if names_here else 0)
        if best is None or score > best[0]:
            best = (score, i, text, hits)
    if best is None or best[0] == 0:
        hits = _hits(pattern, title)
        if hits or not paragraphs:
            return Passage(title, hits, -1)
    assert best is not None
    _, i, text, hits = best
    return crop(text, hits, i)


def crop(text: str, hits: list[tuple[int, int]], paragraph: int) -> Passage:
    """A window of PASSAGE_MAX characters holding the most marks, with … where text was cut."""
    if len(text) <= PASSAGE_MAX:
        return Passage(text, hits, paragraph)
    start = 0
    if hits:
        # the window start (at a mark minus PASSAGE_LEAD) that covers the most marks
        starts = [max(0, a - PASSAGE_LEAD) for a, _ in hits]
        start = max(starts, key=lambda s: sum(1 for a, b in hits if a >= s and b <= s + PASSAGE_MAX))
    start = min(start, len(text) - PASSAGE_MAX)
    end = start + PASSAGE_MAX
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    spans = [(a + shift, b + shift) for a, b in hits if a >= start and b <= end]
    return Passage(prefix + text[start:end] + suffix, spans, paragraph)


def path_to(
    entity: EntityInfo,
    evidence: Iterable[tuple[float, Sequence[EntityInfo]]],
    exclude: set[int],
    limit: int = 2,
) -> list[tuple[EntityInfo, int]]:
    """Who can introduce `entity`: the bridge organizations taking part in its matched activities,
    weighted by how much each activity counted; (entity, articles together), strongest first.

    `evidence` is (weight, co-participants) per activity. A person's own society counts too.
    """
    weight: dict[int, float] = {}
    count: dict[int, int] = {}
    info: dict[int, EntityInfo] = {}
    for w, others in evidence:
        for o in others:
            if o.id == entity.id or o.id in exclude or o.kind != "org" or not is_bridge(o.name):
                continue
            weight[o.id] = weight.get(o.id, 0.0) + w
            count[o.id] = count.get(o.id, 0) + 1
            info[o.id] = o
    order = sorted(weight, key=lambda i: (-weight[i], info[i].name))
    return [(info[i], count[i]) for i in order[:limit]]
