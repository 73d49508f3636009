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
    bench = commands.add_parser("bench", help="measure the atlas against a minimal baseline app (see dashboard/bench.py)")
    bench.add_argument("--parts", default="load,rerun,bytes,browser,room",
                       help="comma-separated subset of: load, rerun, bytes, browser, room")
    bench.add_argument("--scales", default="1,10,100", help="data sizes, as multiples of the bundled data")
    bench.add_argument("--repeat", type=int, default=20, help="reruns per median")
    bench.add_argument("--viewers", type=int, default=30, help="concurrent viewers in the room test")
    bench.add_argument("--quick", action="store_true", help="bundled data only, 3 reruns, 3 viewers (a smoke test)")
    args = parser.parse_args(argv)
    if args.command == "validate":
        return validate(args.data_dir)
    from dashboard.bench import PARTS, run
    parts = tuple(p for p in args.parts.split(",") if p in PARTS)
    if args.quick:
        return run(parts, scales=(1,), repeat=3, viewers=3)
    return run(parts, scales=tuple(int(s) for s in args.scales.split(",")), repeat=args.repeat, viewers=args.viewers)


if __name__ == "__main__":
    sys.exit(main())
