#!/usr/bin/env python3
"""Run `drg group` (1 and 2 threads) and the msdrg batch runner on the same claims file, whole
process, file to file, RUNS times each; print wall and CPU time and claims/s, and the ratios.
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


def run(cmd):
    """Wall seconds and CPU seconds (user + system) of one whole-process run."""
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
    commands = {
        "drg --threads 1": [str(drg), "group", claims, "-q", "--threads", "1", "-o", os.path.join(work, "drg1.jsonl")],
        "drg --threads 2": [str(drg), "group", claims, "-q", "--threads", "2", "-o", os.path.join(work, "drg2.jsonl")],
        "msdrg 1.2.0": [sys.executable, str(root / "benches/compare/msdrg_batch.py"), claims, os.path.join(work, "msdrg.jsonl")],
    }
    best = {}
    for name, cmd in commands.items():
        walls, cpus = [], []
        for i in range(runs):
            wall, cpu = run(cmd)
            walls.append(wall)
            cpus.append(cpu)
            print(f"{name:16} run {i + 1}: wall {wall:6.2f} s  cpu {cpu:6.2f} s  {n / wall:9,.0f} claims/s  {n / cpu:9,.0f} claims/CPU-s")
        best[name] = (statistics.median(walls), statistics.median(cpus))
    same = open(os.path.join(work, "drg1.jsonl"), "rb").read() == open(os.path.join(work, "drg2.jsonl"), "rb").read()
    print(f"drg output identical for 1 and 2 threads: {same}")
    (w1, c1), (w2, _), (wm, cm) = best["drg --threads 1"], best["drg --threads 2"], best["msdrg 1.2.0"]
    print(f"median, {n:,} claims over 9 versions:")
    print(f"  drg --threads 1 vs msdrg: {wm / w1:.1f}x wall, {cm / c1:.1f}x CPU")
    print(f"  drg --threads 2 vs --threads 1: {w1 / w2:.2f}x wall")
