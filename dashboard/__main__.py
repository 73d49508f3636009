"""Command line: `python -m dashboard validate [DATA_DIR]` and `python -m dashboard bench`."""

from __future__ import annotations

import argparse
import sys

from dashboard.data import DATA_DIR, DataError, load


def validate(folder: str) -> int:
    """Print a one-line summary and return 0, or print every problem and return 1. Writes nothing."""
    try:
        dataset = load(folder)
    except DataError as err:
        print(f"{len(err.problems)} problem(s) in {folder}:")
        for problem in err.problems:
            print(f"  {problem}")
        return 1
    print(dataset.summary())
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check a data folder against data/README.md")
    check.add_argument("data_dir", nargs="?", default=str(DATA_DIR))
    bench = commands.add_parser("bench", help="time loading, filtering and building the map and charts")
    bench.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    if args.command == "validate":
        return validate(args.data_dir)
    from dashboard.bench import run
    return run(args.repeat)


if __name__ == "__main__":
    sys.exit(main())
