"""`kexie parse`: contract JSON or a readable view; bad files reported, the others still parsed."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import jsonschema
import pytest

from bulletin_corpus import plain_issue, spring_issue
from kexie.reports.bulletin_docx import render_docx
from kexie.reports.bulletin_pdf import render_pdf
from kexie.synth.wrap import to_bytes

SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "contract" / "bulletin.schema.json"


def kexie(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from kexie.cli import main; main()", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "100", **(env or {})},
        timeout=120,
    )


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("good")
    (d / "spring.pdf").write_bytes(render_pdf(spring_issue()))
    (d / "spring.docx").write_bytes(render_docx(spring_issue()))
    (d / "plain.txt").write_bytes(to_bytes(plain_issue(), encoding="gbk"))
    return d


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory, good: Path) -> Path:
    """A folder of good files and every kind of bad one."""
    d = tmp_path_factory.mktemp("mixed")
    for f in good.iterdir():
        (d / f.name).write_bytes(f.read_bytes())
    (d / "empty.txt").write_bytes(b"")
    (d / "noise.bin").write_bytes(os.urandom(2048))
    pdf = render_pdf(spring_issue())
    (d / "cut.pdf").write_bytes(pdf[: len(pdf) // 3])
    (d / "fake.docx").write_bytes("不是Word".encode())
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"\x00" * (25 * 1024 * 1024))
    (d / "bomb.docx").write_bytes(buf.getvalue())
    (d / "nav.html").write_bytes(b"<!DOCTYPE html><html><body><nav><a href='/'>home</a></nav></body></html>")
    sub = d / "sub"
    sub.mkdir()
    os.symlink(d / "gone.txt", sub / "dangling.txt")
    return d


def test_json_of_one_file_validates_against_the_contract(good: Path) -> None:
    r = kexie("parse", str(good / "spring.pdf"), "--json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    if SCHEMA.exists():
        schema = json.loads(SCHEMA.read_text("utf-8"))
        jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(doc)
    assert doc["source"] == {"name": "spring.pdf", "sha256": doc["source"]["sha256"], "format": "pdf"}
    assert [a["title"] for a in doc["articles"]] == [a.title for a in spring_issue().articles]
    assert doc["issue"]["number"] == "2024年第3期"
    assert "1 个文件成功，0 个失败，共 4 篇文章" in r.stderr


def test_several_files_print_json_lines_in_order(good: Path) -> None:
    files = [str(good / n) for n in ("spring.docx", "plain.txt", "spring.pdf")]
    r = kexie("parse", *files, "--json", "--no-extract")
    assert r.returncode == 0, r.stderr
    docs = [json.loads(line) for line in r.stdout.splitlines()]
    assert [d["source"]["format"] for d in docs] == ["docx", "txt", "pdf"]
    assert [len(d["articles"]) for d in docs] == [4, 2, 4]


def test_readable_view_without_json(good: Path) -> None:
    r = kexie("parse", str(good / "plain.txt"), "--no-extract")
    assert r.returncode == 0, r.stderr
    assert "县科协举办农业实用技术培训班" in r.stdout and "供稿：县科协" in r.stdout
    with pytest.raises(json.JSONDecodeError):
        json.loads(r.stdout)


def test_bad_files_get_one_line_each_and_the_rest_is_parsed(mixed: Path) -> None:
    r = kexie("parse", str(mixed), "--json", "--no-extract")
    assert r.returncode == 1
    errors = [line for line in r.stderr.splitlines() if line.startswith("kexie: ")]
    bad = ["empty.txt", "noise.bin", "cut.pdf", "fake.docx", "bomb.docx", "nav.html", "dangling.txt"]
    assert len(errors) == len(bad)
    for name in bad:
        assert sum(name in e for e in errors) == 1, name
    assert "Traceback" not in r.stderr
    docs = [json.loads(line) for line in r.stdout.splitlines()]
    assert sorted(d["source"]["name"] for d in docs) == ["plain.txt", "spring.docx", "spring.pdf"]
    assert "3 个文件成功，7 个失败，共 10 篇文章" in r.stderr


def test_size_limit_option_and_environment(good: Path) -> None:
    f = str(good / "spring.pdf")
    r = kexie("parse", f, "--max-bytes", "1000")
    assert r.returncode == 1 and "too large" in r.stderr and "--max-bytes" in r.stderr
    r = kexie("parse", f, env={"KEXIE_MAX_BYTES": "1000"})
    assert r.returncode == 1 and "too large" in r.stderr
    r = kexie("parse", f, env={"KEXIE_MAX_BYTES": "lots"})
    assert r.returncode != 0 and "KEXIE_MAX_BYTES" in r.stderr and "Traceback" not in r.stderr


def test_out_dir_writes_one_json_per_input(good: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = kexie("parse", str(good), "--out", str(out), "--no-extract")
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in out.iterdir()) == ["plain.txt.json", "spring.docx.json", "spring.pdf.json"]
    doc = json.loads((out / "spring.pdf.json").read_text("utf-8"))
    assert doc["source"]["format"] == "pdf" and len(doc["articles"]) == 4
    assert r.stdout == ""


def test_glob_and_missing_path(good: Path) -> None:
    r = kexie("parse", str(good / "*.txt"), str(good / "nothing-*.pdf"), "--json", "--no-extract")
    assert r.returncode == 1
    assert json.loads(r.stdout)["source"]["name"] == "plain.txt"
    assert "nothing-*.pdf: no such file" in r.stderr
