#!/usr/bin/python3
"""Anchor runs for bench/graph.sh: one tool, one algorithm, one graph per process.

    anchors.py igraph|graph-tool ALGO EDGELIST --n N [--seed S] [--pivots K] [--prtol T]

Prints one line of key=value fields like bench/graphbench: status (ok or n/a),
algo, load_s, alg_s (the algorithm alone), result (Q for community detection,
the largest normalised betweenness, the largest PageRank) and, for n/a, a note.
Settings match graphbench's: unit weights, resolution 1, PageRank damping 0.85,
Leiden on modularity with beta (theta) 0.01 and 2 iterations, sampled
betweenness from K random sources.
"""

import argparse
import random
import sys
import time

ALGOS = ["pagerank", "louvain", "leiden", "betweenness", "sampled-betweenness"]


def out(**kv):
    print(" ".join(f"{k}={v}" for k, v in kv.items()), flush=True)


def na(algo, note):
    out(status="n/a", algo=algo, note='"' + note + '"')


def run_igraph(a):
    import igraph

    t0 = time.perf_counter()
    g = igraph.Graph.Read_Edgelist(a.path, directed=False)
    if g.vcount() < a.n:
        g.add_vertices(a.n - g.vcount())
    t1 = time.perf_counter()
    random.seed(a.seed)
    igraph.set_random_number_generator(random)
    if a.algo == "pagerank":
        # PRPACK solves the linear system to machine precision.
        pr = g.pagerank(directed=False, damping=0.85)
        result = f"max={max(pr):.6g}"
    elif a.algo == "louvain":
        c = g.community_multilevel(resolution=1)
        result = f"Q={g.modularity(c.membership):.4f},k={len(c)}"
    elif a.algo == "leiden":
        c = g.community_leiden(objective_function="modularity", resolution_parameter=1,
                               beta=0.01, n_iterations=2)
        result = f"Q={g.modularity(c.membership):.4f},k={len(c)}"
    elif a.algo == "betweenness":
        bc = g.betweenness(directed=False)
        n = g.vcount()
        result = f"max={max(bc) * 2 / ((n - 1) * (n - 2)):.6g}"
    elif a.algo == "sampled-betweenness":
        sources = random.sample(range(g.vcount()), a.pivots)
        try:
            bc = g.betweenness(directed=False, sources=sources)
        except TypeError:
            return na(a.algo, f"python-igraph {igraph.__version__} has no source-sampled betweenness "
                              "(betweenness(sources=) arrived later; cutoff= is a different estimate)")
        result = f"sources={a.pivots}"
    t2 = time.perf_counter()
    out(status="ok", algo=a.algo, nodes=g.vcount(), edges=g.ecount(), load_s=f"{t1 - t0:.3f}",
        alg_s=f"{t2 - t1:.3f}", result=result)


def run_graph_tool(a):
    if a.algo in ("louvain", "leiden"):
        # graph-tool's community detection is stochastic-block-model
        # inference, a different objective; it has no modularity maximiser.
        return na(a.algo, "graph-tool has no modularity maximisation (its communities are SBM inference)")
    import numpy as np
    import graph_tool as gt
    import graph_tool.centrality as gtc

    t0 = time.perf_counter()
    edges = np.fromfile(a.path, dtype=np.int64, sep=" ").reshape(-1, 2)
    g = gt.Graph(directed=False)
    g.add_vertex(a.n)
    g.add_edge_list(edges)
    del edges
    t1 = time.perf_counter()
    threads = gt.openmp_get_num_threads() if gt.openmp_enabled() else 1
    if a.algo == "pagerank":
        pr = gtc.pagerank(g, damping=0.85, epsilon=a.prtol)
        result = f"max={pr.a.max():.6g}"
    elif a.algo == "betweenness":
        vb, _ = gtc.betweenness(g, norm=True)
        result = f"max={vb.a.max():.6g}"
    elif a.algo == "sampled-betweenness":
        pivots = np.random.default_rng(a.seed).choice(a.n, size=a.pivots, replace=False)
        vb, _ = gtc.betweenness(g, pivots=pivots, norm=True)
        result = f"sources={a.pivots}"
    t2 = time.perf_counter()
    out(status="ok", algo=a.algo, nodes=g.num_vertices(), edges=g.num_edges(), load_s=f"{t1 - t0:.3f}",
        alg_s=f"{t2 - t1:.3f}", result=result, threads=threads)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("tool", choices=["igraph", "graph-tool"])
    p.add_argument("algo", choices=ALGOS)
    p.add_argument("path")
    p.add_argument("--n", type=int, required=True, help="number of nodes (ids 0..n-1)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--pivots", type=int, default=64, help="sources for sampled betweenness")
    p.add_argument("--prtol", type=float, default=1e-6,
                   help="PageRank: stop when the total L1 change is below this (graph-tool)")
    a = p.parse_args()
    if a.tool == "igraph":
        run_igraph(a)
    else:
        run_graph_tool(a)


if __name__ == "__main__":
    sys.exit(main())
