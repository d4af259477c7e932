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
//   - To a principal who may see victims, such a person always comes with
//     a safeguarding statement, so that nothing built on the store (the
//     analysis leaves victims out by that property) ranks or profiles a
//     victim as a target. When none of the statements a read returns is a
//     flag (they all sit in datasets the principal cannot see, or in
//     visible ones that the read's dataset filter leaves out), the read
//     returns one synthetic flag instead, after the entity's other
//     statements in the streams (EntityStatements sorts it among them): in
//     the pseudo-dataset RestrictedDataset, valued FlagNotShared (no
//     visible dataset holds a flag) or FlagNotSelected, under handling code
//     C with RestrictedConditions, ungraded, with no agency or origin, filed
//     under the id shown, and seen from the earliest FirstSeen to the latest
//     LastSeen of the entity's other statements in the read, so that the
//     entity's seen dates do not change. It is the same whichever hidden
//     datasets, agencies or operations hold the flags, whatever their
//     values, gradings, origins and dates, and however many there are. This
//     holds for reads by id and for every stream, with or without filters,
//     and for merged entities whose flag is a hidden member's.
//   - Statements are returned whole: a value under handling code C keeps its
//     Grading (Handling 'C' and the Conditions) for every reader.
//   - Counts and Datasets count and list only what the principal sees.
//     Counts counts what the streams return, synthetic flags included (one
//     for each visible entity flagged only where the read does not reach,
//     which the flag itself says); Datasets lists real datasets only, with
//     what they hold: RestrictedDataset is not a dataset (no dataset can be
//     named so, and a filter naming it selects nothing), and it is not
//     listed. So the statements Datasets counts for a principal who may see
//     victims are those of Counts less the synthetic flags, and neither
//     changes with what the hidden datasets hold beyond which visible
//     entities are flagged.
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
// shown, to a principal who may see victims, with the synthetic flag in
// place of the real one, whose statement is as hidden as any other of that
// dataset: the synthetic flag says that the person is a victim and nothing
// else. A merged entity is flagged when any of its members is, whether the
// member's record is visible or not.
//
// # Costs
//
// Visibility is computed once per principal and kept for TTL (10 seconds by
// default); call Invalidate after any change of shares, owners, operations
// or members. Reads by id read the whole entity (every dataset) to find its
// flags; streams push the visible datasets down to the wrapped store and
// first list the flagged people, with the datasets of their flags, once for
// every principal (a scan of the Person statements, kept for TTL, shared by
// all principals and dropped by any write or canonical id change through
// this Store): it hides victims from principals who may not see them and
// gives the others their synthetic flags, at one map lookup per entity.
// Writes that bypass this Store (another process loading the same
// database) are seen by that list only when it next expires.
package access
