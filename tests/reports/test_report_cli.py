"""`kexie report unit|stats` and `kexie compose` as a user runs them: files written, one-line errors."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import docx
import openpyxl
import pypdfium2 as pdfium
import pytest
from report_fixtures import art, pdftoppm_gray
from typer.testing import CliRunner

from kexie.cli import app
from kexie.config import Settings
from kexie.model import Bulletin, Issue, Source
from kexie.store import db
from kexie.store.archive import Archive

KEXIE = Path(sys.executable).parent / "kexie"


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli")
    url = f"sqlite:///{folder / 'kexie.db'}"
    arts = [
        art(
            1,
            "甲区科协举办科普讲座",
            date="2023-03-05",
            platforms=["社会化协同科普"],
            orgs=["甲区科协"],
            attribution=["甲区科协"],
        ),
        art(
            2,
            "甲区科协开展专家服务",
            date="2023-04-05",
            platforms=["落地化科创服务"],
            orgs=["甲区科协"],
            section="区科协动态",
        ),
    ]
    Archive(Settings(db_url=url)).store(
        Bulletin(Source("a.txt", "0" * 64, "txt"), Issue("科协工作动态", "第2期", "2023-04-10", 2023), arts),
        b"a",
    )
    db.close_all()
    return {**os.environ, "KEXIE_DB": url}, folder


class Result:
    def __init__(self, returncode: int, stdout: str, stderr: str) -> None:
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def run(env, *args: str) -> Result:
    """The command in-process (CliRunner: the machine is small and shared); stdout and stderr apart."""
    r = CliRunner().invoke(app, list(args), env={"KEXIE_DB": env[0]["KEXIE_DB"]})
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        raise r.exception
    return Result(r.exit_code, r.stdout, r.stderr)


def test_a_real_process_prints_one_line_and_exits_1(env):
    p = subprocess.run(
        [
            str(KEXIE),
            "report",
            "unit",
            "甲区科协",
            "--from",
            "2023-1-1",
            "--to",
            "2023-13-01",
            "--out",
            "x.md",
        ],
        env=env[0],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert p.returncode == 1
    assert p.stderr == "kexie: --to: “2023-13-01”不是有效日期，请写作 2023-02-22\n"


def test_report_unit_writes_each_format(env):
    folder = env[1]
    for fmt in ("docx", "pdf", "md"):
        out = folder / f"unit.{fmt}"
        p = run(
            env,
            "report",
            "unit",
            "甲区科协",
            "--from",
            "2023-01-01",
            "--to",
            "2023-12-31",
            "--format",
            fmt,
            "--out",
            str(out),
        )
        assert p.returncode == 0, p.stderr
        assert "已写入" in p.stdout
    assert "甲区科协举办科普讲座" in (folder / "unit.md").read_text(encoding="utf-8")
    d = docx.Document(str(folder / "unit.docx"))
    assert d.paragraphs[0].text == "甲区科协2023年度工作报告"
    assert "甲区科协开展专家服务" in pdfium.PdfDocument(str(folder / "unit.pdf"))[
        1
    ].get_textpage().get_text_range() or any(
        "甲区科协开展专家服务" in page.get_textpage().get_text_range()
        for page in pdfium.PdfDocument(str(folder / "unit.pdf"))
    )


@pytest.mark.parametrize(
    "args,message",
    [
        (
            ["甲区科协", "--from", "2023-02-30", "--to", "2023-12-31"],
            "kexie: --from: “2023-02-30”不是有效日期",
        ),
        (["甲区科协", "--from", "2023-01-01", "--to", "明年"], "kexie: --to: “明年”不是有效日期"),
        (["无此单位", "--from", "2023-01-01", "--to", "2023-12-31"], "kexie: 无此单位: 档案中没有这个单位"),
        (
            ["甲区科协", "--from", "2023-01-01", "--to", "2023-12-31", "--format", "odt"],
            "kexie: --format: 不支持的格式“odt”",
        ),
    ],
)
def test_report_unit_errors_are_one_line(env, args, message):
    out = env[1] / "never.docx"
    p = run(env, "report", "unit", *args, "--out", str(out))
    assert p.returncode == 1
    assert p.stderr.strip().startswith(message), p.stderr
    assert len(p.stderr.strip().splitlines()) == 1 and "Traceback" not in p.stderr
    assert not out.exists()


def test_unwritable_out_is_refused_before_any_work(env, tmp_path):
    p = run(
        env,
        "report",
        "unit",
        "甲区科协",
        "--from",
        "2023-01-01",
        "--to",
        "2023-12-31",
        "--out",
        str(tmp_path / "no" / "r.docx"),
    )
    assert p.returncode == 1 and p.stderr.startswith("kexie: --out ") and "不存在" in p.stderr
    p = run(env, "report", "stats", "--year", "2023", "--out", str(tmp_path))
    assert p.returncode == 1 and "是一个文件夹" in p.stderr
    if os.geteuid() != 0:  # root may write anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        p = run(env, "report", "stats", "--year", "2023", "--out", str(locked / "s.xlsx"))
        assert p.returncode == 1 and "没有写入权限" in p.stderr


def test_report_stats_xlsx_and_bad_year(env):
    out = env[1] / "stats.xlsx"
    p = run(env, "report", "stats", "--year", "2023", "--format", "xlsx", "--out", str(out))
    assert p.returncode == 0, p.stderr
    ws = openpyxl.load_workbook(out)["平台×月份"]
    assert ws.cell(row=2, column=1).value == "服务平台"
    p = run(env, "report", "stats", "--year", "二〇二三", "--out", str(out))
    assert p.returncode == 1 and p.stderr.startswith("kexie: --year: “二〇二三”不是有效年份")


def test_compose_pdf_and_bad_ids(env, tmp_path):
    out = env[1] / "issue.pdf"
    p = run(env, "compose", "--articles", "2,1", "--date", "2023-04-20", "--format", "pdf", "--out", str(out))
    assert p.returncode == 0, p.stderr
    text = pdfium.PdfDocument(str(out))[0].get_textpage().get_text_range()
    assert "科协工作动态" in text and "第3期" in text  # numbered on from the stored 第2期
    _w, _h, page = pdftoppm_gray(out.read_bytes(), tmp_path)
    assert sum(1 for px in page if px < 128) > 500  # ink: the masthead and text were drawn
    p = run(env, "compose", "--articles", "1,x", "--out", str(out))
    assert p.returncode == 1 and p.stderr.startswith("kexie: --articles: “x”不是文章编号")
    p = run(env, "compose", "--articles", "1", "--number", "0", "--out", str(tmp_path / "n.docx"))
    assert p.returncode == 1 and "期号必须是正整数" in p.stderr
    d = docx.Document(io.BytesIO(run_ok(env, tmp_path)))
    assert [p.text for p in d.paragraphs if p.text][:2] == ["工作简报", "第9期"]


def run_ok(env, tmp_path) -> bytes:
    out = tmp_path / "named.docx"
    p = run(
        env,
        "compose",
        "--articles",
        "1",
        "--number",
        "9",
        "--name",
        "工作简报",
        "--date",
        "2023-05-01",
        "--out",
        str(out),
    )
    assert p.returncode == 0, p.stderr
    return out.read_bytes()
