package scenario

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/tideline-oss/tideline"
)

// odsMaxCols is the number of columns readODSSheet keeps per row; cells
// repeated past it (spreadsheets pad rows to 16,384 columns) are skipped.
const odsMaxCols = 32

// readODSSheet returns the rows of one sheet of an OpenDocument
// spreadsheet (ISO/IEC 26300, the format of the Home Office time series):
// the content.xml part of the zip, table:table with table:name = sheet.
// Each cell reads as its office:date-value (date part only), office:value
// or text, in that order; repeated cells and rows are expanded, and empty
// trailing rows dropped. Memory is the sheet's kept cells; the XML is
// streamed. Errors name the file and sheet.
func readODSSheet(path, sheet string) ([][]string, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, tideline.Errorf(tideline.EINVALID, "%s: not an OpenDocument spreadsheet: %v", path, err)
	}
	defer zr.Close()
	var content *zip.File
	for _, f := range zr.File {
		if f.Name == "content.xml" {
			content = f
		}
	}
	if content == nil {
		return nil, tideline.Errorf(tideline.EINVALID, "%s: no content.xml: not an OpenDocument spreadsheet", path)
	}
	rc, err := content.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	defer rc.Close()
	rows, found, err := odsRows(rc, sheet)
	if err != nil {
		return nil, tideline.Errorf(tideline.EINVALID, "%s: sheet %s: %v", path, sheet, err)
	}
	if !found {
		return nil, tideline.Errorf(tideline.ENOTFOUND, "%s: no sheet named %s", path, sheet)
	}
	return rows, nil
}

func odsRows(r io.Reader, sheet string) (rows [][]string, found bool, err error) {
	const (
		nsTable  = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
		nsOffice = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
	)
	attr := func(e xml.StartElement, space, local string) string {
		for _, a := range e.Attr {
			if a.Name.Space == space && a.Name.Local == local {
				return a.Value
			}
		}
		return ""
	}
	repeat := func(e xml.StartElement, local string) int {
		n, err := strconv.Atoi(attr(e, nsTable, local))
		if err != nil || n < 1 {
			return 1
		}
		return n
	}
	d := xml.NewDecoder(r)
	in := false
	var row []string
	rowRepeat := 0
	var cell strings.Builder
	cellValue, inCell, cellRepeat := "", false, 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return rows, found, nil
		}
		if err != nil {
			return nil, found, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case t.Name.Space == nsTable && t.Name.Local == "table":
				in = attr(t, nsTable, "name") == sheet
				found = found || in
			case !in:
			case t.Name.Space == nsTable && t.Name.Local == "table-row":
				row, rowRepeat = row[:0:0], repeat(t, "number-rows-repeated")
			case t.Name.Space == nsTable && (t.Name.Local == "table-cell" || t.Name.Local == "covered-table-cell"):
				inCell, cellRepeat = true, repeat(t, "number-columns-repeated")
				cell.Reset()
				cellValue = attr(t, nsOffice, "date-value")
				if len(cellValue) > 10 {
					cellValue = cellValue[:10]
				}
				if cellValue == "" {
					cellValue = attr(t, nsOffice, "value")
				}
			}
		case xml.CharData:
			if inCell {
				cell.Write(t)
			}
		case xml.EndElement:
			switch {
			case !in:
			case t.Name.Space == nsTable && t.Name.Local == "table":
				in = false
			case t.Name.Space == nsTable && (t.Name.Local == "table-cell" || t.Name.Local == "covered-table-cell"):
				v := cellValue
				if v == "" {
					v = strings.TrimSpace(cell.String())
				}
				for i := 0; i < cellRepeat && len(row) < odsMaxCols; i++ {
					row = append(row, v)
				}
				inCell = false
			case t.Name.Space == nsTable && t.Name.Local == "table-row":
				for len(row) > 0 && row[len(row)-1] == "" {
					row = row[:len(row)-1]
				}
				if len(row) == 0 {
					continue // padding rows (repeated a million times) hold nothing
				}
				for i := 0; i < rowRepeat; i++ {
					rows = append(rows, row)
				}
			}
		}
	}
}
