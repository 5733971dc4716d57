"""The dashboard, rendered in a real headless Chromium.

Builds the sample warehouse (the session fixture), publishes its marts as Parquet, starts the
Streamlit app on a free port and drives Debian's Chromium over the DevTools protocol: every
page must render and show its headline figures, which are checked against numbers queried from
the marts with SQL (not from the dashboard's own code).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from websockets.sync.client import connect

from dashboard.data import Published, default_language, localise, money, percent
from scripts.publish_marts import publish

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("BTIM_CHROMIUM", "/usr/bin/chromium")

CHART_SELECTOR = "[data-testid='stVegaLiteChart']"
# The finance page is the app's default page, served at the root.
PAGE_PATHS = {"finance": "", "technology": "technology", "consumer": "consumer", "trace": "trace"}
MIN_CHARTS = {"finance": 5, "technology": 3, "consumer": 3, "trace": 1}

pytestmark = pytest.mark.slow


def ensure_chromium() -> str:
    """Path of Chromium; installs Debian's package when missing and we are root."""
    if Path(CHROMIUM).is_file():
        return CHROMIUM
    if shutil.which("apt-get") and os.geteuid() == 0:
        subprocess.run(["apt-get", "update", "-q"], check=False, capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "-q", "chromium"], check=False, capture_output=True)
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install it with `apt-get install -y chromium`")
    return CHROMIUM


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_http(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")


class Browser:
    """A headless Chromium driven over the DevTools protocol (one page)."""

    def __init__(self, executable: str, profile_dir: Path) -> None:
        self.process = subprocess.Popen(
            [executable, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
             f"--user-data-dir={profile_dir}", "--remote-debugging-port=0", "--window-size=1600,1200",
             "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = profile_dir / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not port_file.is_file() or not port_file.read_text().strip():
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.close()
                raise RuntimeError("Chromium did not start its DevTools endpoint")
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=5) as response:
            targets = json.load(response)
        page = next(t for t in targets if t["type"] == "page")
        self._connection = connect(page["webSocketDebuggerUrl"], max_size=None, open_timeout=10)
        self.socket = self._connection.__enter__()
        self.next_id = 0

    def call(self, method: str, **params: object) -> dict:
        self.next_id += 1
        message_id = self.next_id
        self.socket.send(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            reply = json.loads(self.socket.recv(timeout=30))
            if reply.get("id") == message_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def text(self) -> str:
        result = self.call("Runtime.evaluate", expression="document.body ? document.body.innerText : ''",
                           returnByValue=True)
        return str(result.get("result", {}).get("value", ""))

    def count(self, selector: str) -> int:
        result = self.call("Runtime.evaluate", expression=f"document.querySelectorAll({json.dumps(selector)}).length",
                           returnByValue=True)
        return int(result.get("result", {}).get("value", 0))

    def open(self, url: str, expected: list[str], timeout: float = 30, min_charts: int = 0) -> str:
        """Load url, wait until every expected string and min_charts charts are on the page."""
        self.call("Page.navigate", url=url)
        deadline = time.monotonic() + timeout
        text = ""
        while time.monotonic() < deadline:
            text = self.text()
            if (
                all(item in text for item in expected)
                and "Running..." not in text
                and self.count(CHART_SELECTOR) >= min_charts
            ):
                return text
            time.sleep(0.25)
        missing = [item for item in expected if item not in text]
        raise AssertionError(
            f"{url}: missing {missing} or fewer than {min_charts} charts after {timeout:.0f} s;"
            f" page text:\n{text[:3000]}"
        )

    def screenshot(self, path: Path) -> None:
        import base64

        data = self.call("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        if hasattr(self, "_connection"):
            self._connection.__exit__(None, None, None)
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@dataclass
class RunningDashboard:
    url: str
    browser: Browser
    expected: dict[str, list[str]]
    artefacts: Path
    published: Path


@contextmanager
def streamlit_server(published: Path, log: Path, **env_vars: str) -> Iterator[str]:
    """Serve dashboard/app.py over the given publication folder; yields its URL."""
    port = free_port()
    env = dict(os.environ, BTIM_PUBLISH_PATH=str(published), STREAMLIT_BROWSER_GATHER_USAGE_STATS="false",
               **env_vars)
    with log.open("w") as log_file:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(REPO_ROOT / "dashboard" / "app.py"),
             "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
             "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
            cwd=REPO_ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT,
        )
        try:
            wait_for_http(f"http://127.0.0.1:{port}/_stcore/health", timeout=60)
            yield f"http://127.0.0.1:{port}"
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


def expected_figures(con) -> dict[str, list[str]]:  # noqa: ANN001 - duckdb connection
    """Headline figures per page, queried from the marts with SQL."""
    (month,) = con.execute(
        "select coalesce(max(case when is_latest_closed then fiscal_month end), max(fiscal_month))"
        " from core.dim_periods where has_actuals"
    ).fetchone()
    opex, transparency, cloud = con.execute(
        "select it_opex, transparency_ratio, cloud_share_of_it_opex from finance.fct_it_spend_kpis_monthly"
        " where fiscal_month = ?", [month]).fetchone()
    above, = con.execute(
        "select count(*) from technology.fct_unit_costs_monthly where fiscal_month = ? and is_above_benchmark",
        [month]).fetchone()
    pool, utilisation = con.execute(
        "select resource_pool_name, utilisation from technology.fct_capacity_utilisation_monthly"
        " where fiscal_month = ? order by utilisation limit 1", [month]).fetchone()
    idle, = con.execute(
        "select sum(idle_cost) from technology.fct_capacity_utilisation_monthly where fiscal_month = ?",
        [month]).fetchone()
    showback, chargeback = con.execute(
        "select sum(showback_amount), sum(chargeback_amount) from consumer.fct_consumer_bill_lines_monthly"
        " where fiscal_month = ?", [month]).fetchone()
    ai, = con.execute("select sum(amount_reporting) from consumer.fct_ai_spend_monthly where fiscal_month = ?",
                      [month]).fetchone()
    erp, = con.execute(
        "select sum(amount_reporting) from consumer.fct_solution_tco_monthly"
        " where fiscal_month = ? and application_family = 'ERP'", [month]).fetchone()
    traced, = con.execute(
        "select amount_reporting from consumer.fct_consumer_cost_monthly"
        " where fiscal_month = ? and consumer_id <> 'unallocated' order by amount_reporting desc limit 1",
        [month]).fetchone()
    return {
        "finance": ["IT operating spend", money(opex), "Transparency", percent(transparency),
                    "Cloud share of IT opex", percent(cloud), "Budget vs actual vs forecast"],
        "technology": ["Unit costs above benchmark", str(above), f"{pool} {percent(utilisation)}",
                       "Idle capacity cost", money(idle), "Same capability bought more than once"],
        "consumer": ["Showback", money(showback), "Chargeback", money(chargeback), "AI spend", money(ai),
                     "ERP TCO", money(erp), "Where the ERP money goes"],
        "trace": ["Traced amount", money(traced), "Source GL lines", "Through the layers"],
    }


@pytest.fixture(scope="module")
def dashboard(built_warehouse, tmp_path_factory) -> Iterator[RunningDashboard]:  # noqa: ANN001
    chromium = ensure_chromium()
    work = tmp_path_factory.mktemp("dashboard")
    publish(built_warehouse.db_path, work / "published")
    with built_warehouse.connect() as con:
        expected = expected_figures(con)
    with streamlit_server(work / "published", work / "streamlit.log") as url:
        browser = Browser(chromium, Path(tempfile.mkdtemp(dir=work)))
        try:
            yield RunningDashboard(url, browser, expected, work, work / "published")
        finally:
            browser.close()


@pytest.mark.parametrize("page", ["finance", "technology", "consumer", "trace"])
def test_page_renders_its_headline_figures(dashboard: RunningDashboard, page: str) -> None:
    text = dashboard.browser.open(
        f"{dashboard.url}/{PAGE_PATHS[page]}", dashboard.expected[page], timeout=45, min_charts=MIN_CHARTS[page]
    )
    dashboard.browser.screenshot(dashboard.artefacts / f"{page}.png")
    assert "Page not found" not in text
    assert "Traceback" not in text


# The Chinese texts are written out here (not read from seeds/reference/i18n_labels.csv), so a
# label that goes missing or stays English fails the test.
ZH_FINANCE = ["财务视图", "IT 运营支出", "透明度", "云支出占 IT 运营支出比例", "预算、实际与预测"]


def test_finance_page_in_chinese_shows_the_same_figures(dashboard: RunningDashboard) -> None:
    """BTIM_LANG=zh: Chinese page title, labels and navigation; the headline numbers unchanged."""
    figures = [item for item in dashboard.expected["finance"] if item[0] in "$-0123456789"]
    assert len(figures) == 3
    log = dashboard.artefacts / "streamlit_zh.log"
    with streamlit_server(dashboard.published, log, BTIM_LANG="zh") as url:
        text = dashboard.browser.open(f"{url}/", ZH_FINANCE + figures, timeout=45,
                                      min_charts=MIN_CHARTS["finance"])
    dashboard.browser.screenshot(dashboard.artefacts / "finance_zh.png")
    assert "Finance: what IT costs" not in text
    pools = Published.current(dashboard.published).table("core.dim_cost_pools")
    assert any(name in text for name in pools["cost_pool_name_zh"]), "no Chinese cost pool name in the chart"
    assert "IT operating spend" not in text
    assert "Traceback" not in text


def test_taxonomy_names_are_looked_up_in_chinese(dashboard: RunningDashboard) -> None:
    pub = Published.current(dashboard.published)
    pools = pub.table("finance.fct_cost_pool_monthly")
    dim = pub.table("core.dim_cost_pools")
    zh = localise(pub, pools, "zh")
    expected = pools["cost_pool_name"].map(dict(zip(dim["cost_pool_name"], dim["cost_pool_name_zh"])))
    assert zh["cost_pool_name"].tolist() == expected.tolist()
    assert zh["cost_pool_name"].str.contains("[\u4e00-\u9fff]").all()
    assert zh["amount_reporting"].tolist() == pools["amount_reporting"].tolist()
    consumers = localise(pub, pub.table("consumer.fct_consumer_bill_lines_monthly"), "zh")
    assert consumers["consumer_name"].str.contains("[\u4e00-\u9fff]").all()
    assert localise(pub, pools, "en") is pools


def test_language_setting() -> None:
    assert default_language({}) == "en"
    assert default_language({"BTIM_LANG": "zh"}) == "zh"
    with pytest.raises(ValueError, match="BTIM_LANG must be one of en, zh"):
        default_language({"BTIM_LANG": "fr"})


def test_dashboard_says_what_to_do_when_nothing_is_published(tmp_path: Path) -> None:
    from dashboard.data import NotPublishedError, Published

    with pytest.raises(NotPublishedError, match="publish_marts"):
        Published.current(tmp_path)


def test_money_rounds_cents_half_up_whether_summed_exactly_or_as_floats() -> None:
    """The page (pandas float sums) and the marts (exact decimals) must show the same figure."""
    from decimal import Decimal

    from dashboard.data import money

    exact = Decimal("2528424.50")
    as_floats = sum([2528000.10, 424.40])  # 2528424.5000000005 or 2528424.4999999995
    assert money(exact) == money(as_floats) == "$2,528,425"
    assert money(Decimal("-1.50")) == "-$2"
    assert money(None) == "n/a"
