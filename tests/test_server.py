"""The server's edges (issue 16): security headers, over-long static paths, the nginx configuration, and
width-probe values a browser may send malformed."""

from __future__ import annotations

import asyncio
import math
import re
import shutil
import subprocess
import urllib.error
import urllib.request

import pytest

from bench.replicas import render, streamlit_static
from bench.server import running_app
from dashboard import probe, session
from dashboard.edge import MAX_PATH_BYTES, SECURITY_HEADERS, Edge, refused_path
from tests.conftest import ROOT

EXPECTED = {"x-frame-options": "SAMEORIGIN", "content-security-policy": "frame-ancestors 'self'",
            "x-content-type-options": "nosniff"}


def _call(app, path: str) -> tuple[int, dict[str, str], bytes]:
    """One HTTP request through an ASGI app: status, headers, body."""
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    asyncio.run(app({"type": "http", "method": "GET", "path": path, "headers": []}, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    headers = {k.decode().lower(): v.decode() for k, v in start["headers"]}
    return start["status"], headers, b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


async def _like_streamlit(scope, receive, send):
    """Streamlit 1.67's static route: a name over 255 bytes makes the file system raise, which is HTTP 500."""
    if any(len(part) > 255 for part in scope["path"].split("/")):
        raise OSError(36, "File name too long")
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"ok"})


def test_a_static_path_no_file_can_have_is_404_and_an_over_long_path_414():
    assert refused_path("/app/static/countries-110m.geojson") is None and refused_path("/") is None
    assert refused_path("/app/static/" + "a" * 256) == 404
    assert refused_path("/app/static/" + "\u00e9" * 128) == 404  # 256 bytes in UTF-8
    assert refused_path("/app/static/" + "a/" * MAX_PATH_BYTES) == 414
    assert refused_path("/" + "a" * (MAX_PATH_BYTES + 1)) == 414
    app = Edge(_like_streamlit)
    assert _call(app, "/app/static/" + "a" * 300)[:1] == (404,)
    assert _call(app, "/app/static/" + "a/" * 2000)[:1] == (414,)
    with pytest.raises(OSError):
        asyncio.run(_like_streamlit({"path": "/app/static/" + "a" * 300}, None, None))  # what the guard prevents


def test_every_answer_carries_the_security_headers():
    status, headers, body = _call(Edge(_like_streamlit), "/app/static/countries-110m.geojson")
    assert (status, body) == (200, b"ok") and headers["content-type"] == "text/plain"
    assert {k: headers[k] for k in EXPECTED} == EXPECTED
    status, headers, _ = _call(Edge(_like_streamlit), "/app/static/" + "a" * 300)
    assert {k: headers[k] for k in EXPECTED} == EXPECTED


def test_the_served_app_answers_long_paths_without_an_error_and_sends_the_headers():
    """The real server (dashboard/serve.py, as deployed): Streamlit alone answers the first path with 500."""
    with running_app() as url:
        for path, status in [("/", 200), ("/app/static/countries-110m.geojson", 200), ("/_stcore/health", 200),
                             ("/app/static/" + "a" * 300, 404), ("/app/static/" + "a/" * 1500, 414)]:
            try:
                answer = urllib.request.urlopen(url + path, timeout=30)
            except urllib.error.HTTPError as err:
                answer = err
            assert answer.status == status, path[:40]
            assert {k: answer.headers.get(k) for k in EXPECTED} == EXPECTED, path[:40]


@pytest.mark.parametrize("name", ["nginx.conf", "nginx-compose.conf"])
def test_nginx_sends_each_security_header_once(name, tmp_path):
    # deploy/nginx.conf is a template (bench.replicas fills it in); nginx-compose.conf is it filled for compose
    conf = render(["127.0.0.1:1", "127.0.0.1:2"], "8080", streamlit_static(), "/dev/null") if name == "nginx.conf" \
        else (ROOT / "deploy" / name).read_text(encoding="utf-8")
    server = conf[conf.index("server {"):]
    before_locations = server[:server.index("\n    location")]
    for header, value in EXPECTED.items():
        canonical = "-".join(part.capitalize() for part in header.split("-"))
        assert re.search(rf'add_header {canonical} "{re.escape(value)}" always;', before_locations, re.I), header
        assert re.search(rf"proxy_hide_header {canonical};", before_locations, re.I), header
    assert "add_header" not in server[server.index("\n    location"):]  # a location's add_header would drop these
    if shutil.which("nginx"):
        wrapper = tmp_path / "nginx.conf"
        temp = {kind: tmp_path / kind for kind in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
        body = conf.replace("atlas1:8501", "127.0.0.1:1").replace("atlas2:8501", "127.0.0.1:2") \
            .replace("atlas3:8501", "127.0.0.1:3").replace("atlas4:8501", "127.0.0.1:4")
        (tmp_path / "site.conf").write_text(body, encoding="utf-8")
        wrapper.write_text(f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\nhttp {{\n"
                           + "".join(f"{kind}_temp_path {path};\n" if kind != "body" else f"client_body_temp_path {path};\n"
                                     for kind, path in temp.items())
                           + f"include {tmp_path}/site.conf;\n}}\n", encoding="utf-8")
        done = subprocess.run(["nginx", "-t", "-c", str(wrapper)], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr


def test_the_app_and_nginx_name_the_same_headers():
    assert {k.decode(): v.decode() for k, v in SECURITY_HEADERS} == EXPECTED


# --- The width probe --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["800", "abc", -640, 0, 10**12, math.nan, math.inf, -math.inf, True, None, [800],
                                   {"w": 1}, 1e308])
def test_a_malformed_probe_value_is_ignored(value):
    assert probe.probe_pixels(value) is None
    state: dict = {"map": {"width": value, "viewport": value}}
    known = session.of(state)
    known.widths["map"], known.viewports["map"] = 960, 720
    probe.remember_probe(state, "map")
    assert session.of(state).widths["map"] == 960 and session.of(state).viewports["map"] == 720


def test_a_sound_probe_value_is_kept():
    assert probe.probe_pixels(1280) == 1280 and probe.probe_pixels(1279.6) == 1279
    state: dict = {"map": {"width": 1280, "viewport": 700.0}}
    probe.remember_probe(state, "map")
    assert session.of(state).widths["map"] == 1280 and session.of(state).viewports["map"] == 700


def test_a_probe_state_that_cannot_be_read_is_ignored():
    class Hostile:
        def __getattr__(self, name):
            raise RuntimeError("no")

    state: dict = {"map": Hostile()}
    session.of(state).widths["map"] = 960
    probe.remember_probe(state, "map")
    assert session.of(state).widths["map"] == 960
