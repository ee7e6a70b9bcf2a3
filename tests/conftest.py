"""Shared fixtures: the atlas and a headless Chromium."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# Hypothesis fails an example that runs longer than 200 ms by default: a timing assertion,
# flaky on a loaded 2-core CI machine. Speed is the benchmarks' job.
settings.register_profile("geoplan", deadline=None)
settings.load_profile("geoplan")

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("GEOPLAN_CHROMIUM", "/usr/bin/chromium")
# Flags that keep Chromium from phoning home: on a machine with no network those
# connections are refused, many at a time, and slow every start.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_report_header() -> list[str]:
    import geopandas
    import pyogrio
    import pyproj
    import shapely

    libraries = (
        f"GEOS {shapely.geos_version_string}, PROJ {pyproj.proj_version_str}, "
        f"GDAL {pyogrio.__gdal_version_string__}"
    )
    packages = ", ".join(f"{m.__name__} {m.__version__}" for m in (shapely, pyproj, geopandas))
    return [libraries, packages]


@pytest.fixture(autouse=True, scope="session")
def _user_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Keep tests away from the user's own data: ``GEOPLAN_USER_DIR`` is a fresh temp folder.

    Subprocesses (the CLI, the app's server) inherit it. Tests that need a store
    of their own set it again with ``monkeypatch.setenv``.
    """
    folder = tmp_path_factory.mktemp("user")
    before = os.environ.get("GEOPLAN_USER_DIR")
    os.environ["GEOPLAN_USER_DIR"] = str(folder)
    yield folder
    if before is None:
        del os.environ["GEOPLAN_USER_DIR"]
    else:
        os.environ["GEOPLAN_USER_DIR"] = before


@pytest.fixture
def user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user folder of the test's own (``GEOPLAN_USER_DIR``): its store starts empty."""
    folder = tmp_path / "user"
    monkeypatch.setenv("GEOPLAN_USER_DIR", str(folder))
    return folder


@pytest.fixture(scope="session")
def atlas():  # type: ignore[no-untyped-def]
    import geoplan

    return geoplan.load()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian Chromium driven by Playwright (never a downloaded browser)."""
    if os.environ.get("GEOPLAN_SKIP_BROWSER") == "1":
        pytest.skip("GEOPLAN_SKIP_BROWSER=1")
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install it with "
            "`sudo apt-get install chromium fonts-noto-cjk` (the README's test command does), "
            "or set GEOPLAN_CHROMIUM, or GEOPLAN_SKIP_BROWSER=1 to skip browser tests"
        )
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright is not installed (requirements-dev.txt)"
    )
    sync_playwright = sync_api.sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    """A fresh page that records console errors and every non-local request."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    pg = context.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.remote_requests = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on(
        "console",
        lambda m: pg.errors.append(m.text) if m.type == "error" else None,
    )

    def note_request(request):  # type: ignore[no-untyped-def]
        url = request.url
        if not url.startswith(
            ("file:", "data:", "about:", "http://localhost", "http://127.0.0.1", "ws://")
        ):
            pg.remote_requests.append(url)

    pg.on("request", note_request)
    yield pg
    context.close()
