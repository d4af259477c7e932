// Package access enforces need-to-know in the store layer: Store wraps any
// tideline.Store (and ResolvingStore any store that also keeps resolution)
// and answers every read for the tideline.Principal in the context, so no
// code path built on the store (search, entity view, graph neighbours,
// paths, analysis, resolution review, counts) can read past it.
//
// # Rules
//
//   - A context without a principal gets EUNAUTHORIZED from every method,
//     unless it was made by System for a trusted job (a resolution run, a
//     migration), which sees and may do everything. A principal without
//     PermRead sees nothing: entities are not found, streams are empty,
//     counts are zero.
//   - A statement is visible when its dataset is (tideline.Visible over the
//     owners, shares and operations of a tideline.AccessStore). Entities are
//     assembled from their visible statements only; an entity without one
//     does not exist for the principal: Entity and EntityStatements give the
//     ENOTFOUND ("entity ID not found") an id never loaded gives, and the
//     streams leave it out. A visible entity's references to an invisible
//     one stay as values; nothing else about the invisible one is shown.
//   - A person recorded as a victim (a statement of the safeguarding
//     property in any dataset, visible or not: the flag protects the person)
//     is visible only to principals with Visibility.Safeguarding; to anyone
//     else the whole entity is not found, even when the flag sits in a
//     dataset they cannot see and the name in one they can.
//   - Statements are returned whole: a value under handling code C keeps its
//     Grading (Handling 'C' and the Conditions) for every reader.
//   - Counts and Datasets count and list only what the principal sees.
//   - Loading (WriteStatements, PutDataset) needs PermIngest and, for every
//     dataset written, that it belongs to an operation the principal is a
//     member of or, outside operations, that the principal's agency owns
//     it. Only resolution sets canonical ids. Judging a pair needs PermJudge
//     and both entities visible. Replacing canonical ids, the review queue
//     and the trained models is for the resolution job (System) only, and so
//     is reading a trained model, which holds values of every dataset.
//
// # Merged entities
//
// Resolution files the statements of every member of a cluster under one
// canonical id, the id of one of its members. A principal sees the merged
// entity assembled from the visible members' statements only. Its id is the
// canonical id when the canonical member itself has a visible statement;
// otherwise it is the smallest id among the visible members, so a hidden
// member's id never shows, and looking the hidden canonical id up is
// ENOTFOUND like any unknown id. Referents, CanonicalOf and Canonicals speak
// of the visible members only. The shown id finds the entity through the
// wrapped store's resolution (CanonicalOf); statements the system files
// under another canonical id by hand, without resolution, are found under a
// shown id other than their canonical one by the streams only. A merge
// itself may rest on evidence in datasets the principal cannot see: that the
// visible members were found to be one person is shown, what linked them is
// not. Likewise a review item between two visible entities keeps its
// probability and note, and a judgement its reason, which were made with all
// the records in view.
//
// A person flagged as a victim only in a dataset a principal cannot see is
// shown, to a principal who may see victims, without the flag: the flag's
// statement is as hidden as any other of that dataset.
//
// # Costs
//
// Visibility is computed once per principal and kept for TTL (10 seconds by
// default); call Invalidate after any change of shares, owners, operations
// or members. Reads by id read the whole entity (every dataset) to find its
// flags; streams over the whole store push the visible datasets down to the
// wrapped store and, for principals who may not see victims, first list the
// flagged people once (a scan of the Person statements, kept for TTL and
// dropped by any write through this Store). Writes that bypass this Store
// (another process loading the same database) are seen by that list only
// when it next expires.
package access
