package scenario

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/tideline-oss/tideline"
)

// Config sets what a scenario holds. Zero fields take their defaults
// (Defaults); the same Config and Seed always give the same bytes.
type Config struct {
	Seed uint64
	// From and To bound the days simulated (UTC dates, inclusive). Zero:
	// the whole daily series, 2018-01-01 to its last day.
	From, To time.Time
	// People is the number of persons in the world: group members and the
	// people carried on the boats. Zero: the real number of arrivals in
	// the range (the crossings are then the real ones, one for one), plus
	// the members.
	People int
	// Groups is the number of smuggling groups. Zero: one per 1,000
	// people, at least 3.
	Groups int
	// Noise sets how often each kind of recording error occurs.
	Noise Noise
	// Series is the real series followed; nil means DefaultSeries.
	Series *Series
	// Sources lists the sources to write (dataset names, see SourceNames);
	// nil writes all of them. Truth files are always written.
	Sources []string
}

// Noise gives the rate of each kind of recording error, as a probability
// per opportunity (per record that could carry it). A negative rate turns
// a kind off; zero takes the default. Rates are measured back by the
// generator and written to scenario.json.
type Noise struct {
	Translit    float64 // a name written in another romanisation (Mohammed/Muhammad): per record whose name has variants; default 0.35
	NameSwap    float64 // given and family names swapped: per person record; default 0.08
	DOBTypo     float64 // one digit of the date of birth wrong: default 0.04
	DOBSwap     float64 // day and month swapped (only when both are 12 or less and differ): default 0.04
	DOBYearOnly float64 // only the year of birth recorded: default 0.04
	Missing     float64 // an optional field left empty (date of birth, nationality, phone, address...): per field; default 0.08
	Alias       float64 // an alias recorded beside the name (members): default 0.10
	AliasAsName float64 // an alias recorded as the name (members): default 0.02
	OCR         float64 // one character of a document or serial number misread (0/O, 1/I, 5/S, 8/B): default 0.03
	PhoneFormat float64 // a phone of the record's own country written in international rather than national form (foreign numbers are always international): default 0.30
	PlateFormat float64 // a registration plate written without its usual spacing ("AB12CDE", "AB 123 CD"); not in ANPR reads, always compact: default 0.40
	Returnee    float64 // a passenger who crossed before, was returned to France and crosses again 60 to 400 days later: per seat from 6 August 2025 (the UK-France returns agreement), a fifth of it before; default 0.02
}

// Defaults returns c with every zero field set to its default, checked:
// EINVALID for dates outside the series, From after To, negative sizes,
// noise rates that are not numbers from 0 to 1 (NaN, infinities, above 1)
// or whose date-of-birth kinds add up to more than 1, an empty source list
// (non-nil Sources with no names) or unknown sources. The messages name
// the tideline scenario flags (--from, --noise...).
func (c Config) Defaults() (Config, error) {
	if c.Series == nil {
		s, err := DefaultSeries()
		if err != nil {
			return c, err
		}
		c.Series = s
	}
	if c.From.IsZero() {
		c.From = c.Series.Start
	}
	if c.To.IsZero() {
		c.To = c.Series.End()
	}
	c.From, c.To = c.From.UTC().Truncate(24*time.Hour), c.To.UTC().Truncate(24*time.Hour)
	if c.To.Before(c.From) {
		return c, tideline.Errorf(tideline.EINVALID, "scenario: --from %s is after --to %s", c.From.Format(time.DateOnly), c.To.Format(time.DateOnly))
	}
	if _, ok := c.Series.Day(c.From); !ok {
		return c, c.outsideSeries()
	}
	if _, ok := c.Series.Day(c.To); !ok {
		return c, c.outsideSeries()
	}
	if c.People < 0 || c.Groups < 0 {
		return c, tideline.Errorf(tideline.EINVALID, "scenario: --people and --groups must not be negative")
	}
	if c.People > 50_000_000 {
		return c, tideline.Errorf(tideline.EINVALID, "scenario: --people %d: at most 50,000,000", c.People)
	}
	if c.Groups > 1_000_000 {
		return c, tideline.Errorf(tideline.EINVALID, "scenario: --groups %d: at most 1,000,000", c.Groups)
	}
	n := &c.Noise
	for _, r := range []struct {
		kind NoiseKind
		p    *float64
		def  float64
	}{{NoiseTranslit, &n.Translit, 0.35}, {NoiseNameSwap, &n.NameSwap, 0.08}, {NoiseDOBTypo, &n.DOBTypo, 0.04},
		{NoiseDOBSwap, &n.DOBSwap, 0.04}, {NoiseDOBYearOnly, &n.DOBYearOnly, 0.04}, {NoiseMissing, &n.Missing, 0.08},
		{NoiseAlias, &n.Alias, 0.10}, {NoiseAliasAsName, &n.AliasAsName, 0.02}, {NoiseOCR, &n.OCR, 0.03},
		{NoisePhoneFormat, &n.PhoneFormat, 0.30}, {NoisePlateFormat, &n.PlateFormat, 0.40}, {-1, &n.Returnee, 0.02}} {
		name := "returnee"
		if r.kind >= 0 {
			name = r.kind.String()
		}
		switch {
		case math.IsNaN(*r.p) || math.IsInf(*r.p, 0):
			return c, tideline.Errorf(tideline.EINVALID, "scenario: --noise %s=%g: the rate must be a number from 0 to 1", name, *r.p)
		case *r.p == 0:
			*r.p = r.def
		case *r.p < 0:
			*r.p = 0
		case *r.p > 1:
			return c, tideline.Errorf(tideline.EINVALID, "scenario: --noise %s=%g: the rate is above 1", name, *r.p)
		}
	}
	// dob draws the four kinds from one uniform number, in this order: their
	// rates share the unit interval.
	dobKinds := []struct {
		kind NoiseKind
		rate float64
	}{{NoiseMissing, n.Missing}, {NoiseDOBYearOnly, n.DOBYearOnly}, {NoiseDOBSwap, n.DOBSwap}, {NoiseDOBTypo, n.DOBTypo}}
	sum := 0.0
	var terms []string
	for _, k := range dobKinds {
		sum += k.rate
		terms = append(terms, k.kind.String()+" "+formatRate(k.rate))
	}
	if sum > 1+1e-9 {
		return c, tideline.Errorf(tideline.EINVALID, "scenario: --noise: date-of-birth noise rates add up to more than 1: %s = %s > 1: lower one (0 turns a kind off)",
			strings.Join(terms, " + "), formatRate(sum))
	}
	if c.Sources != nil && len(c.Sources) == 0 {
		return c, tideline.Errorf(tideline.EINVALID, "scenario: --sources is empty: name one or more of %s, or leave it out for all", strings.Join(SourceNames(), ", "))
	}
	for _, s := range c.Sources {
		if sourceByName(s) == nil {
			return c, tideline.Errorf(tideline.EINVALID, "scenario: unknown source %q (known: %v)", s, SourceNames())
		}
	}
	return c, nil
}

// outsideSeries is the error for dates the series does not cover.
func (c Config) outsideSeries() error {
	return tideline.Errorf(tideline.EINVALID, "scenario: dates %s to %s: the series covers %s to %s",
		c.From.Format(time.DateOnly), c.To.Format(time.DateOnly), c.Series.Start.Format(time.DateOnly), c.Series.End().Format(time.DateOnly))
}

// formatRate writes a rate or a sum of rates without float noise
// (0.1+0.2 is written 0.3).
func formatRate(r float64) string { return strconv.FormatFloat(r, 'g', 10, 64) }

// Demo returns the configuration of the README's first run: a summer of
// crossings (April to September 2024), 3,000 people in 10 groups, so that
// generating, loading and analysing it takes seconds.
func Demo() Config {
	return Config{Seed: 1, From: day(2024, 4, 1), To: day(2024, 9, 30), People: 3000, Groups: 10}
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// String describes the configuration in one line.
func (c Config) String() string {
	return fmt.Sprintf("seed %d, %s to %s, people %d, groups %d", c.Seed, c.From.Format(time.DateOnly), c.To.Format(time.DateOnly), c.People, c.Groups)
}
