"""What an upload costs in memory: `python -m bench.upload_memory`.

For three uploads (a Surabaya folder of five partners, the bundled data as one ZIP, and the bundled data
with its activities copied to 100 times as many rows), the peak Python allocation while the upload is
checked and made the session's dataset, and what the session keeps afterwards (the dataset and the
upload's bytes), measured with tracemalloc. Arrow's buffers are outside tracemalloc's sight, so the
process's resident size grown by the largest upload is printed too.
"""

from __future__ import annotations

import csv
import gc
import io
import resource
import tracemalloc
import zipfile

import pyarrow as pa

from dashboard import contract, upload
from dashboard.loader import DATA_DIR


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(f"data/{name}", data)
    return out.getvalue()


def _bundled() -> dict[str, bytes]:
    return {t.name: (DATA_DIR / t.name).read_bytes() for t in contract.TABLES if (DATA_DIR / t.name).is_file()}


def _scaled(times: int) -> dict[str, bytes]:
    files = _bundled()
    rows = list(csv.reader(io.StringIO(files["activities.csv"].decode())))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(rows[0])
    for copy in range(times):
        for row in rows[1:]:
            writer.writerow([f"{row[0]}-{copy}", *row[1:]])
    files["activities.csv"] = out.getvalue().encode()
    return files


def measure(name: str, given: list[upload.Upload]) -> None:
    """Peak while checking, kept by the session (Python objects and Arrow buffers), and left after the
    session lets the dataset go."""
    gc.collect()
    arrow_before = pa.total_allocated_bytes()
    tracemalloc.start()
    outcome = upload.check(given)
    assert outcome.ok, outcome.problems[:3] or outcome.prepared.notices
    kept = upload.for_session(outcome)
    del outcome
    gc.collect()
    held, peak = tracemalloc.get_traced_memory()
    arrow = pa.total_allocated_bytes() - arrow_before
    del kept
    gc.collect()
    left, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    left_arrow = pa.total_allocated_bytes() - arrow_before
    size = sum(len(u.data) for u in given) / 1e6
    print(f"{name:<42} upload {size:5.2f} MB | peak {peak / 1e6:5.1f} MB | kept {(held + arrow) / 1e6:5.1f} MB "
          f"(Arrow {arrow / 1e6:4.1f}) | left after release {(left + left_arrow) / 1e6:4.1f} MB")


def main() -> None:
    from tests import surabaya
    upload.check([upload.Upload(n, d) for n, d in surabaya.files().items()])  # warm: imports, first-call caches
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    measure("Surabaya, 5 partners (4 CSV files)", [upload.Upload(n, d) for n, d in surabaya.files().items()])
    measure("bundled data as one ZIP", [upload.Upload("data.zip", _zip(_bundled()))])
    big = _zip(_scaled(100))
    measure("bundled data, activities x100, as one ZIP", [upload.Upload("data.zip", big)])
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"process peak resident size grew by {(after - before) / 1024:.0f} MB over the three")


if __name__ == "__main__":
    main()
