"""Score extraction against gold files (`kexie eval GOLD...`).

A gold file (shaped like shared/samples/*.gold.json) names its source file, resolved
relative to the gold file; the source is parsed and extracted like any input (a
``.json`` source holding ``articles`` with title/paragraphs is taken as already
rebuilt text, so a gold set can pin its text independently of reflow). Articles are
matched by title (whitespace ignored). Each field is compared as a set per article:

  persons     names                      titles      (name, title) pairs
  orgs        names; a predicted name that the gold lists as an alias, or whose own
              aliases contain a gold name, counts as that gold name
  locations   names mapped to their division's full name (平谷 = 平谷区), others as written
  dates       the activity date (null counts as a value: 日前 → null is right)
  event_type  the one label            platforms   keys          quantities  texts

Micro precision/recall/F1 add up true/false positives and misses over all articles.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import Settings
from .errors import InputError
from .model import Article, Bulletin, Issue, Source

FIELDS = ("persons", "titles", "orgs", "locations", "dates", "event_type", "platforms", "quantities")
_WS = re.compile(r"\s+")


@dataclass(slots=True)
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Score) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}  # fmt: skip


@dataclass(slots=True)
class ArticleResult:
    gold_file: str
    title: str
    found: bool
    scores: dict[str, Score]
    misses: dict[str, list[str]] = field(default_factory=dict)  # field → gold items not found
    spurious: dict[str, list[str]] = field(default_factory=dict)  # field → predicted items not in gold


@dataclass(slots=True)
class Report:
    articles: list[ArticleResult]

    def micro(self) -> dict[str, Score]:
        total = {f: Score() for f in FIELDS}
        for a in self.articles:
            for f, s in a.scores.items():
                total[f].add(s)
        return total

    def to_json(self) -> dict[str, Any]:
        return {
            "micro": {f: s.to_json() for f, s in self.micro().items()},
            "articles": [
                {
                    "gold": a.gold_file,
                    "title": a.title,
                    "found": a.found,
                    "scores": {f: s.to_json() for f, s in a.scores.items()},
                    "misses": a.misses,
                    "spurious": a.spurious,
                }
                for a in self.articles
            ],
        }


def norm_title(t: str) -> str:
    return _WS.sub("", t)


def _gold_items(ga: dict[str, Any], canon_loc: Callable[[str], str]) -> dict[str, set[str]]:
    return {
        "persons": {p["name"] for p in ga.get("persons", [])},
        "titles": {f"{p['name']}:{t}" for p in ga.get("persons", []) for t in p.get("titles", [])},
        "orgs": set(ga.get("orgs", [])),
        "locations": {canon_loc(x) for x in ga.get("locations", [])},
        "dates": {str(ga.get("date"))},
        "event_type": {str(ga.get("event_type"))},
        "platforms": set(ga.get("platforms", [])),
        "quantities": {_WS.sub("", q) for q in ga.get("quantities", [])},
    }


def _pred_items(a: Article, ga: dict[str, Any], canon_loc: Callable[[str], str]) -> dict[str, set[str]]:
    gold_orgs = set(ga.get("orgs", []))
    gold_alias = ga.get("org_aliases", {})
    orgs = set()
    for o in a.orgs:
        name = o.name if o.name in gold_orgs else gold_alias.get(o.name)
        if name is None:
            name = next((x for x in o.aliases if x in gold_orgs), None) or next(
                (gold_alias[x] for x in o.aliases if x in gold_alias), o.name
            )
        orgs.add(name)
    return {
        "persons": {p.name for p in a.persons},
        "titles": {f"{p.name}:{t}" for p in a.persons for t in p.titles},
        "orgs": orgs,
        "locations": {canon_loc(p.name) for p in a.locations},
        "dates": {str(a.date)},
        "event_type": {str(a.event_type)},
        "platforms": set(a.platforms),
        "quantities": {_WS.sub("", q.text) for q in a.quantities},
    }


def score_article(
    a: Article | None, ga: dict[str, Any], gold_file: str, home_region: str | None
) -> ArticleResult:
    from .extract.places import lookup

    def canon_loc(name: str) -> str:
        name = _WS.sub("", name)
        d = lookup(name, home_region)
        return d.name if d else name

    gold = _gold_items(ga, canon_loc)
    pred = _pred_items(a, ga, canon_loc) if a is not None else {f: set() for f in FIELDS}
    res = ArticleResult(gold_file, ga["title"], a is not None, {})
    for f in FIELDS:
        g, p = gold[f], pred[f]
        res.scores[f] = Score(len(g & p), len(p - g), len(g - p))
        if g - p:
            res.misses[f] = sorted(g - p)
        if p - g:
            res.spurious[f] = sorted(p - g)
    return res


def source_path(gold_path: Path, gold: dict[str, Any]) -> Path:
    """The gold's source file: the first word of its `source`, relative to the gold file."""
    src = str(gold.get("source", "")).strip()
    if not src:
        raise InputError("names no source file (field `source`)", subject=str(gold_path))
    name = src.split(" (", 1)[0].strip()
    path = (gold_path.parent / name).resolve()
    if not path.is_file():
        raise InputError(f"its source file {name} is not beside it", subject=str(gold_path))
    return path


def load_bulletin(path: Path, gold: dict[str, Any], settings: Settings) -> Bulletin:
    """Parse and extract a gold's source; a .json source is rebuilt text taken as it is."""
    from .extract import extract_bulletin

    if path.suffix.lower() == ".json":
        try:
            d = json.loads(path.read_text("utf-8"))
            issue = Issue(**d["issue"]) if "issue" in d else Issue(year=gold.get("issue_year"))
            articles = [
                Article(
                    i, a["title"], list(a["paragraphs"]), a.get("section"), list(a.get("attribution", []))
                )
                for i, a in enumerate(d["articles"], 1)
            ]
        except (ValueError, KeyError, TypeError) as e:
            raise InputError(
                f"not a rebuilt bulletin (articles with title and paragraphs): {e}", subject=str(path)
            ) from None
        bulletin = Bulletin(Source(path.name, "0" * 64, "txt"), issue, articles)
        return extract_bulletin(bulletin, settings)
    from .services import parse_file

    return parse_file(path, settings)


def evaluate(
    gold_paths: Iterable[Path],
    settings: Settings,
    parse: Callable[[Path, dict[str, Any]], Bulletin] | None = None,
) -> Report:
    """Score each gold file's articles; `parse` (source path, gold) → Bulletin overrides loading."""
    results: list[ArticleResult] = []
    for gp in gold_paths:
        try:
            gold = json.loads(Path(gp).read_text("utf-8"))
        except (OSError, ValueError) as e:
            raise InputError(f"cannot be read as a gold file: {e}", subject=str(gp)) from None
        if not isinstance(gold, dict) or not isinstance(gold.get("articles"), list):
            raise InputError("has no `articles` list: not a gold file", subject=str(gp))
        src = source_path(Path(gp), gold)
        bulletin = parse(src, gold) if parse else load_bulletin(src, gold, settings)
        by_title = {norm_title(a.title): a for a in bulletin.articles}
        for ga in gold["articles"]:
            a = by_title.get(norm_title(ga["title"]))
            results.append(score_article(a, ga, Path(gp).name, settings.home_region))
    return Report(results)
