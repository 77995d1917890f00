"""Event type and platforms, each decided by weighted cue words (data/cues.tsv).

A cue's weight counts TITLE_WEIGHT times in the title (the title names the activity;
the body also tells background and plans), and each cue counts at most MAX_HITS times
so one repeated word cannot outvote the rest. The event type is the best-scoring key
(其他 below MIN_EVENT); a platform is kept when its score is at least PLATFORM_MIN and
PLATFORM_SHARE of the best platform's (an article that lists all eight platforms in
passing still serves the one it is about). The scores and the cues found go to
`Article.explain`, which `kexie parse --explain` prints.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import chain
from typing import Any

from .trie import trie_pattern

TITLE_WEIGHT = 3.0
MAX_HITS = 3
MIN_EVENT = 2.0  # one weak cue (召开, 指导) alone does not make an event type
PLATFORM_MIN = 5.0  # chosen on the gold sets (a plateau from 5 to 7): one strong cue, or a few weak ones
PLATFORM_SHARE = 0.4
OTHER = "其他"


@dataclass(frozen=True, slots=True)
class _Cues:
    event_types: tuple[str, ...]
    platforms: tuple[str, ...]
    cues: dict[str, list[tuple[str, str, float]]]  # field → (key, cue, weight)
    # One scan finds every cue: at each position the longest cue starting there, which
    # stands for itself and every shorter cue it begins with (科普讲座 → 科普讲座, 科普).
    scan: re.Pattern[str]
    starts_with: dict[str, tuple[str, ...]]
    by_word: dict[str, dict[str, list[tuple[str, float]]]]  # field → cue → (key, weight)


def _data(name: str) -> str:
    return resources.files("kexie.extract").joinpath("data", name).read_text("utf-8")


@cache
def taxonomy() -> dict[str, Any]:
    """The taxonomy shipped with the package (a copy of shared/contract/taxonomy.json)."""
    return json.loads(_data("taxonomy.json"))


def platform_keys() -> tuple[str, ...]:
    """The eight service platforms and the two internal lines of work, in the taxonomy's order."""
    return tuple(k for k in taxonomy()["platforms"] if not k.startswith("_"))


@cache
def _load() -> _Cues:
    tax = taxonomy()
    events = tuple(k for k in tax["event_types"] if not k.startswith("_"))
    platforms = tuple(k for k in tax["platforms"] if not k.startswith("_"))
    cues: dict[str, list[tuple[str, str, float]]] = {"event": [], "platform": []}
    for n, ln in enumerate(_data("cues.tsv").splitlines(), 1):
        if not ln.strip() or ln.startswith("#"):
            continue
        field, key, cue, weight = ln.split("\t")
        known = events if field == "event" else platforms
        if key not in known:
            raise ValueError(f"cues.tsv line {n}: {key!r} is not a taxonomy key of {field}")
        cues[field].append((key, cue, float(weight)))
    words = {cue for entries in cues.values() for _, cue, _ in entries}
    starts_with = {w: tuple(c for c in words if w.startswith(c)) for w in words}
    # Overlapping hits (a lookahead at every position); the leading class of first
    # characters lets `re` reject most positions before entering the trie's alternatives.
    first = "".join(re.escape(w[0]) for w in sorted({w[:1] for w in words if w}))
    scan = re.compile(f"(?=[{first}])(?=({trie_pattern(words)}))" if first else "(?!)")
    by_word: dict[str, dict[str, list[tuple[str, float]]]] = {}
    for field, entries in cues.items():
        for key, cue, weight in entries:
            by_word.setdefault(field, {}).setdefault(cue, []).append((key, weight))
    return _Cues(events, platforms, cues, scan, starts_with, by_word)


def _counts(text: str) -> Counter[str]:
    c = _load()
    # One Counter built from all hits at once: an update per hit costs more than the scan.
    return Counter(chain.from_iterable(c.starts_with[m.group(1)] for m in c.scan.finditer(text)))


def _score(
    field: str, keys: tuple[str, ...], title: Counter[str], body: Counter[str]
) -> tuple[dict[str, float], dict[str, list[str]]]:
    scores = dict.fromkeys(keys, 0.0)
    found: dict[str, list[str]] = {}
    entries = _load().by_word[field]
    for cue in sorted((title.keys() | body.keys()) & entries.keys()):  # cues of this field only
        t, b = min(title[cue], MAX_HITS), min(body[cue], MAX_HITS)
        for key, weight in entries.get(cue, ()):
            scores[key] += weight * (TITLE_WEIGHT * t + b)
            found.setdefault(key, []).append(f"{cue}×{t + b}" + ("(标题)" if t else ""))
    return scores, found


def classify(title: str, paragraphs: list[str]) -> tuple[str, list[str], dict[str, Any]]:
    """(event type, platforms, explanation) of an article."""
    c = _load()
    title_counts, body_counts = _counts(title), _counts("\n".join(paragraphs))
    ev_scores, ev_cues = _score("event", c.event_types, title_counts, body_counts)
    best = max(c.event_types, key=lambda k: (ev_scores[k], -c.event_types.index(k)))
    event = best if ev_scores[best] >= MIN_EVENT else OTHER
    pf_scores, pf_cues = _score("platform", c.platforms, title_counts, body_counts)
    top = max(pf_scores.values(), default=0.0)
    platforms = [
        k for k in c.platforms if pf_scores[k] >= PLATFORM_MIN and pf_scores[k] >= PLATFORM_SHARE * top
    ]
    explain = {
        "event_type": {
            "choice": event,
            "scores": {k: v for k, v in ev_scores.items() if v},
            "cues": ev_cues,
        },
        "platforms": {
            "choice": platforms,
            "scores": {k: v for k, v in pf_scores.items() if v},
            "cues": pf_cues,
            "threshold": max(PLATFORM_MIN, PLATFORM_SHARE * top),
        },
    }
    return event, platforms, explain
