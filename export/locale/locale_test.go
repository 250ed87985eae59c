package locale

import (
	"reflect"
	"testing"
	"time"
)

func TestEveryTableComplete(t *testing.T) {
	for lang, l := range byLang {
		if l.Lang != lang || (l.Dir != "rtl" && l.Dir != "ltr") || l.Script == "" || l.Zero == 0 {
			t.Errorf("%s: %+v", lang, l)
		}
		for i, m := range l.Months {
			if m == "" {
				t.Errorf("%s: month %d has no name", lang, i+1)
			}
		}
		v := reflect.ValueOf(l.Labels)
		for i := 0; i < v.NumField(); i++ {
			if v.Field(i).String() == "" {
				t.Errorf("%s: label %s is empty", lang, v.Type().Field(i).Name)
			}
		}
		if l.Quotes.Open == "" || l.Quotes.Close == "" || l.Quotes.InnerOpen == "" || l.Quotes.InnerClose == "" {
			t.Errorf("%s: quotes %+v", lang, l.Quotes)
		}
	}
}

func TestDates(t *testing.T) {
	day := time.Date(2024, 1, 15, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		lang   string
		native bool
		want   string
	}{
		{"ar", false, "15 يناير 2024"},
		{"ar-EG", true, "١٥ يناير ٢٠٢٤"},
		{"fa", true, "۱۵ ژانویه ۲۰۲۴"},
		{"fa", false, "15 ژانویه 2024"},
		{"ur", true, "۱۵ جنوری ۲۰۲۴"},
		{"he", true, "15 בינואר 2024"}, // Hebrew writes Latin digits
		{"en", true, "15 January 2024"},
		{"ps", true, "١٥ يناير ٢٠٢٤"}, // Arabic-script fallback
		{"de", false, "15 January 2024"},
	} {
		if got := For(tc.lang).Date(day, tc.native); got != tc.want {
			t.Errorf("%s native=%v: %q, want %q", tc.lang, tc.native, got, tc.want)
		}
	}
	if got := For("fa").MonthYear(day, true); got != "ژانویه ۲۰۲۴" {
		t.Errorf("fa month part %q", got)
	}
}

func TestDirectionAndFallback(t *testing.T) {
	for lang, want := range map[string]string{"ar": "rtl", "fa-IR": "rtl", "ur": "rtl", "he": "rtl", "yi": "rtl", "ckb": "rtl",
		"ku-Arab": "rtl", "ku": "ltr", "en": "ltr", "fr-CA": "ltr", "": "ltr"} {
		if got := Direction(lang); got != want {
			t.Errorf("Direction(%q) = %s, want %s", lang, got, want)
		}
		if got := For(lang).Dir; got != want {
			t.Errorf("For(%q).Dir = %s, want %s", lang, got, want)
		}
	}
	if l := For("yi"); l.Labels.Contents != hebrew.Labels.Contents || l.Lang != "yi" {
		t.Errorf("yi falls back to Hebrew's table with its own tag: %+v", l)
	}
	if l := For("ckb"); l.Labels.Contents != arabic.Labels.Contents || l.Lang != "ckb" || l.Dir != "rtl" {
		t.Errorf("ckb falls back to Arabic's table: %+v", l)
	}
	if For("ar") != For("ar-SA") {
		t.Error("regional variants share their language's table")
	}
}

func TestDigits(t *testing.T) {
	if got := For("ar").Number(2025, true); got != "٢٠٢٥" {
		t.Errorf("ar %q", got)
	}
	if got := For("fa").Digits("ص 12، 3", true); got != "ص ۱۲، ۳" {
		t.Errorf("fa %q", got)
	}
	if got := For("ar").Number(7, false); got != "7" {
		t.Errorf("latin %q", got)
	}
}
