"""The use cases: the one place that knows the pipeline's order.

read → reflow → extract → store, and the read side (search, profiles, reports, matching).
CLI and web call these functions and nothing deeper.
"""

from __future__ import annotations

# --- parse: read → reflow → extract, one file at a time -------------------------------------
import glob as _glob
import hashlib as _hashlib
import os as _os
from collections.abc import Iterable as _Iterable
from collections.abc import Iterator as _Iterator
from pathlib import Path as _Path

from .config import Settings as _Settings
from .errors import InputError as _InputError
from .model import Bulletin as _Bulletin
from .model import PageLines as _PageLines
from .model import Source as _Source


def _bulletin(
    name: str, subject: str, data: bytes, pagelines: _PageLines, settings: _Settings, extract: bool
) -> _Bulletin:
    from .reflow import rebuild

    source = _Source(name=name, sha256=_hashlib.sha256(data).hexdigest(), format=pagelines.format)
    bulletin = rebuild(pagelines, source)
    if not bulletin.articles:
        raise _InputError("no article text found", subject=subject)
    if extract:
        from .extract import extract_bulletin

        bulletin = extract_bulletin(bulletin, settings)
    return bulletin


def parse_bytes(name: str, data: bytes, settings: _Settings, *, extract: bool = True) -> _Bulletin:
    """A file's content → its Bulletin (contract shape); InputError with a one-line reason otherwise."""
    from .read import read_bytes

    return _bulletin(name, name, data, read_bytes(data, name, settings), settings, extract)


def parse_file(path: str | _os.PathLike[str], settings: _Settings, *, extract: bool = True) -> _Bulletin:
    """A file on disk → its Bulletin; the size limit is checked before reading."""
    from .read import load_path, read_bytes

    subject = str(path)
    data = load_path(path, settings)
    pagelines = read_bytes(data, subject, settings)
    return _bulletin(_Path(path).name or subject, subject, data, pagelines, settings, extract)


_SKIP_PREFIXES = (".", "~$")  # hidden files, Office lock files


def iter_inputs(paths: _Iterable[str | _os.PathLike[str]]) -> _Iterator[_Path]:
    """Files named, found in folders (recursively, sorted) or matched by globs.

    Nothing here raises: a missing path, a dangling link or an unreadable folder is
    yielded as it is, so that parsing it reports the reason in its one line.
    """
    for raw in paths:
        p = _Path(raw)
        s = str(raw)
        if not p.exists() and not p.is_symlink() and any(c in s for c in "*?["):
            matches = sorted(_glob.glob(s, recursive=True))
            if not matches:
                yield p
            for m in matches:
                yield from iter_inputs([m]) if _Path(m).is_dir() else [_Path(m)]
            continue
        if p.is_dir() and not p.is_symlink():
            yield from _walk(p)
        else:
            yield p


def _walk(folder: _Path) -> _Iterator[_Path]:
    try:
        entries = sorted(_os.scandir(folder), key=lambda e: e.name)
    except OSError:
        yield folder  # unreadable: parse_file says why
        return
    for e in entries:
        if e.name.startswith(_SKIP_PREFIXES):
            continue
        path = _Path(e.path)
        if e.is_dir(follow_symlinks=False):
            yield from _walk(path)
        else:
            yield path


def demo(examples_dir: _Path, console: object) -> int:
    """Parse every example bulletin and print a readable summary of each; return the failures."""
    from .errors import KexieError
    from .summary import render_bulletin

    settings = _Settings()
    failed = 0
    for path in iter_inputs([examples_dir]):
        try:
            bulletin = parse_file(path, settings)
        except KexieError as e:
            console.print(f"kexie: {e}", markup=False, style="red")  # type: ignore[attr-defined]
            failed += 1
            continue
        console.print(render_bulletin(bulletin, path=str(path)), soft_wrap=False)  # type: ignore[attr-defined]
    return failed


def evaluate_gold(gold_paths: _Iterable[str | _os.PathLike[str]], settings: _Settings):  # -> evaluate.Report
    """`kexie eval GOLD...`: parse each gold file's source and score the extraction (issue 3)."""
    from .evaluate import evaluate

    return evaluate([_Path(p) for p in gold_paths], settings)


# ---------------------------------------------------------------- archive: ingest, search, entities (issue 4)
# The read API returns the records of kexie.store.views; see that module for their fields.

import time as _time  # noqa: E402
from collections.abc import Callable as _Callable  # noqa: E402

from .errors import KexieError as _KexieError  # noqa: E402
from .store import reads as _reads  # noqa: E402
from .store.archive import Archive as _Archive  # noqa: E402
from .store.archive import sha256 as _sha256  # noqa: E402
from .store.views import (  # noqa: E402
    ArticleView,
    CorrectionResult,
    Dashboard,
    DocumentInfo,
    EntityProfile,
    EntityRef,
    Graph,
    IngestReport,
    IngestResult,
    SearchQuery,
    SearchResult,
)

IngestProgress = _Callable[[IngestResult, int, int], None]  # (result, done, total)


def _place_code(settings: _Settings) -> _Callable[[str], str | None]:
    from .extract.places import lookup

    def code(name: str) -> str | None:
        d = lookup(name, settings.home_region)
        return d.code if d else None

    return code


def _bulletin_of(settings: _Settings, name: str, data: bytes):  # -> Bulletin
    """Parse and extract; a `kexie parse --json` output (contract JSON) is taken as it is."""
    if name.lower().endswith(".json"):
        import json

        from .model import Bulletin

        try:
            return Bulletin.from_json(json.loads(data.decode("utf-8")))
        except (ValueError, KeyError, TypeError) as e:
            raise _InputError(
                f"not a bulletin in the contract JSON shape ({type(e).__name__}: {e})", subject=name
            ) from None
    return parse_bytes(name, data, settings, extract=True)


def ingest_bytes(
    settings: _Settings, name: str, data: bytes, *, archive: _Archive | None = None
) -> IngestResult:
    """Store one file (web upload, or one of `ingest_paths`): stored, replaced, skipped or failed — never raises
    for a bad file; nothing of a failed file is stored."""
    t0 = _time.perf_counter()
    arch = archive or _Archive(settings)
    try:
        if len(data) > settings.max_bytes:
            raise _InputError(f"{len(data)} bytes is over the limit of {settings.max_bytes}", subject=name)
        existing = arch.document_by_sha(_sha256(data))
        if existing is not None:
            return IngestResult(
                name, "skipped", existing, 0, "已入库（内容相同）", seconds=_time.perf_counter() - t0
            )
        bulletin = _bulletin_of(settings, name, data)
        bulletin.source.name = name
        stored = arch.store(bulletin, data, _place_code(settings))
    except _KexieError as e:
        return IngestResult(name, "failed", reason=str(e), code=e.code, seconds=_time.perf_counter() - t0)
    except Exception as e:  # a reader or extractor bug on one file must not stop a batch
        reason = f"{name}: internal error ({type(e).__name__}: {e})"
        return IngestResult(name, "failed", reason=reason, code="internal", seconds=_time.perf_counter() - t0)
    reason = "已入库（内容相同）" if stored.status == "skipped" else None
    if stored.status == "replaced":
        reason = f"新版本，替换文档 #{stored.replaced}"
    return IngestResult(
        name, stored.status, stored.document_id, stored.articles, reason, seconds=_time.perf_counter() - t0
    )  # type: ignore[arg-type]


def ingest_paths(
    settings: _Settings, paths: _Iterable[str | _Path], progress: IngestProgress | None = None
) -> IngestReport:
    """`kexie ingest PATH...`: files, folders (recursively) and globs; one transaction per file."""
    t0 = _time.perf_counter()
    arch = _Archive(settings)
    inputs = list(iter_inputs(paths))
    results: list[IngestResult] = []
    for path in inputs:
        name = str(path)
        try:
            if not path.exists():
                raise _InputError("no such file or folder", subject=name)
            size = path.stat().st_size
            if size > settings.max_bytes:
                raise _InputError(f"{size} bytes is over the limit of {settings.max_bytes}", subject=name)
            data = path.read_bytes()
        except OSError as e:
            r = IngestResult(name, "failed", reason=f"{name}: {e.strerror or e}", code="input")
        except _KexieError as e:
            r = IngestResult(name, "failed", reason=str(e), code=e.code)
        else:
            r = ingest_bytes(settings, name, data, archive=arch)
        results.append(r)
        if progress is not None:
            progress(r, len(results), len(inputs))
    return IngestReport(results, _time.perf_counter() - t0)


def search(settings: _Settings, query: SearchQuery) -> SearchResult:
    """Full-text search with filters and facet counts (see kexie.search)."""
    from . import search as _search

    return _search.run(_Archive(settings), query)


def get_article(settings: _Settings, article_id: int) -> ArticleView:
    return _reads.article(_Archive(settings), article_id)


def get_entity(settings: _Settings, id_or_name: int | str, type: str | None = None) -> EntityProfile:
    """A profile by id or by any written form (type PER/ORG/LOC narrows a name)."""
    return _reads.profile(_Archive(settings), id_or_name, type)


def find_entities(settings: _Settings, q: str, type: str | None = None, limit: int = 20) -> list[EntityRef]:
    """Entities whose name or an alias contains `q`, most mentioned first (for pickers and autocomplete)."""
    return _reads.find_entities(_Archive(settings), q, type, limit)


def entity_graph(settings: _Settings, entity_id: int, limit: int = 30) -> Graph:
    """The entity and its `limit` most frequent partners, with the edges among them."""
    return _reads.graph(_Archive(settings), entity_id, limit)


def entity_page(
    settings: _Settings, id_or_name: int | str, graph_limit: int = 30
) -> tuple[EntityProfile, Graph]:
    """`get_entity` and `entity_graph` in one read (a profile page shows both)."""
    return _reads.profile_and_graph(_Archive(settings), id_or_name, graph_limit)


def dashboard(settings: _Settings) -> Dashboard:
    return _reads.dashboard(_Archive(settings))


def list_documents(settings: _Settings, limit: int = 50, offset: int = 0) -> list[DocumentInfo]:
    """Documents, newest ingested first (replaced versions included, marked `current=False`)."""
    return _reads.documents(_Archive(settings), limit, offset)


def explain_record(record: dict) -> dict:
    """Why the classifier gives a stored article (contract JSON) its event type and platforms: the cues
    it finds, recomputed with the current dictionaries (the archive keeps the decision, not the reasons)."""
    from .extract.classify import classify

    _, _, explain = classify(record.get("title", ""), list(record.get("paragraphs", [])))
    return explain


def archive_generation(settings: _Settings) -> int:
    """A number that changes whenever an ingest or correction changes what reads see (web caches key on it)."""
    arch = _Archive(settings)
    with arch.read() as conn:
        return arch.generation(conn)


def document_file(settings: _Settings, document_id: int) -> tuple[str, bytes, str]:
    """(file name, original bytes, format) of a stored document."""
    return _reads.document_file(_Archive(settings), document_id)


def merge_entities(settings: _Settings, target: int | str, others: list[int | str]) -> CorrectionResult:
    """Merge `others` into `target` (ids or names): aliases, mentions and roles move; kept across re-ingestion."""
    from .store import corrections

    return corrections.merge(_Archive(settings), target, others)


def split_entity(
    settings: _Settings, entity: int | str, *, alias: str | None = None, org: int | str | None = None
) -> CorrectionResult:
    """Split off a written form (`alias`, organizations/places) or a person's occurrences with `org`."""
    from .store import corrections

    return corrections.split(_Archive(settings), entity, alias=alias, org=org)


def rename_entity(settings: _Settings, entity: int | str, name: str) -> CorrectionResult:
    from .store import corrections

    return corrections.rename(_Archive(settings), entity, name)


# --- reports (issue 6): unit work reports, platform statistics, composing an issue ----------

from .reports.compose import NewItem  # noqa: E402
from .reports.formats import Rendered  # noqa: E402

UNIT_FORMATS = ("docx", "pdf", "md")
STATS_FORMATS = ("xlsx", "md")
ISSUE_FORMATS = ("docx", "pdf")


def _render_blocks(blocks: list, fmt: str) -> bytes:
    if fmt == "docx":
        from .reports.export_docx import render_docx

        return render_docx(blocks)
    if fmt == "pdf":
        from .reports.export_pdf import render_pdf

        return render_pdf(blocks)
    from .reports.export_md import render_md

    return render_md(blocks)


def report_unit(settings: _Settings, org: str, date_from: str, date_to: str, fmt: str = "docx") -> Rendered:
    """`kexie report unit`: an organization's activities in [date_from, date_to] as docx, pdf or md."""
    from .errors import ConfigError as _ConfigError
    from .errors import NotFound as _NotFound
    from .reports import formats, unit
    from .store import reporting

    fmt = formats.check_format(fmt, UNIT_FORMATS)
    start, end = formats.parse_date(date_from, "--from"), formats.parse_date(date_to, "--to")
    if start > end:
        raise _ConfigError(f"开始日期 {start} 晚于结束日期 {end}", subject="--from")
    arch = _Archive(settings)
    match = reporting.find_org(arch, org)
    if match is None:
        raise _NotFound("档案中没有这个单位（请检查名称，或先导入含有该单位的工作动态）", subject=org)
    rows = reporting.unit_articles(arch, match, start.isoformat(), end.isoformat())
    items = [  # the decoded records as they are: no Article objects for 10k activities (issue 6)
        unit.SourcedRecord(
            r.id,
            r.record,
            " ".join(x for x in (r.issue_title, r.issue_number) if x) or r.document,
            r.issue_date,
        )
        for r in rows
    ]
    report = unit.build_unit_report_records(match.name, match.names, start, end, items)
    blocks = unit.unit_blocks(report)
    name = formats.safe_filename(f"{unit.report_title(report)}_{start:%Y%m%d}-{end:%Y%m%d}")
    return Rendered(f"{name}.{fmt}", _render_blocks(blocks, fmt), formats.MEDIA_TYPES[fmt])


def report_stats(settings: _Settings, year: int | str, fmt: str = "xlsx") -> Rendered:
    """`kexie report stats`: the year's platform statistics as xlsx or md."""
    from .reports import formats, statistics
    from .store import reporting

    fmt = formats.check_format(fmt, STATS_FORMATS)
    y = formats.parse_year(year)
    report = statistics.build_stats(reporting.year_stats(_Archive(settings), y))
    title = f"{y}年度服务平台工作统计"
    if fmt == "xlsx":
        from .reports.export_xlsx import render_xlsx

        heading = f"{title}（档案中暂无{y}年的活动记录）" if report.empty else title
        data = render_xlsx(statistics.stats_tables(report), statistics.stats_chart(report), heading)
    else:
        data = _render_blocks(statistics.stats_blocks(report), "md")
    return Rendered(f"{formats.safe_filename(title)}.{fmt}", data, formats.MEDIA_TYPES[fmt])


def next_issue_number(settings: _Settings, year: int, name: str | None = None) -> int:
    """第N期 of the next issue: one more than the last stored for `year` (and bulletin `name`)."""
    from .store import reporting

    return reporting.last_issue_number(_Archive(settings), name, year) + 1


def compose_issue(
    settings: _Settings,
    article_ids: list[int],
    new_items: list[NewItem] | None = None,
    *,
    number: int | None = None,
    issue_date: str | None = None,
    name: str | None = None,
    sections: list[str] | None = None,
    fmt: str = "docx",
) -> Rendered:
    """`kexie compose`: an issue from archived articles (in the given order) and new items → docx or pdf."""
    import datetime as _dt

    from .errors import NotFound as _NotFound
    from .model import Article as _Article
    from .reports import compose, formats
    from .store import reporting

    fmt = formats.check_format(fmt, ISSUE_FORMATS)
    when = formats.parse_date(issue_date, "--date") if issue_date else _dt.date.today()
    name = (name or "").strip() or compose.DEFAULT_NAME
    found = reporting.articles_by_id(_Archive(settings), list(article_ids)) if article_ids else {}
    missing = [str(i) for i in article_ids if i not in found]
    if missing:
        raise _NotFound("档案中没有这些文章", subject=f"--articles {','.join(missing)}")
    articles = [_Article.from_json(found[i].record) for i in dict.fromkeys(article_ids)]
    articles += [compose.new_article(item, k) for k, item in enumerate(new_items or [], start=1)]
    if number is None:
        number = next_issue_number(settings, when.year, name)
    bulletin = compose.compose(
        articles,
        number=number,
        issue_date=when,
        name=name,
        sections=sections if sections else compose.DEFAULT_SECTIONS,
        fmt=fmt,
    )
    data = compose.render_issue(bulletin, fmt)
    filename = formats.safe_filename(f"{name}{when.year}年第{number}期")
    return Rendered(f"{filename}.{fmt}", data, formats.MEDIA_TYPES[fmt])


# --- match: who can help with a need (issue 7) ------------------------------------------------

MATCH_KINDS = ("org", "person", "any")


def match(
    settings: _Settings, need: str, *, kind: str = "any", region: str | None = None, top: int = 10
):  # -> analysis.match.MatchResult
    """Organizations and experts whose past activities fit `need`, with evidence and a path to them.

    Never an error for a vague or unmatched need (the result says so and suggests words);
    a bad --type or --top is a ConfigError.
    """
    from .analysis import match as _match
    from .analysis import match_source
    from .errors import ConfigError as _ConfigError

    if kind not in MATCH_KINDS:
        raise _ConfigError(f"必须是 org、person 或 any，而不是 {kind!r}", subject="--type")
    if not 1 <= top <= 100:
        raise _ConfigError(f"必须在 1 到 100 之间，而不是 {top}", subject="--top")
    archive = _Archive(settings)
    index = match_source.index_for(archive)
    rerank = None
    if settings.embedding_model is not None:
        from .analysis import match_embed

        rerank = match_embed.reranker(settings.embedding_model)
    return _match.match(
        index,
        need,
        match_source.fetch_from(archive),
        kind=kind,  # type: ignore[arg-type]
        region=(region or "").strip() or None,
        top=top,
        home_org=settings.home_org,
        rerank=rerank,
    )


def warm_match(settings: _Settings) -> int:
    """Build (or load) the matching index now, so the first 对接 request does not wait; its size."""
    from .analysis import match_source

    return match_source.index_for(_Archive(settings)).size
