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


@contextmanager
def running_app(timeout: float = 60.0, script: str = "dashboard/serve.py") -> Iterator[str]:
    """`streamlit run <script>` on 127.0.0.1 and a free port; yields its base URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", script, "--server.headless=true",
                               f"--server.port={port}", "--server.address=127.0.0.1",
                               "--browser.gatherUsageStats=false"], cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the app did not start within {timeout:.0f} s") from None
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
