"""Start the dashboard on a free local port for a browser or a client to look at: the one launcher of the
tests, the scripts (screenshots) and the benchmark, and the Chromium they share."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Debian's Chromium, headless: WebGL needs SwiftShader (the first two flags); the others keep it from
# calling out to the network.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--disable-quic"]


def chromium_available() -> bool:
    return Path(CHROMIUM).exists()


@dataclass
class Server:
    """One running app server: its base URL and the process group it runs in (killed to stop it)."""

    url: str
    port: int
    pid: int

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Stop the server at once (SIGKILL: as a crashed or switched-off machine would), unless it has already gone."""
        try:
            os.killpg(self.pid, sig)
        except ProcessLookupError:
            pass

    def rss_mb(self) -> float:
        """Resident memory of the server process, in MB (Linux), or NaN once it has gone."""
        try:
            for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
        return float("nan")


def free_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def wait_for(url: str, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not start within {timeout:.0f} s") from None
            time.sleep(0.2)


@contextmanager
def running_apps(count: int, timeout: float = 90.0, script: str = "dashboard/serve.py",
                 env: dict[str, str] | None = None) -> Iterator[list[Server]]:
    """`count` servers of `streamlit run <script>` on 127.0.0.1 and free ports, started side by side."""
    servers = []
    try:
        for _ in range(count):
            port = free_port()
            process = subprocess.Popen([sys.executable, "-m", "streamlit", "run", script, "--server.headless=true",
                                        f"--server.port={port}", "--server.address=127.0.0.1",
                                        "--browser.gatherUsageStats=false"], cwd=ROOT, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL, start_new_session=True,
                                       env={**os.environ, **(env or {})})
            servers.append(Server(f"http://127.0.0.1:{port}", port, process.pid))
        for server in servers:
            wait_for(f"{server.url}/_stcore/health", timeout, "the app")
        yield servers
    finally:
        for server in servers:
            server.kill(signal.SIGTERM)


@contextmanager
def running_app(timeout: float = 60.0, script: str = "dashboard/serve.py") -> Iterator[str]:
    """`streamlit run <script>` on 127.0.0.1 and a free port; yields its base URL."""
    with running_apps(1, timeout, script) as (server,):
        yield server.url
