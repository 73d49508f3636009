"""The contract is declared once: the data, the READMEs, the template and the code all agree with it."""

from __future__ import annotations

import ast
import csv
import io
import re
import typing
import zipfile

from dashboard import contract
from dashboard.__main__ import READMES, main
from dashboard.loader import DATA_DIR
from tests.conftest import ROOT


def test_the_generated_readme_tables_are_current(capsys):
    for part, path in READMES:
        text = path.read_text(encoding="utf-8")
        assert contract.rewrite_readme(text, part) == text, f"run: python -m dashboard contract --write ({path.name})"
    assert main(["contract"]) == 0 and capsys.readouterr().out == ""


def test_the_readme_documents_every_column_with_its_rules():
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8") + (DATA_DIR / "seoul" / "README.md").read_text(
        encoding="utf-8")
    for table in contract.TABLES:
        for col in table.columns:
            assert f"| `{col.name}` |" in readme, (table.name, col.name)
            for value in col.values:
                assert f"`{value}`" in readme
        for rule in table.rules:
            assert rule.en in readme, rule.en


def test_the_bundled_files_have_exactly_the_contracts_columns_in_its_order():
    for table in contract.TABLES:
        with open(DATA_DIR / table.name, encoding="utf-8", newline="") as f:
            assert next(csv.reader(f)) == table.header, table.name


def test_the_template_has_one_header_only_csv_per_file_and_a_readme():
    archive = zipfile.ZipFile(io.BytesIO(contract.template_zip()))
    names = set(archive.namelist())
    assert names == {t.name for t in contract.TABLES} | {"README.md"}
    for table in contract.TABLES:
        text = archive.read(table.name).decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        assert rows == [table.header], table.name
    guide = archive.read("README.md").decode("utf-8")
    assert all(t.name in guide for t in contract.TABLES) and "validate" in guide
    assert contract.template_zip() == contract.template_zip()  # the same contract gives the same bytes


def test_the_template_command_writes_the_zip(tmp_path):
    target = tmp_path / "template.zip"
    assert main(["contract", "--template", str(target)]) == 0
    assert zipfile.ZipFile(target).namelist()


def test_every_placeholder_the_code_fills_in_is_declared():
    import ast
    used = set()
    for path in (ROOT / "dashboard").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            # the keywords of a call like t("map.since", year=...)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "t":
                used |= {k.arg for k in node.keywords if k.arg}
    assert {"year", "count", "total", "cities"} <= used
    assert used <= set(contract.PLACEHOLDERS), used - set(contract.PLACEHOLDERS)


def test_every_placeholder_in_the_translations_is_one_the_code_fills_in(dataset):
    found = set()
    for column in ("en", "id"):
        for text in dataset.i18n[column]:
            found |= set(re.findall(r"\{(\w+)\}", text.replace("{{", "").replace("}}", "")))
    assert found <= set(contract.PLACEHOLDERS)


# Each vocabulary: its Literal type and the tuple derived from it.
VOCABULARIES = {"RELATIONSHIPS": "Relationship", "STATUSES": "Status", "SIGNED_STATUSES": "SignedStatus",
                "AGREEMENT_KINDS": "AgreementKind", "ACTIVITY_KINDS": "ActivityKind", "SIGNING_KINDS": "SigningKind",
                "HAPPENED": "Happened", "CONFIDENCES": "Confidence", "REGIONS": "Region", "PRECISIONS": "Precision",
                "YES_NO": "YesNo", "SEOUL_TEXT_KEYS": "SeoulTextKey", "PLACEHOLDERS": "Placeholder",
                "STORY_CASES": "StoryCase", "STORY_STEPS": "StoryStep", "COLUMN_TYPES": "ColumnType"}


def test_the_vocabularies_come_from_the_contract():
    for name, literal in VOCABULARIES.items():
        assert getattr(contract, name) == typing.get_args(getattr(contract, literal)), name
    assert set(contract.SIGNED_STATUSES) <= set(contract.STATUSES)
    assert set(contract.SIGNING_KINDS) <= set(contract.ACTIVITY_KINDS)
    assert tuple(contract.STORY_VALUES) == contract.STORY_STEPS
    from dashboard import loader
    assert not hasattr(loader, "STATUSES")  # the loader does not re-export the contract
    assert {"expiry", "other_agreement"} <= set(contract.ACTIVITY_KINDS)
    assert contract.HAPPENED == ("yes", "planned", "cancelled")
    assert contract.ACTIVITIES.column("happened").default == "yes"


def test_the_strict_url_rule():
    assert contract.is_strict_url("https://www.bandung.go.id/news/read/285/sister-city")
    assert contract.is_strict_url("http://127.0.0.1:8501/a_b~c?x=1&y=%20#top")
    for bad in ("https://ok.example/)![x](http://evil.example/p.png)", "javascript:alert(1)", "https://a b",
                "//evil.example/p.png", "https://", "ftp://example.org/", None, 42):
        assert not contract.is_strict_url(bad), bad


def test_a_text_that_starts_like_a_formula():
    for text in ("=1+1", "+1", "-1", "@cmd", "\tx", "\rx", "\nx", " =1", "\u00a0=1", "\ufeff=1", "\u3000x", "\u2007x",
                 "\u200bx", "\u2060x", "\u2800x", "\U000e0020x", "\uff1d1", "\uff0b1", "\uff0d1", "\uff20x", "\ufe62x",
                 "\u207c1", "\u2a75"):
        assert contract.starts_like_formula(text), repr(text)
    for text in ("Bandung", "1997", "x=1", "x-1", "ÉCOLE", "수원시", "(a)", "", None, 42):
        assert not contract.starts_like_formula(text), repr(text)


def test_the_formula_look_alikes_are_every_character_whose_compatibility_form_starts_like_a_formula():
    import sys
    import unicodedata
    found = {chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF and chr(c) not in "=+-@"
             and unicodedata.normalize("NFKC", chr(c))[:1] in ("=", "+", "-", "@")}
    assert found == set(contract.FORMULA_LOOKALIKES)


def test_the_refused_characters_are_named_by_code_point():
    assert contract.refused_character("Suwon\uffff") == ("U+FFFF", contract.REFUSED_EVERYWHERE[0][0])
    assert contract.refused_character("a\U0010fffeb")[0] == "U+10FFFE"
    assert contract.refused_character("a\u2028b")[0] == "U+2028"
    assert contract.refused_character("a\u2067b")[0] == "U+2067"
    assert contract.refused_character("Su\u200bwon") is None  # zero-width: only in names
    assert contract.refused_character("Su\u200bwon", name=True) == ("U+200B", contract.REFUSED_IN_NAMES[0])
    assert contract.refused_character("Suwon \u200e \u05d0") is None  # a left-to-right mark is fine


def test_names_that_look_the_same_share_one_key():
    from dashboard.lookalike import name_key, skeleton
    assert skeleton("\u0405uwon") == "Suwon" and skeleton("paypal") == skeleton("p\u0430yp\u0430l")
    for a, b in [("Suwon", "\u0405uwon"), ("Suwon", "Su\u200bwon"), ("Suwon", "\uff33\uff55\uff57\uff4f\uff4e"),
                 ("K\u00f6ln", "Ko\u0308ln"), ("Suwon", "SUWON"), ("Ilsan", "llsan"), ("Hamamatsu", "Hamarnatsu")]:
        assert name_key(a) == name_key(b), (a, b)
    for a, b in [("Suwon", "Suwan"), ("Seoul", "Busan"), ("K\u00f6ln", "Koln"), ("浜松市", "浜名市")]:
        assert name_key(a) != name_key(b), (a, b)


def test_the_readme_says_how_names_are_compared_and_which_columns_are_names():
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert contract.UNIQUE_NAMES in readme
    names = [(t.name, c.name) for t in contract.TABLES for c in t.columns if c.is_name]
    assert set(names) == {("home.csv", "city_en"), ("home.csv", "city_local"), ("partners.csv", "city_en"),
                          ("partners.csv", "city_local"), ("countries.csv", "name_en"), ("countries.csv", "name_id"),
                          ("sectors.csv", "label_en"), ("sectors.csv", "label_id")}
    assert readme.count("a name (no zero-width characters)") == len(names)


def test_no_module_restates_a_vocabulary():
    """A tuple of a vocabulary's values written out anywhere in dashboard/ but the contract's vocab module
    is a second declaration that can fall behind the first."""
    values = {tuple(getattr(contract, name)): name for name in VOCABULARIES if len(getattr(contract, name)) > 2}
    found = []
    for path in sorted((ROOT / "dashboard").rglob("*.py")):
        if path.relative_to(ROOT).as_posix() == "dashboard/contract/vocab.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        literals = {id(node.slice) for node in ast.walk(tree)  # Literal[...]: the declaration of a type
                    if isinstance(node, ast.Subscript) and getattr(node.value, "id", None) == "Literal"}
        for node in ast.walk(tree):
            if isinstance(node, (ast.Tuple, ast.List)) and id(node) not in literals \
                    and all(isinstance(e, ast.Constant) for e in node.elts):
                written = tuple(e.value for e in node.elts)
                if written in values:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} restates {values[written]}")
    assert not found, found
