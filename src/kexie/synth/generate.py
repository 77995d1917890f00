"""Synthetic work bulletins with their gold annotations, deterministic from a seed.

Every article is written from the templates of ``data/templates.txt``; as each slot is filled the
writer records what it put there (person and titles, organization, place, date, quantity) with its
offsets, so the returned `Bulletin` is at the same time the text and its gold standard: the
extraction fields of each `Article` (date, persons, orgs, locations, quantities, event type,
platforms, mentions) are exact by construction. `strip_gold` gives the bare text a parser returns.

Generation is pure Python string building (several thousand articles/s on one core), so the 1M-article
corpora of the statistics benchmarks are cheap to make.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from kexie.model import Article, Bulletin, Issue, Mention, Org, Person, Place, Quantity, Source
from kexie.synth.vocab import City, Template, Vocab, vocab

# unit -> (low, high, step) of plausible values
_UNITS: dict[str, tuple[int, int, int]] = {
    "人": (30, 3000, 10),
    "亩": (50, 2000, 10),
    "集": (6, 60, 1),
    "家": (3, 60, 1),
    "个": (3, 40, 1),
    "人次": (200, 50000, 100),
    "份": (100, 5000, 50),
    "场": (2, 60, 1),
    "期": (2, 12, 1),
    "项": (3, 50, 1),
}
# Chances, chosen to look like a real issue: most articles are dated, most carry an attribution.
P_UNDATED = 0.1
P_HALF_DAY = 0.2
P_ATTRIBUTION = 0.75
P_SUBTITLE = 0.15
P_MASTHEAD = 0.85
P_SECTIONS = 0.7


@dataclass(slots=True)
class _Host:
    name: str
    alias: str
    titles: str  # key of titles.tsv


@dataclass(slots=True)
class _Art:
    """The state of one article being written: what has been named so far."""

    rng: random.Random
    v: Vocab
    year: int
    day: dt.date  # the issue date; activities happen before it
    city: City
    district: str
    host: _Host
    platform: str
    event: str
    persons: dict[str, Person] = field(default_factory=dict)
    orgs: dict[str, Org] = field(default_factory=dict)
    partners: list[str] = field(default_factory=list)
    places: dict[str, None] = field(default_factory=dict)
    quantities: list[Quantity] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    last_person: str | None = None
    date: str | None = None
    date_text: str | None = None
    # the paragraph being written: its pieces, length so far and index (-1 for the title)
    buf: list[str] = field(default_factory=list)
    pos: int = 0
    para: int = -1

    def emit(self, text: str, kind: str | None = None, entity: str | None = None) -> None:
        if kind is not None:
            self.mentions.append(Mention(kind, text, self.para, self.pos, self.pos + len(text), entity))  # type: ignore[arg-type]
        self.buf.append(text)
        self.pos += len(text)


def _name(a: _Art) -> str:
    rng, v = a.rng, a.v
    for _ in range(20):
        given = rng.choice(v.given) + (rng.choice(v.given) if rng.random() < 0.7 else "")
        name = rng.choice(v.surnames[:60] if rng.random() < 0.8 else v.surnames) + given
        if name not in a.persons:
            return name
    return name


def _org(a: _Art, name: str, alias: str | None = None) -> None:
    org = a.orgs.setdefault(name, Org(name))
    if alias and alias not in org.aliases:
        org.aliases.append(alias)


def _new_partner(a: _Art) -> str:
    rng, o = a.rng, a.v.orgs
    kind = rng.randrange(6)
    district = rng.choice(a.city.districts)
    stem = rng.choice(o["stem"]) + rng.choice(o["stem"])
    if kind == 0:
        name = f"{a.city.short}{stem}{rng.choice(o['firm_trade'])}{rng.choice(o['firm_suffix'])}"
    elif kind == 1:
        name = f"{a.city.short}{stem}{rng.choice(o['coop_trade'])}合作社"
    elif kind == 2:
        name = f"{district}{rng.choice(o['institute'])}"
    elif kind == 3:
        name = f"{a.city.short}{rng.choice(o['university'])}"
    elif kind == 4:
        name = f"{a.city.name}{rng.choice(o['field'])}{rng.choice(o['society_suffix'])}"
    else:
        name = f"{district}科协"
    if name == a.host.name or name in a.partners:
        name = f"{a.city.short}{stem}{rng.choice(o['firm_trade'])}有限公司"
    _org(a, name)
    a.partners.append(name)
    return name


def _person(a: _Art, after: bool) -> None:
    """A new person: ``党组书记王伟`` (title first) or ``王伟教授`` (title after)."""
    rng, t = a.rng, a.v.titles
    name = _name(a)
    if after:
        title = rng.choice(t["personal"])
        a.emit(name, "PER", name)
        a.emit(title, "TITLE", name)
        titles = [title]
    else:
        titles = [rng.choice(t[a.host.titles])]
        if rng.random() < 0.15:
            extra = rng.choice(t[a.host.titles])
            if extra != titles[0]:
                titles.insert(0, extra)
        for i, title in enumerate(titles):
            if i:
                a.emit("、")
            a.emit(title, "TITLE", name)
        a.emit(name, "PER", name)
    a.persons[name] = Person(name, titles)
    a.last_person = name


def _quantity(a: _Art, unit: str) -> None:
    rng = a.rng
    low, high, step = _UNITS[unit]
    n = rng.randrange(low, high + 1, step)
    if unit == "人次" and n >= 10000 and rng.random() < 0.4:
        value = round(n / 10000, 1)
        text = f"{value:g}万{unit}"
        n = int(value * 10000)
    elif n >= 20 and n % 10 == 0 and rng.random() < 0.4:
        text = f"{n}余{unit}"
    else:
        text = f"{n}{unit}"
    a.quantities.append(Quantity(text, float(n), unit))
    a.emit(text, "QTY")


def _date(a: _Art) -> None:
    rng = a.rng
    if a.date_text is None and a.date is None and rng.random() < P_UNDATED:
        a.emit(rng.choice(("日前", "近日")))
        a.date_text = ""
        return
    day = a.day - dt.timedelta(days=rng.randrange(1, 25))
    if day.year != a.year:
        day = dt.date(a.year, 1, 1 + rng.randrange(0, 9))
    text = f"{day.month}月{day.day}日" + (rng.choice(("上午", "下午")) if rng.random() < P_HALF_DAY else "")
    if a.date is None:
        a.date, a.date_text = day.isoformat(), text
    a.emit(text, "DATE")


def _fill(a: _Art, template: Template) -> None:
    rng, v = a.rng, a.v
    for piece in template:
        if isinstance(piece, str):
            a.emit(piece)
            continue
        slot, arg = piece
        if slot == "ORG":
            a.emit(a.host.name, "ORG", a.host.name)
            _org(a, a.host.name)
        elif slot == "ORGS" and a.host.name in a.orgs:  # the short form only once the full one was read
            a.emit(a.host.alias, "ORG", a.host.name)
            _org(a, a.host.name, a.host.alias)
        elif slot == "ORGS":
            a.emit(a.host.name, "ORG", a.host.name)
            _org(a, a.host.name)
        elif slot == "PARTNER":
            name = _new_partner(a)
            a.emit(name, "ORG", name)
        elif slot == "PARTNERS":
            for i in range(rng.randrange(2, 4)):
                if i:
                    a.emit("、")
                name = _new_partner(a)
                a.emit(name, "ORG", name)
        elif slot == "PER":
            _person(a, after=False)
        elif slot == "EXPERT":
            _person(a, after=True)
        elif slot == "NAME":
            if a.last_person is None:
                _person(a, after=False)
            else:
                a.emit(a.last_person, "PER", a.last_person)
        elif slot == "LOC":
            a.places[a.district] = None
            a.emit(a.district, "LOC", a.district)
        elif slot == "VENUE":
            venue = a.district + rng.choice(v.mast["venue"])
            a.places[venue] = None
            a.emit(venue, "LOC", venue)
        elif slot == "DATE":
            _date(a)
        elif slot == "Q":
            _quantity(a, arg or "人")
        elif slot == "YEAR":
            a.emit(f"{a.year}年")
        elif slot == "TOPIC":
            a.emit(rng.choice(v.topics[a.platform][1]))
        elif slot == "FIELD":
            a.emit(rng.choice(v.orgs["field"]))
        elif slot in ("DO", "GOAL", "THEME"):
            a.emit(rng.choice(v.words[slot.lower()]))
        else:  # pragma: no cover - a template names a slot this writer does not know
            raise ValueError(f"templates.txt: unknown slot {{{slot}}}")


def _host(rng: random.Random, v: Vocab, city: City, district: str) -> _Host:
    kind = rng.random()
    if kind < 0.45:
        alias = district[-1] + "科协"  # 区科协, 县科协, 市科协 (a county-level city)
        return _Host(f"{district}科协", alias, "assoc")
    if kind < 0.6:
        return _Host(f"{city.name}科协", "市科协", "assoc")
    if kind < 0.85:
        field_, suffix = rng.choice(v.orgs["field"]), rng.choice(v.orgs["society_suffix"])
        return _Host(f"{city.name}{field_}{suffix}", f"{field_}{suffix}", "society")
    unit = rng.choice(v.orgs["unit"])
    return _Host(f"{city.name}科协{unit}", unit, "assoc")


def _paragraph(a: _Art, templates: list[Template]) -> str:
    a.buf, a.pos = [], 0
    for t in templates:
        _fill(a, t)
    return "".join(a.buf)


def make_article(rng: random.Random, year: int, day: dt.date, index: int = 1) -> Article:
    """One article with its gold annotations."""
    v = vocab()
    city = rng.choice(v.cities)
    district = rng.choice(city.districts)
    platform = rng.choice(tuple(v.topics))
    event = rng.choice(v.topics[platform][0])
    a = _Art(rng, v, year, day, city, district, _host(rng, v, city, district), platform, event)
    t = v.templates
    a.para = -1
    title = _paragraph(a, [rng.choice(t[f"title:{event}"])])
    if " " not in title and rng.random() < P_SUBTITLE:
        a.buf, a.pos = [title], len(title)
        a.emit(" " + rng.choice(("助力", "推动", "共谋", "服务")))
        a.emit(rng.choice(v.words["goal"]))
        title = "".join(a.buf)
    count = rng.choices(range(1, 8), weights=(2, 4, 5, 4, 3, 2, 1))[0]
    paragraphs = []
    for i in range(count):
        a.para = i
        if i == 0:
            parts = [rng.choice(t[f"lead:{event}"])]
            if rng.random() < 0.3:
                parts.append(rng.choice(t["body"]))
        else:
            speech = t["speech"] + t.get(f"speech:{event}", ())
            parts = [rng.choice(speech if rng.random() < 0.4 else t["body"])]
            parts += [rng.choice(t["body"]) for _ in range(rng.randrange(0, 3))]
            if i == count - 1 and rng.random() < 0.5:
                parts.append(rng.choice(t["next"]))
        paragraphs.append(_paragraph(a, parts))
    attribution: list[str] = []
    if rng.random() < P_ATTRIBUTION:
        attribution = [a.host.name]
        _org(a, a.host.name)
        attribution += rng.sample(a.partners, min(len(a.partners), rng.randrange(0, 3)))
    return Article(
        index=index,
        title=title,
        paragraphs=paragraphs,
        attribution=attribution,
        date=a.date,
        date_text=a.date_text or None,
        event_type=event,
        platforms=[platform],
        persons=list(a.persons.values()),
        orgs=list(a.orgs.values()),
        locations=[Place(p) for p in a.places],
        quantities=a.quantities,
        mentions=a.mentions,
    )


def _issue_date(rng: random.Random, year: int) -> dt.date:
    return dt.date(year, 2, 1) + dt.timedelta(days=rng.randrange(0, 330))


def generate_bulletin(
    seed: int,
    *,
    articles: int | tuple[int, int] = (3, 8),
    year: int | None = None,
    masthead: bool | None = None,
    sections: bool | None = None,
) -> Bulletin:
    """A whole issue, with gold annotations; every choice left as None is drawn from the seed."""
    rng = random.Random(seed)
    v = vocab()
    year = year if year is not None else rng.randrange(2015, 2027)
    day = _issue_date(rng, year)
    count = articles if isinstance(articles, int) else rng.randrange(articles[0], articles[1] + 1)
    arts = [make_article(rng, year, day, i + 1) for i in range(count)]
    if sections if sections is not None else rng.random() < P_SECTIONS:
        names = rng.sample(v.mast["section"], min(count, rng.randrange(1, 4)))
        lead = rng.randrange(0, 2) if count > len(names) else 0
        # each section gets at least one article, in order
        cuts = sorted(rng.sample(range(lead + 1, count), len(names) - 1)) if len(names) > 1 else []
        bounds = [lead, *cuts, count]
        for name, lo, hi in zip(names, bounds, bounds[1:], strict=False):
            for art in arts[lo:hi]:
                art.section = name
    issue = Issue(year=year)
    if masthead if masthead is not None else rng.random() < P_MASTHEAD:
        n = rng.randrange(1, 41)
        issue = Issue(
            title=rng.choice(v.mast["bulletin"]),
            number=f"{year}年第{n}期" if rng.random() < 0.5 else f"第{n}期",
            date=day.isoformat(),
            year=year,
        )
    digest = hashlib.sha256(f"kexie-synth-{seed}".encode()).hexdigest()
    return Bulletin(Source(f"synth-{seed}.txt", digest, "txt"), issue, arts)


def iter_articles(count: int, seed: int = 0) -> Iterator[Article]:
    """`count` articles with gold annotations, streamed (for million-article corpora)."""
    rng = random.Random(seed)
    year = rng.randrange(2015, 2027)
    day = _issue_date(rng, year)
    for i in range(count):
        if i % 50 == 0:
            year = rng.randrange(2015, 2027)
            day = _issue_date(rng, year)
        yield make_article(rng, year, day, i + 1)


def strip_gold(b: Bulletin) -> Bulletin:
    """The bulletin as a parser returns it before extraction: text fields only."""
    arts = [
        Article(
            index=a.index,
            title=a.title,
            paragraphs=list(a.paragraphs),
            section=a.section,
            attribution=list(a.attribution),
        )
        for a in b.articles
    ]
    return replace(b, articles=arts)
