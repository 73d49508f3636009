"""Data text made safe for Markdown and HTML, and source links (only URLs that follow the contract's rule).

Text from the data folder is never trusted to be Markdown: `md` escapes every Markdown character, and
`inert` keeps only what the data is allowed to use (bold, italics, bullet lines and links to strict
URLs) and escapes the rest, so no value can become an image, raw HTML or an autolinked image, and no
value can make the browser fetch anything.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from dashboard.contract import is_strict_url

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~$<>])")
# What data text may use: **bold**, *italics* and [label](url); a link's URL is checked separately.
_TOKENS = re.compile(r"\*\*(?P<bold>[^*\s](?:[^*\n]*[^*\s])?)\*\*"
                     r"|\*(?P<em>[^*\s](?:[^*\n]*[^*\s])?)\*"
                     r"|\[(?P<label>[^\[\]\n]+)\]\((?P<url>[^()\s]+)\)")
_LINK = re.compile(r"\[(?P<label>[^\[\]\n]+)\]\((?P<url>[^()\s]+)\)")
_BULLET = re.compile(r"^(?P<indent> {0,6})[*-] (?=\S)")


def md(text: object) -> str:
    """Data text made safe to place inside Markdown (no accidental emphasis, links or maths)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def escape(text: object) -> str:
    """Data text made safe to place inside HTML."""
    return html.escape(str(text))


def url(address: str) -> str:
    """A strict URL made safe as a Markdown link target (it has none of these, but a target never may)."""
    return address.replace("(", "%28").replace(")", "%29").replace(" ", "%20")


def _inline(text: str, emphasis: bool = True) -> str:
    out, pos = [], 0
    for match in (_TOKENS if emphasis else _LINK).finditer(text):
        out.append(md(text[pos:match.start()]))
        pos = match.end()
        found = match.groupdict()
        if found.get("bold"):
            out.append(f"**{_inline(found['bold'], emphasis=False)}**")
        elif found.get("em"):
            out.append(f"*{_inline(found['em'], emphasis=False)}*")
        elif is_strict_url(found["url"]):
            out.append(f"[{md(match.group('label'))}]({url(match.group('url'))})")
        else:
            out.append(md(match.group(0)))
    out.append(md(text[pos:]))
    return "".join(out)


def inert(text: object) -> str:
    """Data text as Markdown that can only be text, **bold**, *italics*, bullet lines (`* ` or `- `) and
    links `[label](url)` whose URL follows the contract's rule; everything else is escaped, so images
    (`![](…)`, reference-style ones), autolinks in angle brackets and raw HTML stay plain text."""
    lines = []
    for line in str(text).split("\n"):
        bullet = _BULLET.match(line)
        if bullet:
            lines.append(f"{bullet.group('indent')}* {_inline(line[bullet.end():])}")
        else:
            lines.append(_inline(line))
    return "\n".join(lines)


def links(urls: Iterable[str], label: str) -> str:
    """Markdown links to sources, numbered; an address that breaks the URL rule is left out."""
    out = [f"[{md(label)} {i}]({url(u)})" for i, u in enumerate(urls, start=1) if is_strict_url(u)]
    return " · ".join(out)
