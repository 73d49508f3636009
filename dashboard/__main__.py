"""Command line: `python -m dashboard validate [DATA_DIR]`, `python -m dashboard bench [--validator]` and
`python -m dashboard contract [--write] [--template FILE.zip]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.data import DATA_DIR, DataError, load

# The READMEs whose column tables are generated from dashboard/contract.py, and which part each holds.
READMES = (("", DATA_DIR / "README.md"), ("seoul", DATA_DIR / "seoul" / "README.md"))


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


def contract_command(write: bool, template: str | None) -> int:
    """Check (or with --write, rewrite) the generated column tables of the data READMEs; with --template,
    save the empty template folder as a ZIP."""
    from dashboard.contract import rewrite_readme, template_zip

    stale = []
    for part, path in READMES:
        text = path.read_text(encoding="utf-8")
        current = rewrite_readme(text, part)
        if current != text:
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
    bench = commands.add_parser("bench", help="measure the atlas against a minimal baseline app (see dashboard/bench.py)")
    bench.add_argument("--parts", default="load,rerun,bytes,browser,room",
                       help="comma-separated subset of: load, rerun, bytes, browser, room")
    bench.add_argument("--scales", default="1,10,100", help="data sizes, as multiples of the bundled data")
    bench.add_argument("--repeat", type=int, default=20, help="reruns per median")
    bench.add_argument("--viewers", type=int, default=30, help="concurrent viewers in the room test")
    bench.add_argument("--quick", action="store_true", help="bundled data only, 3 reruns, 3 viewers (a smoke test)")
    bench.add_argument("--validator", action="store_true",
                       help="only the validator: bundled data, and 100,000 generated activity rows (time and memory)")
    contract = commands.add_parser("contract", help="check or rewrite the generated tables of data/README.md")
    contract.add_argument("--write", action="store_true", help="rewrite the generated part of the READMEs")
    contract.add_argument("--template", metavar="FILE.zip", help="save the empty template folder as a ZIP")
    args = parser.parse_args(argv)
    if args.command == "validate":
        return validate(args.data_dir)
    if args.command == "contract":
        return contract_command(args.write, args.template)
    if args.validator:
        from dashboard.bench_validator import run as run_validator
        return run_validator()
    from dashboard.bench import PARTS, run
    parts = tuple(p for p in args.parts.split(",") if p in PARTS)
    if args.quick:
        return run(parts, scales=(1,), repeat=3, viewers=3)
    return run(parts, scales=tuple(int(s) for s in args.scales.split(",")), repeat=args.repeat, viewers=args.viewers)


if __name__ == "__main__":
    sys.exit(main())
