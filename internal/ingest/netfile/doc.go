// Package netfile reads published criminal-network files (edge lists and
// labelled adjacency matrices, as distributed by network-science papers and
// the UCINET covert-networks collection) as FollowTheMoney fragments, so real
// networks can be loaded into the statement store and analysed.
//
// Read yields one Person per node and one link entity per tie. The link
// schema is chosen by Options.Link:
//
//   - UnknownLink (default): subject, object, role = Options.Relationship;
//   - Associate: person, associate, relationship = Options.Relationship
//     (e.g. "met" for co-attendance of meetings);
//   - Call: caller, receiver (directed call counts; needs Options.Directed,
//     the --directed flag of tideline ingest).
//
// Every link carries Tideline's weight property (Interval.weight): the tie
// value as the file writes it ("3", "0.5"), omitted when an edge list gives
// none.
//
// # Identifiers
//
// Ids are hex SHA-1 digests of NUL-terminated parts, seeded by the dataset so
// that the same label in the same dataset is the same entity:
//
//	Person  PersonID(dataset, label) = sha1(dataset \0 "node" \0 label \0)
//	Link    matrix: LinkID(dataset, schema, source person id, target person id)
//	        = sha1(dataset \0 schema \0 source \0 target \0)
//	        edge list: RowLinkID(dataset, schema, source, target, line)
//	        = sha1(dataset \0 schema \0 source \0 target \0 line \0)
//	Event   EventID(dataset, label) = sha1(dataset \0 "event" \0 label \0)
//
// (PersonID and EventID are seeded by Options.Namespace when it is set.) In
// RowLinkID the line is the 1-based line number of the row in decimal
// ("12"), counting every line of the file: each edge-list row is its own
// link, and loading the same file again into the same dataset gives the
// same ids. A file edited so that its rows move (lines added or removed
// above them) gives new ids for the moved rows: load it into a fresh
// dataset rather than over the old one.
//
// A Person's name is its label, trimmed of surrounding spaces and quotes. An
// undirected link uses its two labels in sorted order (byte order) both for
// its id and for its two entity properties (subject < object), so a matrix
// gives one entity for A-B and B-A. A directed link keeps source and target
// as read.
//
// Each Person is yielded once, the first time its label is seen and before
// any link that refers to it. Fragment.File is the file name given to Read
// and Fragment.Line the 1-based line of the record (for a matrix cell, the
// line of its row; for a matrix column label, line 1 or the header's line).
//
// # Edge lists
//
// One tie per line: "source target [weight]". The separator is taken from
// the first data line: tab if it holds one, else comma, else semicolon, else
// runs of spaces. Fields are trimmed; a field may be double-quoted (and then
// may hold the separator; "" is a literal quote). Blank lines and lines
// starting with # are skipped, and a UTF-8 byte order mark is dropped.
//
// The first data line is a header, and skipped, when its first two fields
// are non-empty and not both numbers and its third field is neither empty
// nor a number ("source,target,weight" is a header; "12,18,x" is a row with
// a bad weight), or when it has two fields that are both usual column names
// (source/target, from/to, u/v, node1/node2, ...). A first row "ann bob x"
// is therefore taken as a header, and its bad weight goes unreported.
//
// Each row is kept as given, never summed with others: it yields the two
// Persons and its own link, whose id hashes the row's line (RowLinkID), so
// a tie written on several rows (A B 2 twice, or A B 2 and B A 2 read
// undirected) is several links and every row's weight counts when weights
// are summed downstream. With Directed the link goes from the first field
// to the second; otherwise it is undirected (people in label order). A row
// whose weight is 0 yields its Persons but no link, and is reported; a row
// without weight yields a link without weight.
//
// Sources: the Montagna operation meetings and phone-call edge lists
// (Cavallaro et al. 2020, PLOS ONE 15(8): e0236476; TAB-separated "u v w",
// no header).
//
// # Adjacency matrices
//
// A CSV file whose first row holds the column labels and whose first column
// holds the row labels; the first header cell is empty or "". The separator
// is the most frequent of comma, semicolon and tab in the header line. Labels
// may be quoted or not; a UTF-8 byte order mark is dropped; trailing empty
// header cells and trailing empty cells are ignored. Cells are decimal
// numbers (integers, decimals, exponents); 0 or an empty cell is no tie.
//
// Every column label yields a Person, so isolated nodes are loaded too. Each
// non-zero cell [i][j] is a tie from row label i to column label j (a
// non-zero cell on the diagonal, i = j, is reported as a self-loop). With
// Directed each such cell yields its own link (Call: caller i, receiver j)
// with the cell as weight. Otherwise one undirected link is made per
// unordered pair with a non-zero cell in either direction, and its weight is:
//
//   - when the whole matrix is symmetric (every pair has equal non-zero
//     cells both ways, e.g. a 0/1 co-offending matrix): the cell value, since
//     such a file writes each undirected tie twice;
//   - otherwise (a directed matrix read as undirected, e.g. call counts
//     from i to j): the exact decimal sum of both cells, or the one
//     non-zero cell as written.
//
// Sources: UCINET covert networks (Morselli's CAVIAR, Ciel, Siren and Togo,
// Natarajan's cocaine and heroin wiretaps, Berlusconi et al.'s Oversize,
// Italian, London and Montreal gangs, The French Connection); the CAVIAR
// per-phase matrices (Morselli 2009) as distributed with MITx 6.419x; the
// COREnets cocaine-smuggling matrices (Jimenez-Salinas Framis 2011).
//
// # Two-mode matrices
//
// With Format "twomode" (never auto-detected) the matrix is person x event:
// each row label yields a Person, each column label an Event named by it,
// and each non-zero cell a fragment of that Event whose involved property
// holds the Person (fragments of one Event merge in the store). The cell
// value is not kept: FtM has no property for the weight of a participation.
// Source: 'Ndrangheta "Operazione Infinito" summits (Calderoni, Brunetto and
// Piccardi 2017, Social Networks 48), whose column labels hold the date and
// place of each summit.
//
// # Auto-detection
//
// Format "auto" reads the first non-blank line: more than three fields and
// an empty first field make it a matrix, anything else an edge list.
//
// # Bad input
//
// A problem yields (nil, *tideline.InputError) naming the file, line and
// field, and reading goes on; nothing in a file is dropped without one:
//
//   - a weight that is not a number, negative, out of range, or non-zero but
//     too small to hold ("1e-400", which would read as 0): the cell or row
//     is skipped;
//   - an edge-list row without two or three fields or with an empty label:
//     the row is skipped;
//   - a label (edge-list field, matrix row or column label) that is not
//     valid UTF-8 or holds a control character (C0 other than TAB, DEL, C1):
//     the edge-list row is skipped whole, or the matrix row or column, so
//     neither that person nor any tie to it is loaded;
//   - an edge-list weight of 0 ("weight 0: no tie loaded"): both Persons are
//     loaded, no link (a matrix cell of 0 is no tie and not reported);
//   - a self-loop, a tie from a node to itself (edge list: field "target";
//     matrix: the diagonal cell, field the column label): its Person is
//     loaded, no link, since a tie needs two people;
//   - a matrix row with the wrong number of cells: its Person is loaded, its
//     cells are not;
//   - a row label missing or repeated, or a column label missing or
//     repeated: that row or column is skipped;
//   - matrix row labels that differ from the column labels in the same
//     position: reported once, at the first such row; rows are then read
//     with their own labels;
//   - a matrix that is not square: reported once, at the line of the last
//     row with its label as field ("label" when it has none), or at the
//     header (field "header") when there are no rows.
//
// Errors use the file's own words: field "source", "target" or "weight" in
// an edge list; in a matrix, the column label for a cell, "label" for a row
// label and "column N" (1-based, counting the label column) for a column
// label that cannot be named.
package netfile
