#!/usr/bin/env bash
# Entity resolution end to end at several scenario sizes: generate the
# scenario, load its eight sources into a fresh SQLite store, then time
# 'tideline resolve' (train, block, score, cluster, refine, write canonical
# ids and the review queue) in its own process, so that the peak resident
# memory (GNU time's maximum RSS) is the resolution's alone; and score it
# against the scenario's truth. Prints one row per size.
#
#   bench/resolve.sh                  # 100k people (about 120k person records)
#   bench/resolve.sh 850000           # about a million person records (loading takes ~15 min)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
if [ ! -x /usr/bin/time ]; then
  apt-get install -y time >/dev/null 2>&1 || { echo "bench/resolve.sh: needs GNU time (apt-get install time)" >&2; exit 1; }
fi
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(100000)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/tideline" ./cmd/tideline
printf '%-9s %9s %11s %9s %10s %9s %9s %9s %9s\n' people records candidates load_s resolve_s peak_MiB pair_P pair_F1 bcubed_F1
for n in "${sizes[@]}"; do
  s="$work/s$n" db="$work/s$n.db"
  "$work/tideline" scenario --people "$n" --from 2018-01-01 --out "$s" > /dev/null
  start=$(date +%s.%N)
  "$work/tideline" --db "$db" ingest "$s"/sources/*.mapping.yml > /dev/null
  load=$(echo "$(date +%s.%N) - $start" | bc -l)
  /usr/bin/time -f '%e %M' -o "$work/time" "$work/tideline" --db "$db" resolve --json > "$work/resolve.json"
  read -r secs rss < "$work/time"
  recs=$(awk -F'[:,]' '/"records":/ {r += $2} /"candidate_pairs":/ {c += $2} END {print r, c}' "$work/resolve.json")
  "$work/tideline" --db "$db" eval resolve --dataset scenario --scenario "$s" --in-store --json > "$work/eval.json"
  first() { grep -m1 -o "\"$1\": [0-9.e+-]*" "$work/eval.json" | awk '{printf "%.4f", $2}'; }
  metrics="$(first precision) $(first f1) $(first bcubed_f1)"
  read -r nrec ncand <<< "$recs"
  read -r p f1 bf1 <<< "$metrics"
  printf '%-9s %9s %11s %9.1f %10.1f %9.0f %9s %9s %9s\n' "$n" "$nrec" "$ncand" "$load" "$secs" "$(echo "$rss / 1024" | bc -l)" "$p" "$f1" "$bf1"
  rm -rf "$s" "$db"*
done
