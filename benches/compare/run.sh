#!/usr/bin/env bash
# Whole-process throughput, file to file, in one run on one machine: `drg group --threads 1`
# (and --threads 2) against the msdrg package (pip install msdrg==1.2.0) on the same claims.
# Usage: benches/compare/run.sh [N_CLAIMS] [RUNS]   (defaults 100000, 3)
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 -c 'import msdrg' 2>/dev/null || pip install --quiet msdrg==1.2.0
cargo build --release --quiet -p grouper-cli
exec python3 benches/compare/compare.py "${1:-100000}" "${2:-3}"
