"""Specialists for the matching benchmark: organizations and experts who keep doing one line of work.

The bulletins of `generate.py` draw every partner and person afresh, so no entity has a specialty
to be found. This module adds, per line of work in ``data/specialties.tsv``, a learned society, a
second unit (station, firm, hospital …) and two experts, and writes a handful of activities in
which they lead or speak, in the report wording of that table, with gold annotations. A district
association takes part in each (the path to reach them). Mixed into generated background articles,
they give needs whose right answers are known by construction (`Specialist.gold`).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from kexie.model import Article, Mention, Org, Person, Place
from kexie.synth.vocab import vocab

ACTIVITIES = (4, 6)  # activities per line of work (inclusive range)
VENUES = ("农业园区", "示范基地", "科普基地", "社区活动中心", "中心小学", "文化广场", "会议室")


@dataclass(frozen=True, slots=True)
class Line:
    key: str
    platform: str
    event: str
    field: str
    unit: str  # pattern: {C} city short name, {D} district, {S} a trade-name stem
    titles: tuple[str, ...]
    work: tuple[str, ...]
    details: tuple[str, ...]


@dataclass(slots=True)
class Specialist:
    """One line of work as generated: who does it, and the articles showing it."""

    line: Line
    society: str
    unit: str
    experts: list[tuple[str, str]]  # (name, title)
    bridge: str  # the district association taking part
    district: str
    articles: list[Article] = field(default_factory=list)

    def gold(self, kind: str = "any") -> list[str]:
        orgs = [self.society, self.unit]
        people = [n for n, _ in self.experts]
        return orgs if kind == "org" else people if kind == "person" else orgs + people


@cache
def lines() -> tuple[Line, ...]:
    text = resources.files("kexie.synth").joinpath("data", "specialties.tsv").read_text(encoding="utf-8")
    out = []
    for raw in text.splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        key, platform, event, field_, unit, titles, work, details = raw.split("\t")
        out.append(
            Line(
                key,
                platform,
                event,
                field_,
                unit,
                tuple(titles.split()),
                tuple(work.split("|")),
                tuple(details.split("|")),
            )
        )
    return tuple(out)


class _Writer:
    """Builds one paragraph at a time and records the mentions of what it writes."""

    def __init__(self) -> None:
        self.mentions: list[Mention] = []
        self.buf: list[str] = []
        self.pos = 0
        self.para = -1

    def start(self, para: int) -> None:
        self.buf, self.pos, self.para = [], 0, para

    def put(self, text: str, kind: str | None = None, entity: str | None = None) -> None:
        if kind:
            self.mentions.append(Mention(kind, text, self.para, self.pos, self.pos + len(text), entity))  # type: ignore[arg-type]
        self.buf.append(text)
        self.pos += len(text)

    def text(self) -> str:
        return "".join(self.buf)


def _person_name(rng: random.Random, taken: set[str]) -> str:
    v = vocab()
    while True:
        name = (
            rng.choice(v.surnames) + rng.choice(v.given) + (rng.choice(v.given) if rng.random() < 0.7 else "")
        )
        if name not in taken:
            taken.add(name)
            return name


def _article(rng: random.Random, s: Specialist, n: int) -> Article:
    line = s.line
    w = _Writer()
    day = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 7))
    work = line.work[n % len(line.work)]
    lead = (s.society, s.unit, s.bridge)[n % 3]
    expert, title = s.experts[n % 2]
    venue = s.district + rng.choice(VENUES)
    w.start(-1)
    w.put(lead, "ORG", lead)
    w.put(f"开展{work}")
    title_text = w.text()
    w.start(0)
    w.put(f"{day.month}月{day.day}日", "DATE")
    w.put("，")
    w.put(lead, "ORG", lead)
    if lead == s.bridge:
        w.put("邀请")
        w.put(s.society, "ORG", s.society)
        w.put("专家")
    else:
        w.put("联合")
        w.put(s.bridge, "ORG", s.bridge)
    w.put("在")
    w.put(venue, "LOC", venue)
    w.put(f"开展{work}，共{rng.randrange(30, 300)}人参加。")
    w.put(expert, "PER", expert)
    w.put(title, "TITLE", expert)
    w.put(f"{rng.choice(line.details)}，并现场解答了大家提出的问题。")
    p0 = w.text()
    w.start(1)
    other = s.unit if lead != s.unit else s.society
    w.put(other, "ORG", other)
    w.put(f"有关负责人表示，将继续做好{work.removesuffix('服务').removesuffix('指导')}相关工作。")
    p1 = w.text()
    persons = [Person(expert, [title])]
    orgs = [Org(o) for o in dict.fromkeys((lead, s.bridge, s.society, other))]
    return Article(
        index=n + 1,
        title=title_text,
        paragraphs=[p0, p1],
        attribution=[s.bridge if lead != s.bridge else s.society],
        date=day.isoformat(),
        date_text=f"{day.month}月{day.day}日",
        event_type=line.event,
        platforms=[line.platform],
        persons=persons,
        orgs=orgs,
        locations=[Place(venue)],
        mentions=w.mentions,
    )


def specialists(seed: int = 7) -> list[Specialist]:
    """One Specialist per line of work, with its activities, deterministic from `seed`."""
    rng = random.Random(seed)
    v = vocab()
    taken: set[str] = set()
    out = []
    for line in lines():
        city = rng.choice(v.cities)
        district = rng.choice(city.districts)
        stem = rng.choice(v.orgs["stem"]) + rng.choice(v.orgs["stem"])
        unit = line.unit.format(C=city.short, D=district, S=stem)
        experts = [(_person_name(rng, taken), t) for t in line.titles[:2]]
        s = Specialist(line, f"{city.name}{line.field}学会", unit, experts, f"{district}科协", district)
        s.articles = [_article(rng, s, n) for n in range(rng.randrange(ACTIVITIES[0], ACTIVITIES[1] + 1))]
        out.append(s)
    return out


def mixed(background: Iterator[Article], specs: list[Specialist], seed: int = 7) -> list[Article]:
    """Background articles with the specialists' activities spread among them (re-indexed 1..n)."""
    arts = list(background)
    rng = random.Random(seed)
    for s in specs:
        for a in s.articles:
            arts.insert(rng.randrange(0, len(arts) + 1), a)
    for i, a in enumerate(arts, 1):
        a.index = i
    return arts
