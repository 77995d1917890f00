"""Parsing speed and memory (issue 2): text through reflow and segmentation, PDFs through reading and
reflow, and pdfplumber's text extraction of the same PDFs as the baseline.

    python benchmarks/parse.py               # 1,000 generated bulletins, 3 repeats (a few minutes)
    python benchmarks/parse.py --count 50    # a quick look while developing

The corpus (generated bulletins as copied-out text and as typeset PDF, seeds 0..N-1) is written
once to benchmarks/.corpus/ (git-ignored) and streamed from disk one file at a time, so the peak
RSS is that of parsing, not of holding the corpus. Runs pinned to one core; each figure is the
median over the repeats (the machine is shared and noisy). Targets: ≥ 5 MB/s of text, ≥ 200
PDF pages/s, peak RSS < 300 MB.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import platform
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / ".corpus"
TARGET_MBS, TARGET_PPS, TARGET_RSS = 5.0, 200.0, 300.0


def fingerprint() -> str:
    """A hash of the code and word lists that make the corpus: a change rebuilds it."""
    import kexie.reports
    import kexie.synth

    synth = Path(kexie.synth.__file__).parent
    reports = Path(next(iter(kexie.reports.__path__)))
    code = [synth / n for n in ("generate.py", "vocab.py", "wrap.py")]
    code += [reports / n for n in ("bulletin_pdf.py", "bulletin_text.py", "linebreak.py")]
    files = code + sorted((synth / "data").iterdir())
    return hashlib.sha256(b"".join(f.read_bytes() for f in files if f.is_file())).hexdigest()[:16]


def build_corpus(count: int) -> Path:
    """Write bulletins 0..count-1 as .txt and .pdf (skipping files already there and current)."""
    import pypdfium2 as pdfium

    from kexie.reports.bulletin_pdf import render_pdf
    from kexie.synth import generate_bulletin, strip_gold
    from kexie.synth.wrap import to_bytes

    CORPUS.mkdir(exist_ok=True)
    manifest_path = CORPUS / "pages.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    stamp = fingerprint()
    pages: dict[str, int] = manifest.get("pages", {}) if manifest.get("fingerprint") == stamp else {}
    for seed in range(count):
        txt, pdf = CORPUS / f"b{seed:05d}.txt", CORPUS / f"b{seed:05d}.pdf"
        if txt.exists() and pdf.exists() and pdf.name in pages:
            continue
        b = strip_gold(generate_bulletin(seed))
        txt.write_bytes(to_bytes(b))
        data = render_pdf(b)
        pdf.write_bytes(data)
        pages[pdf.name] = len(pdfium.PdfDocument(data))
    manifest_path.write_text(json.dumps({"fingerprint": stamp, "pages": pages}))
    return manifest_path


def timed(files: list[Path], work: Callable[[str, bytes], object]) -> float:
    """CPU seconds spent in `work` over all files, each read from disk just before (reading not
    timed). CPU time, not wall time: on a shared machine the wall clock counts other jobs' turns."""
    total = 0.0
    for f in files:
        data = f.read_bytes()
        t = time.process_time()
        work(f.name, data)
        total += time.process_time() - t
    return total


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def plumber_text(_name: str, data: bytes) -> None:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=1000, help="bulletins in the corpus (default 1000)")
    ap.add_argument("--repeats", type=int, default=3, help="repeats of the kexie runs (median)")
    ap.add_argument("--baseline-repeats", type=int, default=1, help="repeats of pdfplumber (slow)")
    args = ap.parse_args()

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    t = time.perf_counter()
    manifest = json.loads(build_corpus(args.count).read_text())["pages"]
    print(f"corpus: {args.count} bulletins in {CORPUS} ({time.perf_counter() - t:.1f} s to build or check)")

    from kexie import services
    from kexie.config import Settings

    settings = Settings()
    txts = [CORPUS / f"b{s:05d}.txt" for s in range(args.count)]
    pdfs = [CORPUS / f"b{s:05d}.pdf" for s in range(args.count)]
    text_mb = sum(f.stat().st_size for f in txts) / 1e6
    pages = sum(manifest[f.name] for f in pdfs)

    def parse(name: str, data: bytes) -> None:
        services.parse_bytes(name, data, settings, extract=False)

    parse(txts[0].name, txts[0].read_bytes())  # warm up imports and caches
    parse(pdfs[0].name, pdfs[0].read_bytes())
    text_s = statistics.median(timed(txts, parse) for _ in range(args.repeats))
    pdf_s = statistics.median(timed(pdfs, parse) for _ in range(args.repeats))
    kexie_rss = rss_mb()
    base_s = statistics.median(timed(pdfs, plumber_text) for _ in range(args.baseline_repeats))

    from kexie.synth import iter_articles

    t = time.perf_counter()
    generated = sum(1 for _ in iter_articles(5000, seed=1))
    synth_rate = generated / (time.perf_counter() - t)

    mbs, pps, base_pps = text_mb / text_s, pages / pdf_s, pages / base_s
    rows = [
        (
            "text: read + reflow + segmentation",
            f"{mbs:.2f} MB/s",
            f"≥ {TARGET_MBS:g} MB/s",
            mbs >= TARGET_MBS,
        ),
        (
            "PDF: read + reflow + segmentation",
            f"{pps:.0f} pages/s",
            f"≥ {TARGET_PPS:g} pages/s",
            pps >= TARGET_PPS,
        ),
        (
            "PDF baseline: pdfplumber extract_text",
            f"{base_pps:.1f} pages/s",
            f"kexie × {pps / base_pps:.1f}",
            None,
        ),
        ("peak RSS (kexie runs)", f"{kexie_rss:.0f} MB", f"< {TARGET_RSS:g} MB", kexie_rss < TARGET_RSS),
        ("synth: articles generated (with gold)", f"{synth_rate:,.0f} articles/s", "", None),
    ]
    print(
        f"\nmachine: {cpu_model()}, {os.cpu_count()} cores (pinned to one), "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}; "
        f"load average {os.getloadavg()[0]:.1f} at the end (the machine is shared)"
    )
    print(
        f"corpus: {args.count} bulletins, {text_mb:.2f} MB of text, {pages} PDF pages; CPU time, median of "
        f"{args.repeats} (pdfplumber: {args.baseline_repeats})\n"
    )
    print("| measure | result | target | met |\n|---|---|---|---|")
    for name, value, target, ok in rows:
        print(f"| {name} | {value} | {target} | {'' if ok is None else ('yes' if ok else 'NO')} |")
    return 0 if all(ok is not False for *_, ok in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
