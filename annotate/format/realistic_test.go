package format

import (
	"reflect"
	"testing"
)

// Exports as the tools write them, with the fields Goldspan does not
// read, import with every span in place.

const doccanoExport = `{"id":18,"text":"2025年9月23日，张伟（Zhang Wei）在台北101发表演说👏🏻，𠮷野家到场。","Comments":[],"label":[[11,13,"PER"],[14,23,"PER"],[25,30,"LOC"],[39,43,"ORG"]]}
{"id":19,"text":"沒有標註的文章。","Comments":[],"label":[]}
`

const labelStudioExport = `[
  {
    "id": 101,
    "annotations": [
      {
        "id": 7,
        "completed_by": 1,
        "result": [
          {"value": {"start": 11, "end": 13, "text": "张伟", "labels": ["PER"]},
           "id": "ZpYsWTUv3f", "from_name": "label", "to_name": "text", "type": "labels", "origin": "manual"},
          {"value": {"start": 25, "end": 30, "text": "台北101", "labels": ["LOC"]},
           "id": "0pWQH1hK9s", "from_name": "label", "to_name": "text", "type": "labels", "origin": "manual"},
          {"value": {"start": 37, "end": 40, "text": "𠮷野家", "labels": ["ORG"]},
           "id": "h3Pz9XQw1a", "from_name": "label", "to_name": "text", "type": "labels", "origin": "prediction"}
        ],
        "was_cancelled": false,
        "ground_truth": false,
        "created_at": "2025-09-24T08:01:02.123456Z",
        "updated_at": "2025-09-24T08:01:02.123456Z",
        "draft_created_at": null,
        "lead_time": 31.2,
        "prediction": {},
        "result_count": 0,
        "unique_id": "0b8e5f2c-1111-2222-3333-444455556666",
        "import_id": null,
        "last_action": null,
        "task": 101,
        "project": 3,
        "updated_by": 1,
        "parent_prediction": null,
        "parent_annotation": null,
        "last_created_by": null
      }
    ],
    "file_upload": "5a1b2c3d-news.json",
    "drafts": [],
    "predictions": [],
    "data": {"text": "2025年9月23日，张伟（Zhang Wei）在台北101发表演说👏🏻，𠮷野家到场。"},
    "meta": {},
    "created_at": "2025-09-24T07:59:00.000000Z",
    "updated_at": "2025-09-24T08:01:02.200000Z",
    "inner_id": 1,
    "total_annotations": 1,
    "cancelled_annotations": 0,
    "total_predictions": 0,
    "comment_count": 0,
    "unresolved_comment_count": 0,
    "last_comment_updated_at": null,
    "project": 3,
    "updated_by": 1,
    "comment_authors": []
  }
]
`

func TestRealisticExports(t *testing.T) {
	tests := []struct {
		format, in string
		want       []string
	}{
		{"doccano", doccanoExport, []string{
			`18 "2025年9月23日，张伟（Zhang Wei）在台北101发表演说👏🏻，𠮷野家到场。" ann/done [11-13:PER 14-23:PER 25-30:LOC 37-40:ORG]`,
			`19 "沒有標註的文章。" / []`, // "label": [] is an example nobody labelled
		}},
		{"labelstudio", labelStudioExport, []string{
			`101 "2025年9月23日，张伟（Zhang Wei）在台北101发表演说👏🏻，𠮷野家到场。" user-1/done [11-13:PER 25-30:LOC 37-40:ORG]`,
		}},
	}
	for _, tt := range tests {
		f, _ := Detect("export.json", []byte(tt.in))
		if f.Name != tt.format {
			t.Errorf("Detect says %q, want %q", f.Name, tt.format)
		}
		recs := mustDecode(t, tt.format, tt.in, Options{Name: "export.json", Annotator: "ann"})
		var got []string
		for _, r := range recs {
			got = append(got, summary(r))
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s:\ngot  %q\nwant %q", tt.format, got, tt.want)
		}
		// Every span is where the tool put it: the same characters.
		for _, r := range recs {
			rs := []rune(r.Doc.Text)
			var surf []string
			for _, s := range r.Spans {
				surf = append(surf, string(rs[s.Start:s.End]))
			}
			if len(surf) > 0 && !reflect.DeepEqual(surf[len(surf)-1], "𠮷野家") {
				t.Errorf("%s: spans read %q", tt.format, surf)
			}
		}
	}
}
