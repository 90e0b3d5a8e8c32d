#!/usr/bin/env bash
# Benchmark of pystart's own overhead in `pystart verify`, against a floor in the same run.
#
#   floor:   for each template, the commands a learner runs, typed by hand in a fresh copy of
#            the generated project: `uv venv`, `uv pip install -e ".[dev]"`, the README's test
#            command (`python -m pytest -q`), `python concepts/run_checks.py` when the project
#            has notes, `ruff check .` and the demo (`python -m <package> demo`), one after the
#            other, with the same thread caps and the same uv cache verify uses
#   pystart: pystart verify <the same templates> --variant default -j 1
#   pytest:  the test command alone in a ready environment, for reference
#
# Floor and pystart alternate (floor, pystart, floor, …) so both see the same machine load; the
# medians and their ratio are printed as `overhead ratio` (target ≤ 1.15): what verify adds to
# the learner's own commands (rendering, static checks, starting and watching each command).
# Usage: bench/verify.sh [RUNS] [TEMPLATE…] (default 3; titanic weather typo_highlight).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
shift || true
templates=("$@")
[ ${#templates[@]} -gt 0 ] || templates=(titanic weather typo_highlight)
cargo build --release --quiet
bin=$PWD/target/release/pystart
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PYSTART_CACHE_DIR=${PYSTART_CACHE_DIR:-$PWD/target/tmp/pystart-cache}
uv=${PYSTART_UV:-$(command -v uv || true)}
[ -n "$uv" ] || { echo "bench/verify.sh needs uv (PATH or PYSTART_UV)" >&2; exit 1; }
export PYSTART_UV=$uv UV_CACHE_DIR=$PYSTART_CACHE_DIR/uv
python=$(command -v python3)
threads=$(nproc)
export OMP_NUM_THREADS=$threads OPENBLAS_NUM_THREADS=$threads MKL_NUM_THREADS=$threads MPLBACKEND=Agg

# One generated copy per template, answers as verify's defaults; a first verify fills the cache.
for t in "${templates[@]}"; do
  "$bin" new "$t" "$work/src/$t" --yes >/dev/null 2>&1
done
"$bin" verify "${templates[@]}" --variant default -j 1 >/dev/null 2>&1

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
package() { sed -n 's/^package = "\(.*\)"/\1/p' "$1/.pystart.toml" | head -1; }

floor_run() {
  rm -rf "$work/floor"; mkdir -p "$work/floor"
  for t in "${templates[@]}"; do
    p=$work/floor/$t
    cp -R "$work/src/$t" "$p"
    (
      cd "$p"
      "$uv" venv -q --python "$python" .venv
      "$uv" pip install -q --python .venv/bin/python -e ".[dev]"
      .venv/bin/python -m pytest -q >/dev/null 2>&1
      if [ -f concepts/run_checks.py ]; then .venv/bin/python concepts/run_checks.py >/dev/null 2>&1; fi
      .venv/bin/ruff check . >/dev/null 2>&1
      .venv/bin/python -m "$(package .)" demo >/dev/null 2>&1
    ) || echo "floor: a command of $t failed" >&2
  done
}

pytest_run() {
  for t in "${templates[@]}"; do
    (cd "$work/floor/$t" && .venv/bin/python -m pytest -q >/dev/null 2>&1) || true
  done
}

: >"$work/floor.txt"; : >"$work/pystart.txt"; : >"$work/pytest.txt"
for r in $(seq "$runs"); do
  t0=$(now); floor_run; t1=$(now)
  "$bin" verify "${templates[@]}" --variant default -j 1 >/dev/null 2>&1 || echo "verify failed" >&2
  t2=$(now); pytest_run; t3=$(now)
  echo $(( (t1 - t0) / 1000000 )) >>"$work/floor.txt"
  echo $(( (t2 - t1) / 1000000 )) >>"$work/pystart.txt"
  echo $(( (t3 - t2) / 1000000 )) >>"$work/pytest.txt"
done
floor=$(median <"$work/floor.txt")
pystart=$(median <"$work/pystart.txt")
pytest=$(median <"$work/pytest.txt")
echo "templates: ${templates[*]} (default variant), $runs runs, $(nproc) cores"
echo "floor (the learner's commands by hand): $floor ms   runs: $(tr '\n' ' ' <"$work/floor.txt")"
echo "pystart verify -j 1:                    $pystart ms   runs: $(tr '\n' ' ' <"$work/pystart.txt")"
echo "the test commands alone (reference):    $pytest ms   runs: $(tr '\n' ' ' <"$work/pytest.txt")"
awk -v a="$pystart" -v b="$floor" 'BEGIN {printf "overhead ratio: %.2f (target <= 1.15)\n", a / b}'
