"""The shared sample (PDF copy-out text) rebuilds exactly as its reconstruction says."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from kexie import services
from kexie.config import Settings


def _articles(d: dict) -> list[dict]:
    keys = ("section", "title", "paragraphs", "attribution")
    return [{k: a[k] for k in keys} for a in d["articles"]]


def test_sample_rebuilds_exactly(shared_dir: Path) -> None:
    sample = shared_dir / "samples" / "bast-bulletin-2023-02.txt"
    expected = json.loads(
        (shared_dir / "samples" / "bast-bulletin-2023-02.reconstruction.json").read_text("utf-8")
    )
    bulletin = services.parse_file(sample, Settings(), extract=False)
    got = bulletin.to_json()
    assert [len(a["paragraphs"]) for a in got["articles"]] == [7, 3, 4, 2, 3]
    assert _articles(got) == _articles(expected)
    assert got["issue"]["year"] == 2023  # no masthead: the year comes from the text
    assert got["source"]["format"] == "txt"


def test_sample_rebuilds_the_same_from_gb18030(shared_dir: Path) -> None:
    text = (shared_dir / "samples" / "bast-bulletin-2023-02.txt").read_text("utf-8")
    expected = json.loads(
        (shared_dir / "samples" / "bast-bulletin-2023-02.reconstruction.json").read_text("utf-8")
    )
    b = services.parse_bytes("sample-gbk.txt", text.encode("gb18030"), Settings(), extract=False)
    assert _articles(b.to_json()) == _articles(expected)


def test_output_validates_against_the_contract(shared_dir: Path) -> None:
    schema = json.loads((shared_dir / "contract" / "bulletin.schema.json").read_text("utf-8"))
    bulletin = services.parse_file(shared_dir / "samples" / "bast-bulletin-2023-02.txt", Settings())
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(
        bulletin.to_json()
    )
