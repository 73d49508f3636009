"""Data text made safe for Markdown and HTML, and source links (only URLs that follow the contract's rule).

Text from the data folder is never trusted to be Markdown. One rule holds for every surface that shows
it: the text is shown as written, and the only things it may do are what the contract allows (bold,
italics, bullet lines and links to strict URLs). `md` escapes everything; `inert` keeps those few things
and escapes the rest. Both also disarm what Streamlit's Markdown adds to CommonMark and what a
GitHub-flavoured renderer does on its own:

- directives and colours (`:red[…]`, `:small[…]`, and "Note:red", which would show as "Note"), Material
  icons (`:material/home:`): a colon before a letter is escaped;
- emoji shortcodes (`:smile:`, `:+1:`) and Streamlit's logo (`:streamlit:`), which plug-ins replace in the
  parsed text, where escapes no longer count: a WORD JOINER (U+2060, invisible and never a line break)
  follows the first colon;
- raw addresses that a GFM renderer links by itself (`http://…`, `www.…`, `name@host`): a word joiner
  after `:` before `//`, between `www` and `.`, and after `@`, so only the links written here are links;
- Streamlit's typography ("a -- b" shown as "a — b", `~=` as ≈): a word joiner between the two signs;
- block Markdown the contract does not allow (headings, setext underlines `===` and `---`, rules, ordered
  lists `1.`, indented code): a line's first character is escaped, leading spaces are dropped.

`md` and `inert` are for any Markdown surface (Streamlit pages, a SOURCES.md); `inert_html` is the same
rule for an HTML page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from dashboard.contract import is_strict_url

WORD_JOINER = "\u2060"
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~$<>])")
# A colon that could open a directive (`:red[`, `:material`, `::leaf`, `:::container`): a name starts with
# an ASCII letter. Other colons ("Case: why", "10:30") stay as they are.
_COLON = re.compile(r":(?=[A-Za-z:])")
# Where a word joiner goes in the raw text: after the first colon of a shortcode (:smile:, :+1:, :100:),
# between ":" and "//", between "www" and ".", after "@" when a name follows it, and inside the pairs that
# Streamlit turns into typography (-- into a dash, ~= into ≈, and the arrows and <= >=).
_BREAK = re.compile(r"(?<=:)(?=[A-Za-z0-9_+-]+:)|(?<=:)(?=//)|(?i:(?<=www))(?=\.)|(?<=@)(?=[-A-Za-z0-9_])"
                    r"|(?<=-)(?=[->])|(?<=<)(?=[-=])|(?<=[~>])(?==)")
# Streamlit rewrites ":material/" in the source before parsing it; an escaped slash keeps it as written.
_MATERIAL = re.compile(r"(?<=:material)/")
# A line that would start a block the contract does not allow: an ordered-list number, a setext underline
# or a rule (- or =), or a bullet marker that is not the line's own bullet (a "- - -" rule inside an item).
_ORDERED = re.compile(r"^(\d{1,9})([.)])")
# What data text may use: **bold**, *italics* and [label](url); a link's URL is checked separately.
_TOKENS = re.compile(r"\*\*(?P<bold>[^*\s](?:[^*\n]*[^*\s])?)\*\*"
                     r"|\*(?P<em>[^*\s](?:[^*\n]*[^*\s])?)\*"
                     r"|\[(?P<label>[^\[\]\n]+)\]\((?P<url>[^()\s]+)\)")
_LINK = re.compile(r"\[(?P<label>[^\[\]\n]+)\]\((?P<url>[^()\s]+)\)")
_BULLET = re.compile(r"^(?P<indent> {0,6})[*-] (?=\S)")
# A raw address as a GFM renderer finds it (mdast-util-gfm-autolink-literal): a scheme, then everything
# up to white space, less the trailing punctuation it leaves out.
_RAW_URL = re.compile(r"(?i)https?://[-.A-Za-z0-9_]+[^ \t\r\n]*")
_URL_TRAIL = re.compile(r"[!\"&'),.:;<>?\]}]+$")


def _escaped(text: str) -> str:
    """Every Markdown character escaped, every plug-in's pattern broken (not yet the line's start)."""
    return _MATERIAL.sub(r"\\/", _COLON.sub(r"\\:", _MD_SPECIAL.sub(r"\\\1", _BREAK.sub(WORD_JOINER, text))))


def _line_start(line: str) -> str:
    """A line (already escaped) that cannot open a block: no leading spaces (indented code), and an
    escaped first character where it would open a rule, a setext heading or an ordered list."""
    line = line.lstrip(" ")
    if line[:1] in ("-", "="):
        return "\\" + line
    return _ORDERED.sub(r"\1\\\2", line)


def md(text: object) -> str:
    """Data text made safe to place inside Markdown: shown exactly as written, with no emphasis, link,
    maths, icon, colour, emoji or block of any kind."""
    return "\n".join(_line_start(_escaped(line)) for line in str(text).split("\n"))


def escape(text: object) -> str:
    """Data text made safe to place inside HTML."""
    return html.escape(str(text))


def url(address: str) -> str:
    """A strict URL made safe as a Markdown link target (it has none of these, but a target never may)."""
    return address.replace("(", "%28").replace(")", "%29").replace(" ", "%20")


def _raw_links(text: str) -> str:
    """Plain data text, escaped, where a raw address that is a strict URL becomes a link to itself (as a
    GFM renderer would make it) and any other stays text."""
    out, pos = [], 0
    for match in _RAW_URL.finditer(text):
        candidate = match.group()
        trail = _URL_TRAIL.search(candidate)
        address = candidate[:trail.start()] if trail else candidate
        if not is_strict_url(address):
            continue
        out.append(_escaped(text[pos:match.start()]))
        out.append(f"[{_escaped(address)}]({url(address)})")
        pos = match.start() + len(address)
    out.append(_escaped(text[pos:]))
    return "".join(out)


def _inline(text: str, emphasis: bool = True) -> str:
    out, pos = [], 0
    for match in (_TOKENS if emphasis else _LINK).finditer(text):
        out.append(_raw_links(text[pos:match.start()]))
        pos = match.end()
        found = match.groupdict()
        if found.get("bold"):
            out.append(f"**{_inline(found['bold'], emphasis=False)}**")
        elif found.get("em"):
            out.append(f"*{_inline(found['em'], emphasis=False)}*")
        elif is_strict_url(found["url"]):
            out.append(f"[{_escaped(match.group('label'))}]({url(match.group('url'))})")
        else:
            out.append(_escaped(match.group(0)))
    out.append(_raw_links(text[pos:]))
    return "".join(out)


def inert(text: object) -> str:
    """Data text as Markdown that can only be text, **bold**, *italics*, bullet lines (`* ` or `- `, nested
    under a bullet by indenting) and links `[label](url)` or raw addresses whose URL follows the contract's
    rule; everything else is escaped, so images (`![](…)`, reference-style ones), autolinks, raw HTML,
    headings, rules, ordered lists, code, Streamlit's directives, icons and emoji stay plain text."""
    lines, after_bullet = [], False
    for line in str(text).split("\n"):
        bullet = _BULLET.match(line)
        if bullet:
            indent = bullet.group("indent") if after_bullet else ""  # indenting only nests under a bullet
            lines.append(f"{indent}* {_line_start(_inline(line[bullet.end():]))}")
        else:
            lines.append(_line_start(_inline(line)))
        after_bullet = bool(bullet) or (after_bullet and not line.strip())
    return "\n".join(lines)


def links(urls: Iterable[str], label: str) -> str:
    """Markdown links to sources, numbered; an address that breaks the URL rule is left out."""
    out = [f"[{md(label)} {i}]({url(u)})" for i, u in enumerate(urls, start=1) if is_strict_url(u)]
    return " · ".join(out)


# --- The same rule for an HTML page (the seminar pack) --------------------------------------------------------


def _html_inline(text: str, emphasis: bool = True) -> str:
    out, pos = [], 0
    for match in (_TOKENS if emphasis else _LINK).finditer(text):
        out.append(_html_raw_links(text[pos:match.start()]))
        pos = match.end()
        found = match.groupdict()
        if found.get("bold"):
            out.append(f"<strong>{_html_inline(found['bold'], emphasis=False)}</strong>")
        elif found.get("em"):
            out.append(f"<em>{_html_inline(found['em'], emphasis=False)}</em>")
        elif is_strict_url(found["url"]):
            out.append(_html_link(match.group("label"), found["url"]))
        else:
            out.append(escape(match.group(0)))
    out.append(_html_raw_links(text[pos:]))
    return "".join(out)


def _html_link(label: str, address: str) -> str:
    return f'<a href="{escape(address)}" rel="noopener noreferrer">{escape(label)}</a>'


def _html_raw_links(text: str) -> str:
    out, pos = [], 0
    for match in _RAW_URL.finditer(text):
        trail = _URL_TRAIL.search(match.group())
        address = match.group()[:trail.start()] if trail else match.group()
        if is_strict_url(address):
            out += [escape(text[pos:match.start()]), _html_link(address, address)]
            pos = match.start() + len(address)
    out.append(escape(text[pos:]))
    return "".join(out)


def inert_html(text: object) -> str:
    """Data text as HTML under the same rule as `inert`: paragraphs, **bold**, *italics*, bullet lines
    and links to strict URLs (written, or raw addresses); everything else escaped, shown as written."""
    blocks: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append("<p>" + "<br>\n".join(paragraph) + "</p>")
            paragraph.clear()
        if items:
            blocks.append("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")
            items.clear()

    for line in str(text).split("\n"):
        bullet = _BULLET.match(line)
        if bullet:
            if paragraph:
                flush()
            items.append(_html_inline(line[bullet.end():]))
        elif not line.strip():
            flush()
        else:
            if items:
                flush()
            paragraph.append(_html_inline(line.strip()))
    flush()
    return "\n".join(blocks)
