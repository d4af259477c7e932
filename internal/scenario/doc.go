// Package scenario generates realistic people-smuggling scenarios on the
// Channel route with their ground truth: a hidden world of smuggling
// groups and the records several agencies hold about it, each in its own
// CSV layout with an FtM mapping that loads it.
//
// # The world
//
// Groups of 10 to 60 members (10 + 50·Beta(2,4)) have organisers,
// lieutenants running cells, recruiters, brokers, drivers, boat and engine
// suppliers, money handlers and pilots; suppliers and money handlers also
// serve other groups, so the network has brokers between cells. Members
// have phones swapped over time, vehicles, bank accounts with valid IBANs,
// addresses and passports; every identifier is drawn through a keyed
// bijection (permute), so no two true entities share one by accident.
//
// Crossings follow the Home Office daily series (Series: people and boats
// per day, scaled to Config.People with error diffusion, exact at the real
// volume); French preventions follow the weekly SB_02 figures; the people
// carried have the nationalities, sex and age of Irr_D01's small-boat
// arrivals of the year. Irr_D01's figures end with 2023: passengers of
// later years (2024 to 2026) follow 2023's shares, and scenario.json's
// share_years and the README say so for each year of the range. Names come
// from the naming tradition of the person's nationality (several for
// some: Indians are Punjabi Sikh or Hindu, Nigerians Yoruba, Igbo or
// Hausa). People on the boats are recorded as victims, with safeguarding
// flags and handling code C, except the pilot; a boat without a core
// member at the helm is steered by a passenger recruited for it, a man of
// 18 to 40. A few passengers cross twice: returned to France (under the
// UK-France returns agreement from 6 August 2025; rarely before it) and
// crossing again 60 to 400 days after they first arrived, never days
// later (Noise.Returnee). Each crossing launches at night and is detected
// hours later; its pilot, when arrested on arrival, is arrested 1 to 6
// hours after that, where the boat came ashore. Events (calls, meetings,
// payments, arrests, engine purchases, seizures, vehicle checks, number
// plate reads) are drawn per group and day; calls are made in waking hours,
// and on a crossing's night between the lieutenant, drivers and core pilot
// around the launch. Addresses follow each city's streets and postcodes;
// plates their country's format and the vehicle's registration date; ANPR
// reads follow real routes camera by camera; arrests abroad cite the
// arresting country's law.
//
// # Sources
//
// Each source reports part of the world in its own layout and grading:
// bf_small_boats (Border Force), nca_intel (NCA intelligence, graded
// report by report), police_custody, cdr_albion and cdr_kestrel (two mobile
// networks' call data and subscriber records), ukfiu_sars (banks'
// suspicious activity reports), europol_siena (partner messages with
// Europol handling codes) and anpr_reads. Records carry the noise real
// ones do, each kind at its Noise rate: other romanisations of names
// (from the name pools of namedata.go), given and family names swapped,
// date-of-birth typos, day and month swapped, the year only, missing
// fields, aliases, misread document numbers, phones in national and
// international form and plates with and without spacing (ANPR writes
// them compact, as cameras read them).
//
// # Truth
//
// truth/DATASET.mentions.csv lists every entity a source's mapping makes
// (its FtM id, tideline.MakeID of the dataset, key_literal and keys), the
// true entity it stands for and the noise kinds its record carries;
// members.csv, passengers.csv, groups.csv, crossings.csv and links.csv
// hold the world itself.
//
// # Determinism and cost
//
// Every random choice comes from a SplitMix64 stream keyed by the seed and
// what it decides (a member, a crossing, a record), never from one shared
// sequence: the same Config gives the same bytes whatever the scheduling,
// and writing one source alone gives that source's bytes unchanged.
// Sources are written concurrently, each streaming to disk; memory is the
// world's index, O(groups + members + crossings + days), about 50 MiB of
// live heap at a million people (BenchmarkGenerate, bench/scenario.sh).
package scenario
