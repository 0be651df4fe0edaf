package suggest

import (
	"context"
	"testing"

	"goldspan/annotate"
)

func TestWordsTileTheTextInCodePoints(t *testing.T) {
	s := New(withGazetteer())
	for _, text := range []string{"俄羅斯國防部2025年9月23日表示👍", "𠮷野家在東京\r\n開店", "Donald Trump訪問北京", ""} {
		words, err := s.Words(context.Background(), text)
		if err != nil {
			t.Fatal(err)
		}
		at := 0
		for _, w := range words {
			if w.Start != at || w.End <= w.Start {
				t.Fatalf("%q: word %+v after %d: not a tiling", text, w, at)
			}
			at = w.End
		}
		if at != annotate.RuneLen(text) {
			t.Fatalf("%q: words end at %d, text has %d code points", text, at, annotate.RuneLen(text))
		}
	}
	words, _ := s.Words(context.Background(), "俄羅斯國防部表示")
	if len(words) < 2 || len(words) > 6 {
		t.Fatalf("implausible segmentation: %+v", words)
	}
}
