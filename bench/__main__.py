"""`python -m bench`: the atlas measured against a minimal baseline app (`bench/compare.py`);
`python -m bench --validator`: the validator alone, time and memory (`bench/validator.py`)."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--parts", default="load,rerun,bytes,browser,room,replicas,failover",
                        help="comma-separated subset of: load, rerun, bytes, browser, room, replicas (the room through "
                             "nginx on 2 and 4 servers), failover (a server killed under Chromium pages)")
    parser.add_argument("--scales", default="1,10,100", help="data sizes, as multiples of the bundled data")
    parser.add_argument("--repeat", type=int, default=20, help="reruns per median")
    parser.add_argument("--viewers", type=int, default=30, help="concurrent viewers in the room test")
    parser.add_argument("--quick", action="store_true", help="bundled data only, 3 reruns, 3 viewers (a smoke test)")
    parser.add_argument("--validator", action="store_true",
                        help="only the validator: bundled data, and 100,000 generated activity rows (time and memory)")
    args = parser.parse_args(argv)
    if args.validator:
        from bench.validator import run as run_validator
        return run_validator()
    from bench.compare import PARTS, run
    parts = tuple(p for p in args.parts.split(",") if p in PARTS)
    if args.quick:
        return run(parts, scales=(1,), repeat=3, viewers=3, replica_counts=(2,))
    return run(parts, scales=tuple(int(s) for s in args.scales.split(",")), repeat=args.repeat, viewers=args.viewers)


if __name__ == "__main__":
    sys.exit(main())
