"""What the options layer costs at start-up, beside what pydantic-settings would cost in its place.

Both are measured on top of ``import linkaudit``, which every run pays: the CPU time (user + sys)
of a fresh interpreter, median of N runs, and the size on disk of pydantic-settings with its
dependencies. pydantic-settings is not a dependency of linkaudit; to compare, install it apart
first (nothing is downloaded here):

    python3 -m pip install --target /tmp/pydantic-settings pydantic-settings
    python3 benchmarks/bench_option_layer.py --pydantic /tmp/pydantic-settings
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OURS = "import linkaudit.config, linkaudit.settings, linkaudit.option_table"
PYDANTIC = (
    "import pydantic_settings\n"
    "class Options(pydantic_settings.BaseSettings):\n"
    "    timeout: float = 15.0\n"
    "    per_host: int = 8\n"
    "Options()"
)


def cpu_seconds(code: str, path: str, runs: int) -> float:
    samples = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([sys.executable, "-c", code], check=True, env={**os.environ, "PYTHONPATH": path})
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        samples.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(samples)


def size_on_disk(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pydantic", type=Path, help="a folder pydantic-settings was installed into with pip --target")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    path = str(ROOT) + (os.pathsep + str(args.pydantic) if args.pydantic else "")
    base = cpu_seconds("import linkaudit", path, args.runs)
    print(f"import linkaudit: {base * 1000:.0f} ms CPU (median of {args.runs})")
    ours = cpu_seconds("import linkaudit\n" + OURS, path, args.runs)
    print(f"  + option table, stage records, config reader: {(ours - base) * 1000:+.0f} ms")
    if args.pydantic:
        theirs = cpu_seconds("import linkaudit\n" + PYDANTIC, path, args.runs)
        print(f"  + pydantic-settings and a two-field model: {(theirs - base) * 1000:+.0f} ms")
        print(f"pydantic-settings with its dependencies on disk: {size_on_disk(args.pydantic) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
