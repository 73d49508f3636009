"""The project's promises to a new user: the README's two commands, CI, translations and safety rules."""

from __future__ import annotations

import ast
import re
from pathlib import Path

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


# The Streamlit layer: the entry points, the pages and their glue. Everything else is plain Python that the
# layer calls and that never calls it back (README, "How it is built": data flows one way).
STREAMLIT_LAYER = {"app.py", "serve.py", "ui.py", "loading.py", "probe.py", "browser.py"}
STREAMLIT_FOLDERS = {"views", "ui"}
LAYER_MODULES = ("dashboard.app", "dashboard.serve", "dashboard.ui", "dashboard.loading", "dashboard.probe",
                 "dashboard.browser", "dashboard.views")


def _module_of(path: Path, root: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, root: Path = ROOT) -> set[str]:
    """Every module a file imports, wherever the import stands (module level, function, branch), relative
    imports resolved; `from a import b` counts as importing both `a` and `a.b` (b may be a module)."""
    module = _module_of(path, root)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found |= {base} | {f"{base}.{alias.name}" for alias in node.names}
    return found


def _in_layer(path: Path) -> bool:
    rel = path.relative_to(ROOT / "dashboard")
    return rel.parts[0] in STREAMLIT_FOLDERS or str(rel) in STREAMLIT_LAYER


def _imports_any(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


def test_the_import_check_reads_every_kind_of_import(tmp_path):
    folder = tmp_path / "dashboard" / "sub"
    folder.mkdir(parents=True)
    probe = folder / "probe.py"
    probe.write_text("import os\n\ndef later():\n    import streamlit as st  # a comment after it\n"
                     "    from .. import ui\n    from streamlit.components import v1\n", encoding="utf-8")
    modules = imported_modules(probe, root=tmp_path)
    assert {"os", "streamlit", "dashboard.ui", "streamlit.components.v1"} <= modules


def test_only_the_streamlit_layer_imports_streamlit_and_nothing_imports_it_back():
    files = sorted((ROOT / "dashboard").rglob("*.py"))
    assert len(files) > 20 and any(_in_layer(p) for p in files)
    for path in files:
        modules = imported_modules(path)
        if not _in_layer(path):
            assert not _imports_any(modules, ("streamlit", "starlette")), path
            assert not _imports_any(modules, LAYER_MODULES), (path, _imports_any(modules, LAYER_MODULES))
        assert not _imports_any(modules, ("bench", "tests", "scripts")), path


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
