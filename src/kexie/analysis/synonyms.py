"""The domain synonym table of matching, and how a need's words expand through it.

A need says 「水肥一体化」 where the archive says 「施肥」 or 「滴灌」; a district asks for
「科学普及」 where bulletins write 「科普」. The table (`data/synonyms.tsv`, written here)
groups such words; a need's word brings in every group it belongs to, and the group also
hints at the platform the need serves (科普 → 社会化协同科普). Pure data and lookups: no I/O
beyond reading the packaged table once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..errors import ConfigError

TABLE = "synonyms.tsv"


@dataclass(frozen=True, slots=True)
class Group:
    label: str
    platform: str | None
    terms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Synonym groups with an index from each term to the groups holding it."""

    groups: tuple[Group, ...]
    by_term: dict[str, tuple[int, ...]]

    @property
    def terms(self) -> frozenset[str]:
        return frozenset(self.by_term)

    def related(self, term: str) -> list[str]:
        """Every other term of every group `term` is in, first-seen order, without `term`."""
        seen: dict[str, None] = {}
        for g in self.by_term.get(term, ()):
            for t in self.groups[g].terms:
                if t != term:
                    seen.setdefault(t, None)
        return list(seen)

    def platforms(self, terms: Iterable[str]) -> list[str]:
        """The platforms the groups of these terms point at, most often first."""
        count: dict[str, int] = {}
        for term in terms:
            for g in self.by_term.get(term, ()):
                p = self.groups[g].platform
                if p:
                    count[p] = count.get(p, 0) + 1
        return sorted(count, key=lambda p: -count[p])

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Table terms occurring in `text`, longest match first, non-overlapping: (start, end, term).

        Used on short needs (a scan per position is cheap there); this is how a phrase jieba
        would cut apart (水肥一体化, 测土配方) still reaches its group.
        """
        longest = max((len(t) for t in self.by_term), default=0)
        found: list[tuple[int, int, str]] = []
        i = 0
        while i < len(text):
            for n in range(min(longest, len(text) - i), 0, -1):
                piece = text[i : i + n]
                if piece in self.by_term:
                    found.append((i, i + n, piece))
                    i += n
                    break
            else:
                i += 1
        return found


def parse_table(text: str, source: str = TABLE) -> Lexicon:
    """Parse the TSV (label, platform or "-", space-separated terms); a bad line is a ConfigError."""
    groups: list[Group] = []
    by_term: dict[str, list[int]] = {}
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 3 or not cols[2].split():
            raise ConfigError(f"line {lineno}: expected label<TAB>platform<TAB>terms", subject=source)
        label, platform, terms = cols[0].strip(), cols[1].strip(), cols[2].split()
        gi = len(groups)
        groups.append(Group(label, None if platform == "-" else platform, tuple(dict.fromkeys(terms))))
        for t in groups[-1].terms:
            by_term.setdefault(t, []).append(gi)
    return Lexicon(tuple(groups), {t: tuple(g) for t, g in by_term.items()})


@cache
def default_lexicon() -> Lexicon:
    """The packaged table, parsed once per process."""
    text = resources.files("kexie.analysis").joinpath("data", TABLE).read_text(encoding="utf-8")
    return parse_table(text)
