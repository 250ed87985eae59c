package wiretest

import "testing"

func TestPlaces(t *testing.T) {
	for _, n := range []int{0, 1, maxPlaces, maxPlaces + 1, 77389} {
		p := places(n)
		if n <= maxPlaces && len(p) != n {
			t.Errorf("%d bytes: %d places, want every one", n, len(p))
		}
		if n > 0 && (p[0] != 0 || p[len(p)-1] != n-1) {
			t.Errorf("%d bytes: places from %d to %d", n, p[0], p[len(p)-1])
		}
		if len(p) > maxPlaces+512 {
			t.Errorf("%d bytes: %d places", n, len(p))
		}
		for i := 1; i < len(p); i++ {
			if p[i] <= p[i-1] {
				t.Fatalf("%d bytes: places not increasing at %d", n, i)
			}
		}
	}
}
