#!/usr/bin/env bash
# Side-by-side graph benchmark: Tideline's netgraph against python-igraph and
# graph-tool (Debian packages) on the same seeded graphs.
#
#   bench/graph.sh              # all sizes: 10k, 100k, 1m
#   bench/graph.sh 10k 100k     # some sizes
#
# Sizes: 10k = 10,000 nodes / 50,000 edges; 100k = 100,000 / 1,000,000;
# 1m = 1,000,000 / 10,000,000. Graphs are degree-corrected planted partitions
# written by bench/graphbench gen (seed 1) as "u v" edge lists in a temporary
# directory, read by every tool. Each (tool, algorithm, size) runs in its own
# process under /usr/bin/time -v, so the peak RSS is that run's alone.
# Algorithms: PageRank, Louvain, Leiden, exact betweenness (10k only) and
# sampled betweenness (100k and 1m: Tideline samples shortest paths with a
# stated bound, eps 0.01, delta 0.1; graph-tool estimates from PIVOTS sources).
#
# Environment: PIVOTS (default 64), TIMEOUT seconds per run (default 3600),
# KEEP=1 keeps the temporary directory.
#
# The table's seconds are the algorithm alone, measured inside each process
# (graph loading excluded); wall is the whole process; MiB is its peak RSS.
# Ratios are Tideline/anchor on algorithm seconds: below 1, Tideline is
# faster. The result column lets the tools be checked against each other
# (Q for community detection, the largest normalised score otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
PY=/usr/bin/python3 # Debian's python3-* packages install for the system Python
PIVOTS=${PIVOTS:-64}
TIMEOUT=${TIMEOUT:-3600}

sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(10k 100k 1m)
for s in "${sizes[@]}"; do
  case $s in 10k | 100k | 1m) ;; *) echo "bench/graph.sh: unknown size $s (want 10k, 100k or 1m)" >&2; exit 2 ;; esac
done

apt_install() { # package...
  if [ "$(id -u)" -ne 0 ]; then
    echo "bench/graph.sh: not root, cannot apt-get install $*" >&2
    return 1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 "$@" >/dev/null 2>&1 && return 0
  apt-get update -qq -o DPkg::Lock::Timeout=600 >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 "$@" >/dev/null 2>&1
}

# candidate PACKAGE: the version apt would install, or nothing.
candidate() {
  apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ { if ($2 != "(none)") print $2 }'
}

if [ ! -x /usr/bin/time ]; then
  apt_install time || { echo "bench/graph.sh: needs GNU time (apt-get install time)" >&2; exit 1; }
fi

# Anchors. have_<tool>=1 when importable by the system Python.
have_igraph=0 have_gt=0
notes=()
if ! $PY -c 'import igraph' 2>/dev/null; then
  echo "installing python3-igraph ..." >&2
  apt_install python3-igraph || true
fi
if $PY -c 'import igraph' 2>/dev/null; then
  have_igraph=1
  ig_version=$($PY -c 'import igraph; print(igraph.__version__)')
else
  notes+=("igraph: python3-igraph could not be installed; igraph columns are n/a")
fi
if ! $PY -c 'import graph_tool, numpy' 2>/dev/null; then
  if [ -z "$(candidate python3-graph-tool)" ]; then
    apt-get update -qq -o DPkg::Lock::Timeout=600 >/dev/null 2>&1 || true
  fi
  if [ -n "$(candidate python3-graph-tool)" ]; then
    echo "installing python3-graph-tool $(candidate python3-graph-tool) ..." >&2
    apt_install python3-graph-tool python3-numpy || true
  fi
fi
if $PY -c 'import graph_tool, numpy' 2>/dev/null; then
  have_gt=1
  gt_version=$($PY -c 'import graph_tool; print(graph_tool.__version__.split()[0])')
elif [ -z "$(candidate python3-graph-tool)" ]; then
  notes+=("graph-tool: NOT AVAILABLE - python3-graph-tool is not in this Debian release's archive (apt-cache policy python3-graph-tool shows no candidate); graph-tool columns are n/a, igraph still runs")
else
  notes+=("graph-tool: python3-graph-tool $(candidate python3-graph-tool) could not be installed; graph-tool columns are n/a")
fi

for note in "${notes[@]}"; do echo "bench/graph.sh: $note" >&2; done

work=$(mktemp -d)
if [ "${KEEP:-0}" = 1 ]; then
  echo "keeping $work" >&2
else
  trap 'rm -rf "$work"' EXIT
fi
go build -o "$work/graphbench" ./bench/graphbench

declare -A N=([10k]=10000 [100k]=100000 [1m]=1000000) M=([10k]=50000 [100k]=1000000 [1m]=10000000)

# measure LABEL CMD...: runs CMD under GNU time; sets r_status, r_alg, r_wall,
# r_mib, r_cpu, r_result, r_note.
measure() {
  local label=$1
  shift
  local outf="$work/out" timef="$work/time"
  r_status=failed r_alg=- r_wall=- r_mib=- r_cpu=- r_result=- r_note=
  if ! timeout "$TIMEOUT" /usr/bin/time -v -o "$timef" "$@" >"$outf" 2>"$work/err"; then
    r_note="$label failed or timed out: $(tail -n 1 "$work/err" 2>/dev/null)"
    echo "  $r_note" >&2
    return 0
  fi
  local line
  line=$(tail -n 1 "$outf")
  r_status=$(sed -n 's/.*status=\([^ ]*\).*/\1/p' <<<"$line")
  if [ "$r_status" = n/a ]; then
    r_note=$(sed -n 's/.*note="\(.*\)".*/\1/p' <<<"$line")
    return 0
  fi
  r_alg=$(sed -n 's/.*alg_s=\([^ ]*\).*/\1/p' <<<"$line")
  r_result=$(sed -n 's/.*result=\([^ ]*\).*/\1/p' <<<"$line")
  r_mib=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$timef")
  r_cpu=$(awk -F': ' '/Percent of CPU/ { print $2 }' "$timef")
  # Elapsed (wall clock) time (h:mm:ss or m:ss): the value after the last ": ".
  r_wall=$(awk '/Elapsed \(wall clock\)/ { t = $NF; n = split(t, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.1f", s }' "$timef")
}

ratio() { # tideline anchor
  if [[ $1 =~ ^[0-9.]+$ && $2 =~ ^[0-9.]+$ ]] && awk -v b="$2" 'BEGIN { exit !(b > 0) }'; then
    awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'
  else
    echo -
  fi
}

have() { # tool
  case $1 in igraph) [ $have_igraph = 1 ] ;; graph-tool) [ $have_gt = 1 ] ;; *) return 1 ;; esac
}

show() { # status seconds
  if [ "$1" = ok ]; then echo "$2"; else echo "$1"; fi
}

table="$work/table"
printf '%-5s %-19s | %8s %7s %6s | %8s %7s %6s | %8s %7s %6s | %6s %6s | %s\n' \
  size algorithm "T s" "T wall" "T MiB" "ig s" "ig wall" "ig MiB" "gt s" "gt wall" "gt MiB" "T/ig" "T/gt" "result: Tideline / igraph / graph-tool" >"$table"
declare -a footnotes=()
declare -A seen_note=()
footnote() { # text: remembered once, printed under the table
  if [ -z "${seen_note[$1]:-}" ]; then
    seen_note[$1]=1
    footnotes+=("$1")
  fi
}
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

for s in "${sizes[@]}"; do
  n=${N[$s]} m=${M[$s]}
  f="$work/graph-$s.txt"
  echo "generating $s: $n nodes, $m edges ..." >&2
  "$work/graphbench" gen -n "$n" -m "$m" -seed 1 -out "$f"
  algos=(pagerank louvain leiden)
  if [ "$s" = 10k ]; then algos+=(betweenness); else algos+=(sampled-betweenness); fi
  for a in "${algos[@]}"; do
    echo "  $s $a: tideline" >&2
    measure tideline "$work/graphbench" run -algo "$a" -in "$f" -n "$n" -m "$m" -seed 1 -pivots "$PIVOTS"
    t_status=$r_status t_alg=$r_alg t_wall=$r_wall t_mib=$r_mib t_res=$r_result t_note=$r_note
    [ -n "$t_note" ] && footnote "$a, Tideline: $t_note"
    for tool in igraph graph-tool; do
      if ! have "$tool"; then
        r_status=n/a r_alg=- r_wall=- r_mib=- r_result=- r_note=
      else
        echo "  $s $a: $tool" >&2
        measure "$tool" "$PY" bench/anchors.py "$tool" "$a" "$f" --n "$n" --seed 1 --pivots "$PIVOTS"
        [ -n "$r_note" ] && footnote "$a, $tool: $r_note"
      fi
      if [ "$tool" = igraph ]; then
        i_status=$r_status i_alg=$r_alg i_wall=$r_wall i_mib=$r_mib i_res=$r_result
      else
        g_status=$r_status g_alg=$r_alg g_wall=$r_wall g_mib=$r_mib g_res=$r_result
      fi
    done
    printf '%-5s %-19s | %8s %7s %6s | %8s %7s %6s | %8s %7s %6s | %6s %6s | %s / %s / %s\n' \
      "$s" "$a" "$(show "$t_status" "$t_alg")" "$t_wall" "$t_mib" \
      "$(show "$i_status" "$i_alg")" "$i_wall" "$i_mib" \
      "$(show "$g_status" "$g_alg")" "$g_wall" "$g_mib" \
      "$(ratio "$t_alg" "$i_alg")" "$(ratio "$t_alg" "$g_alg")" "$t_res" "$i_res" "$g_res" >>"$table"
  done
  rm -f "$f"
done

echo
echo "Tideline netgraph ($(go version | cut -d' ' -f3), GOMAXPROCS $(nproc)) vs python-igraph ${ig_version:-n/a} and graph-tool ${gt_version:-n/a}; $(nproc) cores; load average before $load_before, after $(cut -d' ' -f1-3 /proc/loadavg)"
echo "s = algorithm seconds (in-process, graph load excluded); wall = process seconds; MiB = peak RSS (GNU time); T/ig, T/gt = Tideline/anchor seconds"
cat "$table"
for note in "${notes[@]}" "${footnotes[@]}"; do echo "note: $note"; done
echo "note: threads - Tideline betweenness uses all cores, graph-tool PageRank and betweenness use OpenMP on all cores, igraph is single-threaded; community detection is single-threaded everywhere."
echo "note: PageRank stops at a total L1 change below 1e-6 (Tideline, graph-tool); igraph's PRPACK solves to machine precision. Leiden: modularity, theta 0.01, 2 iterations (Tideline default, igraph n_iterations=2)."
