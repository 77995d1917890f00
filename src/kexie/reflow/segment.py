"""Blocks → masthead, sections, articles: the bulletin's structure.

Stages, in order:
1. masthead: the leading blocks that carry the issue number (第N期, 2023年第N期), the
   issue's date, and the bulletin's name (the largest font, or the line next to them);
2. walk the rest: a section heading 【...】 sets the section; an article starts with a
   title (a layout hint from the reader — bigger, bold or centered — or, in plain text,
   a short line without sentence punctuation where an article may start), a title wrapped
   over two lines is joined; paragraphs follow; a closing attribution （A、B、C） is moved
   out of the last paragraph and closes the article;
3. the year: the masthead's date, else the most frequent year in the text, else the
   file's metadata.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..model import Article, Issue
from . import cues
from .normalize import join_lines
from .paragraphs import Block

MASTHEAD_SCAN = 6  # blocks at the top where a masthead may be
MASTHEAD_MAX_LEN = 40  # characters: a masthead line is short
TITLE_MAX_LEN = 80  # characters: longer is a paragraph, whatever it looks like
TITLE_WRAP_FILL = 0.6  # a title wraps only when its first line is at least this full
TITLE_SIZE = 1.1
MAX_TITLE_LINES = 4  # font size ÷ body size from which a line is set as a title


@dataclass(slots=True)
class _Draft:
    title: str
    section: str | None
    paragraphs: list[str] = field(default_factory=list)
    attribution: list[str] = field(default_factory=list)


def masthead(blocks: list[Block]) -> tuple[Issue, int]:
    """The issue fields and how many leading blocks the masthead takes."""
    issue = Issue()
    head = blocks[:MASTHEAD_SCAN]
    last = -1
    for k, b in enumerate(head):
        t = b.text
        if len(t) > MASTHEAD_MAX_LEN and b.kind != "masthead":
            break
        if cues.SENTENCE_PUNCT_RE.search(t) or cues.HEADING_RE.match(t):
            break
        m = cues.ISSUE_RE.search(t)
        d = cues.FULL_DATE_RE.search(t)
        if m and issue.number is None:
            issue.number = m.group(1).replace(" ", "")
            last = k
        if d and issue.date is None and (m or last >= 0 or k + 1 < len(head)) and len(t) <= MASTHEAD_MAX_LEN:
            y, mo, da = (int(x) for x in d.groups())
            if 1 <= mo <= 12 and 1 <= da <= 31 and (last >= 0 or m or _near_issue(head, k)):
                issue.date = f"{y:04d}-{mo:02d}-{da:02d}"
                last = max(last, k)
        if b.kind == "masthead":
            last = max(last, k)
    if last < 0:
        return issue, 0
    names = [
        b
        for b in blocks[: last + 1]
        if not cues.ISSUE_RE.search(b.text) and not cues.FULL_DATE_RE.search(b.text)
    ]
    if names:
        best = max(
            names, key=lambda b: (b.size, bool(cues.BULLETIN_NAME_RE.search(b.text)), -blocks.index(b))
        )
        issue.title = best.text
    else:  # "科协工作动态 2023年第2期" on one line
        for b in blocks[: last + 1]:
            m = cues.ISSUE_RE.search(b.text)
            if m and m.start() > 0:
                issue.title = b.text[: m.start()].strip() or None
                break
    return issue, last + 1


def _near_issue(head: list[Block], k: int) -> bool:
    return any(cues.ISSUE_RE.search(b.text) for b in head[max(0, k - 2) : k + 3])


def infer_year(issue: Issue, blocks: list[Block], meta_year: int | None) -> int | None:
    if issue.date:
        return int(issue.date[:4])
    if issue.number:
        m = cues.YEAR_RE.search(issue.number)
        if m:
            return int(m.group(1))
    years = Counter(int(m.group(1)) for b in blocks for m in cues.YEAR_RE.finditer(b.text))
    if years:
        return max(years.items(), key=lambda kv: kv[1])[0]  # Counter keeps first-seen order on ties
    return meta_year


def _is_heading(b: Block) -> str | None:
    c = b.text[:1]
    if c not in "【〖［[" and not c.isspace():
        return None  # what `HEADING_RE` would say, without the match (most blocks)
    m = cues.HEADING_RE.match(b.text)
    return m.group(1).strip() if m else None


def _title_shaped(b: Block) -> bool:
    """Could be a title by its text alone: short, one line, no sentence punctuation."""
    t = b.text
    return (
        2 <= len(t) <= TITLE_MAX_LEN
        and not cues.SENTENCE_PUNCT_RE.search(t)
        and not cues.ends_open(t)
        and not cues.starts_paragraph(t)
    )


def _styled_title(b: Block, min_len: int = 2) -> bool:
    """The reader or the layout marked it: a title by kind, size, boldness or centering."""
    if b.kind == "title":
        return True
    if b.kind in ("para", "heading", "masthead"):
        return False
    t = b.text
    return (
        (b.size >= TITLE_SIZE or b.bold or b.centered)
        and min_len <= len(t) <= TITLE_MAX_LEN
        and not cues.ends_sentence(t)
        and not cues.starts_paragraph(t)
    )


def _plain_title(blocks: list[Block], k: int) -> bool:
    """Plain text: a short single-line block, no sentence punctuation, before a paragraph."""
    b = blocks[k]
    if b.n_lines > MAX_TITLE_LINES or not _title_shaped(b) or k + 1 >= len(blocks):
        return False
    if b.fill and b.fill >= 0.97 and b.n_lines == 1:
        return False  # a full-width line is body text cut short by a wrong wrap
    nxt = blocks[k + 1]
    if _is_heading(nxt):
        return False
    return _paragraph_like(nxt) or bool(_title_chain(blocks, k))


def _title_chain(blocks: list[Block], k: int) -> list[Block]:
    """Plain text: the further lines of the title at k, when it was wrapped.

    Every line of a wrapped title but the last is (nearly) full at the title's measure; the
    chain must end where a paragraph begins, so a short first paragraph is never taken.
    """
    chain: list[Block] = []
    prev = blocks[k]
    best: list[Block] = []
    j = k + 1
    while j < len(blocks) and len(chain) < MAX_TITLE_LINES - 1 and _title_continues(prev, blocks[j]):
        chain.append(blocks[j])
        prev = blocks[j]
        j += 1
        if j < len(blocks) and _paragraph_like(blocks[j]):
            best = chain[:]
    return best


def _paragraph_like(b: Block) -> bool:
    return b.n_lines > 1 or cues.ends_sentence(b.text) or cues.starts_paragraph(b.text)


def _title_continues(title: Block, nxt: Block) -> bool:
    """Plain text: `nxt` can be the next line of a wrapped title."""
    if title.n_lines + nxt.n_lines > MAX_TITLE_LINES:
        return False
    t = nxt.text
    if len(t) > TITLE_MAX_LEN or cues.SENTENCE_PUNCT_RE.search(t) or cues.ends_open(t):
        return False
    if cues.starts_paragraph(t):
        return False
    if _is_heading(nxt):
        return False
    if title.width and nxt.width > max(1.25 * title.width, title.width + 3):
        return False  # a wrapped title's next line is not much wider than its first (a word may move down)
    return not (title.n_lines == 1 and title.fill and title.fill < TITLE_WRAP_FILL)


def segment(
    blocks: list[Block],
    *,
    meta_year: int | None = None,
    meta_title: str | None = None,
    meta_date: str | None = None,
) -> tuple[Issue, list[Article]]:
    """Find the masthead, sections and articles among the blocks."""
    issue, k = masthead(blocks)
    if meta_date and not issue.date:
        issue.date = meta_date
    drafts: list[_Draft] = []
    section: str | None = None
    cur: _Draft | None = None
    if meta_title:  # a web page: one article, its title known
        cur = _Draft(meta_title, None)
        drafts.append(cur)
        if k < len(blocks) and blocks[k].text == meta_title:
            k += 1
    expect_title = cur is None
    n = len(blocks)
    while k < n:
        b = blocks[k]
        heading = _is_heading(b) if b.kind != "para" else None
        if heading is not None:
            section, cur, expect_title = heading, None, True
            k += 1
            continue
        if cur is not None and cur.paragraphs and not cur.attribution:
            lone = cues.split_attribution(b.text)
            if lone is not None and not lone[0]:  # the attribution on a line of its own
                cur.attribution, cur, expect_title = lone[1], None, True
                k += 1
                continue
        styled = _styled_title(b)
        if (
            styled
            or (expect_title and _title_shaped(b) and b.kind != "para")
            or (b.kind is None and cur is not None and cur.paragraphs and _plain_title(blocks, k))
        ):
            parts = [b.text]
            k += 1
            if styled:
                while (
                    k < n
                    and _styled_title(blocks[k], 1)
                    and blocks[k].size == b.size
                    and not _is_heading(blocks[k])
                ):
                    parts.append(blocks[k].text)
                    k += 1
            else:
                parts += [x.text for x in _title_chain(blocks, k - 1)]
                k += len(parts) - 1
            cur = _Draft(join_lines(parts), section)
            drafts.append(cur)
            expect_title = False
            continue
        if cur is None:  # body text before any title
            cur = _Draft("", section)
            drafts.append(cur)
        expect_title = False
        split = cues.split_attribution(b.text)
        if split is not None and split[0]:
            cur.paragraphs.append(split[0])
            cur.attribution = split[1]
            cur, expect_title = None, True
        else:
            cur.paragraphs.append(b.text)
        k += 1
    articles = []
    for d in drafts:
        if not d.paragraphs:
            continue
        articles.append(
            Article(
                index=len(articles) + 1,
                title=d.title,
                paragraphs=d.paragraphs,
                section=d.section,
                attribution=d.attribution,
            )
        )
    issue.year = infer_year(issue, blocks, meta_year)
    return issue, articles
