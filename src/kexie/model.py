"""The data that flows through kexie, and its mapping to the contract JSON.

`Bulletin.to_json()` is exactly the shape of ``shared/contract/bulletin.schema.json``:
the one interface between the pipeline (read → reflow → extract) and everything
downstream (store, search, reports, web). Plain dataclasses, no behaviour beyond
conversion, so every stage stays a pure function over them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Format = Literal["txt", "pdf", "docx", "html"]
MentionType = Literal["PER", "ORG", "LOC", "DATE", "QTY", "TITLE"]


@dataclass(slots=True)
class Line:
    """One line as a reader found it, with the layout hints reflow needs.

    Readers of formats without geometry (text, HTML) leave x/y/size at 0 and
    say what they know through `kind` hints instead.
    """

    text: str
    page: int = 0
    x0: float = 0.0  # left edge, points from the page's left
    x1: float = 0.0  # right edge
    y: float = 0.0  # baseline, points from the page's top
    size: float = 0.0  # font size in points
    bold: bool = False
    centered: bool = False
    # A reader that knows a line's role says so: "title", "heading", "para" (a whole paragraph,
    # as in DOCX/HTML), "date"; None leaves it to reflow.
    kind: str | None = None


@dataclass(slots=True)
class PageLines:
    """What a reader returns: lines in reading order, plus what the file itself says."""

    format: Format
    lines: list[Line]
    page_width: float = 0.0  # points; 0 when unknown
    page_height: float = 0.0  # points; 0 when unknown (the header/footer bands are measured from it)
    pages: int = 1
    encoding: str | None = None  # for text: the detected encoding
    meta_year: int | None = None  # a year from the file's metadata, the last resort for issue.year
    meta_title: str | None = None  # HTML: the page's article title
    meta_date: str | None = None  # HTML: publication date, ISO


@dataclass(slots=True)
class Source:
    name: str
    sha256: str
    format: Format


@dataclass(slots=True)
class Issue:
    title: str | None = None
    number: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd
    year: int | None = None


@dataclass(slots=True)
class Person:
    name: str
    titles: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Org:
    name: str
    aliases: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Place:
    name: str


@dataclass(slots=True)
class Quantity:
    text: str
    value: float
    unit: str


@dataclass(slots=True)
class Mention:
    type: MentionType
    text: str
    paragraph: int  # -1 for the title
    start: int
    end: int
    entity: str | None = None


@dataclass(slots=True)
class Article:
    index: int
    title: str
    paragraphs: list[str]
    section: str | None = None
    attribution: list[str] = field(default_factory=list)
    date: str | None = None
    date_text: str | None = None
    event_type: str | None = None
    platforms: list[str] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    orgs: list[Org] = field(default_factory=list)
    locations: list[Place] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    # Not part of the contract: why the classifier decided what it did (`kexie parse --explain`).
    explain: dict[str, Any] | None = None

    def text_of(self, paragraph: int) -> str:
        """The text a mention's offsets point into: the title for -1, else a paragraph."""
        return self.title if paragraph == -1 else self.paragraphs[paragraph]

    def to_json(self, explain: bool = False) -> dict[str, Any]:
        d = asdict(self)
        d.pop("explain")
        if explain and self.explain is not None:
            d["explain"] = self.explain
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Article:
        return cls(
            index=d["index"],
            title=d["title"],
            paragraphs=list(d["paragraphs"]),
            section=d.get("section"),
            attribution=list(d.get("attribution", [])),
            date=d.get("date"),
            date_text=d.get("date_text"),
            event_type=d.get("event_type"),
            platforms=list(d.get("platforms", [])),
            persons=[Person(p["name"], list(p.get("titles", []))) for p in d.get("persons", [])],
            orgs=[Org(o["name"], list(o.get("aliases", []))) for o in d.get("orgs", [])],
            locations=[Place(p["name"]) for p in d.get("locations", [])],
            quantities=[Quantity(q["text"], q["value"], q["unit"]) for q in d.get("quantities", [])],
            mentions=[Mention(**m) for m in d.get("mentions", [])],
        )


@dataclass(slots=True)
class Bulletin:
    source: Source
    issue: Issue
    articles: list[Article]

    def to_json(self, explain: bool = False) -> dict[str, Any]:
        return {
            "source": asdict(self.source),
            "issue": asdict(self.issue),
            "articles": [a.to_json(explain) for a in self.articles],
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Bulletin:
        return cls(
            source=Source(**d["source"]),
            issue=Issue(**d["issue"]),
            articles=[Article.from_json(a) for a in d["articles"]],
        )
