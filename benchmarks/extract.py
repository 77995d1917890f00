"""Extraction accuracy and speed: kexie vs jieba.posseg vs LAC, on the same gold sets in one run.

    .venv/bin/python benchmarks/extract.py [--chars 1000000] [--runs 3] [--lac-python PATH] [--json]

Accuracy: every gold file (the shared sample when ../shared is there, and
tests/fixtures/gold/*.gold.json) scored with kexie.evaluate's rules. kexie is scored
on every field; the general NER tools on what they can give: persons (jieba nr, LAC
PER), organizations (nt, ORG) and places (ns, LOC), each entity as one distinct string.

Speed: the gold articles' text repeated up to --chars characters, processed article by
article on one core (Python is single-threaded; nothing here starts a pool), median of
--runs runs after a warm-up that loads every dictionary. Times are the process's CPU
time (time.process_time), so other work on a shared machine slows the figures less than
it would wall-clock time (it still does: caches and memory bandwidth are shared). kexie is timed on its whole
extraction (dates, places, people, orgs, quantities, classification); jieba.posseg
and LAC on tagging alone.

LAC (Baidu's lexical analysis, the `lac` package on paddlepaddle) needs ~600 MB and pins
old dependencies, so it lives in a throwaway venv given by --lac-python (default
/tmp/lacvenv/bin/python; made by `python3 -m venv /tmp/lacvenv && /tmp/lacvenv/bin/pip
install paddlepaddle==2.6.2 && /tmp/lacvenv/bin/pip install --no-build-isolation lac`).
`import LAC` fails on paddle 2.6 (paddle.fluid was removed); aliasing paddle.base as
paddle.fluid and paddle.base.core as paddle.fluid.core in sys.modules before the import
makes it run (without the second alias the core library loads twice and aborts). Without that venv the LAC
rows say why they are missing.
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kexie.config import Settings  # noqa: E402
from kexie.evaluate import (  # noqa: E402
    FIELDS,
    Report,
    Score,
    evaluate,
    load_bulletin,
    norm_title,
    score_article,
    source_path,
)
from kexie.extract import extract_article  # noqa: E402
from kexie.model import Article, Bulletin, Org, Person, Place  # noqa: E402

NER_FIELDS = ("persons", "orgs", "locations")
LAC_SCRIPT = r"""
import json, sys, time
import paddle
import paddle.base.core
sys.modules["paddle.fluid"] = paddle.base  # LAC 2.1 imports paddle.fluid, gone since paddle 2.6
sys.modules["paddle.fluid.core"] = paddle.base.core  # else core loads twice and aborts
from LAC import LAC
lac = LAC(mode="lac")
texts = json.load(sys.stdin)
lac.run(texts[:20])
t = time.process_time()
out = []
for text in texts:
    words, tags = lac.run(text)
    out.append([[w, tg] for w, tg in zip(words, tags) if tg in ("PER", "LOC", "ORG")])
elapsed = time.process_time() - t
json.dump({"entities": out, "seconds": elapsed}, sys.stdout, ensure_ascii=False)
"""


def gold_files() -> list[Path]:
    files = sorted((ROOT / "tests" / "fixtures" / "gold").glob("*.gold.json"))
    sample = ROOT.parent / "shared" / "samples" / "bast-bulletin-2023-02.gold.json"
    return ([sample] if sample.is_file() else []) + files


def rebuilt(settings: Settings) -> list[tuple[Path, dict[str, Any], Bulletin]]:
    """Each gold file with its source rebuilt (reflow only: extraction is what is measured)."""
    from kexie.services import parse_file

    out = []
    for gp in gold_files():
        gold = json.loads(gp.read_text("utf-8"))
        src = source_path(gp, gold)
        if src.suffix == ".json":
            b = load_bulletin(src, gold, settings)
            for a in b.articles:  # back to bare text
                a.persons, a.orgs, a.locations, a.quantities, a.mentions = [], [], [], [], []
        else:
            b = parse_file(src, settings, extract=False)
        out.append((gp, gold, b))
    return out


def texts_of(a: Article) -> list[str]:
    return [a.title, *a.paragraphs]


def corpus(sets: list[tuple[Path, dict, Bulletin]], chars: int) -> list[Article]:
    base = [a for _, _, b in sets for a in b.articles]
    size = sum(len(t) for a in base for t in texts_of(a))
    return [base[i % len(base)] for i in range(max(1, round(len(base) * chars / size)))]


def score_tool(
    sets, entities: dict[tuple[str, str], dict[str, set[str]]], settings: Settings
) -> dict[str, Score]:
    """Persons/orgs/locations of a tagger scored with kexie.evaluate's rules."""
    results = []
    for gp, gold, b in sets:
        by_title = {norm_title(a.title): a for a in b.articles}
        for ga in gold["articles"]:
            a = by_title.get(norm_title(ga["title"]))
            if a is None:
                continue
            found = entities.get((gp.name, a.title), {})
            pred = Article(a.index, a.title, a.paragraphs)
            pred.persons = [Person(n) for n in sorted(found.get("persons", ()))]
            pred.orgs = [Org(n) for n in sorted(found.get("orgs", ()))]
            pred.locations = [Place(n) for n in sorted(found.get("locations", ()))]
            results.append(score_article(pred, ga, gp.name, settings.home_region))
    return Report(results).micro()


def jieba_entities(a: Article, pseg) -> dict[str, set[str]]:
    ents: dict[str, set[str]] = {"persons": set(), "orgs": set(), "locations": set()}
    kind = {"nr": "persons", "nt": "orgs", "ns": "locations"}
    for text in texts_of(a):
        for w in pseg.cut(text):
            if w.flag in kind:
                ents[kind[w.flag]].add(w.word)
    return ents


def time_runs(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return statistics.median(times)


def run_lac(
    lac_python: Path, texts: list[str]
) -> tuple[list[list[list[str]]] | None, float | None, str | None]:
    if not lac_python.is_file():
        return None, None, f"no LAC venv at {lac_python}"
    proc = subprocess.run(
        [str(lac_python), "-c", LAC_SCRIPT],
        input=json.dumps(texts, ensure_ascii=False),
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        return None, None, (proc.stderr.strip().splitlines() or ["failed"])[-1]
    doc = json.loads(proc.stdout)
    return doc["entities"], doc["seconds"], None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chars", type=int, default=1_000_000, help="size of the speed corpus in characters")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--lac-python", type=Path, default=Path("/tmp/lacvenv/bin/python"))
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    settings = Settings()

    sets = rebuilt(settings)
    n_articles = sum(len(g["articles"]) for _, g, _ in sets)
    # kexie accuracy: the normal path (parse + extract), as `kexie eval` does.
    kexie_scores = evaluate([gp for gp, _, _ in sets], settings).micro()

    # jieba.posseg accuracy and speed
    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(60)
    jieba.initialize()
    jieba_found = {(gp.name, a.title): jieba_entities(a, pseg) for gp, _, b in sets for a in b.articles}
    jieba_scores = score_tool(sets, jieba_found, settings)

    work = corpus(sets, args.chars)
    total_chars = sum(len(t) for a in work for t in texts_of(a))
    issue = sets[0][2].issue

    def kexie_pass() -> None:
        for a in work:
            extract_article(copy.copy(a), issue, settings)

    def jieba_pass() -> None:
        for a in work:
            for text in texts_of(a):
                for _ in pseg.cut(text):
                    pass

    kexie_pass()  # warm-up: dictionaries, regexes
    kexie_s = time_runs(kexie_pass, args.runs)
    jieba_s = time_runs(jieba_pass, args.runs)

    # LAC: accuracy on the gold articles, speed on the same corpus (one run: its start-up is slow)
    lac_note = None
    lac_scores = None
    lac_s = None
    arts = [(gp.name, a) for gp, _, b in sets for a in b.articles]
    ents, _, lac_note = run_lac(args.lac_python, ["\n".join(texts_of(a)) for _, a in arts])
    if ents is not None:
        kind = {"PER": "persons", "ORG": "orgs", "LOC": "locations"}
        lac_found: dict[tuple[str, str], dict[str, set[str]]] = {}
        for (name, a), es in zip(arts, ents, strict=True):
            d = lac_found.setdefault((name, a.title), {"persons": set(), "orgs": set(), "locations": set()})
            for w, tag in es:
                d[kind[tag]].add(w)
        lac_scores = score_tool(sets, lac_found, settings)
        _, lac_s, lac_note = run_lac(args.lac_python, ["\n".join(texts_of(a)) for a in work])

    rows = {
        "kexie": {
            "scores": {f: round(kexie_scores[f].f1, 3) for f in FIELDS},
            "chars_per_s": round(total_chars / kexie_s),
        },
        "jieba.posseg": {
            "scores": {f: round(jieba_scores[f].f1, 3) for f in NER_FIELDS},
            "chars_per_s": round(total_chars / jieba_s),
        },
        "LAC": {
            "scores": {f: round(lac_scores[f].f1, 3) for f in NER_FIELDS} if lac_scores else None,
            "chars_per_s": round(total_chars / lac_s) if lac_s else None,
            "note": lac_note,
        },
    }
    result = {
        "gold_files": [gp.name for gp, _, _ in sets],
        "articles": n_articles,
        "corpus_chars": total_chars,
        "runs": args.runs,
        "tools": rows,
        "kexie_vs_jieba": round(rows["kexie"]["chars_per_s"] / rows["jieba.posseg"]["chars_per_s"], 2),
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return
    print(
        f"gold: {', '.join(result['gold_files'])} ({n_articles} articles); speed corpus {total_chars:,} chars, median of {args.runs}"
    )
    print("| tool | " + " | ".join(FIELDS) + " | chars/s |")
    print("|---|" + "---|" * (len(FIELDS) + 1))
    for tool, r in rows.items():
        sc = r["scores"] or {}
        cells = [f"{sc[f]:.3f}" if f in sc else "–" for f in FIELDS]
        cps = f"{r['chars_per_s']:,}" if r["chars_per_s"] else f"– ({r.get('note')})"
        print(f"| {tool} | " + " | ".join(cells) + f" | {cps} |")
    print(f"kexie / jieba.posseg speed: {result['kexie_vs_jieba']}×")


if __name__ == "__main__":
    main()
