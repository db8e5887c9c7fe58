#!/bin/sh
# Run one fuzz target (nightly): ./run.sh TARGET [libFuzzer flags...], from fuzz/.
# New inputs go to corpus/TARGET (not committed), seeded from seeds/TARGET (committed);
# crashes go to artifacts/TARGET. One job, one worker, niced: the machine is shared.
set -e
target=$1
shift
cd "$(dirname "$0")"
mkdir -p "corpus/$target" "artifacts/$target" logs
cd logs
exec nice -n 10 cargo +nightly fuzz run --fuzz-dir .. -s none -a "$target" \
    "../corpus/$target" "../seeds/$target" -- \
    -artifact_prefix="../artifacts/$target/" -jobs=1 -workers=1 -timeout=30 \
    -rss_limit_mb=2048 -print_final_stats=1 "$@"
