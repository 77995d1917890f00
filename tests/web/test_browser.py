"""End to end in real headless Chromium (Debian's package, driven by Playwright; never `playwright install`).

`kexie serve` runs in a subprocess on a free loopback port over a fresh database; the browser
uploads the shared sample, searches, reads, follows an organization and checks the dashboard.
Set KEXIE_SCREENSHOTS=1 to refresh docs/screenshots/ from the same run.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bulletin-2024-05-gbk.txt"

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _need_chromium() -> None:
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        if os.environ.get("CI"):
            pytest.fail("chromium is missing in CI (.ci/run installs it with apt-get)")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    _need_chromium()
    db = tmp_path_factory.mktemp("browser") / "e2e.db"
    port = _free_port()
    cmd = [
        sys.executable,
        "-c",
        "from kexie.cli import main; main()",
        "serve",
        "--db",
        f"sqlite:///{db}",
        "--port",
        str(port),
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"kexie serve exited: {proc.stdout.read()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("kexie serve did not start within 30 s")
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
        pg = context.new_page()
        pg.set_default_timeout(60_000)  # a first page on a busy 2-core CI machine can take long
        yield pg
        context.close()
        browser.close()


def _shot(page, name: str) -> None:
    if os.environ.get("KEXIE_SCREENSHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.wait_for_timeout(1500)  # let the charts' entry animation finish
        page.screenshot(path=str(SHOTS / f"{name}.png"))


def test_upload_search_read_follow_and_count(server, page, shared_dir):
    sample = shared_dir / "samples" / "bast-bulletin-2023-02.txt"
    if not sample.exists():
        pytest.skip(f"{sample} is absent")
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    # 上传: the page's script sends the file, shows progress, then the result
    page.goto(f"{server}/upload")
    page.set_input_files("#files", str(sample))
    # ingesting (reading, extracting, storing) takes seconds, far more on a busy CI machine
    finished = page.locator("#upload-list li.item:not(.pending)")
    finished.wait_for(timeout=180_000)
    result = finished.locator(".result").inner_text()
    assert "stored" in (finished.get_attribute("class") or ""), result
    stored = int(re.search(r"(\d+) 篇", result).group(1))
    assert stored >= 1
    _shot(page, "upload")

    # 搜索 from the header's box
    page.goto(f"{server}/")
    page.fill("#quick-q", "平谷大桃")
    page.press("#quick-q", "Enter")
    page.wait_for_url(re.compile(r"/search\?q="))
    hit = page.locator("li.hit h3 a", has_text="平谷大桃").first
    hit.wait_for()
    assert page.locator("li.hit mark").count() >= 1
    _shot(page, "search")

    # 文章: open it, click the society
    title = hit.inner_text()
    hit.click()
    page.wait_for_url(re.compile(r"/articles/\d+$"))
    article_url = page.url
    assert page.locator("article h1").inner_text() == title
    _shot(page, "article")
    page.locator("article a.m-ORG", has_text=re.compile(r"^北京土壤学会$")).first.click()

    # 实体: the profile lists the activity; its graph is drawn
    page.wait_for_url(re.compile(r"/entities/\d+$"))
    # the profile is the society's (its canonical name may be the full form, the written one an alias)
    names = page.locator("h1").inner_text() + " " + " ".join(page.locator(".alias").all_inner_texts())
    assert "土壤学会" in page.locator("h1").inner_text() and "北京土壤学会" in names
    timeline = page.locator("ol.timeline a")
    hrefs = [timeline.nth(i).get_attribute("href") for i in range(timeline.count())]
    assert article_url.removeprefix(server) in hrefs
    page.locator("#graph canvas").first.wait_for()
    _shot(page, "entity")

    # 首页: the counts include the upload; charts are drawn
    page.goto(f"{server}/")
    assert int(page.locator('[data-stat="articles"]').inner_text()) == stored
    assert int(page.locator('[data-stat="documents"]').inner_text()) == 1
    page.locator('[data-chart="platform"] canvas').first.wait_for()
    _shot(page, "home")
    assert not errors, errors


def test_chart_click_opens_filtered_search(server, page):
    # Data of its own (a bulletin the project ships), so the test stands without ../shared and
    # without the upload test before it; run after that test, it only adds articles.
    page.goto(f"{server}/upload")
    page.set_input_files("#files", str(EXAMPLE))
    page.locator("#upload-list li.item:not(.pending)").wait_for(timeout=180_000)
    page.goto(f"{server}/")
    chart = page.locator('[data-chart="month"]')
    chart.locator("canvas").first.wait_for()
    box = chart.bounding_box()
    # the month chart's bar area: click across it until a bar is hit
    for fx in (0.5, 0.3, 0.7, 0.2, 0.8, 0.4, 0.6):
        page.mouse.click(box["x"] + box["width"] * fx, box["y"] + box["height"] * 0.75)
        try:
            page.wait_for_url(re.compile(r"/search\?date_from="), timeout=1500)
            break
        except Exception:
            continue
    else:
        pytest.fail("clicking the month chart did not open a search")
    assert int(page.locator("[data-total]").inner_text()) >= 1
