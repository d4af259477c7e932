package scenario

import (
	"fmt"
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
	PhoneFormat float64 // a phone written in the other form than the source usually writes (national or international): default 0.30
	PlateFormat float64 // a registration plate written without its usual spacing ("AB12CDE", "AB 123 CD"): default 0.40
	Returnee    float64 // a passenger who crossed before crossing again: per seat; default 0.02
}

// Defaults returns c with every zero field set to its default, checked:
// EINVALID for dates outside the series, From after To, negative sizes or
// unknown sources.
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
		p   *float64
		def float64
	}{{&n.Translit, 0.35}, {&n.NameSwap, 0.08}, {&n.DOBTypo, 0.04}, {&n.DOBSwap, 0.04}, {&n.DOBYearOnly, 0.04},
		{&n.Missing, 0.08}, {&n.Alias, 0.10}, {&n.AliasAsName, 0.02}, {&n.OCR, 0.03}, {&n.PhoneFormat, 0.30},
		{&n.PlateFormat, 0.40}, {&n.Returnee, 0.02}} {
		switch {
		case *r.p == 0:
			*r.p = r.def
		case *r.p < 0:
			*r.p = 0
		case *r.p > 1:
			return c, tideline.Errorf(tideline.EINVALID, "scenario: noise rate %g is above 1", *r.p)
		}
	}
	if n.DOBTypo+n.DOBSwap+n.DOBYearOnly+n.Missing > 1 {
		return c, tideline.Errorf(tideline.EINVALID, "scenario: date-of-birth noise rates add up to more than 1")
	}
	for _, s := range c.Sources {
		if sourceByName(s) == nil {
			return c, tideline.Errorf(tideline.EINVALID, "scenario: unknown source %q (known: %v)", s, SourceNames())
		}
	}
	return c, nil
}

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
