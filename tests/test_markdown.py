"""Data text is inert: no value can become a Markdown image, raw HTML or a link to a non-strict URL.

The check reads Markdown as CommonMark does: an image starts with an unescaped `![`, raw HTML and
autolinks with an unescaped `<`, a reference definition with an unescaped `[` at the start of a line.
"""

from __future__ import annotations

import csv
import re

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import seoul
from dashboard.contract import is_strict_url
from dashboard.detail import partner_detail
from dashboard.i18n import Translator
from dashboard.loader import load
from dashboard.markdown import inert, links, md
from tests.conftest import APP

HOSTILE = [
    "![](http://evil.example/p.png)",
    "![](//evil.example/p.png)",
    "![x][r]\n\n[r]: http://evil.example/p.png",
    "[r]: http://evil.example/p.png\n![r]",
    "<img src=http://evil.example/p.png>",
    "<http://evil.example/p.png>",
    "[![x](http://evil.example/i.png)](https://ok.example/)",
    "[a](https://ok.example/)![x](http://evil.example/p.png)",
    "\\![x](http://evil.example/p.png)",
    "\\\\![x](http://evil.example/p.png)",
    "**![x](http://evil.example/p.png)**",
    "*![x](http://evil.example/p.png)*",
    "[x](http://evil.example/p.png \"title\")",
    "![x](<http://evil.example/p.png>)",
    "&#33;[x](http://evil.example/p.png)",
    ":red[![x](http://evil.example/p.png)]",
    "$![x](http://evil.example/p.png)$",
    "* ![x](http://evil.example/p.png)",
    "`![x](http://evil.example/p.png)`",
    "[x](javascript:alert(1))",
    "[x](https://ok.example/a)b)",
]


def _escaped(text: str, at: int) -> bool:
    """True when the character at `at` is escaped by an odd run of backslashes before it."""
    run = len(text[:at]) - len(text[:at].rstrip("\\"))
    return run % 2 == 1


def assert_inert(markdown: str) -> None:
    """No image, no raw HTML or autolink, no reference definition, and only strict link targets."""
    for match in re.finditer(r"!\[", markdown):
        assert _escaped(markdown, match.start()), f"image at {match.start()}: {markdown!r}"
    for match in re.finditer(r"<", markdown):
        assert _escaped(markdown, match.start()), f"raw HTML at {match.start()}: {markdown!r}"
    for match in re.finditer(r"(?m)^ {0,3}\[", markdown):
        end = match.end() - 1
        assert _escaped(markdown, end) or "]:" not in markdown[end:].split("\n")[0], markdown
    for match in re.finditer(r"\]\(", markdown):
        if not _escaped(markdown, match.start()):
            target = markdown[match.end():].split(")")[0]
            assert is_strict_url(target), f"link to {target!r} in {markdown!r}"


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_stays_inert(text):
    assert_inert(inert(text))
    assert_inert(md(text))


def test_bold_italics_bullets_and_strict_links_are_kept():
    assert inert("**bold** and *italics*") == "**bold** and *italics*"
    assert inert("see [KSLN](http://ksln.co.id/mou.php).") == "see [KSLN](http://ksln.co.id/mou.php)."
    assert inert("* one\n* two **b**") == "* one\n* two **b**"
    assert inert("a_b (c) #1") == "a\\_b \\(c\\) \\#1"


def test_the_seoul_legal_path_keeps_its_links(dataset):
    text = inert(dataset.seoul.texts["legal_path"]["en"])
    assert_inert(text)
    assert "[KSLN](http://ksln.co.id/mou.php)" in text and "[text](https://peraturan.info/pp/2018/28)" in text
    assert "\n* exploring the prospective partner;" in text


def test_links_are_built_only_from_strict_urls():
    assert links(["https://ok.example/)![x](http://evil.example/p.png)", "javascript:alert(1)"], "source") == ""
    assert links(["https://ok.example/a", "https://ok.example/b"], "source [x]") == (
        "[source \\[x\\] 1](https://ok.example/a) · [source \\[x\\] 2](https://ok.example/b)")


def _hostile_copy(data_copy) -> None:
    """Markdown images, references and odd links in every text the Seoul and About pages show."""
    image = "![x](http://evil.example/p.png) ![y][r] [z](//evil.example/q.png)"
    reference = "\n[r]: http://evil.example/r.png"

    def rewrite(name: str, columns: tuple[str, ...], multiline: bool = False, keys: tuple[str, ...] = ()) -> None:
        rows = data_copy.rows(name)
        header = rows[0]
        for row in rows[1:]:
            if keys and row[0] not in keys:
                continue
            for column in columns:
                i = header.index(column)
                row[i] = f"{row[i] or 'x'} {image}" + (reference if multiline else "")
        data_copy.write(name, rows)

    rewrite("seoul/texts.csv", ("en", "id"), multiline=True)
    rewrite("seoul/concepts.csv", ("name_en", "name_id", "text_en", "text_id"))
    rewrite("seoul/findings.csv", ("title_en", "title_id", "text_en", "text_id", "evidence_en", "evidence_id"))
    rewrite("seoul/open_questions.csv", ("title_en", "title_id", "text_en", "text_id"))
    rewrite("seoul/reading_list.csv", ("title", "authors", "venue"))
    rewrite("sectors.csv", ("label_en", "label_id"))
    rewrite("partners.csv", ("summary_en", "summary_id", "note_en", "note_id", "city_local"))
    with open(data_copy.folder / "i18n.csv", encoding="utf-8", newline="") as f:
        keys = tuple(row[0] for row in csv.reader(f) if row[0].startswith(("about.", "seoul.", "detail."))
                     and "{" not in row[1])
    rewrite("i18n.csv", ("en", "id"), keys=keys)


def test_hostile_data_gives_inert_detail_and_seoul_texts(data_copy):
    _hostile_copy(data_copy)
    ds = load(data_copy.folder)
    t = Translator.for_dataset(ds, "en")
    info = partner_detail(ds, "seoul", t, list(ds.sectors["id"]))
    for part in (info.heading, info.standing, info.summary, info.sectors, info.warning or "", info.note or "",
                 *info.agreements):
        assert_inert(part)
    for row in ds.seoul.reading_list.itertuples():
        assert_inert(seoul.reading_line(row))


@pytest.mark.apptest
@pytest.mark.parametrize("page", ["views/seoul.py", "views/about.py"])
def test_the_seoul_and_about_pages_show_hostile_data_as_text(data_copy, monkeypatch, page):
    _hostile_copy(data_copy)
    monkeypatch.setenv("ATLAS_DATA_DIR", str(data_copy.folder))
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page(page)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    shown = [e.value for kind in ("title", "subheader", "markdown", "caption", "info", "warning") for e in getattr(at, kind)]
    shown += [m.label for m in at.metric]
    assert any("evil.example" in s for s in shown)  # the hostile text is there, as text
    for text in shown:
        assert_inert(str(text))


# --- Issue 16: Streamlit's own Markdown extras, raw addresses and blocks stay text ---------------------------

WORD_JOINER = "\u2060"
STREAMLIT_EXTRAS = [":material/home: icon", ":red[red text]", ":blue-background[x]", ":smile: :+1: :100: :streamlit:",
                    "Note:red", "Note:red[x] more", "::leaf[x]", ":::container", "a -- b ~= c", "10:30:45 and Case: why"]
RAW_ADDRESSES = ["see https://user@evil.example/x", "look-alike https://\u0435xample.com/x", "www.evil.example",
                 "HTTP://EVIL.EXAMPLE/%zz", "mail a@b.co", "xmpp:a@b.co", "https://ok.example/)![x](http://e.example/p)"]
BLOCKS = ["Title\n===", "Title\n---", "Para\n\n---", "Para\n\n***", "1. one\n2) two", "Para\n\n    code block",
          "* a\n\n      * b\n\nPara\n\n      * c", "# h", "> q", "- - -"]


def _text_nodes(markdown: str) -> str:
    """What a CommonMark parser leaves as text, where Streamlit's and GFM's plug-ins look for shortcodes and
    addresses: written links taken out, escapes resolved."""
    return re.sub(r"\\(.)", r"\1", re.sub(r"(?<!\\)\[(?:[^\]\\]|\\.)*\]\([^()\s]*\)", " ", markdown))


def assert_plain(markdown: str) -> None:
    """No Streamlit directive, icon, colour, emoji or typography, and no address a renderer would link."""
    for match in re.finditer(r":(?=[A-Za-z:])", markdown):
        assert _escaped(markdown, match.start()), f"directive at {match.start()}: {markdown!r}"
    assert ":material/" not in markdown, markdown  # Streamlit rewrites it before parsing
    text = _text_nodes(markdown)
    assert not re.search(r":[A-Za-z0-9_+-]+:", text), f"shortcode in {text!r}"
    assert not re.search(r"(?i)https?://|www\.", text), f"address in {text!r}"
    assert not re.search(r"[-.\w+]+@[-\w]+(?:\.[-\w]+)+", text, re.ASCII), f"e-mail address in {text!r}"
    assert not re.search(r"(^|\s)(--|~=|<-|->|<=|>=)(\s|$)", text), f"typography in {text!r}"


@pytest.mark.parametrize("text", STREAMLIT_EXTRAS + RAW_ADDRESSES)
def test_streamlit_extras_and_raw_addresses_show_as_written(text):
    for markdown in (md(text), inert(text)):
        assert_inert(markdown)
        assert_plain(markdown)
    assert re.sub(r"\\(.)", r"\1", md(text)).replace(WORD_JOINER, "") == text  # exactly what was written


def test_a_raw_strict_url_is_a_link_and_any_other_address_stays_text():
    assert inert("see https://ok.example/a_b. Then") == (
        f"see [https:{WORD_JOINER}//ok.example/a\\_b](https://ok.example/a_b). Then")
    assert "](" not in inert("see https://user@evil.example/x and https://\u0435xample.com/ and www.ok.example")
    assert inert("[KSLN](http://ksln.co.id/mou.php) or http://ksln.co.id/") == (
        f"[KSLN](http://ksln.co.id/mou.php) or [http:{WORD_JOINER}//ksln.co.id/](http://ksln.co.id/)")


@pytest.mark.parametrize("text", BLOCKS)
def test_block_markdown_beyond_bullets_stays_text(text):
    markdown = inert(text)
    assert_inert(markdown)
    bullet = False
    for line in markdown.split("\n"):
        assert not re.match(r" {0,3}(?:=+|-+|\*+|_+)\s*$", line), f"heading underline or rule: {markdown!r}"
        assert not re.match(r" {0,3}(?:-|=|\d{1,9}[.)])(?: |$)", line), f"list or heading: {markdown!r}"
        assert not re.match(r" {0,3}[#>]", line), markdown
        assert not line.startswith("    ") or (bullet and line.lstrip().startswith("* ")), f"code block: {markdown!r}"
        bullet = line.lstrip().startswith("* ") or (bullet and not line.strip())


def test_the_html_twin_keeps_the_same_rule():
    from dashboard.markdown import inert_html
    html_text = inert_html("**b** *i* https://ok.example/a and https://user@evil.example/ [x](javascript:y)\n\n"
                           "* one\n* <two>\n\n:red[x] 1. ===")
    assert html_text == ('<p><strong>b</strong> <em>i</em> <a href="https://ok.example/a" rel="noopener noreferrer">'
                         'https://ok.example/a</a> and https://user@evil.example/ [x](javascript:y)</p>\n'
                         "<ul><li>one</li><li>&lt;two&gt;</li></ul>\n<p>:red[x] 1. ===</p>")
