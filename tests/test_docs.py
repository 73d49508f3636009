"""The documentation kept true by tests (after datasette's tests/test_docs.py): the README's module map names
every file of the package, and every translation key the code uses is in data/i18n.csv in both languages."""

from __future__ import annotations

import ast
import csv
import os
import re

import pytest

from dashboard.i18n import STRICT, Translator, UnknownKey
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
CODE = {path: ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for path in sorted((ROOT / "dashboard").rglob("*.py"))}
with open(ROOT / "data" / "i18n.csv", encoding="utf-8", newline="") as _f:
    I18N = {row["key"]: row for row in csv.DictReader(_f)}
NAMESPACES = {key.split(".")[0] for key in I18N}
# A string of the code shaped like a translation key ("atlas.title", "chart.n_activities"): the first part
# one of the table's namespaces. File names ("story.csv", "present.css") have that shape too and are left out.
KEY_SHAPE = re.compile(r"^([a-z][a-z_]*)\.[a-z0-9_.]+$")
FILE_ENDINGS = (".csv", ".css", ".js", ".py", ".json", ".geojson", ".md", ".png", ".svg", ".woff", ".zip", ".html")


def module_map(readme: str = README) -> set[str]:
    """The paths the map in README "How it is built" names: `folder/` lines open a folder for the lines
    indented under them; a line may name several files ("rules.py ...;  tables.py ...")."""
    section = readme.split("## How it is built", 1)[1]
    block = re.search(r"```\n(.+?)\n```", section, flags=re.S).group(1)
    named: set[str] = set()
    folders: list[tuple[int, str]] = []  # (indent, path) of the folders the current line is inside
    for line in block.splitlines():
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        while folders and folders[-1][0] >= indent:
            folders.pop()
        where = folders[-1][1] if folders else ""
        for name in re.findall(r"(?<![\w./-])(\w+\.py|\w+/)(?=\s|$)", line):
            named.add(where + name)
        first = line.split()[0]
        if first.endswith("/"):
            folders.append((indent, where + first))
    return named


def test_the_readme_module_map_names_every_file_of_the_package():
    named = module_map()
    assert {"dashboard/", "dashboard/app.py", "dashboard/loader/", "dashboard/loader/scan.py"} <= named
    missing = []
    for path in CODE:
        rel = path.relative_to(ROOT).as_posix()
        # a package's __init__.py is named by its folder
        if rel not in named and not (path.name == "__init__.py" and rel.removesuffix("__init__.py") in named):
            missing.append(rel)
    assert not missing, f"add these to the module map in README.md, 'How it is built': {missing}"


def _string_constants(tree: ast.AST) -> tuple[list[str], list[str]]:
    """The plain string constants of a module, and its f-strings as patterns (each {...} any text)."""
    inside_fstrings = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values}
    plain, patterns = [], []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in inside_fstrings:
            plain.append(node.value)
        elif isinstance(node, ast.JoinedStr):
            patterns.append("".join(re.escape(part.value) if isinstance(part, ast.Constant) else ".+"
                                    for part in node.values))
    return plain, patterns


def _translated_literals(tree: ast.AST) -> list[str]:
    """The keys written out in calls of a translator: t("key"), self.t("key")."""
    return [node.args[0].value for node in ast.walk(tree)
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and ((isinstance(node.func, ast.Name) and node.func.id == "t")
                 or (isinstance(node.func, ast.Attribute) and node.func.attr == "t"))]


def _has_both_languages(key: str) -> bool:
    return bool(I18N.get(key, {}).get("en")) and bool(I18N.get(key, {}).get("id"))


def test_every_translation_key_the_code_writes_out_is_in_the_table_in_both_languages():
    literals = {key for tree in CODE.values() for key in _translated_literals(tree)}
    assert len(literals) > 100  # the check reads the calls at all
    assert not [k for k in sorted(literals) if not _has_both_languages(k)]


def test_every_key_shaped_string_of_the_code_is_a_key_a_counted_key_or_a_pattern_of_keys():
    """Keys handed around before a translator sees them (a counted noun's key, a heading's key), and keys
    put together from a vocabulary (f"filters.color_{v}"), all lead to rows of the table."""
    unknown = []
    for path, tree in CODE.items():
        plain, patterns = _string_constants(tree)
        for text in plain:
            shape = KEY_SHAPE.match(text)
            if not shape or shape.group(1) not in NAMESPACES or text.endswith(FILE_ENDINGS):
                continue
            # a counted key (dashboard/words.py) stands for its forms: `.one` and `.other`, maybe `.zero`
            if not _has_both_languages(text) and not (_has_both_languages(f"{text}.one")
                                                      and _has_both_languages(f"{text}.other")):
                unknown.append((path.name, text))
        for pattern in patterns:
            shape = KEY_SHAPE.match(pattern.replace("\\", "").replace(".+", "x"))
            if shape and shape.group(1) in NAMESPACES and not any(re.fullmatch(pattern, k) for k in I18N):
                unknown.append((path.name, pattern))
    assert not unknown, unknown


def test_keys_put_together_from_a_vocabulary_have_every_member():
    for group, values in (("filters.color_", ("relationship", "status", "sector")),
                          ("map.view_", ("world", "east_asia")),
                          ("chart.happened_", ("yes", "planned", "cancelled")),
                          ("seoul.type_", ("activity", "agreement")),
                          ("seoul.field_", ("title", "author", "year", "institution", "document_type"))):
        assert all(_has_both_languages(group + v) for v in values), group


def test_the_strict_translator_refuses_a_key_the_table_lacks(dataset, monkeypatch):
    t = Translator.for_dataset(dataset, "en")
    monkeypatch.setenv(STRICT, "1")
    assert t("nav.atlas") == "Atlas"
    with pytest.raises(UnknownKey, match="atlas.no_such_word"):
        t("atlas.no_such_word")
    # a data folder whose own table lacks a key the project has still shows the key
    bare = Translator(t.lang, {}, t.sectors, t.countries)
    assert bare("nav.atlas") == "nav.atlas"
    # out of the tests the page shows the key rather than failing
    monkeypatch.delenv(STRICT)
    assert t("atlas.no_such_word") == "atlas.no_such_word"


def test_the_tests_run_with_the_strict_translator():
    assert os.environ.get(STRICT) == "1"


def test_the_module_map_reader_follows_folders():
    readme = "## How it is built\n```\npkg/\n  a.py  x;  b.py  y, not data/x.py\n  sub/   z\n    c.py  w\nd.py   v\n```\n"
    assert module_map(readme) == {"pkg/", "pkg/a.py", "pkg/b.py", "pkg/sub/", "pkg/sub/c.py", "d.py"}
