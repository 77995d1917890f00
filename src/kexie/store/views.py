"""What the archive returns: plain, frozen records for the CLI and the web.

The read API of issue 4. Every service that reads the archive returns one of these;
none of them holds a database handle, so templates and JSON encoders can use them freely.

Snippets: `SearchHit.snippet` is HTML, safe to insert as-is — the article text is
HTML-escaped and every query hit is wrapped in ``<mark>…</mark>``. `snippet_text` is
the same excerpt as plain text for terminals and JSON consumers who escape themselves.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

SortOrder = Literal["relevance", "date"]
FACETS: tuple[str, ...] = ("year", "org", "person", "place", "event_type", "platform", "section", "document")


@dataclass(slots=True)
class SearchQuery:
    """A search as a user asked it. `q` is free text: words, "quoted phrases"; any string is safe."""

    q: str = ""
    date_from: str | None = None  # ISO yyyy-mm-dd, inclusive
    date_to: str | None = None  # ISO yyyy-mm-dd, inclusive
    year: int | None = None
    org: str | None = None  # entity id (as text) or any written form of the name
    person: str | None = None
    place: str | None = None
    event_type: str | None = None
    platform: str | None = None
    section: str | None = None
    document: int | None = None  # document id
    sort: SortOrder = "relevance"
    page: int = 1
    per_page: int = 20


@dataclass(slots=True)
class SearchHit:
    article_id: int
    title: str
    date: str | None
    snippet: str  # HTML: escaped text with <mark> around hits
    score: float
    document: str  # the document's file name
    document_id: int = 0
    snippet_text: str = ""  # the same excerpt, plain text

    def to_json(self) -> dict[str, Any]:
        """The issue's JSON shape of a hit."""
        return {
            "article_id": self.article_id,
            "title": self.title,
            "date": self.date,
            "snippet": self.snippet,
            "score": self.score,
            "document": self.document,
        }


@dataclass(slots=True)
class SearchResult:
    total: int
    hits: list[SearchHit]
    # facet name (FACETS) -> {value: count}; org/person/place values are canonical names
    facets: dict[str, dict[str, int]]
    # False when the hit set was too large for exact counts: facets then come from a uniform sample
    # of the hits, scaled up (see kexie.store.find).
    facets_exact: bool = True
    page: int = 1
    per_page: int = 20
    took_ms: float = 0.0
    # canonical name -> entity id for org/person/place facet values, so the web can link them
    facet_ids: dict[str, dict[str, int]] = field(default_factory=dict)
    # False when `total` is estimated from a sample of a very large hit set (shown as 约 N)
    total_exact: bool = True

    def to_json(self) -> dict[str, Any]:
        """The issue's JSON {"total", "hits": [...], "facets": {...}}, plus whether the total and
        the facet counts are exact (False: estimated from a sample of a very large hit set)."""
        return {
            "total": self.total,
            "total_exact": self.total_exact,
            "hits": [h.to_json() for h in self.hits],
            "facets": self.facets,
            "facets_exact": self.facets_exact,
        }


@dataclass(slots=True)
class DocumentInfo:
    id: int
    name: str
    sha256: str
    format: str
    issue_title: str | None
    issue_number: str | None
    issue_date: str | None
    issue_year: int | None
    ingested_at: str  # ISO timestamp, UTC
    size: int
    articles: int
    current: bool  # False: replaced by a newer version of the same issue
    replaced_by: int | None = None


@dataclass(slots=True)
class ArticleRef:
    id: int
    title: str


@dataclass(slots=True)
class EntityRef:
    id: int
    type: str  # PER, ORG, LOC
    name: str  # canonical


@dataclass(slots=True)
class ArticleView:
    id: int
    record: dict[str, Any]  # the article exactly as the contract JSON (Article.to_json())
    document: DocumentInfo
    # one entry per record["mentions"] item, same order: the resolved entity id (None: DATE/QTY/TITLE or unresolved)
    mention_entities: list[int | None]
    entities: list[EntityRef]  # the distinct entities of the article
    previous: ArticleRef | None
    next: ArticleRef | None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class TitleSpan:
    title: str
    org: str | None
    first: str | None  # first date seen (ISO)
    last: str | None
    count: int


@dataclass(slots=True)
class Activity:
    article_id: int
    date: str | None
    title: str
    event_type: str | None
    platforms: list[str]
    document: str


@dataclass(slots=True)
class Partner:
    id: int
    type: str
    name: str
    count: int  # articles in which both appear


@dataclass(slots=True)
class EntityProfile:
    id: int
    type: str
    name: str
    aliases: list[str]
    articles: int  # distinct articles mentioning it
    mentions: int
    documents: int
    first_seen: str | None
    last_seen: str | None
    code: str | None = None  # places: administrative code
    titles: list[TitleSpan] = field(default_factory=list)  # persons: titles over time
    affiliations: list[EntityRef] = field(default_factory=list)  # persons: organizations
    timeline: list[Activity] = field(default_factory=list)  # newest first
    partners: list[Partner] = field(default_factory=list)
    platforms: dict[str, int] = field(default_factory=dict)
    event_types: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class GraphNode:
    id: int
    type: str
    name: str
    weight: int  # articles


@dataclass(slots=True)
class GraphEdge:
    source: int
    target: int
    weight: int  # articles in common


@dataclass(slots=True)
class Graph:
    nodes: list[GraphNode]
    edges: list[GraphEdge]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Dashboard:
    documents: int
    articles: int
    entities: dict[str, int]  # type -> count
    per_month: dict[str, int]  # "yyyy-mm" -> articles, chronological
    per_unit: dict[str, int]  # attribution / reporting unit -> articles, most first
    per_platform: dict[str, int]
    per_event_type: dict[str, int]
    top_orgs: list[Partner]
    top_people: list[Partner]
    latest: list[DocumentInfo]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class IngestResult:
    name: str
    status: Literal["stored", "replaced", "skipped", "failed"]
    document_id: int | None = None
    articles: int = 0
    reason: str | None = None  # failed: the one-line error; skipped: why
    code: str | None = None  # failed: the error's stable code
    seconds: float = 0.0


@dataclass(slots=True)
class IngestReport:
    results: list[IngestResult]
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> list[IngestResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def articles(self) -> int:
        return sum(r.articles for r in self.results if r.status in ("stored", "replaced"))

    @property
    def ok(self) -> bool:
        return not self.failed


@dataclass(slots=True)
class CorrectionResult:
    action: Literal["merge", "split", "rename"]
    entity: EntityRef
    detail: str
