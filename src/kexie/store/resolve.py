"""Cross-document entity resolution: one entity per organization, person and place.

Organizations and places resolve by a key: the written form with the home-organization rule
applied (市科协 → 北京市科协 for a Beijing archive) and long official forms shortened
(科学技术协会 → 科协, `data/org_abbreviations.tsv`), so 北京市科协, 市科协 and 北京市科学技术协会
are one entity. Places resolve by administrative code when a lookup is given, else by name
without its level suffix (平谷区 = 平谷).

Persons resolve by name plus context: among the known persons of that name, the one already
seen with this person's organization wins; a title change does not matter (titles are not
part of the identity); the same name with an organization none of them was seen with becomes a
new person.

Corrections live in the same tables the resolver reads (entities, aliases with their keys,
affiliations): a merge moves aliases, a split pins a written form to its own entity, a rename
changes the canonical name. Re-ingesting a document therefore lands on the corrected entities.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from importlib.resources import files

from sqlalchemy import Connection, bindparam, insert, select, update

from ..config import Settings
from . import tables as t

PlaceCode = Callable[[str], str | None]

# Names that begin with 市 as part of a word, not as "the city's": 市场监管局 is the city's 市场监管局.
_CITY_WORDS = ("市场", "市民", "市政", "市容", "市属")
# How a bulletin names its own association.
_SELF_NAMES = frozenset({"本会", "我会", "本协会"})
_PLACE_SUFFIX = re.compile(r"(?<=..)(特别行政区|自治区|自治州|自治县|省|市|区|县|旗|盟)$")
_SPACE = re.compile(r"\s+")


@cache
def _abbreviations() -> tuple[tuple[str, str], ...]:
    text = (files("kexie.store") / "data" / "org_abbreviations.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    return tuple(sorted(((a, b) for a, b in rows), key=lambda r: -len(r[0])))


def expand_home(name: str, settings: Settings) -> str:
    """The home-organization rule: 本会 → the home org; 市科协 → 北京市科协 (home region + name)."""
    name = _SPACE.sub("", name)
    if name in _SELF_NAMES:
        return settings.home_org
    region = settings.home_region
    if not region or name.startswith(region):
        return name
    level = region[-1]  # 市 / 省 / 区 / 县
    if name.startswith(level) and len(name) > 1:
        if name.startswith(_CITY_WORDS):
            return region + name
        return region + name[1:]
    short = region[:-1]
    if len(short) >= 2 and name.startswith(short) and not name.startswith(region):
        return region + name[len(short) :]  # 北京科协 → 北京市科协
    return name


def org_key(name: str, settings: Settings) -> str:
    """The resolution key of an organization name."""
    key = expand_home(name, settings)
    for long, short in _abbreviations():
        key = key.replace(long, short)
    return key


def place_key(name: str, code: PlaceCode | None = None) -> tuple[str, str | None]:
    """(key, code): the administrative code when known, else the name without its level suffix."""
    name = _SPACE.sub("", name)
    c = code(name) if code else None
    if c:
        return "code:" + c, c
    return _PLACE_SUFFIX.sub("", name), None


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


# Statements built once: building a select() costs more than running it on an indexed table.
_BY_TEXT = (
    select(t.aliases.c.entity_id)
    .where(t.aliases.c.type == bindparam("typ"), t.aliases.c.text == bindparam("text"))
    .order_by(t.aliases.c.pinned.desc(), t.aliases.c.entity_id)
    .limit(1)
)
_BY_KEY = (
    select(t.aliases.c.entity_id)
    .where(t.aliases.c.type == bindparam("typ"), t.aliases.c.key == bindparam("key"))
    .order_by(t.aliases.c.pinned, t.aliases.c.entity_id)
    .limit(1)
)
_NEW_ENTITY = insert(t.entities).returning(t.entities.c.id)
_NEW_ALIAS = insert(t.aliases)
_PERSONS = select(t.aliases.c.entity_id).where(
    t.aliases.c.type == "PER", t.aliases.c.text == bindparam("text")
)
_AFFS = select(t.affiliations.c.person_id, t.affiliations.c.org_id).where(
    t.affiliations.c.person_id.in_(bindparam("ids", expanding=True))
)
_AFF_BUMP = (
    update(t.affiliations)
    .where(t.affiliations.c.person_id == bindparam("pid"), t.affiliations.c.org_id == bindparam("oid"))
    .values(count=t.affiliations.c.count + 1)
)
_AFF_NEW = insert(t.affiliations)


class Resolver:
    """Resolves written forms to entity ids inside one write transaction (cached per transaction)."""

    def __init__(
        self,
        conn: Connection,
        settings: Settings,
        place_code: PlaceCode | None = None,
        known: dict[tuple[str, str], int] | None = None,
    ) -> None:
        self.conn = conn
        self.settings = settings
        self.place_code = place_code
        # `known`: forms resolved by earlier, committed transactions (read-only here); `_cache`: this one's
        self.known = known if known is not None else {}
        self._cache: dict[tuple[str, str], int] = {}

    def learned(self) -> dict[tuple[str, str], int]:
        """What this transaction resolved: for the caller to keep once it has committed."""
        return self._cache

    # ---- organizations and places: by written form, then by key

    def _by_text(self, typ: str, text: str) -> int | None:
        hit = self.known.get((typ, text))
        if hit is not None:
            return hit
        return self.conn.execute(_BY_TEXT, {"typ": typ, "text": text}).scalar()

    def _by_key(self, typ: str, key: str) -> int | None:
        return self.conn.execute(_BY_KEY, {"typ": typ, "key": key}).scalar()

    def _new(self, typ: str, name: str, key: str, code: str | None = None) -> int:
        return self.conn.execute(
            _NEW_ENTITY, {"type": typ, "name": name, "key": key, "code": code, "created_at": _now()}
        ).scalar_one()

    def _add_alias(self, entity_id: int, typ: str, text: str, key: str, owner: int | None = -1) -> None:
        """Record a written form, unless it already belongs to an entity (a pinned split stays put).

        `owner`: the form's owner when the caller just looked it up (None: nobody), -1: look it up.
        """
        if owner == -1:
            owner = self._by_text(typ, text)
        if owner is None:
            self.conn.execute(
                _NEW_ALIAS, {"entity_id": entity_id, "type": typ, "text": text, "key": key, "pinned": 0}
            )
        self._cache[(typ, text)] = owner or entity_id

    def org(self, name: str, aliases: list[str] | tuple[str, ...] = ()) -> dict[str, int]:
        """Each written form of one organization → its entity (a form split off by a user keeps its own)."""
        forms = [f for f in dict.fromkeys(_SPACE.sub("", x) for x in [name, *aliases]) if f]
        if not forms:
            return {}
        known = {f: self._cache.get(("ORG", f)) or self._by_text("ORG", f) for f in forms}
        eid = next((e for e in known.values() if e is not None), None)
        if eid is None:
            eid = next(
                (e for f in forms if (e := self._by_key("ORG", org_key(f, self.settings))) is not None), None
            )
        if eid is None:
            canonical = expand_home(forms[0], self.settings)
            eid = self._new("ORG", canonical, org_key(canonical, self.settings))
        out: dict[str, int] = {}
        for f in forms:
            if known[f] is None:
                self._add_alias(eid, "ORG", f, org_key(f, self.settings), owner=None)
            out[f] = self._cache.setdefault(("ORG", f), known[f] or eid)
        out[name] = out.get(_SPACE.sub("", name), eid)
        return out

    def place(self, name: str) -> int:
        name = _SPACE.sub("", name)
        if ("LOC", name) in self._cache:
            return self._cache[("LOC", name)]
        key, code = place_key(name, self.place_code)
        owner = eid = self._by_text("LOC", name)
        if eid is None:
            eid = self._by_key("LOC", key)
        if eid is None:
            eid = self._new("LOC", name, key, code)
        self._add_alias(eid, "LOC", name, key, owner=owner)
        return self._cache[("LOC", name)]

    # ---- persons: by name, disambiguated by organization

    def person(self, name: str, affiliation: int | None, article_orgs: set[int]) -> int:
        """The person `name` seen with organization `affiliation` in an article naming `article_orgs`."""
        name = _SPACE.sub("", name)
        rows = self.conn.execute(_PERSONS, {"text": name}).all()
        candidates = sorted({r[0] for r in rows})
        eid: int | None = None
        if candidates:
            affs: dict[int, set[int]] = {c: set() for c in candidates}
            for pid, oid in self.conn.execute(_AFFS, {"ids": candidates}):
                affs[pid].add(oid)
            scored = sorted(
                candidates,
                key=lambda c: (
                    -(2 * (affiliation in affs[c]) + bool(affs[c] & article_orgs)),
                    c,
                ),
            )
            best = scored[0]
            if affiliation in affs[best] or affs[best] & article_orgs:
                eid = best
            elif affiliation is None:
                eid = best  # no context to tell them apart: the earliest person of that name
            else:
                eid = next((c for c in candidates if not affs[c]), None)  # one seen without any organization
        if eid is None:
            eid = self._new("PER", name, name)
            self.conn.execute(
                _NEW_ALIAS, {"entity_id": eid, "type": "PER", "text": name, "key": name, "pinned": 0}
            )
        if (
            affiliation is not None
            and not self.conn.execute(_AFF_BUMP, {"pid": eid, "oid": affiliation}).rowcount
        ):
            self.conn.execute(_AFF_NEW, {"person_id": eid, "org_id": affiliation, "count": 1})
        return eid
