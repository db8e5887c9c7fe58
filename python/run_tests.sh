#!/usr/bin/env bash
# The Python package's tests: a venv with the pinned test requirements, the package built into
# it (maturin develop --release), then pytest. Needs python3 (with venv), a Rust toolchain, Java
# 17+ for the PySpark test (DRG_SKIP_SPARK=1 to skip it) and the release `drg` the tests compare
# against (built by `cargo test --release`; DRG_BIN to use another).
#   python/run_tests.sh [pytest arguments]      e.g. python/run_tests.sh -k golden
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
export DRG_BIN="${DRG_BIN:-$root/target/release/drg}"
if [ ! -x "$DRG_BIN" ]; then
    echo "run_tests.sh: no drg binary at $DRG_BIN: run 'cargo test --release' first, or set DRG_BIN" >&2
    exit 2
fi
venv="${DRG_PY_VENV:-$root/target/python-venv}"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$here/requirements-test.txt"
# Its own target directory: the extension's build (grouper-core with `arrow`, pyo3) neither waits
# for nor changes the features of the workspace's own builds in target/.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target/python}"
(cd "$here" && VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH" maturin develop --release --quiet)
# PySpark's workers must run the venv's Python (where drg_grouper is installed); Spark binds
# to loopback so that the test needs no network.
export PYSPARK_PYTHON="$venv/bin/python" PYSPARK_DRIVER_PYTHON="$venv/bin/python"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
cd "$here"
exec "$venv/bin/python" -m pytest tests -q -rs "$@"
