"""The generator's word lists and sentence templates, read once from ``synth/data``.

Kept as data files (each naming its source) so the vocabulary can grow without touching code,
and parsed once into tuples so that generating a million articles costs no parsing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

_SLOT = re.compile(r"\{([A-Z]+)(?::([^}]+))?\}")

# A template is a tuple of pieces: a literal string, or a (slot, argument) pair.
Piece = str | tuple[str, str | None]
Template = tuple[Piece, ...]


@dataclass(frozen=True, slots=True)
class City:
    name: str  # 北京市
    short: str  # 北京
    districts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Vocab:
    cities: tuple[City, ...]
    provinces: tuple[str, ...]
    surnames: tuple[str, ...]
    given: tuple[str, ...]
    titles: dict[str, tuple[str, ...]]
    orgs: dict[str, tuple[str, ...]]
    mast: dict[str, tuple[str, ...]]
    # platform -> (event types it suits, topics)
    topics: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]
    # role ("title:会议", "lead:会议", "speech", "body", "next") -> templates; word lists ("do", "goal",
    # "theme") as plain strings.
    templates: dict[str, tuple[Template, ...]]
    words: dict[str, tuple[str, ...]]


def _lines(name: str) -> list[str]:
    text = files("kexie.synth").joinpath("data", name).read_text(encoding="utf-8")
    return [ln.rstrip("\n") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def _keyed(name: str) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for ln in _lines(name):
        key, words = ln.split("\t", 1)
        out[key] = tuple(words.split())
    return out


def parse_template(text: str) -> Template:
    """Split ``"{DATE}，{ORG}召开…"`` into literal strings and (slot, argument) pairs."""
    pieces: list[Piece] = []
    pos = 0
    for m in _SLOT.finditer(text):
        if m.start() > pos:
            pieces.append(text[pos : m.start()])
        pieces.append((m.group(1), m.group(2)))
        pos = m.end()
    if pos < len(text):
        pieces.append(text[pos:])
    return tuple(pieces)


def _templates() -> tuple[dict[str, tuple[Template, ...]], dict[str, tuple[str, ...]]]:
    blocks: dict[str, list[str]] = {}
    current = None
    for ln in _lines("templates.txt"):
        if ln.startswith("[") and ln.endswith("]"):
            current = ln[1:-1]
            blocks[current] = []
        elif current is not None:
            blocks[current].append(ln.strip())
    word_roles = {"do", "goal", "theme"}
    templates = {k: tuple(parse_template(t) for t in v) for k, v in blocks.items() if k not in word_roles}
    words = {k: tuple(v) for k, v in blocks.items() if k in word_roles}
    return templates, words


@cache
def vocab() -> Vocab:
    cities = []
    for ln in _lines("places.tsv"):
        name, short, districts = ln.split("\t")
        cities.append(City(name, short, tuple(districts.split())))
    topics = {}
    for ln in _lines("topics.tsv"):
        platform, events, words = ln.split("\t")
        topics[platform] = (tuple(events.split(",")), tuple(words.split()))
    templates, words = _templates()
    return Vocab(
        cities=tuple(cities),
        provinces=tuple(_lines("provinces.txt")),
        surnames=tuple(w for ln in _lines("surnames.txt") for w in ln.split()),
        given=tuple(w for ln in _lines("given_chars.txt") for w in ln.split()),
        titles=_keyed("titles.tsv"),
        orgs=_keyed("orgs.tsv"),
        mast=_keyed("mastheads.tsv"),
        topics=topics,
        templates=templates,
        words=words,
    )
