"""Data text made safe for Markdown and HTML, and source links (only http and https are linked)."""

from __future__ import annotations

import html
import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~$<>])")


def md(text: object) -> str:
    """Data text made safe to place inside Markdown (no accidental emphasis, links or maths)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def escape(text: object) -> str:
    """Data text made safe to place inside HTML."""
    return html.escape(str(text))


def links(urls: tuple[str, ...] | list[str], label: str) -> str:
    """Markdown links to sources, numbered; anything but an http(s) address is left out."""
    out = []
    for i, url in enumerate(urls, start=1):
        if url.startswith(("http://", "https://")):
            out.append(f"[{label} {i}]({url.replace(')', '%29').replace(' ', '%20')})")
    return " · ".join(out)
