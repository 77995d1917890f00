"""The id ranges a large search reads instead of all its matches (see `find.py`'s docstring).

A sample is `blocks` ranges spread evenly over the archive's ids; full-text indexes (FTS5 rowid
seeks, PostgreSQL primary-key ranges) read a range without touching the matches outside it.
"""

from __future__ import annotations

from typing import Any

SAMPLE_BLOCKS = 16  # id ranges of a sample, one inside each block (each costs FTS5 a seek and set-up)


def sample_ranges(lo: int, hi: int, width: int, blocks: int | None = None) -> list[tuple[int, int]]:
    """`blocks` id ranges of about `width` ids in all, one inside each of `blocks` equal blocks of
    [lo, hi]: the last one ends at `hi` (the newest articles are always in), the others start at
    a fixed golden-ratio offset inside their block (an archive with a period — a bulletin's fixed
    layout, or a benchmark's repeated pool — is not sampled at the same phase in every block).
    The same arguments give the same ranges, so the pages of one search agree. The whole span when
    `width` covers it."""
    blocks = blocks or SAMPLE_BLOCKS  # read at call time
    n = hi - lo + 1
    if width >= n or n <= blocks:
        return [(lo, hi)]
    each = max(1, width // blocks)
    out = []
    for i in range(blocks):
        start, end = lo + i * n // blocks, lo + (i + 1) * n // blocks - 1
        room = max(0, end - start + 1 - each)
        first = end - each + 1 if i == blocks - 1 else start + int((i + 1) * 0.6180339887 % 1 * room)
        out.append((max(start, first), min(end, first + each - 1)))
    return out


def bind_range(params: dict[str, Any], i: int, r: tuple[int, int]) -> str:
    """`:ra{i} AND :rb{i}` bound to the range `r`: the statement's text depends only on the number
    of ranges, so the driver's statement cache reuses it (preparing 64 ranges costs ~0.3 ms)."""
    params[f"ra{i}"], params[f"rb{i}"] = r
    return f":ra{i} AND :rb{i}"


def ids_covered(ranges: list[tuple[int, int]]) -> int:
    return sum(b - a + 1 for a, b in ranges)


def bind_ranges(ranges: list[tuple[int, int]], params: dict[str, Any], template: str) -> list[str]:
    """`template` (with `{}` for "low AND high") once per id range, the bounds bound by `bind_range`."""
    return [template.format(bind_range(params, i, r)) for i, r in enumerate(ranges)]
