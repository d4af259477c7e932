// Package resolution is entity resolution over the statement store: it
// reads the entities as loaded, turns them into records of
// internal/resolve by profile (people, vehicles, vessels, engines, bank
// accounts), trains or loads each profile's Fellegi-Sunter model, clusters
// under the analysts' judgements, gives clusters stable canonical ids and
// moves the statements under them, and keeps the review queue. It also
// explains a pair's score and evaluates resolution on labelled data (FEBRL,
// Splink's fake_1000 and historical_50k, the OpenSanctions name bench, and
// generated scenarios with their truth).
package resolution
