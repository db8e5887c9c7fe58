#!/usr/bin/env bash
# Regenerate examples/expected/ from the committed examples with the release binary: one file
# per row of examples/expected/cases.tsv. Review the diff before committing it: these files are
# what the end-to-end test holds drg to, byte for byte.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet -p grouper-cli
drg=target/release/drg
grep -v '^#' examples/expected/cases.tsv | while IFS=$'\t' read -r file want args; do
    # shellcheck disable=SC2086 # the arguments column is split on purpose
    set +e
    "$drg" --quiet $args > "examples/expected/$file"
    got=$?
    set -e
    if [ "$got" != "$want" ]; then
        echo "$file: exit $got, cases.tsv says $want" >&2
        exit 1
    fi
    echo "examples/expected/$file"
done
