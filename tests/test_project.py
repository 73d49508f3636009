"""The project's promises to a new user: the README's two commands, CI, translations and safety rules."""

from __future__ import annotations

import re

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
CODE = {p: p.read_text(encoding="utf-8") for p in (ROOT / "dashboard").rglob("*.py")}


def _commands() -> list[str]:
    return re.findall(r"```bash\n(.+?)\n```", README, flags=re.S)


def test_the_readme_gives_one_command_to_run_the_dashboard_and_one_to_run_the_tests():
    commands = _commands()
    assert any("streamlit run dashboard/serve.py" in c and "requirements.txt" in c for c in commands)
    assert any("pytest" in c and "requirements-dev.txt" in c for c in commands)


def test_ci_runs_the_very_test_command_of_the_readme():
    test_command = next(c for c in _commands() if "pytest" in c)
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_requirements_are_pinned_to_exact_versions_with_the_needed_minimums():
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[name] = tuple(int(x) for x in version.split(".")[:3])
    assert pins["streamlit"] >= (1, 67, 0) and pins["pydeck"] >= (0, 9, 3)
    assert {"pandas", "altair", "pyarrow"} <= set(pins)


def test_every_word_the_code_asks_for_is_in_the_translation_table(dataset):
    keys = set(dataset.i18n["key"])
    used = set()
    for text in CODE.values():
        used |= set(re.findall(r"\bt\(\s*[\"']([a-z_]+\.[a-z_.]+)[\"']", text))
    for prefix in ("relationship", "status", "kind", "confidence", "region"):
        used |= {k for k in keys if k.startswith(prefix + ".")}
    assert used and not (used - keys), sorted(used - keys)
    for group, values in (("filters.color_", ("relationship", "status", "sector")),
                          ("seoul.type_", ("activity", "agreement")),
                          ("seoul.field_", ("title", "author", "year", "institution", "document_type"))):
        assert all(group + v in keys for v in values)


def test_every_controlled_value_has_a_label_in_both_languages(dataset):
    from dashboard.contract import ACTIVITY_KINDS, AGREEMENT_KINDS, CONFIDENCES, HAPPENED, REGIONS, RELATIONSHIPS, STATUSES
    labels = dataset.i18n.set_index("key")
    for group, values in (("relationship", RELATIONSHIPS), ("status", STATUSES), ("kind", AGREEMENT_KINDS),
                          ("kind", ACTIVITY_KINDS), ("happened", HAPPENED), ("confidence", CONFIDENCES),
                          ("region", REGIONS)):
        missing = [v for v in values if f"{group}.{v}" not in labels.index]
        assert not missing, (group, missing)
        assert all(labels.loc[f"{group}.{v}", "en"] and labels.loc[f"{group}.{v}", "id"] for v in values)


def test_no_page_lets_data_run_as_html_or_javascript():
    for path, text in CODE.items():
        assert "unsafe_allow_html=True" not in text and "unsafe_allow_javascript" not in text, path


def test_only_the_pages_and_the_ui_helper_import_streamlit():
    for path, text in CODE.items():
        if re.search(r"^import streamlit( as st)?$|^from streamlit import", text, flags=re.M):
            assert path.parent.name == "views" or path.name in {"app.py", "ui.py", "loading.py", "probe.py", "browser.py"}, path


def test_the_docker_image_holds_the_product_only():
    copied = re.findall(r"^COPY (\S+)", (ROOT / "deploy" / "Dockerfile").read_text(encoding="utf-8"), flags=re.M)
    assert "dashboard" in copied and "data" in copied
    assert not {"bench", "tests", "scripts", "."} & set(copied), copied
    assert not list((ROOT / "dashboard").rglob("*bench*")), "benchmark code belongs in bench/"


def test_the_project_names_no_machine_paths():
    for path in [*ROOT.glob("*.md"), *(ROOT / "data").rglob("*.md"), *(ROOT / "dashboard").rglob("*.py")]:
        text = path.read_text(encoding="utf-8")
        assert "/work/" not in text and "/tmp/" not in text and "/root/" not in text, path


def test_the_dashboard_code_passes_the_type_checker(tmp_path):
    """`mypy dashboard/` (settings in pyproject.toml) finds no error: a wrong type is caught here, not by a user."""
    from mypy import api

    report, errors, status = api.run(["--config-file", str(ROOT / "pyproject.toml"), "--cache-dir", str(tmp_path),
                                      "--no-error-summary", str(ROOT / "dashboard")])
    found = [line for line in report.splitlines() if ": error:" in line]
    assert status == 0 and not found and not errors, "\n".join(found) or errors or report
