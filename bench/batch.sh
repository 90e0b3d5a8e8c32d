#!/usr/bin/env bash
# Benchmark of `pystart batch`, measured against a floor in the same run.
#
#   floor:   for each student: cp -r <the same generated tree> && git init && git add -A &&
#            git commit   (one after the other, as a shell loop would)
#   pystart: pystart batch titanic --roster <N students> --out <dir>   (all cores)
#
# Floor and pystart alternate (floor, pystart, floor, …) so both see the same machine load; the
# medians and their ratio are printed (target: pystart ≤ 0.6 × floor). Then the peak memory
# (maximum resident set size, from GNU time when installed, else /proc) of a 500-student batch.
# Usage: bench/batch.sh [STUDENTS] [RUNS] [BIG] (default 100, 5, 500).
set -euo pipefail
cd "$(dirname "$0")/.."
students=${1:-100}
runs=${2:-5}
big=${3:-500}
cargo build --release --quiet
bin=$PWD/target/release/pystart
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com

roster() { echo "id,name"; for i in $(seq -w 1 "$1"); do echo "s$i,Student $i"; done; }
roster "$students" >"$work/roster.csv"
roster "$big" >"$work/big.csv"
"$bin" new titanic "$work/ref" --yes --no-git --mode student >/dev/null 2>&1

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

: >"$work/floor.txt"; : >"$work/pystart.txt"
for r in $(seq "$runs"); do
  mkdir "$work/f"
  t0=$(now)
  for i in $(seq -w 1 "$students"); do
    cp -r "$work/ref" "$work/f/s$i"
    (cd "$work/f/s$i" && git init -q -b main && git add -A && git commit -qm "Starter project")
  done
  t1=$(now)
  "$bin" batch titanic --roster "$work/roster.csv" --out "$work/p" >/dev/null 2>&1
  t2=$(now)
  echo $(( (t1 - t0) / 1000000 )) >>"$work/floor.txt"
  echo $(( (t2 - t1) / 1000000 )) >>"$work/pystart.txt"
  rm -rf "$work/f" "$work/p"
done
floor=$(median <"$work/floor.txt")
ours=$(median <"$work/pystart.txt")
echo "cores: $(nproc); students: $students; runs: $runs"
echo "floor (cp -r + git init/add/commit per student): median ${floor} ms"
echo "pystart batch:                                  median ${ours} ms"
awk -v a="$ours" -v b="$floor" 'BEGIN { printf "ratio pystart/floor: %.2f (target ≤ 0.60)\n", a / b }'

# Peak memory of a big batch.
if [ -x /usr/bin/time ]; then
  /usr/bin/time -v "$bin" batch titanic --roster "$work/big.csv" --out "$work/big" 2>"$work/time.txt" >/dev/null || true
  grep -E "Maximum resident|Elapsed" "$work/time.txt"
else
  "$bin" batch titanic --roster "$work/big.csv" --out "$work/big" >/dev/null 2>&1 &
  pid=$!; peak=0
  while kill -0 "$pid" 2>/dev/null; do
    rss=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    [ "${rss:-0}" -gt "$peak" ] && peak=$rss
    sleep 0.05
  done
  echo "peak resident memory of $big students: ${peak} kB"
fi
echo "repositories made for $big students: $(find "$work/big" -mindepth 1 -maxdepth 1 -type d ! -name ".*" | wc -l)"
