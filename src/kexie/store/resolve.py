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
from collections.abc import Callable, Iterable
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
_OWNERS_IN = "SELECT text, entity_id, pinned FROM aliases WHERE type = ? AND text IN ({}) ORDER BY pinned DESC, entity_id"
_BY_KEY = (
    'SELECT pinned, entity_id FROM aliases WHERE type = ? AND "key" = ? ORDER BY pinned, entity_id LIMIT 1'
)
_BY_KEY_IN = 'SELECT "key", pinned, entity_id FROM aliases WHERE type = ? AND "key" IN ({})'
_ENTITY_BY_KEY = 'SELECT id FROM entities WHERE type = ? AND "key" = ? ORDER BY id LIMIT 1'
_ALIAS_KEYS = 'SELECT DISTINCT "key" FROM aliases WHERE entity_id = ?'
_MAX_ENTITY = "SELECT coalesce(max(id), 0) FROM entities"
_PG_ENTITY_IDS = "SELECT nextval(pg_get_serial_sequence('entities', 'id')) FROM generate_series(1, ?)"
_NEW_ENTITY = 'INSERT INTO entities (id, type, name, "key", code, created_at) VALUES (?, ?, ?, ?, ?, ?)'
_NEW_ALIAS = 'INSERT INTO aliases (entity_id, type, text, "key", pinned) VALUES (?, ?, ?, ?, 0)'
_PERSONS_IN = "SELECT text, entity_id FROM aliases WHERE type = 'PER' AND text IN ({})"
_AFFS = "SELECT person_id, org_id FROM affiliations WHERE person_id IN ({})"
_AFF_BUMP = "UPDATE affiliations SET count = count + ? WHERE person_id = ? AND org_id = ?"
_AFF_NEW = "INSERT INTO affiliations (person_id, org_id, count) VALUES (?, ?, ?)"
_CHUNK = 500  # values per IN (…) list: well under SQLite's and PostgreSQL's parameter limits
_PG_ID_BLOCK = 64  # entity ids reserved from the PostgreSQL sequence per round trip

# The entities owning a written form, (entity id, pinned), a user's pinned choice first.
Owners = tuple[tuple[int, int], ...]


def _marks(n: int) -> str:
    return ", ".join("?" * n)


class Resolver:
    """Resolves written forms to entity ids inside one write transaction.

    Reads are cached for the transaction (and prefetched per bulletin, one query per kind of
    look-up instead of one per form); the entities, aliases and affiliations it creates are
    queued and written by `flush` with one executemany each, and every look-up sees them through
    the same caches, so the result is what reading and writing one row at a time gave. Entity
    ids are allocated here: SQLite's next rowids (this transaction holds the write lock),
    PostgreSQL's sequence values reserved in blocks.
    """

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
        # (type, key) -> the first alias by (pinned, entity id), None: no alias has that key
        self._key_best: dict[tuple[str, str], tuple[int, int] | None] = {}
        # (type, key) -> the smallest entity id of that key, among the entities created here
        self._new_keys: dict[tuple[str, str], int] = {}
        self._persons: dict[str, list[int]] = {}  # person name -> entity ids (stored and new)
        self._affs: dict[int, set[int]] = {}  # person -> organizations seen with (stored and new)
        self._stored_affs: set[tuple[int, int]] = set()  # (person, org) rows already in the table
        self._aff_counts: dict[tuple[int, int], int] = {}  # (person, org) -> occurrences to add
        self._entities: list[tuple] = []  # queued rows, in creation order
        self._aliases: list[tuple] = []
        self._alias_keys: dict[int, set[str]] = {}  # entity -> keys of its queued aliases
        self._ids: list[int] = []  # allocated entity ids not used yet (PostgreSQL's reserve)
        self._next_id = 0  # SQLite: the next entity id
        self._place_keys: dict[str, tuple[str, str | None]] = {}  # place name -> (key, code)

    def learned(self) -> dict[tuple[str, str], Owners]:
        """What this transaction read and wrote: for the caller to keep once it has committed."""
        return self._cache

    # ---- prefetching and writing, per bulletin

    def prefetch(self, orgs: Iterable[str], places: Iterable[str], persons: Iterable[str]) -> None:
        """Read the owners, keys and person ids of a bulletin's written forms, a few queries in all."""
        sub = _SPACE.sub
        for typ, written in (("ORG", orgs), ("LOC", places)):
            forms = [f for f in dict.fromkeys(sub("", x) for x in written) if f]
            todo = [f for f in forms if (typ, f) not in self._cache and (typ, f) not in self.known]
            for i in range(0, len(todo), _CHUNK):
                part = todo[i : i + _CHUNK]
                found: dict[str, list[tuple[int, int]]] = {f: [] for f in part}
                for text, eid, pinned in self.db.rows(_OWNERS_IN.format(_marks(len(part))), (typ, *part)):
                    found[text].append((eid, pinned))
                for f, owners in found.items():
                    self._cache[(typ, f)] = tuple(owners)
            keys = {org_key(f, self.settings) if typ == "ORG" else self._place_key(f)[0] for f in forms}
            todo = [k for k in keys if (typ, k) not in self._key_best]
            for i in range(0, len(todo), _CHUNK):
                part = todo[i : i + _CHUNK]
                best: dict[str, tuple[int, int] | None] = dict.fromkeys(part)
                for key, pinned, eid in self.db.rows(_BY_KEY_IN.format(_marks(len(part))), (typ, *part)):
                    cur = best[key]
                    if cur is None or (pinned, eid) < cur:
                        best[key] = (pinned, eid)
                for key, b in best.items():
                    self._key_best[(typ, key)] = b
        todo = [n for n in dict.fromkeys(sub("", x) for x in persons) if n and n not in self._persons]
        for i in range(0, len(todo), _CHUNK):
            part = todo[i : i + _CHUNK]
            ids: dict[str, list[int]] = {n: [] for n in part}
            for text, eid in self.db.rows(_PERSONS_IN.format(_marks(len(part))), part):
                ids[text].append(eid)
            self._persons.update(ids)

    def flush(self) -> None:
        """Write the queued entities, aliases and affiliations (before rows that refer to them)."""
        db = self.db
        db.many(_NEW_ENTITY, self._entities)
        db.many(_NEW_ALIAS, self._aliases)
        db.many(
            _AFF_BUMP, [(n, p, o) for (p, o), n in self._aff_counts.items() if (p, o) in self._stored_affs]
        )
        db.many(
            _AFF_NEW, [(p, o, n) for (p, o), n in self._aff_counts.items() if (p, o) not in self._stored_affs]
        )
        self._stored_affs.update(self._aff_counts)
        self._entities, self._aliases, self._aff_counts = [], [], {}
        self._alias_keys.clear()

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
        """The entity of the first alias with this key, by (pinned, entity id)."""
        k = (typ, key)
        if k not in self._key_best:
            row = self.db.rows(_BY_KEY, k)
            self._key_best[k] = (row[0][0], row[0][1]) if row else None
        best = self._key_best[k]
        return None if best is None else best[1]

    def _entity_by_key(self, typ: str, key: str) -> int | None:
        """The first entity with this key (stored ones have smaller ids than those created here)."""
        stored = self.db.value(_ENTITY_BY_KEY, (typ, key))
        return stored if stored is not None else self._new_keys.get((typ, key))

    def _new(self, typ: str, name: str, key: str, code: str | None = None) -> int:
        if self.db.sqlite:
            if not self._next_id:
                self._next_id = self.db.value(_MAX_ENTITY) + 1
            eid = self._next_id
            self._next_id += 1
        else:
            if not self._ids:
                self._ids = [r[0] for r in self.db.rows(_PG_ENTITY_IDS, (_PG_ID_BLOCK,))][::-1]
            eid = self._ids.pop()
        self._entities.append((eid, typ, name, key, code, self.db.datetime_param(_now())))
        self._new_keys.setdefault((typ, key), eid)
        return eid

    def _queue_alias(self, entity_id: int, typ: str, text: str, key: str) -> None:
        self._aliases.append((entity_id, typ, text, key))
        self._alias_keys.setdefault(entity_id, set()).add(key)
        k = (typ, key)
        if k in self._key_best:
            best = self._key_best[k]
            if best is None or (0, entity_id) < best:
                self._key_best[k] = (0, entity_id)

    def _add_alias(self, entity_id: int, typ: str, text: str, key: str) -> None:
        """Record `text` as a written form of the entity (a form may belong to several)."""
        owners = self._owners(typ, text)
        if any(e == entity_id for e, _ in owners):
            return
        if (typ, key) not in self._key_best:
            self._by_key(typ, key)  # read before queueing, so the cache holds stored + queued
        self._queue_alias(entity_id, typ, text, key)
        # appended: pinned owners stay first, the order of the others does not matter
        self._cache[(typ, text)] = (*owners, (entity_id, 0))

    def _keys_of(self, entity_id: int) -> set[str]:
        """The keys of an entity's aliases, stored and queued."""
        stored = {r[0] for r in self.db.rows(_ALIAS_KEYS, (entity_id,))}
        return stored | self._alias_keys.get(entity_id, set())

    # ---- organizations: the article's fullest name, then its distinctive short forms

    def _org_entity(self, full: str, key: str, short: list[str]) -> int:
        """The entity of an organization the article names `full` (fullest) and `short` (distinctive)."""
        s = self.settings
        if is_relative(full):
            eid = self._pinned("ORG", full)
            if eid is None:
                # 区科协 alone: its placeholder, never a named body; else the home-organization
                # rule: 市科协 → 北京市科协
                alone = is_relative(expand_home(full, s))
                eid = self._entity_by_key("ORG", key) if alone else self._by_key("ORG", key)
            return eid if eid is not None else self._new("ORG", self._canonical(full, key), key)
        eid = self._unique("ORG", full)
        if eid is None:
            # shared by several: the one born of this form, else none
            shared = bool(self._owners("ORG", full))
            eid = self._entity_by_key("ORG", key) if shared else self._by_key("ORG", key)
        if eid is None:
            # a short form links only to an entity known by nothing but this article's forms
            # (中科院 seen alone, now with 中国科学院); one that has another full name stays apart
            keys = {key, *(org_key(f, s) for f in short)}
            for f in short:
                cand = self._unique("ORG", f)
                if cand is not None and self._keys_of(cand) <= keys:
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

    def _place_key(self, name: str) -> tuple[str, str | None]:
        hit = self._place_keys.get(name)
        if hit is None:
            hit = self._place_keys[name] = place_key(name, self.place_code)
        return hit

    def place(self, name: str) -> int:
        name = _SPACE.sub("", name)
        key, code = self._place_key(name)
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
        ids = self._persons.get(name)
        if ids is None:
            self.prefetch((), (), (name,))
            ids = self._persons[name]
        candidates = sorted(set(ids))
        eid: int | None = None
        if candidates:
            affs = self._affiliations(candidates)
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
            self._aliases.append((eid, "PER", name, name))
            ids.append(eid)
            self._affs[eid] = set()
        if affiliation is not None:
            pair = (eid, affiliation)
            self._aff_counts[pair] = self._aff_counts.get(pair, 0) + 1
            self._affs[eid].add(affiliation)
        return eid

    def _affiliations(self, persons: list[int]) -> dict[int, set[int]]:
        """Each person's organizations (stored and queued), read once per transaction."""
        todo = [p for p in persons if p not in self._affs]
        for p in todo:
            self._affs[p] = set()
        for i in range(0, len(todo), _CHUNK):
            part = todo[i : i + _CHUNK]
            for pid, oid in self.db.rows(_AFFS.format(_marks(len(part))), part):
                self._affs[pid].add(oid)
                self._stored_affs.add((pid, oid))
        return {p: self._affs[p] for p in persons}
