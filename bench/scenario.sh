#!/usr/bin/env bash
# Scenario generation at several sizes, each in its own process, so that
# the peak resident memory (GNU time's maximum RSS) is that size's alone.
# Prints a table: people, wall seconds, people/s, rows, MB written, peak RSS.
#
#   bench/scenario.sh                 # 100k and 1M people
#   bench/scenario.sh 10000 100000    # other sizes
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
if [ ! -x /usr/bin/time ]; then
  apt-get install -y time >/dev/null 2>&1 || { echo "bench/scenario.sh: needs GNU time (apt-get install time)" >&2; exit 1; }
fi
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(100000 1000000)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/tideline" ./cmd/tideline
printf '%-10s %8s %10s %10s %9s %10s\n' people seconds people/s rows MB peak_RSS_MiB
for n in "${sizes[@]}"; do
  out="$work/s$n"
  /usr/bin/time -f '%e %M' -o "$work/time" "$work/tideline" scenario --people "$n" --out "$out" > "$work/log"
  read -r secs rss < "$work/time"
  npeople=$(grep -m1 '"people"' "$out/scenario.json" | tr -dc '0-9')
  nrows=0
  for f in "$out"/sources/*.csv; do nrows=$((nrows + $(wc -l < "$f") - 1)); done
  mb=$(du -sm "$out" | cut -f1)
  printf '%-10s %8.1f %10.0f %10d %9d %10.0f\n' "$npeople" "$secs" "$(echo "$npeople / $secs" | bc -l)" "$nrows" "$mb" "$(echo "$rss / 1024" | bc -l)"
  rm -rf "$out"
done
