"""Write the example bulletins shipped under examples/: one generated issue, typeset as PDF and DOCX.

    python benchmarks/make_examples.py

The issue is synthetic (`kexie.synth`, fixed seed), so the examples name no real person or unit;
the PDF is byte-for-byte reproducible. `make demo` and the round-trip tests parse such files.
"""

from __future__ import annotations

from pathlib import Path

from kexie.reports.bulletin_docx import render_docx
from kexie.reports.bulletin_pdf import render_pdf
from kexie.synth import generate_bulletin, strip_gold

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SEED = 20240305


def main() -> None:
    bulletin = strip_gold(generate_bulletin(SEED, articles=4, masthead=True, sections=True))
    EXAMPLES.mkdir(exist_ok=True)
    (EXAMPLES / "synth-bulletin.pdf").write_bytes(render_pdf(bulletin, issuer="科学技术协会办公室"))
    (EXAMPLES / "synth-bulletin.docx").write_bytes(render_docx(bulletin, issuer="科学技术协会办公室"))
    print(f"wrote {EXAMPLES}/synth-bulletin.pdf and .docx: {bulletin.issue.title} {bulletin.issue.number}")


if __name__ == "__main__":
    main()
