"""Command line: `python -m dashboard validate [DATA_DIR]`, `python -m dashboard export [DATA_DIR] --out DIR`
and `python -m dashboard contract [--write] [--template FILE.zip]`. (The benchmark is `python -m bench`.)"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from dashboard.loader import DATA_DIR, DataError, load

# The READMEs whose column tables are generated from dashboard/contract/, and which part each holds.
READMES = (("", DATA_DIR / "README.md"), ("seoul", DATA_DIR / "seoul" / "README.md"))
# The descriptions written whole from the contract and data/dataset.csv: the Data Package and the citation.
PACKAGE_PATH = DATA_DIR / "datapackage.json"
CITATION_PATH = DATA_DIR.parent / "CITATION.cff"


def generated_files() -> list[tuple[Path, str]]:
    """Each file `contract --write` writes whole, with the text it should hold now."""
    from dashboard.contract.datapackage import citation_cff, datapackage_json, read_release

    release = read_release(DATA_DIR)
    out = [(PACKAGE_PATH, datapackage_json(release))]
    if release is not None:
        out.append((CITATION_PATH, citation_cff(release)))
    return out


def validate(folder: str) -> int:
    """Print a one-line summary and return 0, or print the problems and return 1 (2 when a file or the
    folder could not be read at all). Notes on what was left alone come first. Writes nothing."""
    try:
        dataset = load(folder)
    except DataError as err:
        for note in err.notes:
            print(f"note: {note}")
        print(f"{err.total:,} problem(s) in {folder}:")
        for problem in err.problems:
            print(f"  {problem}")
        return 2 if err.could_not_read else 1
    for note in dataset.notes:
        print(f"note: {note}")
    print(dataset.summary())
    return 0


def _problems(err: DataError, folder: str) -> int:
    """Print what `validate` prints for a folder that breaks the contract; its exit code."""
    for note in err.notes:
        print(f"note: {note}")
    print(f"{err.total:,} problem(s) in {folder}:")
    for problem in err.problems:
        print(f"  {problem}")
    return 2 if err.could_not_read else 1


def export_command(args: argparse.Namespace) -> int:
    """Write every file the atlas's download buttons give for a view (the tables as CSV, every figure as PNG
    and SVG, the Seoul timeline, the seminar pack) into a folder: 0 when all were written; 1 when the
    folder breaks the contract (its problems printed as `validate` prints them) or a figure could not be
    drawn; 2 when the data folder cannot be read, a view option names nothing the data knows, or the
    output folder cannot be written."""
    from dashboard import export, render
    from dashboard.i18n import Translator
    from dashboard.state import Vocabulary, _fold, describe, parse

    try:
        dataset = load(args.data_dir)
    except DataError as err:
        return _problems(err, args.data_dir)
    except OSError as err:
        print(f"{args.data_dir}: cannot be read ({err.strerror or err})", file=sys.stderr)
        return 2
    vocab = Vocabulary.for_dataset(dataset)
    params: dict[str, object] = {"lang": args.lang, "color": args.color}
    unknown = []
    for key, values, table in (("sectors", args.fields, vocab.sectors), ("rel", args.rel, vocab.relationships),
                               ("status", args.status, vocab.statuses)):
        if values is None:
            continue
        unknown += [f"--{ {'sectors': 'fields'}.get(key, key)} {v!r}" for v in values if _fold(v) not in table]
        params[key] = list(values) if values else [""]
    if args.years:
        low, high = sorted(args.years)
        if high < vocab.bounds[0] or low > vocab.bounds[1]:
            unknown.append(f"--years {low} {high} (the data spans {vocab.bounds[0]}–{vocab.bounds[1]})")
        params["years"] = [str(low), str(high)]
    if args.planned:
        params["planned"] = "1"
    if unknown:
        print("not known in this data: " + "; ".join(unknown), file=sys.stderr)
        return 2
    state = parse(params, vocab)
    t = Translator.for_dataset(dataset, state.lang)
    job = export.ViewExport(dataset, state.filters(), state.lang, describe(state, t, vocab.bounds), args.date,
                            state.color_by)
    out = Path(args.out)
    failed = 0
    try:
        out.mkdir(parents=True, exist_ok=True)
        for item in job.downloads():
            try:
                data = item.data()
            except render.RenderError as err:
                print(f"{item.file_name}: not written, {err}", file=sys.stderr)
                failed += 1
                continue
            (out / item.file_name).write_bytes(data)
            print(out / item.file_name)
    except OSError as err:
        print(f"{out}: cannot be written ({err.strerror or err})", file=sys.stderr)
        return 2
    finally:
        render.close()
    return 1 if failed else 0


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def contract_command(write: bool, template: str | None) -> int:
    """Check (or with --write, rewrite) the generated column tables of the data READMEs, data/datapackage.json
    and CITATION.cff; with --template, save the empty template folder as a ZIP."""
    from dashboard.contract import rewrite_readme, template_zip

    stale = []
    for part, path in READMES:
        text = path.read_text(encoding="utf-8")
        current = rewrite_readme(text, part)
        if current != text:
            stale.append(path)
            if write:
                path.write_text(current, encoding="utf-8")
    for path, current in generated_files():
        if not path.is_file() or path.read_text(encoding="utf-8") != current:
            stale.append(path)
            if write:
                path.write_text(current, encoding="utf-8")
    if template:
        Path(template).write_bytes(template_zip())
        print(f"template written to {template}")
    for path in stale:
        print(f"{path.relative_to(DATA_DIR.parent)} {'rewritten' if write else 'is not current: run with --write'}")
    return 1 if stale and not write else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check a data folder against data/README.md")
    check.add_argument("data_dir", nargs="?", default=str(DATA_DIR))
    out = commands.add_parser("export", help="write every figure, table and the seminar pack of a view into a folder",
                              description="Write what the atlas's download buttons give for a view: the tables "
                                          "(CSV), every figure (PNG and SVG), the Seoul timeline and the seminar pack "
                                          "(ZIP). Exit 0; 1 when the data breaks the contract; 2 when the data "
                                          "cannot be read or DIR cannot be written.")
    out.add_argument("data_dir", nargs="?", default=str(DATA_DIR), metavar="FOLDER", help="data folder (default: data/)")
    out.add_argument("--out", required=True, metavar="DIR", help="folder to write into (made if missing)")
    out.add_argument("--lang", choices=("id", "en"), default="id", help="language (default: id)")
    out.add_argument("--years", nargs=2, type=int, metavar=("FIRST", "LAST"), help="first and last year")
    out.add_argument("--fields", nargs="+", metavar="FIELD", help="fields of cooperation (ids or labels)")
    out.add_argument("--rel", nargs="*", metavar="REL", help="relationships (ids or labels; none given: none)")
    out.add_argument("--status", nargs="*", metavar="STATUS",
                     help="statuses (ids or labels; default: those with a signed document)")
    out.add_argument("--planned", action="store_true", help="also count planned activities")
    out.add_argument("--color", choices=("relationship", "status", "sector"), default="relationship",
                     help="colour the map by (default: relationship)")
    out.add_argument("--date", type=_date, default=dt.date.today(), metavar="YYYY-MM-DD",
                     help="the date in captions, citation and the pack (default: today; fix it for reproducible files)")
    contract = commands.add_parser("contract", help="check or rewrite the generated tables of data/README.md, "
                                     "data/datapackage.json and CITATION.cff")
    contract.add_argument("--write", action="store_true", help="rewrite the generated part of the READMEs, "
                          "data/datapackage.json and CITATION.cff")
    contract.add_argument("--template", metavar="FILE.zip", help="save the empty template folder as a ZIP")
    args = parser.parse_args(argv)
    if args.command == "validate":
        return validate(args.data_dir)
    if args.command == "export":
        return export_command(args)
    return contract_command(args.write, args.template)


if __name__ == "__main__":
    sys.exit(main())
