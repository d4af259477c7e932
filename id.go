package tideline

import (
	"crypto/sha1"
	"encoding/hex"
	"slices"
)

// MakeID returns the id a FollowTheMoney mapping gives an entity: the hex
// SHA1 of seed (the dataset name followed by the mapping's key_literal)
// and the non-empty keys in sorted byte order, concatenated without
// separators (followthemoney/mapping/entity.py compute_key). It returns ""
// when every key is empty: such a row makes no entity. Keys must already be
// cleaned as the mapping cleans cell values (trimmed, NFC). keys is not
// modified. O(total length) plus the sort of the keys.
func MakeID(seed string, keys ...string) string {
	k := make([]string, 0, len(keys))
	for _, v := range keys {
		if v != "" {
			k = append(k, v)
		}
	}
	if len(k) == 0 {
		return ""
	}
	slices.Sort(k)
	h := sha1.New()
	h.Write([]byte(seed))
	for _, v := range k {
		h.Write([]byte(v))
	}
	var sum [sha1.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0]))
}
