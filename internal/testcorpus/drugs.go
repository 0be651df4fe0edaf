// Package testcorpus holds small made-up corpora that tests of several
// packages share: text no dictionary, rule or gazetteer knows, so that
// what a test sees suggested was learned.
package testcorpus

import "goldspan/annotate"

// Drugs are made-up drug names.
var Drugs = []string{"普瑞坦", "沙莫唑", "卡特洛芬", "米多韋平", "巴林嗪", "洛西坦", "韋卡唑", "特普芬",
	"多沙林", "莫瑞平", "西巴洛", "坦米嗪", "芬多韋", "唑卡特", "林沙普", "嗪莫西", "平洛巴", "瑞韋坦",
	"卡巴芬", "普莫林", "沙特唑", "米洛嗪", "多瑞平", "巴西坦", "洛卡芬", "韋普嗪", "特沙林", "莫米唑",
	"西多平", "坦巴洛", "芬瑞坦", "唑林芬"}

// DrugArticle is article i of the corpus: two sentences about drug d
// (Traditional script), and its two DRUG spans in code points.
func DrugArticle(i int, d string) (string, []annotate.Span) {
	contexts := [][2]string{
		{"醫師建議患者每日服用", "兩次。"},
		{"研究顯示", "能有效降低血壓。"},
		{"衛生部門批准", "上市。"},
		{"新藥", "的副作用包括頭痛。"},
	}
	a, b := contexts[i%4], contexts[(i+1)%4]
	s1, s2 := a[0]+d+a[1], b[0]+d+b[1]
	n := len([]rune(d))
	p1 := len([]rune(a[0]))
	p2 := len([]rune(s1)) + len([]rune(b[0]))
	return s1 + s2, []annotate.Span{
		{Start: p1, End: p1 + n, Label: "DRUG"},
		{Start: p2, End: p2 + n, Label: "DRUG"},
	}
}
