// Package netgraph is Tideline's network-analytics engine: centrality,
// community detection and disruption analysis over graphs held in compact
// CSR (compressed sparse row) arrays, sized for investigation networks from
// tens of people to millions of call records.
//
// A [Graph] stores, for nodes 0..N-1, an offsets array of length N+1 and
// int32 target and float64 weight arrays of length 2M (each undirected edge
// appears once in each endpoint's row, rows sorted by target). Algorithms read
// these arrays directly, with O(N) or O(N+M) scratch arrays per call or
// worker and no maps in inner loops.
//
// Algorithms and their sources:
//
//   - [Components]: connected components by breadth-first search, O(N+M).
//   - [Density]: 2M / (N(N-1)) for a simple undirected graph.
//   - [Betweenness]: exact shortest-path betweenness, U. Brandes (2001)
//     "A faster algorithm for betweenness centrality", J. Math. Sociol.
//     25(2):163-177. O(NM) time; parallel over sources. Values equal networkx
//     betweenness_centrality(normalized=False) on an undirected graph (each
//     unordered pair counted once) and half of gonum network.Betweenness.
//     [NormaliseBetweenness] applies networkx's 2/((N-1)(N-2)).
//   - [PageRank]: power iteration of S. Brin and L. Page (1998) "The anatomy
//     of a large-scale hypertextual Web search engine", Computer Networks and
//     ISDN Systems 30:107-117, with uniform teleport and uniform redistribution
//     of dangling mass, matching networkx pagerank.
//   - [Louvain]: V. D. Blondel, J.-L. Guillaume, R. Lambiotte and E. Lefebvre
//     (2008) "Fast unfolding of communities in large networks", J. Stat. Mech.
//     P10008, maximising modularity with the resolution parameter of
//     J. Reichardt and S. Bornholdt (2006) "Statistical mechanics of community
//     detection", Phys. Rev. E 74:016110. Local moving revisits only the
//     neighbours of moved nodes (S. Ozaki, H. Tezuka and M. Inaba 2016, Int.
//     J. Comput. Electr. Eng. 8(3):207-210) and communities are split into
//     connected components at every level, so none is disconnected
//     (V. A. Traag, L. Waltman and N. J. van Eck 2019, Sci. Rep. 9:5233).
//   - [Leiden]: V. A. Traag, L. Waltman and N. J. van Eck (2019) "From
//     Louvain to Leiden: guaranteeing well-connected communities", Sci.
//     Rep. 9:5233: fast local moving with a queue, refinement that merges
//     well-connected singletons inside each community at random (∝
//     exp(ΔH/θ)), and aggregation of the refined partition starting from
//     the unrefined one. Maximises modularity with resolution γ or the
//     Constant Potts Model; every community is connected, and iterated
//     until stable every node is locally optimal.
//   - [CPM]: the Constant Potts Model of V. A. Traag, P. Van Dooren and
//     Y. Nesterov (2011) "Narrow scope for resolution-limit-free community
//     detection", Phys. Rev. E 84:016114:
//     H = Σ_c [e_c − γ n_c(n_c−1)/2], γ a density threshold.
//   - [Modularity]: M. E. J. Newman and M. Girvan (2004) "Finding and
//     evaluating community structure in networks", Phys. Rev. E 69:026113,
//     with resolution γ:
//     Q = 1/(2m) Σ_ij [A_ij − γ k_i k_j / (2m)] δ(c_i, c_j).
//   - [ShortestPath]: bidirectional breadth-first search (I. Pohl 1971
//     "Bi-directional search", Machine Intelligence 6:127-140) or
//     bidirectional Dijkstra (E. W. Dijkstra 1959 "A note on two problems
//     in connexion with graphs", Numer. Math. 1:269-271, stopping rule of
//     A. V. Goldberg and C. Harrelson 2005, SODA) over pooled scratch
//     arrays reset sparsely, so a query costs what it touches. Weighted
//     searches read weights as lengths; [Reweight] with [Inverse] turns
//     tie strengths (call counts) into distances 1/w.
//   - [AllShortestPaths]: the shortest-path DAG of a search from s, the
//     number of s–t paths in it counted as σ in Brandes (2001), and the
//     paths listed lexicographically up to a limit.
//   - [KShortestPaths]: J. Y. Yen (1971) "Finding the k shortest loopless
//     paths in a network", Management Science 17(11):712-716, with the
//     deviation-index saving of E. L. Lawler (1972), Management Science
//     18(7):401-405; spur searches mask removed nodes and edges.
//   - [SimplePaths]: all simple paths up to a hop limit, by depth-first
//     search pruned with breadth-first distances to the target, capped.
//   - [Neighbourhood]: multi-source breadth-first search to a hop limit in
//     the subgraph induced by a node predicate.
//   - [ConnectingSubgraph]: the union of all shortest paths between every
//     pair of a set of nodes, one search per node; [SteinerTree]: the
//     2(1 − 1/l)-approximate Steiner tree of L. Kou, G. Markowsky and
//     L. Berman (1981) "A fast algorithm for Steiner trees", Acta
//     Informatica 15:141-145.
//   - [Temporal]: timed contacts (arcs or edges) sorted by time;
//     [Temporal.Window] is the static [Graph] of a time window;
//     [EarliestArrivals] and [EarliestJourney] give foremost journeys with
//     strictly increasing hop times and an optional waiting limit (B.-M.
//     Bui-Xuan, A. Ferreira and A. Jarry 2003, Int. J. Found. Comput. Sci.
//     14(2):267-285) by the one-pass edge-stream scan of H. Wu, J. Cheng,
//     S. Huang, Y. Ke, Y. Lu and Y. Xu (2014) "Path problems in temporal
//     graphs", PVLDB 7(9):721-732.
//   - [Katz]: L. Katz (1953) "A new status index derived from sociometric
//     analysis", Psychometrika 18(1):39-43, x = β Σ_k α^k A^k 1 by power
//     iteration x ← αAx + β1, scaled to unit Euclidean norm, matching
//     networkx katz_centrality; converges if and only if α < 1/λmax.
//     [KatzSolve] solves (I − αA)x = β1 directly (dense LU, O(N³)) as
//     networkx katz_centrality_numpy does, also beyond 1/λmax.
//   - [CollectiveInfluence]: F. Morone and H. A. Makse (2015) "Influence
//     maximization in complex networks through optimal percolation", Nature
//     524:65-68, CI_l(i) = (k_i − 1) Σ_{j ∈ ∂Ball(i,l)} (k_j − 1), with the
//     strength-based weighted variant of Cavallaro et al. (2020).
//   - [Disrupt]: the node-removal simulation of L. Cavallaro, A. Ficara,
//     P. De Meo, G. Fiumara, S. Catanese, O. Bagdasar and A. Liotta (2020)
//     "Disrupting resilient criminal networks through data analysis: the
//     case of Sicilian Mafia", PLOS ONE 15(8):e0236476: sequential or block
//     removal by a [Score] ([DegreeScore], [BetweennessScore] with edge
//     weights as lengths when weighted, [KatzScore], [KatzSolveScore],
//     [CollectiveInfluenceScore], or the caller's), ties broken by a given
//     priority within a relative tolerance, reporting after each step the
//     largest component, the number of components, [Fragmentation] and
//     [GlobalEfficiency]. It reproduces the paper's published results.
//   - [Fragmentation]: S. P. Borgatti (2006) "Identifying sets of key
//     players in a social network", Comput. Math. Organ. Theory 12:21-34,
//     F = 1 − Σ_k s_k(s_k−1) / (n(n−1)) over component sizes s_k.
//   - [GlobalEfficiency]: V. Latora and M. Marchiori (2001) "Efficient
//     behavior of small-world networks", Phys. Rev. Lett. 87(19):198701,
//     E = Σ_{i≠j} 1/d_ij / (n(n−1)), one BFS per node, O(N(N+M)).
//   - [KeyPlayers]: Borgatti's (2006) KPP-Neg, the k nodes whose removal
//     maximises F or the distance-weighted fragmentation DF = 1 − E: greedy
//     start, best-improvement swaps to a local optimum (bounded), seeded
//     random restarts. F for every candidate removal comes from one
//     depth-first search (articulation points, J. Hopcroft and R. Tarjan
//     1973, Commun. ACM 16(6):372-378), O(N+M).
//   - [Closeness], [ClosenessWeighted]: closeness of L. C. Freeman (1979)
//     "Centrality in social networks: conceptual clarification", Social
//     Networks 1(3):215-239, with the scaling by the fraction of nodes
//     reached of S. Wasserman and K. Faust (1994) Social Network Analysis,
//     p. 201, equal to networkx closeness_centrality (wf_improved=True).
//     One BFS (or Dijkstra, edge weights as lengths) per source, parallel.
//   - [Harmonic], [HarmonicWeighted]: Σ 1/d(v,u), M. Marchiori and V. Latora
//     (2000) "Harmony in the small-world", Physica A 285:539-546; P. Boldi
//     and S. Vigna (2014) "Axioms for centrality", Internet Math.
//     10(3-4):222-262; unnormalised, equal to networkx harmonic_centrality.
//   - [BetweennessWeighted]: Brandes (2001) with Dijkstra's algorithm, edge
//     weights as lengths, equal to networkx
//     betweenness_centrality(weight=...) (normalized=False).
//     [DistanceGraph] turns tie strengths into lengths 1/w (M. E. J. Newman
//     (2001) Phys. Rev. E 64:016132).
//   - [Digraph] ([NewDirected]): a directed CSR graph holding out- and
//     in-arcs, with in- and out-degree and strength (weighted degree,
//     A. Barrat et al. (2004) PNAS 101(11):3747-3752), and
//     [PageRankDirected], Brin and Page (1998) along arc directions with
//     dangling mass spread uniformly, equal to networkx pagerank on a
//     DiGraph.
//   - [Eigenvector]: principal eigenvector of the adjacency matrix, unit
//     Euclidean norm (P. Bonacich (1972) J. Math. Sociol. 2(1):113-120), by
//     networkx eigenvector_centrality's power iteration on A + I, same start,
//     normalisation and stopping rule.
//   - [CoreNumber]: k-core decomposition (S. B. Seidman (1983) Social
//     Networks 5(3):269-287) by V. Batagelj and M. Zaversnik (2003) "An O(m)
//     algorithm for cores decomposition of networks", arXiv:cs/0310049,
//     O(N+M), equal to networkx core_number.
//   - [SampledBetweenness]: M. Riondato and E. M. Kornaropoulos (2016)
//     "Fast approximation of betweenness centrality through sampling", Data
//     Min. Knowl. Disc. 30(2):438-475: r = (c/ε²)(⌊log2(VD−2)⌋ + 1 +
//     ln(1/δ)) uniformly drawn shortest paths, VD bounded by a BFS from each
//     component's hub, so that with probability ≥ 1 − δ every normalised
//     value is within ε of networkx's; paths found by balanced
//     bidirectional BFS; seeded and independent of the worker count.
//
// The package imports only the standard library. Tests use gonum
// (gonum.org/v1/gonum/graph) as a correctness oracle and real criminal
// networks (the Montagna operation, Cavallaro et al. 2020, PLOS ONE
// 15(8):e0236476) with reference figures computed by networkx.
//
// Misuse (node ids out of range, negative sizes, invalid weights, membership
// of the wrong length) panics with a "netgraph: " prefix, as documented on each
// function; the algorithms themselves return no errors.
package netgraph
