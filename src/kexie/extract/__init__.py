"""Extraction: each article of a rebuilt Bulletin becomes an activity record.

`extract_bulletin` is the pipeline's entry point (called by services after reflow).
Each field has its own module (dates, people, orgs, places, quantities, classify,
resolve); this module only runs them in order — dates → places → people → orgs →
quantities → classify — and keeps one article's failure from failing the whole file:
such an article keeps its text with empty fields, and the error is logged and kept in
`Article.explain["error"]`.
"""

from __future__ import annotations

import logging

from ..config import Settings
from ..model import Article, Bulletin, Issue, Mention
from . import classify, dates, places, quantities
from .orgs import find_orgs
from .people import find_persons

log = logging.getLogger(__name__)


def _outside(mentions: list[Mention], others: list[Mention]) -> list[Mention]:
    """`mentions` that overlap none of `others` (same paragraph, intersecting spans)."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for o in others:
        spans.setdefault(o.paragraph, []).append((o.start, o.end))
    return [m for m in mentions if not any(s < m.end and m.start < e for s, e in spans.get(m.paragraph, ()))]


def _clear(article: Article) -> None:
    article.date = article.date_text = None
    article.event_type = None
    article.platforms, article.persons, article.orgs = [], [], []
    article.locations, article.quantities, article.mentions = [], [], []


def extract_article(article: Article, issue: Issue, settings: Settings) -> Article:
    """Fill the extraction fields of one article (in place) and return it."""
    date_mentions = dates.find_dates(article, issue)
    article.date, article.date_text = dates.activity_date(date_mentions)
    loc_mentions = places.find_places(article, settings.home_region)
    persons, per_mentions = find_persons(article)
    # 王大庆 is a person, not 大庆市; 学会理事长 holds no 会理市 (a short form inside a title), while
    # the full name in 苏州市科协副主席 still names a place.
    loc_mentions = _outside(loc_mentions, [m for m in per_mentions if m.type == "PER"])
    short_locs = [m for m in loc_mentions if places.is_county_short(m.text)]
    titles = [m for m in per_mentions if m.type == "TITLE"]
    bad = {id(m) for m in short_locs} - {id(m) for m in _outside(short_locs, titles)}
    loc_mentions = [m for m in loc_mentions if id(m) not in bad]
    orgs, org_mentions = find_orgs(article, settings, loc_mentions)
    texts = [(-1, article.title), *enumerate(article.paragraphs)]
    qtys, qty_mentions = quantities.find_quantities(texts, date_mentions)
    event, platforms, explain = classify.classify(article.title, article.paragraphs)
    article.persons, article.orgs, article.quantities = persons, orgs, qtys
    org_spans = [m for m in org_mentions if m.type == "ORG"]
    article.locations = places.collect_locations(loc_mentions, org_spans, settings.home_region)
    article.event_type, article.platforms = event, platforms
    article.explain = {**(article.explain or {}), **explain}
    mentions = [*date_mentions, *loc_mentions, *per_mentions, *org_mentions, *qty_mentions]
    article.mentions = sorted(mentions, key=lambda m: (m.paragraph, m.start, m.end, m.type))
    return article


def extract_bulletin(bulletin: Bulletin, settings: Settings) -> Bulletin:
    """Fill every extraction field of every article (in place) and return the bulletin."""
    for article in bulletin.articles:
        try:
            extract_article(article, bulletin.issue, settings)
        except Exception as e:  # one article's failure never fails the file
            log.warning(
                "%s: article %d (%s): extraction failed: %r",
                bulletin.source.name,
                article.index,
                article.title,
                e,
            )
            _clear(article)
            article.explain = {"error": f"{type(e).__name__}: {e}"}
    return bulletin
