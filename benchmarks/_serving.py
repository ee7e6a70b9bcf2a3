"""What the browser benchmarks share: Chromium, a Streamlit server on a free port, its memory.

``app_speed`` and ``scale`` both serve the app and drive it in headless Chromium;
they measure different things, the same way. The browser tests serve the app and
wait for it to settle with the same :func:`serve` and :func:`settle`.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("GEOPLAN_CHROMIUM", "/usr/bin/chromium")
# No phoning home from a machine without a network (tests/conftest.py's flags).
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Server:
    url: str
    pid: int
    ready_s: float  # from the process's start to its first healthy answer


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serve(
    script: Path, log: Path, *, records_dir: Path | None = None, timeout_s: float = 120
) -> Iterator[Server]:
    """``streamlit run script`` on a free port, on a records folder (None: the shipped ones).

    Yields once the server answers its health check. A server that exits or does not
    answer in ``timeout_s`` raises ``RuntimeError`` naming its log; the server is
    stopped when the block ends (killed if it does not stop in 10 s).
    """
    port = _free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
               "--server.headless", "true"]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "GEOPLAN_RECORDS_DIR"}
    if records_dir is not None:
        env["GEOPLAN_RECORDS_DIR"] = str(records_dir)
    start = time.monotonic()
    with (
        log.open("a") as out,
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out) as process,
    ):
        try:
            url = f"http://127.0.0.1:{port}"
            while True:
                if process.poll() is not None:
                    msg = f"streamlit exited with code {process.returncode}: {log.read_text()}"
                    raise RuntimeError(msg)
                health = f"{url}/_stcore/health"
                with contextlib.suppress(OSError), urllib.request.urlopen(health, timeout=2):  # noqa: S310 - our own localhost URL
                    break
                if time.monotonic() - start > timeout_s:
                    msg = f"streamlit did not answer in {timeout_s:.0f} s; its log: {log}"
                    raise RuntimeError(msg)
                time.sleep(0.05)
            yield Server(url, process.pid, time.monotonic() - start)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def peak_mb(pid: int) -> float:
    """A process's peak resident memory (VmHWM), in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    line = next(x for x in status.splitlines() if x.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def settle(page: Page, quiet_ms: int = 600) -> None:
    """Wait until no script run has been pending for ``quiet_ms``."""
    page.evaluate("window.__busy = performance.now()")
    page.wait_for_function(
        """quiet => {
            const state = document.querySelector('[data-testid="stApp"]').dataset.testScriptState;
            if (state !== 'notRunning') window.__busy = performance.now();
            return performance.now() - window.__busy > quiet;
        }""",
        arg=quiet_ms,
        polling=100,
    )
