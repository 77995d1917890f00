"""Extraction: each article of a rebuilt Bulletin becomes an activity record.

`extract_bulletin` is the pipeline's entry point (called by services after reflow).
Each field has its own module (dates, people, orgs, places, quantities, classify,
resolve); this module only runs them in order and keeps one article's failure from
failing the whole file.
"""

from __future__ import annotations

from ..config import Settings
from ..model import Bulletin


def extract_bulletin(bulletin: Bulletin, settings: Settings) -> Bulletin:
    """Fill every extraction field of every article (in place) and return the bulletin."""
    return bulletin
