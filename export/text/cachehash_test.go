package text

import (
	"testing"

	"github.com/go-text/typesetting/language"
)

// Keys that differ in face, script, direction, the trimmed space or
// bareness hash apart: two such keys with one hash take turns in the
// cache, each shaped again whenever the other was used since. (Faces 2k and 2k+1, a
// regular face and its bold, once had one hash in every script whose tag
// has bit 30 set: Arabic, Latin and Hebrew.)
func TestShapeKeysHashApart(t *testing.T) {
	c := newShapeCache()
	seen := map[uint64]shapeKey{}
	for face := range 40 {
		for _, sc := range []language.Script{language.Arabic, language.Latin, language.Hebrew, language.Common} {
			for _, rtl := range []bool{false, true} {
				for _, space := range []bool{false, true} {
					for _, bare := range []bool{false, true} {
						k := shapeKey{face: face, script: sc, rtl: rtl, space: space, bare: bare, lang: "ar", text: "كتاب"}
						h := c.hash(&k)
						if o, ok := seen[h]; ok {
							t.Fatalf("%+v and %+v have one hash", k, o)
						}
						seen[h] = k
					}
				}
			}
		}
	}
}
