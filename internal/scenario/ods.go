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

// Limits on the rows a sheet may expand to. Spreadsheets repeat empty
// padding rows a million times, which are dropped; a row that holds data
// and claims more repeats than these is refused before it is expanded.
const (
	odsMaxRepeat = 10_000  // repeats of one non-empty row
	odsMaxRows   = 100_000 // non-empty rows of a sheet, repeats counted
)

// readODSSheet returns the rows of one sheet of an OpenDocument
// spreadsheet (ISO/IEC 26300, the format of the Home Office time series):
// the content.xml part of the zip, table:table with table:name = sheet.
// Each cell reads as its office:date-value (date part only), office:value
// or text, in that order; repeated cells and rows are expanded, and empty
// trailing rows dropped. A non-empty row repeated more than odsMaxRepeat
// times, or a sheet of more than odsMaxRows non-empty rows, is refused.
// Memory is the sheet's kept cells; the XML is streamed, and read only up
// to the end of the sheet. nums gives each row's number in the
// spreadsheet (1-based, repeats and dropped rows counted). Errors name the
// file, and the sheet and row (or, for XML errors, the sheet being read, if
// any, and the byte offset).
func readODSSheet(path, sheet string) (rows [][]string, nums []int, err error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, nil, tideline.Errorf(tideline.EINVALID, "%s: not an OpenDocument spreadsheet: %v", path, err)
	}
	defer zr.Close()
	var content *zip.File
	for _, f := range zr.File {
		if f.Name == "content.xml" {
			content = f
		}
	}
	if content == nil {
		return nil, nil, tideline.Errorf(tideline.EINVALID, "%s: no content.xml: not an OpenDocument spreadsheet", path)
	}
	rc, err := content.Open()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	defer rc.Close()
	rows, nums, found, err := odsRows(rc, sheet)
	if err != nil {
		return nil, nil, tideline.Errorf(tideline.EINVALID, "%s: %v", path, err)
	}
	if !found {
		return nil, nil, tideline.Errorf(tideline.ENOTFOUND, "%s: no sheet named %s", path, sheet)
	}
	return rows, nums, nil
}

// odsRows reads the rows of sheet from content.xml, with their numbers in
// the spreadsheet. Its errors name the sheet and row ("sheet SB_01, row 12:
// ...") or, for XML errors, the sheet being read if any and the byte offset
// in content.xml.
func odsRows(r io.Reader, sheet string) (rows [][]string, nums []int, found bool, err error) {
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
	current := "" // the sheet whose table element is open, "" outside any
	rowNum := 0   // the spreadsheet row number (repeats counted) of the last row of the sheet begun
	var row []string
	rowRepeat := 0
	var cell strings.Builder
	cellValue, inCell, cellRepeat := "", false, 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return rows, nums, found, nil
		}
		if err != nil {
			at := fmt.Sprintf("byte %d of content.xml", d.InputOffset())
			if current != "" {
				at = fmt.Sprintf("sheet %s, %s", current, at)
			}
			return nil, nil, found, fmt.Errorf("%s: %v", at, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case t.Name.Space == nsTable && t.Name.Local == "table":
				current = attr(t, nsTable, "name")
				in = current == sheet
				found = found || in
			case !in:
			case t.Name.Space == nsTable && t.Name.Local == "table-row":
				row, rowRepeat = row[:0:0], repeat(t, "number-rows-repeated")
				rowNum++
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
			case t.Name.Space == nsTable && t.Name.Local == "table":
				current = ""
				if in {
					return rows, nums, true, nil // the sheet is read: the rest is other sheets
				}
			case !in:
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
				first := rowNum
				rowNum += rowRepeat - 1
				for len(row) > 0 && row[len(row)-1] == "" {
					row = row[:len(row)-1]
				}
				if len(row) == 0 {
					continue // padding rows (repeated a million times) hold nothing
				}
				if rowRepeat > odsMaxRepeat {
					return nil, nil, found, fmt.Errorf("sheet %s, row %d: a row holding data is repeated %d times (table:number-rows-repeated); at most %d",
						sheet, first, rowRepeat, odsMaxRepeat)
				}
				if len(rows)+rowRepeat > odsMaxRows {
					return nil, nil, found, fmt.Errorf("sheet %s, row %d: more than %d rows holding data; the sheet is not a daily or weekly series",
						sheet, first, odsMaxRows)
				}
				for i := 0; i < rowRepeat; i++ {
					rows = append(rows, row)
					nums = append(nums, first+i)
				}
			}
		}
	}
}
