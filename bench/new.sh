#!/usr/bin/env bash
# Benchmark of `pystart new`, measured against a floor in the same run.
#
#   floor:   cp -r <the same generated tree> && git init && git add -A && git commit
#   pystart: pystart new titanic <dir> --yes        (render + write + libgit2 commit)
#
# Runs are interleaved (floor, pystart, floor, …) so both see the same machine load; the
# medians and their ratio are printed. Target: pystart ≤ 1.0 × floor. Also times `pystart list`
# (target ≤ 5 ms). Usage: bench/new.sh [RUNS] (default 30).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-30}
cargo build --release --quiet
bin=$PWD/target/release/pystart
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com

"$bin" new titanic "$work/ref" --yes --no-git >/dev/null 2>&1

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

: >"$work/floor.txt"; : >"$work/pystart.txt"
for i in $(seq "$runs"); do
  t0=$(now)
  cp -r "$work/ref" "$work/f$i"
  (cd "$work/f$i" && git init -q -b main && git add -A && git commit -qm "Initial commit")
  t1=$(now)
  (cd "$work" && "$bin" new titanic "p$i" --yes >/dev/null 2>&1)
  t2=$(now)
  echo $(( (t1 - t0) / 1000 )) >>"$work/floor.txt"
  echo $(( (t2 - t1) / 1000 )) >>"$work/pystart.txt"
  rm -rf "$work/f$i" "$work/p$i"
done

# `pystart list`: 200 runs in one timed loop (a `date` per run would cost as much as the run),
# next to the same loop of /bin/true, the cost of starting any process here.
loop() { local s e; s=$(now); for _ in $(seq 200); do "$@" >/dev/null; done; e=$(now); echo $(( (e - s) / 200000 )); }
list=$(loop "$bin" list)
spawn=$(loop /bin/true)

floor=$(median <"$work/floor.txt")
ours=$(median <"$work/pystart.txt")
files=$(cd "$work/ref" && find . -type f | wc -l)
echo "files in the generated tree: $files"
echo "floor (cp -r + git init/add/commit): median ${floor} µs over $runs runs"
echo "pystart new titanic --yes:            median ${ours} µs"
awk -v a="$ours" -v b="$floor" 'BEGIN { printf "ratio pystart/floor: %.2f (target ≤ 1.00)\n", a / b }'
awk -v l="$list" -v t="$spawn" 'BEGIN { printf "pystart list: %.2f ms per run (target ≤ 5 ms); starting /bin/true: %.2f ms\n", l / 1000, t / 1000 }'
