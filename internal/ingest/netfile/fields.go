package netfile

import (
	"bufio"
	"errors"
	"io"
	"strings"
)

// maxLine bounds the length of one edge-list line; longer lines are
// reported and skipped.
const maxLine = 1 << 20

// lineReader reads lines of any length from a bufio.Reader, keeping at most
// maxLine bytes of each.
type lineReader struct {
	br   *bufio.Reader
	buf  []byte
	line int // 1-based number of the line last returned
}

// next returns the next line without its "\n" or "\r\n", whether it was cut
// at maxLine, and io.EOF after the last line.
func (lr *lineReader) next() (string, bool, error) {
	lr.buf = lr.buf[:0]
	long := false
	for {
		chunk, err := lr.br.ReadSlice('\n')
		if len(lr.buf)+len(chunk) <= maxLine {
			lr.buf = append(lr.buf, chunk...)
		} else {
			long = true
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil && (!errors.Is(err, io.EOF) || len(lr.buf) == 0 && !long) {
			return "", false, err
		}
		lr.line++
		s := string(lr.buf)
		s = strings.TrimSuffix(s, "\n")
		s = strings.TrimSuffix(s, "\r")
		return s, long, nil
	}
}

// matrixSeparator picks the field separator of a CSV header line: the most
// frequent of comma, semicolon and tab outside double quotes; comma on ties
// or when none occurs.
func matrixSeparator(line string) byte {
	var comma, semi, tab int
	quoted := false
	for i := 0; i < len(line); i++ {
		switch c := line[i]; {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == ',':
			comma++
		case c == ';':
			semi++
		case c == '\t':
			tab++
		}
	}
	switch {
	case semi > comma && semi >= tab:
		return ';'
	case tab > comma && tab > semi:
		return '\t'
	}
	return ','
}

// edgeSeparator picks the field separator of an edge list from its first
// data line: tab, else comma, else semicolon, else runs of spaces (0).
func edgeSeparator(line string) byte {
	for _, c := range []byte{'\t', ',', ';'} {
		if strings.IndexByte(line, c) >= 0 {
			return c
		}
	}
	return 0
}

// splitFields splits line at sep (0: runs of spaces and tabs) and trims
// spaces around each field. A field that starts with a double quote runs to
// the matching closing quote, may hold the separator and uses "" for a
// literal quote; a quote that is never closed is kept as text.
func splitFields(line string, sep byte) []string {
	if strings.IndexByte(line, '"') < 0 {
		var f []string
		if sep == 0 {
			f = strings.Fields(line)
		} else {
			f = strings.Split(line, string(sep))
		}
		for i := range f {
			f[i] = strings.TrimSpace(f[i])
		}
		return f
	}
	var out []string
	i := 0
	for {
		if sep == 0 {
			for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
				i++
			}
			if i == len(line) {
				return out
			}
		} else {
			for i < len(line) && line[i] == ' ' {
				i++
			}
		}
		var b strings.Builder
		if i < len(line) && line[i] == '"' {
			j, closed := i+1, false
			for j < len(line) {
				if line[j] == '"' {
					if j+1 < len(line) && line[j+1] == '"' {
						b.WriteByte('"')
						j += 2
						continue
					}
					closed = true
					j++
					break
				}
				b.WriteByte(line[j])
				j++
			}
			if closed {
				i = j
			} else {
				b.Reset() // unterminated: read the field as plain text
			}
		}
		// Plain text up to the separator (after a closing quote: any
		// stray text is kept).
		for i < len(line) && !isSep(line[i], sep) {
			b.WriteByte(line[i])
			i++
		}
		out = append(out, strings.TrimSpace(b.String()))
		if i == len(line) {
			return out
		}
		i++ // the separator
		if sep != 0 && i == len(line) {
			return append(out, "")
		}
	}
}

func isSep(c, sep byte) bool {
	if sep == 0 {
		return c == ' ' || c == '\t'
	}
	return c == sep
}
