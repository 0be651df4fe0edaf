// Package corpusgen writes a made-up news corpus of any size for the
// scale benchmarks (issue 16): deterministic from a seed, in Traditional
// and Simplified script, with Latin names in parentheses, dates such as
// 2025年9月23日, now and then an emoji or an Extension B character and CRLF
// line ends; articles of 5 to 40 sentences (about 150 to 1,500 characters)
// with about one entity every 15 to 20 characters. Each entity is a span of the
// truth; each annotator's layer is the truth with their own slips (a span
// missed, relabelled or cut one character short), so agreement is high but
// not perfect, as between careful reviewers.
//
//	go run ./internal/tools/corpusgen -docs 100000 -annotators alice,bob,carol > big.jsonl
package corpusgen

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
)

// Options say what to write.
type Options struct {
	Docs int
	// Annotators each get a layer on every document (none: documents
	// alone, with no spans).
	Annotators []string
	// Seed makes the corpus: the same options write the same bytes.
	Seed uint64
	// Status of the annotators' layers ("done" if empty).
	Status string
}

type span struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Label string `json:"label"`
}

type record struct {
	ID        string `json:"id"`
	Text      string `json:"text"`
	Annotator string `json:"annotator,omitempty"`
	Status    string `json:"status,omitempty"`
	Spans     []span `json:"spans,omitempty"`
}

var (
	people = [][2]string{{"李國強", "李国强"}, {"陳美玲", "陈美玲"}, {"張偉", "张伟"}, {"黃志明", "黄志明"}, {"王建國", "王建国"},
		{"林淑芬", "林淑芬"}, {"劉德華", "刘德华"}, {"趙麗穎", "赵丽颖"}, {"馬克宏", "马克宏"}, {"澤連斯基", "泽连斯基"}}
	latin  = []string{"Donald Trump", "Volodymyr Zelenskyy", "Friedrich Merz", "JD Vance", "Ursula von der Leyen", "Kristalina Georgieva"}
	places = [][2]string{{"香港", "香港"}, {"臺北", "台北"}, {"北京", "北京"}, {"俄羅斯", "俄罗斯"}, {"烏克蘭", "乌克兰"},
		{"肯尼亞", "肯尼亚"}, {"北基伍省", "北基伍省"}, {"深圳", "深圳"}, {"華盛頓", "华盛顿"}, {"𠮷野町", "𠮷野町"}}
	orgs = [][2]string{{"立法會", "立法会"}, {"衛生部", "卫生部"}, {"聯合國", "联合国"}, {"國際貨幣基金組織", "国际货币基金组织"},
		{"美國海軍", "美国海军"}, {"新華社", "新华社"}, {"路透社", "路透社"}, {"歐洲聯盟", "欧洲联盟"}}
	verbs = [][2]string{{"表示", "表示"}, {"宣佈", "宣布"}, {"指出", "指出"}, {"會見了", "会见了"}, {"訪問", "访问"}}
	fillers = [][2]string{{"消息人士稱，有關方面正密切留意事態發展，並會適時作出回應。", "消息人士称，有关方面正密切留意事态发展，并会适时作出回应。"},
		{"分析認為，今年以來的經濟數據顯示復甦步伐有所放緩。", "分析认为，今年以来的经济数据显示复苏步伐有所放缓。"},
		{"有市民接受訪問時表示，希望當局盡快公佈更多資料。", "有市民接受访问时表示，希望当局尽快公布更多资料。"}}
	tails = [][2]string{{"，雙方就經濟合作交換了意見。", "，双方就经济合作交换了意见。"}, {"，局勢仍然緊張。", "，局势仍然紧张。"},
		{"，預計下月公佈細節。", "，预计下月公布细节。"}, {"，引起市民廣泛關注 👍。", "，引起市民广泛关注 👍。"}, {"。", "。"}}
)

// writer builds one text and its spans, counting code points.
type writer struct {
	b     strings.Builder
	n     int
	spans []span
}

func (w *writer) text(s string) {
	w.b.WriteString(s)
	w.n += len([]rune(s))
}

func (w *writer) entity(s, label string) {
	w.spans = append(w.spans, span{w.n, w.n + len([]rune(s)), label})
	w.text(s)
}

// sentence writes one sentence in script sc (0 Traditional, 1 Simplified).
func (w *writer) sentence(r *rand.Rand, sc int) {
	if r.IntN(3) == 0 {
		w.entity(fmt.Sprintf("%d年%d月%d日", 2020+r.IntN(6), 1+r.IntN(12), 1+r.IntN(28)), "TIME")
		w.text("，")
	}
	if r.IntN(4) == 0 {
		p := people[r.IntN(len(people))][sc]
		w.entity(p, "PER")
		w.text("（")
		w.entity(latin[r.IntN(len(latin))], "PER")
		w.text("）")
	} else {
		w.entity(people[r.IntN(len(people))][sc], "PER")
	}
	w.text("在")
	w.entity(places[r.IntN(len(places))][sc], "LOC")
	w.text(verbs[r.IntN(len(verbs))][sc])
	w.entity(orgs[r.IntN(len(orgs))][sc], "ORG")
	w.text(tails[r.IntN(len(tails))][sc])
	if r.IntN(3) > 0 {
		w.text(fillers[r.IntN(len(fillers))][sc])
	}
	if r.IntN(8) == 0 {
		w.text("\r\n")
	}
}

// Write writes the corpus as Goldspan JSONL: one record per document, then
// (if annotators are named) one per annotator and document.
func Write(out io.Writer, o Options) error {
	bw := bufio.NewWriterSize(out, 1<<16)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	status := o.Status
	if status == "" {
		status = "done"
	}
	r := rand.New(rand.NewPCG(o.Seed, 0x60_1d))
	for i := range o.Docs {
		w := &writer{}
		sc := r.IntN(2)
		for range 5 + r.IntN(36) {
			w.sentence(r, sc)
		}
		id := fmt.Sprintf("n%06d", i)
		if err := enc.Encode(record{ID: id, Text: w.b.String()}); err != nil {
			return err
		}
		for _, a := range o.Annotators {
			var spans []span
			for _, s := range w.spans {
				switch x := r.IntN(100); {
				case x < 4: // missed
					continue
				case x < 7: // relabelled
					s.Label = []string{"PER", "LOC", "ORG", "TIME"}[r.IntN(4)]
				case x < 9 && s.End-s.Start > 1: // cut short
					s.End--
				}
				spans = append(spans, s)
			}
			if spans == nil {
				spans = []span{}
			}
			if err := enc.Encode(record{ID: id, Text: w.b.String(), Annotator: a, Status: status, Spans: dedupe(spans)}); err != nil {
				return err
			}
		}
	}
	return bw.Flush()
}

// dedupe drops a span equal to the one before it (a relabel may make two).
func dedupe(ss []span) []span {
	out := ss[:0]
	seen := map[span]bool{}
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
