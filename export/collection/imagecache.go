package collection

import (
	"strconv"

	"github.com/warraq/warraq/internal/cache"
	"github.com/warraq/warraq/internal/cache/wire"
)

// Loading an image decodes every pixel (so that a corrupt file fails here)
// and may write it again (a WebP as PNG, a large image scaled down, a PNG
// of few colours paletted): for a book with photographs, most of a rebuild
// (a 2400 x 3200 PNG and its JPEG took 0.2 s of a 0.44 s rebuild, every
// rebuild). So what loading makes of an image file is kept in the build
// cache, under the SHA-256 of this Warraq (a build of other code never
// reads the entry) and the file's bytes: the asset's media type, size,
// whether its name gained an extension (a WebP carried as PNG or JPEG),
// the note a scaled image is warned with,
// and its bytes when they are not the file's. A file that fails is not
// kept: it is decoded again, and fails again with its message. A damaged
// entry is a miss.

// imageCacheVersion changes whenever an image entry's key or contents
// change meaning.
const imageCacheVersion = 3

// imageKey is the key of the entry of an image file with these bytes,
// loaded as the cover or not (a cover's entry holds its edge colour);
// false when there is no cache, or no executable's identity to key it by.
func (l *loader) imageKey(data []byte, cover bool) ([32]byte, bool) {
	id := cache.BuildID()
	if l.opt.Cache == nil || id == nil {
		return [32]byte{}, false
	}
	role := []byte("image")
	if cover {
		role = []byte("cover image")
	}
	return cache.Key(role, strconv.AppendInt(nil, imageCacheVersion, 10), id, data), true
}

// cachedImage is the image file at key (its bytes data) as loaded before,
// from entry ckey; false when there is no such entry or it is damaged.
func (l *loader) cachedImage(ckey [32]byte, key string, data []byte) (imageLoad, bool) {
	entry, ok := l.opt.Cache.Get(ckey)
	if !ok {
		return imageLoad{}, false
	}
	r := wire.NewReader(entry)
	a := &Asset{Path: key, Data: data}
	a.MediaType = r.Str()
	a.Width, a.Height = int(r.Uint()), int(r.Uint())
	renamed := r.Bool()
	note := r.Str()
	if r.Bool() {
		a.Data = r.Raw()
	}
	var edge [3]uint8
	for i := range edge {
		edge[i] = uint8(r.Uint())
	}
	if r.End() != nil || (a.MediaType != "image/png" && a.MediaType != "image/jpeg") || a.Width <= 0 || a.Height <= 0 {
		return imageLoad{}, false
	}
	if renamed {
		a.Path = key + renamedExt[a.MediaType]
	}
	return imageLoad{asset: a, note: note, edge: edge}, true
}

// putImage keeps what loading made of the image file at key (its bytes
// data) under ckey.
func (l *loader) putImage(ckey [32]byte, key string, data []byte, ld imageLoad) {
	a := ld.asset
	w := wire.NewWriter(nil)
	w.Str(a.MediaType)
	w.Uint(uint64(a.Width))
	w.Uint(uint64(a.Height))
	w.Bool(a.Path != key)
	w.Str(ld.note)
	own := len(a.Data) != len(data) || (len(data) > 0 && &a.Data[0] != &data[0])
	w.Bool(own)
	if own {
		w.Raw(a.Data)
	}
	for _, c := range ld.edge {
		w.Uint(uint64(c))
	}
	l.opt.Cache.Put(ckey, w.Data())
}
