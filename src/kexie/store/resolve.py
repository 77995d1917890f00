"""Cross-document entity resolution: one entity per organization, person and place.

Organizations and places resolve by a key: the written form with the home-organization rule
applied (市科协 → 北京市科协 for a Beijing archive) and long official forms shortened
(科学技术协会 → 科协, `data/org_abbreviations.tsv`), so 北京市科协, 市科协 and 北京市科学技术协会
are one entity. Places resolve by administrative code when a lookup is given, else by name
without its level suffix (平谷区 = 平谷).

A written form is a cross-document key only when it is distinctive. Relative forms (区科协,
市政府, 学会党支部, 校科协: a bare level or the article's own kind of body plus kind words,
`data/relative_org_forms.txt`, or the full name with its place cut back to the bare level)
name a different body in every document: the extraction already tied each to the article's
fullest name, so here they are recorded as that entity's aliases and never looked up. An
article that names only a relative form links through the home-organization rule when it
applies (市科协 in a Beijing archive), else to a placeholder entity of that form, never to a
named body. A distinctive short form (a brand, 中科院) links a new full name to an existing
entity only when that entity was known by nothing but forms of this article; shared by two
different full names, it stays an alias of both and links neither.

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
from functools import cache, lru_cache
from importlib.resources import files
from typing import NamedTuple

from sqlalchemy import Connection

from ..config import Settings
from .dbapi import Cursor

PlaceCode = Callable[[str], str | None]

# Names that begin with 市 as part of a word, not as "the city's": 市场监管局 is the city's 市场监管局.
_CITY_WORDS = ("市场", "市民", "市政", "市容", "市属")
# How a bulletin names its own association.
_SELF_NAMES = frozenset({"本会", "我会", "本协会"})
_PLACE_SUFFIX = re.compile(r"(?<=..)(特别行政区|自治区|自治州|自治县|省|市|区|县|旗|盟)$")
_SPACE = re.compile(r"\s+")


@cache
def _relative_words() -> dict[str, tuple[str, ...]]:
    """Sections of data/relative_org_forms.txt: prefix, kind."""
    text = (files("kexie.store") / "data" / "relative_org_forms.txt").read_text(encoding="utf-8")
    sections: dict[str, list[str]] = {}
    current = ""
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            current = line.strip("[]")
        else:
            sections.setdefault(current, []).append(line)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in sections.items()}


@cache
def _relative_pattern() -> re.Pattern[str]:
    """An optional prefix (level or the article's own kind of body), then kind words only."""
    w = _relative_words()
    prefix, kind = ("|".join(map(re.escape, w[k])) for k in ("prefix", "kind"))
    return re.compile(f"(?:{prefix})?(?:{kind})*")


def is_relative(form: str, full: str | None = None) -> bool:
    """True when `form` names no particular body on its own (区科协, 市政府, 学会党支部, 本会).

    With `full` (the fullest name the article gave it): also the full name with its place cut
    back to the bare level or body (区实验小学 for 某某区实验小学).
    """
    form = _SPACE.sub("", form)
    if not form or form in _SELF_NAMES or _relative_pattern().fullmatch(form):
        return True
    return (
        full is not None
        and len(full) > len(form)
        and full.endswith(form)
        and form.startswith(_relative_words()["prefix"])
    )


@cache
def _abbreviations() -> tuple[tuple[str, str], ...]:
    text = (files("kexie.store") / "data" / "org_abbreviations.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    return tuple(sorted(((a, b) for a, b in rows), key=lambda r: -len(r[0])))


def expand_home(name: str, settings: Settings | _Home) -> str:
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
    return _org_key(name, settings.home_org, settings.home_region)


@lru_cache(maxsize=65536)
def _org_key(name: str, home_org: str, home_region: str) -> str:
    # cached: a form is keyed several times per article (and again in every bulletin naming it)
    key = expand_home(name, _Home(home_org, home_region))
    for long, short in _abbreviations():
        key = key.replace(long, short)
    return key


class _Home(NamedTuple):
    """What `expand_home` reads of the settings."""

    home_org: str
    home_region: str


def place_key(name: str, code: PlaceCode | None = None) -> tuple[str, str | None]:
    """(key, code): the administrative code when known, else the name without its level suffix."""
    name = _SPACE.sub("", name)
    c = code(name) if code else None
    if c:
        return "code:" + c, c
    return _PLACE_SUFFIX.sub("", name), None


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


# The resolver's statements, run on the transaction's DBAPI cursor (`dbapi.Cursor`): SQLAlchemy's
# per-call compilation cost more than running them on these indexed tables.
_OWNERS = "SELECT entity_id, pinned FROM aliases WHERE type = ? AND text = ? ORDER BY pinned DESC, entity_id"
_BY_KEY = 'SELECT entity_id FROM aliases WHERE type = ? AND "key" = ? ORDER BY pinned, entity_id LIMIT 1'
_ENTITY_BY_KEY = 'SELECT id FROM entities WHERE type = ? AND "key" = ? ORDER BY id LIMIT 1'
_ALIAS_KEYS = 'SELECT DISTINCT "key" FROM aliases WHERE entity_id = ?'
_NEW_ENTITY = 'INSERT INTO entities (type, name, "key", code, created_at) VALUES (?, ?, ?, ?, ?)'
_NEW_ALIAS = 'INSERT INTO aliases (entity_id, type, text, "key", pinned) VALUES (?, ?, ?, ?, 0)'
_PERSONS = "SELECT entity_id FROM aliases WHERE type = 'PER' AND text = ?"
_AFFS = "SELECT person_id, org_id FROM affiliations WHERE person_id IN ({})"
_AFF_BUMP = "UPDATE affiliations SET count = count + 1 WHERE person_id = ? AND org_id = ?"
_AFF_NEW = "INSERT INTO affiliations (person_id, org_id, count) VALUES (?, ?, 1)"

# The entities owning a written form, (entity id, pinned), a user's pinned choice first.
Owners = tuple[tuple[int, int], ...]


class Resolver:
    """Resolves written forms to entity ids inside one write transaction (cached per transaction)."""

    def __init__(
        self,
        conn: Connection,
        settings: Settings,
        place_code: PlaceCode | None = None,
        known: dict[tuple[str, str], Owners] | None = None,
    ) -> None:
        self.db = Cursor(conn)
        self.settings = settings
        self.place_code = place_code
        # `known`: owners of forms read by earlier, committed transactions (read-only here);
        # `_cache`: this one's, kept up to date as it adds aliases
        self.known = known if known is not None else {}
        self._cache: dict[tuple[str, str], Owners] = {}

    def learned(self) -> dict[tuple[str, str], Owners]:
        """What this transaction read and wrote: for the caller to keep once it has committed."""
        return self._cache

    # ---- written forms and their owners

    def _owners(self, typ: str, text: str) -> Owners:
        k = (typ, text)
        hit = self._cache.get(k)
        if hit is None:
            hit = self.known.get(k)
        if hit is None:
            hit = tuple((r[0], r[1]) for r in self.db.rows(_OWNERS, (typ, text)))
            self._cache[k] = hit
        return hit

    def _pinned(self, typ: str, text: str) -> int | None:
        """The entity a user's correction tied this form to."""
        owners = self._owners(typ, text)
        return owners[0][0] if owners and owners[0][1] else None

    def _unique(self, typ: str, text: str) -> int | None:
        """The one entity a form names: a user's pinned choice, else its only owner (shared: none)."""
        owners = self._owners(typ, text)
        return owners[0][0] if owners and (owners[0][1] or len(owners) == 1) else None

    def _by_key(self, typ: str, key: str) -> int | None:
        return self.db.value(_BY_KEY, (typ, key))

    def _new(self, typ: str, name: str, key: str, code: str | None = None) -> int:
        return self.db.insert(_NEW_ENTITY, (typ, name, key, code, self.db.datetime_param(_now())))

    def _add_alias(self, entity_id: int, typ: str, text: str, key: str) -> None:
        """Record `text` as a written form of the entity (a form may belong to several)."""
        owners = self._owners(typ, text)
        if any(e == entity_id for e, _ in owners):
            return
        self.db.run(_NEW_ALIAS, (entity_id, typ, text, key))
        # appended: pinned owners stay first, the order of the others does not matter
        self._cache[(typ, text)] = (*owners, (entity_id, 0))

    # ---- organizations: the article's fullest name, then its distinctive short forms

    def _org_entity(self, full: str, key: str, short: list[str]) -> int:
        """The entity of an organization the article names `full` (fullest) and `short` (distinctive)."""
        s = self.settings
        if is_relative(full):
            eid = self._pinned("ORG", full)
            if eid is None:
                expanded = expand_home(full, s)
                if is_relative(expanded):  # 区科协 alone: its placeholder, never a named body
                    eid = self.db.value(_ENTITY_BY_KEY, ("ORG", key))
                else:  # the home-organization rule: 市科协 → 北京市科协
                    eid = self._by_key("ORG", key)
            return eid if eid is not None else self._new("ORG", self._canonical(full, key), key)
        eid = self._unique("ORG", full)
        if eid is None:
            if self._owners("ORG", full):  # shared by several: the one born of this form, else none
                eid = self.db.value(_ENTITY_BY_KEY, ("ORG", key))
            else:
                eid = self._by_key("ORG", key)
        if eid is None:
            # a short form links only to an entity known by nothing but this article's forms
            # (中科院 seen alone, now with 中国科学院); one that has another full name stays apart
            keys = {key, *(org_key(f, s) for f in short)}
            for f in short:
                cand = self._unique("ORG", f)
                if cand is not None and {r[0] for r in self.db.rows(_ALIAS_KEYS, (cand,))} <= keys:
                    eid = cand
                    break
        return eid if eid is not None else self._new("ORG", self._canonical(full, key), key)

    def _canonical(self, full: str, key: str) -> str:
        """A new organization's name: the home organization's own; a relative form (市农业局) with
        the home region put in; otherwise the name as written. A written name (北京某某学会) is
        never rewritten into one nobody wrote (北京市某某学会): the key unifies them, the name
        stays the organization's own."""
        s = self.settings
        if key == org_key(s.home_org, s):
            return s.home_org
        written = _SPACE.sub("", full)
        level = s.home_region[-1:] if s.home_region else ""
        return expand_home(written, s) if level and written.startswith(level) else written

    def org(self, name: str, aliases: list[str] | tuple[str, ...] = ()) -> dict[str, int]:
        """Each written form of one organization → its entity (a form split off by a user keeps its own).

        `name` is the fullest name the article gives it, `aliases` the other forms it uses there.
        """
        forms = [f for f in dict.fromkeys(_SPACE.sub("", x) for x in [name, *aliases]) if f]
        if not forms:
            return {}
        full = forms[0]
        key = org_key(full, self.settings)
        relative = {f: f != full and is_relative(f, full) for f in forms}
        eid = self._org_entity(full, key, [f for f in forms[1:] if not relative[f]])
        out: dict[str, int] = {}
        for f in forms:
            if relative[f]:  # named relative to this article: this entity's, and nobody's key
                self._add_alias(eid, "ORG", f, key)
                out[f] = eid
                continue
            pinned = self._pinned("ORG", f)
            if pinned is None:
                self._add_alias(eid, "ORG", f, org_key(f, self.settings))
            out[f] = eid if pinned is None else pinned
        out[name] = out.get(_SPACE.sub("", name), eid)
        return out

    def place(self, name: str) -> int:
        name = _SPACE.sub("", name)
        key, code = place_key(name, self.place_code)
        owners = self._owners("LOC", name)
        if owners:
            return owners[0][0]
        eid = self._by_key("LOC", key)
        if eid is None:
            eid = self._new("LOC", name, key, code)
        self._add_alias(eid, "LOC", name, key)
        return eid

    # ---- persons: by name, disambiguated by organization

    def person(self, name: str, affiliation: int | None, article_orgs: set[int]) -> int:
        """The person `name` seen with organization `affiliation` in an article naming `article_orgs`."""
        name = _SPACE.sub("", name)
        candidates = sorted({r[0] for r in self.db.rows(_PERSONS, (name,))})
        eid: int | None = None
        if candidates:
            affs: dict[int, set[int]] = {c: set() for c in candidates}
            for pid, oid in self.db.rows(_AFFS.format(", ".join("?" * len(candidates))), candidates):
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
        new = eid is None
        if new:
            eid = self._new("PER", name, name)
            self.db.run(_NEW_ALIAS, (eid, "PER", name, name))
        # a person created just now has no affiliation row to count up
        if affiliation is not None and (new or not self.db.run(_AFF_BUMP, (eid, affiliation))):
            self.db.run(_AFF_NEW, (eid, affiliation))
        return eid
