// Package analysis builds the investigation graph from the statement store
// and computes the network report an analyst reads first.
//
// Nodes are entities and shared pivot values; edges come from three sources:
//
//   - edge schemata (Payment, Call, Ownership, Associate, Family,
//     UnknownLink...): one edge between the entities named by the schema's
//     source and target properties, weighted by the Tideline `weight`
//     property (default 1); a Call whose caller or receiver entity is
//     missing is attached to the phone-number node of callerNumber or
//     receiverNumber instead;
//   - entity references of node entities (Crossing.boat, Trip.vehicle,
//     Person.addressEntity, Sanction.entity...): one edge from the entity to
//     each referenced entity, so events connect everything they involve;
//   - pivot values: a phone number, identifier, IBAN or e-mail address held
//     by two or more entities becomes its own node ("phone:+447700900123")
//     linked to each holder.
//
// The report (Report) gives, per connected component, its size, density, the
// top nodes by degree, betweenness and PageRank, and its communities with
// their modularity. The algorithms are those of internal/netgraph.
package analysis
