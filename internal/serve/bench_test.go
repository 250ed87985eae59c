package serve

import "testing"

// BenchmarkBuildSamples is one rebuild of the preview after an edit: the
// samples loaded and their web edition made, the cover kept from the build
// before (it was 70% of a rebuild when drawn each time).
func BenchmarkBuildSamples(b *testing.B) {
	s := New(Options{Dir: "../../samples"})
	for b.Loop() {
		if _, _, p := s.build(); p != nil {
			b.Fatal(p)
		}
	}
}
