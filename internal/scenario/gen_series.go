//go:build ignore

// gen_series writes the compact copy of the public Channel series that the
// scenario package embeds:
//
//	go run gen_series.go -data ../../../shared/data/channel
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/tideline-oss/tideline/internal/scenario"
)

func main() {
	data := flag.String("data", "../../../shared/data/channel", "channel data folder")
	out := flag.String("out", "series", "output folder")
	flag.Parse()
	s, err := scenario.ReadSeries(*data)
	if err == nil {
		err = s.WriteCompact(*out)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen_series:", err)
		os.Exit(1)
	}
}
