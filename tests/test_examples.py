"""The example bulletins shipped under examples/ all parse, as the demo shows them."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from kexie import services
from kexie.config import Settings

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_every_example_parses() -> None:
    files = list(services.iter_inputs([EXAMPLES]))
    assert any(f.suffix == ".txt" for f in files) and any(f.suffix == ".html" for f in files)
    for f in files:
        b = services.parse_file(f, Settings(), extract=False)
        assert b.articles and all(a.title and a.paragraphs for a in b.articles), f


def test_gbk_copy_out_example() -> None:
    b = services.parse_file(EXAMPLES / "bulletin-2024-05-gbk.txt", Settings(), extract=False)
    assert (b.issue.title, b.issue.number, b.issue.date) == ("科协工作简报", "2024年第5期", "2024-05-20")
    assert [a.section for a in b.articles] == [None, "学会动态", "学会动态", "区科协动态", "区科协动态"]
    assert [len(a.paragraphs) for a in b.articles] == [3, 3, 1, 3, 2]
    assert (
        b.articles[1].title
        == "市土木工程学会举办城市更新与韧性城市建设学术论坛 专家学者共话超大城市治理新路径"
    )
    assert b.articles[0].attribution == [] and b.articles[1].attribution == [
        "市土木工程学会",
        "市城市规划学会",
    ]


def test_html_example() -> None:
    b = services.parse_file(EXAMPLES / "district-news.html", Settings(), extract=False)
    (a,) = b.articles
    assert a.title == "东湖区科协举办“科技点亮生活”主题科普展"
    assert b.issue.date == "2024-05-21" and b.issue.year == 2024
    assert len(a.paragraphs) == 4 and a.attribution == ["东湖区科协"]
    assert not any("首页" in p or "版权所有" in p or "发布时间" in p for p in a.paragraphs)


def test_demo_summary_lists_each_bulletin() -> None:
    buf = io.StringIO()
    failed = services.demo(EXAMPLES, Console(file=buf, width=120))
    text = buf.getvalue()
    assert failed == 0
    assert "科协工作简报" in text and "2024年第5期" in text and "东湖区科协" in text
