"""`python -m bench.replicas --servers 4 --port 8080`: N atlas servers and nginx in front of them, with the
configuration in `deploy/nginx.conf` filled in (the same one the tests and the benchmark run); Ctrl-C stops
all. `--print` only prints the filled configuration, for an nginx run by the system; `--compose` writes
`deploy/nginx-compose.conf`, the same configuration for `deploy/compose.yaml`.

All servers get one cookie secret, so that a viewer moved to another server by a failure still passes
Streamlit's XSRF check (file uploads) there.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.server import ROOT, Server, free_port, running_apps, wait_for

TEMPLATE = ROOT / "deploy" / "nginx.conf"
COMPOSE = ROOT / "deploy" / "nginx-compose.conf"
COOKIE = "atlas_server"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
MIME_TYPES = Path("/etc/nginx/mime.types")


def nginx_available() -> bool:
    return Path(NGINX).exists()


def streamlit_static() -> Path:
    """The installed Streamlit's built front end (index.html, and static/ with its hashed scripts and styles)."""
    import streamlit
    return Path(streamlit.__file__).parent / "static"


def render(servers: list[str], listen: str, static: Path | None, access_log: str = "/var/log/nginx/atlas.log") -> str:
    """deploy/nginx.conf with its places filled: the servers (host:port), the address nginx listens on, the
    folder of Streamlit's front end (None: the app servers serve it) and the access log."""
    upstreams = "\n".join(f"    server {s} max_fails=1 fail_timeout=10s;" for s in servers)
    if static is None:
        static_block = "    # (here the app servers serve them: nginx has no copy of Streamlit's files)"
    else:
        static_block = (f"    location /static/ {{\n        alias {static / 'static'}/;\n        expires max;\n"
                        f"        access_log off;\n    }}")
    text = TEMPLATE.read_text(encoding="utf-8")
    for place, value in (("@SERVERS@", upstreams), ("@STATIC@", static_block), ("@LISTEN@", listen),
                         ("@ACCESS_LOG@", access_log), ("@COOKIE@", COOKIE)):
        text = text.replace(place, value)
    left = re.findall(r"@[A-Z_]+@", text)
    if left:
        raise ValueError(f"deploy/nginx.conf: no value for {', '.join(sorted(set(left)))}")
    return text


def compose_config() -> str:
    """The configuration deploy/compose.yaml mounts into its nginx container (four servers by name)."""
    return render([f"atlas{k}:8501" for k in range(1, 5)], "8080", None, "/var/log/nginx/access.log")


def main_config(folder: Path, site: Path) -> str:
    """An nginx main configuration that runs from `folder` (pid, logs, temporary files) without root's files."""
    temp = "".join(f"    {kind}_temp_path {folder / kind};\n" for kind in ("proxy", "fastcgi", "uwsgi", "scgi"))
    types = f"    include {MIME_TYPES};\n" if MIME_TYPES.exists() else \
        "    types { text/html html; text/css css; application/javascript js; font/woff2 woff2; image/png png; }\n"
    user = "user root;\n" if os.geteuid() == 0 else ""  # its workers must read the files of whoever runs it
    return (f"{user}daemon off;\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'} warn;\n"
            f"worker_processes 1;\nworker_rlimit_nofile 8192;\nevents {{ worker_connections 4096; }}\n"
            f"http {{\n{types}    default_type application/octet-stream;\n"
            f"    client_body_temp_path {folder / 'body'};\n{temp}    include {site};\n}}\n")


def check(config: str) -> subprocess.CompletedProcess:
    """`nginx -t` on a site configuration; returns the finished process (returncode, stderr)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "site.conf").write_text(config, encoding="utf-8")
        (folder / "nginx.conf").write_text(main_config(folder, folder / "site.conf"), encoding="utf-8")
        return subprocess.run([NGINX, "-t", "-e", str(folder / "error.log"), "-c", str(folder / "nginx.conf")],
                              capture_output=True, text=True, timeout=60)


@dataclass
class Replicas:
    """Servers behind nginx: `url` is nginx's; `log` is its access log (which server served which viewer)."""

    url: str
    servers: list[Server]
    log: Path

    def routes(self) -> dict[str, set[str]]:
        """Each viewer's route (the cookie's value) -> the servers (host:port) that answered its requests."""
        out: dict[str, set[str]] = {}
        for line in self.log.read_text(encoding="utf-8").splitlines():
            found = re.search(r"route=(\S+) upstream=(.+?) status=", line)
            if found and found[2] != "-":
                # after a failed attempt nginx lists every server it tried: the last one answered
                out.setdefault(found[1], set()).add(found[2].split(",")[-1].strip())
        return out

    def viewers_per_server(self) -> list[int]:
        """How many viewers (routes that opened a websocket) each server answered, in the order of `servers`."""
        log = self.log.read_text(encoding="utf-8")
        viewers = {found[1] for found in re.finditer(r"route=(\S+) .*GET /_stcore/stream", log)}
        counts = [0] * len(self.servers)
        for route, answered in self.routes().items():
            if route in viewers:
                for address in answered:
                    counts[[s.url.endswith(address) for s in self.servers].index(True)] += 1
        return counts

    def server_of(self, route: str) -> Server:
        (address,) = self.routes()[route]
        return next(s for s in self.servers if s.url.endswith(address))


@contextmanager
def running_replicas(count: int, script: str = "dashboard/serve.py", port: int | None = None,
                     timeout: float = 120.0) -> Iterator[Replicas]:
    """`count` servers and nginx in front of them on 127.0.0.1 (on `port`, or a free one)."""
    if not nginx_available():
        raise RuntimeError("nginx is not installed (Debian: apt-get install nginx)")
    env = {"STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32)}
    with running_apps(count, timeout, script, env) as servers, tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        port = port or free_port()
        site = folder / "site.conf"
        site.write_text(render([f"127.0.0.1:{s.port}" for s in servers], f"127.0.0.1:{port}", streamlit_static(),
                               str(folder / "access.log")), encoding="utf-8")
        (folder / "nginx.conf").write_text(main_config(folder, site), encoding="utf-8")
        (folder / "access.log").touch()
        nginx = subprocess.Popen([NGINX, "-e", str(folder / "error.log"), "-c", str(folder / "nginx.conf")],
                                 stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE, start_new_session=True)
        try:
            try:
                wait_for(f"http://127.0.0.1:{port}/healthz", 30, "nginx")
            except RuntimeError:
                nginx.kill()
                raise RuntimeError(f"nginx did not start: {nginx.communicate(timeout=10)[1].decode()[-2000:]}") from None
            yield Replicas(f"http://127.0.0.1:{port}", servers, folder / "access.log")
        finally:
            os.killpg(nginx.pid, signal.SIGQUIT)
            try:
                nginx.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(nginx.pid, signal.SIGKILL)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.replicas", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--servers", type=int, default=4, help="how many atlas servers (one per core)")
    parser.add_argument("--port", type=int, default=8080, help="the port nginx listens on")
    parser.add_argument("--print", nargs="*", metavar="HOST:PORT", dest="print_servers",
                        help="print the configuration for these running servers (default: 127.0.0.1:8501...) and stop")
    parser.add_argument("--compose", action="store_true", help="write deploy/nginx-compose.conf and stop")
    args = parser.parse_args(argv)
    if args.compose:
        COMPOSE.write_text(compose_config(), encoding="utf-8")
        return 0
    if args.print_servers is not None:
        servers = args.print_servers or [f"127.0.0.1:{8501 + k}" for k in range(args.servers)]
        print(render(servers, str(args.port), streamlit_static()))
        return 0
    with running_replicas(args.servers, port=args.port) as replicas:
        print(f"{len(replicas.servers)} servers behind nginx: open {replicas.url} (Ctrl-C stops them)", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
