"""The HTML pages in a real headless browser (Debian ``chromium`` driven by Playwright).

A store is built from two real seed reports — 湘潭县交通运输局 2020 (2019 form, every
application cell 0) and 湖南省交通运输厅 2017 (2014–2018 form, 收到申请数 23, 同意公开答复数 7) —
and served by ``gongkai serve`` on a free loopback port. The tests read the application
table from the browser's DOM, follow a cell link to its observation page and the agency
link to the agency page, and take a screenshot (kept in ``$GONGKAI_SCREENSHOTS`` if set).

Skips, with the reason, when Playwright or Chromium is missing (``make test`` installs
Debian's chromium when it runs as root with apt-get) or the real corpus is not found.
Playwright never downloads a browser here: it launches ``/usr/bin/chromium``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import httpx
import pytest

from gongkai.cli import main

from .conftest import seed_path
from .server_fixtures import BASE, serving

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed (pip install -e '.[test]')")

#: flags for Chromium as root in a container with no network but loopback
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
XIANGTAN = ("湘潭县交通运输局", 2020)
HUNAN = ("湖南省交通运输厅", 2017)
E2_COLUMNS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]

#: the application table as the browser rendered it: header labels and, per row, code, label, cells
READ_TABLE = """(table) => ({
  columns: [...table.querySelectorAll('thead th')].slice(1).map(th => th.innerText.trim()),
  codes: [...table.querySelectorAll('thead th')].slice(1).map(th => th.title),
  rows: [...table.querySelectorAll('tbody tr')].map(tr => {
    const [head, ...cells] = [...tr.children];
    return {code: head.title, label: head.innerText.trim(),
            cells: cells.map(td => ({text: td.innerText.trim(),
                                     href: td.querySelector('a') ? td.querySelector('a').href : null}))};
  }),
})"""


def chromium_path() -> str | None:
    """``$GONGKAI_CHROMIUM``, else ``chromium`` on PATH, else ``/usr/bin/chromium``."""
    for candidate in (os.environ.get("GONGKAI_CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="module")
def site(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``gongkai serve`` over a store built from seeds 000 and 004; yields its base URL."""
    root = tmp_path_factory.mktemp("browser-store")
    code = main(["build", str(seed_path(corpus, 0)), str(seed_path(corpus, 4)), "--store", str(root),
                 "--base", BASE, "--jobs", "1", "--no-validate"])
    assert code == 0
    with serving(root, root / "server.log", "--no-access-log") as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    exe = chromium_path()
    if exe is None:
        pytest.skip("Chromium not found (Debian package chromium; `make test` installs it as root with apt-get)")
    with sync_api.sync_playwright() as pw:
        try:
            # Playwright gives every launch a fresh temporary --user-data-dir
            b = pw.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_ARGS, timeout=60_000)
        except sync_api.Error as exc:
            pytest.skip(f"Chromium at {exe} did not start under Playwright: {str(exc)[:300]}")
        try:
            yield b
        finally:
            b.close()


@pytest.fixture()
def page(browser: Any, site: str) -> Iterator[Any]:
    """A new page; fails the test on a JS error or a request that left the loopback server."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    p = context.new_page()
    p.set_default_timeout(15_000)
    problems: list[str] = []
    p.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    p.on("requestfailed", lambda req: problems.append(f"request failed: {req.url} {req.failure}"))
    p.on("request", lambda req: None if req.url.startswith(site) or req.url.startswith("data:")
         else problems.append(f"request outside the site: {req.url}"))
    try:
        yield p
        assert not problems, problems
    finally:
        context.close()


def report_path(site: str, agency: str, year: int) -> str:
    """The ``/doc/…`` path of the agency's report for ``year``, found over SPARQL."""
    query = f"""PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?r {{ ?r a <{BASE}def/AnnualReport> ; dcterms:publisher ?a ;
                        <{BASE}def/reportingYear> <{BASE}id/year/{year}> .
                     ?a skos:prefLabel ?name . FILTER(STR(?name) = "{agency}") }}"""
    r = httpx.get(site + "/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.text
    (row,) = r.json()["results"]["bindings"]
    return "/doc/" + row["r"]["value"].removeprefix(BASE + "id/")


def path_of(url: str) -> str:
    return unquote(urlsplit(url).path)


def read_table(page: Any, key: str) -> dict[str, Any]:
    """The table under ``<h2 id=key>`` as the browser's DOM holds it."""
    table = page.locator(f"h2[id='{key}'] + table")
    table.wait_for()
    return table.evaluate(READ_TABLE)


def screenshot(page: Any, name: str, tmp_path: Path) -> Path:
    out = Path(os.environ.get("GONGKAI_SCREENSHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    return path


def test_report_2019_form_application_table_all_zero(page: Any, site: str, tmp_path: Path) -> None:
    doc = report_path(site, *XIANGTAN)
    response = page.goto(site + doc)
    assert response is not None and response.ok
    assert response.headers["content-type"].startswith("text/html")
    assert page.locator("h1").inner_text().startswith("湘潭县交通运输局")
    t = read_table(page, "E2-requests")
    assert t["columns"] == E2_COLUMNS
    assert t["codes"] == ["NP", "LP-COM", "LP-RES", "LP-NGO", "LP-LAW", "LP-OTH", "TOTAL"]
    rows = {r["code"]: r for r in t["rows"]}
    assert list(rows)[:4] == ["F1", "F2", "O", "O1"] and "F4" in rows
    assert rows["F1"]["label"] == "一、本年新收政府信息公开申请数量"
    assert rows["O1"]["label"] == "（一）予以公开"
    filled = [r for r in t["rows"] if any(c["text"] for c in r["cells"])]
    assert len(filled) >= 20  # every figure row of the form, not just a few
    for r in filled:
        assert [c["text"] for c in r["cells"]] == ["0"] * 7, r
        for code, cell in zip(t["codes"], r["cells"], strict=True):
            assert path_of(cell["href"]) == f"{doc}/obs/E2-requests/{r['code']}/{code}"
    assert not rows["O"]["cells"] or all(not c["text"] for c in rows["O"]["cells"])  # a heading row
    screenshot(page, "report-xiangtan-2020", tmp_path)


def test_report_2014_form_numbers_in_their_rows(page: Any, site: str) -> None:
    doc = report_path(site, *HUNAN)
    page.goto(site + doc)
    t = read_table(page, "E1-requests")
    assert t["columns"] == ["统计数"]
    values = {r["code"]: [c["text"] for c in r["cells"]] for r in t["rows"]}
    assert values["3.1"] == ["23"]  # （一）收到申请数
    assert values["3.3.2"] == ["7"]  # 2.同意公开答复数
    assert values["3.3.3"] == ["3"] and values["3.3.4"] == ["1"] and values["3.3.5"] == ["9"]
    labels = {r["code"]: r["label"] for r in t["rows"]}
    assert labels["3.1"] == "（一）收到申请数" and labels["3.3.2"] == "2.同意公开答复数"


def test_cell_link_opens_the_observation(page: Any, site: str, tmp_path: Path) -> None:
    doc = report_path(site, *HUNAN)
    page.goto(site + doc)
    link = page.locator("h2[id='E1-requests'] + table tbody tr").filter(
        has=page.locator("td[title='3.3.2']")).locator("td.num a")
    assert link.inner_text() == "7"
    with page.expect_navigation():
        link.click()
    assert path_of(page.url) == f"{doc}/obs/E1-requests/3.3.2/value"
    assert page.locator("h1").inner_text() == "湖南省交通运输厅 2017 · 同意公开答复数 / 统计数"
    value = page.locator("main p").filter(has_text="数值 Value")
    assert value.locator("strong").inner_text().split()[0] == "7"
    assert "同意公开答复数" in page.locator("main").inner_text()  # the row's concept label
    screenshot(page, "observation-hunan-2017-3.3.2", tmp_path)
    # back to the report through the observation's report link
    with page.expect_navigation():
        value.locator("a").first.click()
    assert path_of(page.url) == doc


def test_agency_link_opens_the_agency_and_back(page: Any, site: str, tmp_path: Path) -> None:
    doc = report_path(site, *XIANGTAN)
    page.goto(site + doc)
    agency = page.locator("main p").filter(has_text="机构 Agency").locator("a").first
    assert agency.inner_text() == "湘潭县交通运输局"
    with page.expect_navigation():
        agency.click()
    assert path_of(page.url).startswith("/doc/agency/")
    assert page.locator("h1").inner_text() == "湘潭县交通运输局"
    reports = page.locator("main table").filter(has=page.locator("th", has_text="年度")).first
    row = reports.locator("tr").filter(has_text="2020")
    assert row.count() == 1
    screenshot(page, "agency-xiangtan", tmp_path)
    with page.expect_navigation():
        row.locator("a").first.click()
    assert path_of(page.url) == doc
    assert read_table(page, "E2-requests")["columns"] == E2_COLUMNS
