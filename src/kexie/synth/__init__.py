"""Synthetic work bulletins for tests, benchmarks and demos.

`generate_bulletin(seed)` writes a whole issue (masthead, sections, articles, attributions) whose
articles carry their gold annotations by construction; `wrap.to_text` renders it as text copied out
of a PDF. The typeset PDF and DOCX come from `kexie.reports.bulletin_pdf` / `bulletin_docx`.
"""

from kexie.synth.generate import generate_bulletin, iter_articles, make_article, strip_gold

__all__ = ["generate_bulletin", "iter_articles", "make_article", "strip_gold"]
