#!/usr/bin/env bash
# Benchmark of `pystart grade`, measured against a floor in the same run.
#
#   floor:   the same test suite run directly, once per student, in one ready environment (made
#            once with uv from the same cache grade uses, the student's project on PYTHONPATH),
#            as many at once as grade runs, with the same thread caps: what grading would cost
#            with no isolation and no per-student install at all
#   pystart: pystart grade <N titanic repositories>   (sandbox as chosen by --sandbox, default
#            auto: bubblewrap where it works), all cores; it also runs the teacher's solution
#            once to fix the test set
#
# Floor and pystart alternate (floor, pystart, floor, …) so both see the same machine load; the
# medians and their ratio are printed (target with the sandbox on: pystart ≤ 1.25 × floor),
# then the peak memory (maximum resident set size of any one process, from GNU time).
# Usage: bench/grade.sh [STUDENTS] [RUNS] [SANDBOX] (default 10, 3, auto).
set -euo pipefail
cd "$(dirname "$0")/.."
students=${1:-10}
runs=${2:-3}
sandbox=${3:-auto}
cargo build --release --quiet
bin=$PWD/target/release/pystart
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
jobs=$(nproc)
threads=$(( $(nproc) / jobs )); [ "$threads" -ge 1 ] || threads=1

{ echo "id,name"; for i in $(seq -w 1 "$students"); do echo "s$i,Student $i"; done; } >"$work/roster.csv"
"$bin" batch titanic --roster "$work/roster.csv" --out "$work/course" >/dev/null 2>&1
# A first grade fills the package cache (not timed).
export PYSTART_CACHE_DIR=${PYSTART_CACHE_DIR:-$PWD/target/tmp/pystart-cache}
"$bin" grade "$work/course" --sandbox "$sandbox" -j "$jobs" >/dev/null 2>&1 || true
uv=${PYSTART_UV:-$(command -v uv || true)}
[ -n "$uv" ] || { echo "bench/grade.sh needs uv (PATH or PYSTART_UV)" >&2; exit 1; }
first=$(ls -d "$work"/course/s* | head -1)
UV_CACHE_DIR=$PYSTART_CACHE_DIR/uv "$uv" venv -q --python "$(command -v python3)" "$work/env"
(cd "$first" && UV_CACHE_DIR=$PYSTART_CACHE_DIR/uv "$uv" pip install -q --python "$work/env/bin/python" ".[dev]")
python=$work/env/bin/python
# The floor tests the same files grade tests: the starter plus the hidden tests.
for d in "$work"/course/s*; do cp -R "$work/course/.pystart-batch/hidden/." "$d/"; done

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
floor_run() {
  ls -d "$work"/course/s* | xargs -P "$jobs" -I{} sh -c \
    'cd "$1" && OMP_NUM_THREADS=$2 OPENBLAS_NUM_THREADS=$2 MKL_NUM_THREADS=$2 MPLBACKEND=Agg PYTHONPATH=src "$3" -m pytest -q -p no:cacheprovider >/dev/null 2>&1 || true' \
    _ {} "$threads" "$python"
}

: >"$work/floor.txt"; : >"$work/pystart.txt"
for r in $(seq "$runs"); do
  t0=$(now); floor_run; t1=$(now)
  "$bin" grade "$work/course" --sandbox "$sandbox" -j "$jobs" >/dev/null 2>&1 || true
  t2=$(now)
  echo $(( (t1 - t0) / 1000000 )) >>"$work/floor.txt"
  echo $(( (t2 - t1) / 1000000 )) >>"$work/pystart.txt"
done
floor=$(median <"$work/floor.txt")
ours=$(median <"$work/pystart.txt")
echo "cores: $(nproc); students: $students; runs: $runs; jobs at once: $jobs; sandbox: $sandbox"
echo "floor (the suite per student, ready environment): median ${floor} ms"
echo "pystart grade:                                    median ${ours} ms"
awk -v a="$ours" -v b="$floor" 'BEGIN { printf "ratio pystart/floor: %.2f (target ≤ 1.25)\n", a / b }'
if [ -x /usr/bin/time ]; then
  # pystart's own peak; boxed test processes are children of bubblewrap's init, not of
  # pystart, so the floor's figure (the largest test run) stands for them.
  /usr/bin/time -v "$bin" grade "$work/course" --sandbox "$sandbox" -j "$jobs" 2>"$work/time.txt" >/dev/null || true
  grep -E "Maximum resident" "$work/time.txt" | sed 's/^\s*/peak RSS of pystart grade itself: /'
  /usr/bin/time -v bash -c "$(declare -f floor_run); work='$work' jobs=$jobs threads=$threads python='$python' floor_run" 2>"$work/time.txt" >/dev/null || true
  grep -E "Maximum resident" "$work/time.txt" | sed 's/^\s*/peak RSS of one test run (floor): /'
fi
