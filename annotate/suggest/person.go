package suggest

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// nameModel holds how name-like each character is as part of a Chinese
// given name: the log odds of the character appearing in the given names
// of gse's person-name entries against its appearing in gse's other
// words. It is built from the loaded dictionary.
type nameModel struct {
	given   map[rune]float64
	unknown float64 // the score of a character seen nowhere
}

func (nm *nameModel) score(r rune) float64 {
	if v, ok := nm.given[r]; ok {
		return v
	}
	return nm.unknown
}

// buildNameModel counts characters in the dictionary's entries.
func buildNameModel(words func(visit func(text, pos string, freq float64))) *nameModel {
	given, other := map[rune]float64{}, map[rune]float64{}
	words(func(text, pos string, freq float64) {
		rs := []rune(text)
		switch {
		case pos == "nr" && len(rs) == 3:
			if n, core := surnameLen(rs); n == 1 && core {
				given[rs[1]]++
				given[rs[2]]++
			}
		case pos == "nr" && len(rs) == 2:
			if n, core := surnameLen(rs); n == 1 && core {
				given[rs[1]]++
			}
		case pos == "nr" || pos == "nrfg" || pos == "nrt":
		default:
			for _, r := range rs {
				other[r] += freq
			}
		}
	})
	// Log of P(r | given names) / P(r | running text), smoothed, within
	// [-4, 3]: given names are counted by entry, other words by their
	// frequency.
	var G, O float64
	for _, g := range given {
		G += g
	}
	for _, o := range other {
		O += o
	}
	nm := &nameModel{given: make(map[rune]float64, len(given)+len(other))}
	lo := func(r rune) float64 {
		v := math.Log((given[r] + 0.5) / G / ((other[r] + 50) / O))
		return max(-4, min(3, v))
	}
	for r := range other {
		nm.given[r] = lo(r)
	}
	for r := range given {
		nm.given[r] = lo(r)
	}
	nm.unknown = 0
	// Single-character words are all counted at frequency 2 by gse, so
	// function characters look rarer in running text than they are.
	for _, r := range notInNames {
		nm.given[r] = -4
	}
	return nm
}

// notInNames are function characters that all but never end a name.
const notInNames = "的了在是和与及或等为对从把被将就都也还又而但却所以因则之其这那你我他她它们有没不很更最已曾着过地得于以向往到上下里内外说要会能可让使给跟同并且每各该此些个年月日时分号"

// Thresholds of the Chinese name rule, tuned on peoples_daily_dev.bio.
var (
	nameThreshold = 2.0
	dictNameBonus = 0.5 // gse tagged the span as a name
)

// personRules adds Chinese names split by gse (surname + given name
// pieces), lone surnames before a title (李先生), and transliterated foreign
// names, joined by a middle dot or not.
func (m *model) personRules(d *doc) {
	n := len(d.runes)
	for _, t := range d.toks {
		i := t.start
		// A surname and a title as one word that gse does not call a
		// name: 江主席, 周总理.
		if l := t.end - i; l >= 2 && l <= 3 && !strings.HasPrefix(t.pos, "nr") {
			if sn, _ := surnameLen(d.runes[i:t.end]); sn == 1 && slices.Contains(titleAfterSurname, d.slice(i+1, t.end)) {
				d.add(cand{start: i, end: i + 1, label: PER, source: SourceRule, score: 0.6, rank: rankRule})
				continue
			}
		}
		if t.end-i == 3 && (t.pos == "n" || t.pos == "nz") && m.unknownName(d, t) {
			d.add(cand{start: i, end: t.end, label: PER, source: SourceRule, score: 0.6, rank: rankRule})
			continue
		}
		// A name gse split starts with a word of one character or a
		// name of its own (李铁 辰); 高速 starts none.
		if t.end-i > 2 || t.end-i == 2 && !strings.HasPrefix(t.pos, "nr") && !compoundFirst.has(d.runes[i]) {
			continue
		}
		sn, core := surnameLen(d.runes[i:min(n, i+2)])
		if sn == 0 {
			continue
		}
		// After a number a surname is a classifier: 3张卫星图片.
		if i > 0 && t.pos == "q" && numeral(d.runes[i-1]) {
			continue
		}
		// A surname that gse reads as a function word starts no name
		// here: 和 in 王若飞和李培之, 曾 in 曾希望, 向 in 向学昭女士.
		if t.end == i+1 && t.flags&posWeak != 0 && t.pos != "v" {
			continue
		}
		// A lone surname before a title: 李先生, 江主席, 胡老说. After a
		// character gse left alone, both are the name (白 林 同志, 素 林
		// 外长).
		if sn == 1 && core && t.end == i+1 {
			rest := d.slice(i+1, min(n, i+4))
			for _, w := range titleAfterSurname {
				if strings.HasPrefix(rest, w) && d.boundary(i+1) {
					start := i
					if k := d.tokAt[i]; k > 0 && nameHead(d, d.toks[k-1]) {
						start = i - 1
					}
					d.add(cand{start: start, end: i + 1, label: PER, source: SourceRule, score: 0.6, rank: rankRule})
					break
				}
			}
			if strings.HasPrefix(rest, "老") && d.boundary(i+1) && d.boundary(i+2) && strings.HasPrefix(t.pos, "nr") {
				d.add(cand{start: i, end: i + 1, label: PER, source: SourceRule, score: 0.6, rank: rankRule})
			}
		}
		best, bestScore := 0, 0.0
		for g := 2; g >= 1; g-- {
			end := i + sn + g
			if end > n || !d.boundary(end) {
				continue
			}
			if given := d.slice(i+sn, end); given == "老" || slices.Contains(titleAfterSurname, given) {
				continue // 胡老, 王某: a surname and a title
			}
			s, ok := m.nameScore(d, i, sn, end, core)
			if ok && (best == 0 || s > bestScore+1.5) {
				best, bestScore = end, s
			}
		}
		if best > 0 && bestScore >= nameThreshold {
			d.add(cand{start: i, end: best, label: PER, source: SourceRule, score: 0.6, rank: rankRule})
		}
	}
	m.foreignNames(d)
}

// unknownName reports whether t, a word of three characters gse tags as
// a noun, is a Chinese name it does not know (严义埙/n, 辛业江/nz): a
// common surname, no everyday word in it, and the characters and the
// words around it score as a name.
func (m *model) unknownName(d *doc, t token) bool {
	rs := d.runes[t.start:t.end]
	sn, core := surnameLen(rs)
	if sn != 1 || !core || m.everydayWord(string(rs[:2])) || m.everydayWord(string(rs[1:])) {
		return false
	}
	s, ok := m.nameScore(d, t.start, sn, t.end, core)
	return ok && s >= nameThreshold
}

// nameScore scores [start,end) as surname + given name.
func (m *model) nameScore(d *doc, start, sn, end int, core bool) (float64, bool) {
	// The given name must be Han characters, and the span must not be one
	// of gse's two-character words that are not names (王朝, 高兴).
	for _, r := range d.runes[start+sn : end] {
		if !isHan(r) {
			return 0, false
		}
	}
	// 柳溪 乡 is a place.
	if placeSuffixChars.has(d.runes[end-1]) && d.boundary(end-1) {
		return 0, false
	}
	t := d.toks[d.tokAt[start]]
	if t.start == start && t.end == end && end-start == 2 && !strings.HasPrefix(t.pos, "nr") {
		return 0, false
	}
	s := 0.0
	switch {
	case sn == 2:
		s += 2
	case core:
		s += 0.5
	default:
		s -= 1
	}
	for _, r := range d.runes[start+sn : end] {
		s += m.names.score(r)
	}
	if end-start-sn == 1 {
		s -= 0.5
	}
	return s + m.contextScore(d, start, end), true
}

// contextScore scores the words around a possible name: a title before
// it (记者, 总统), a title or a verb of saying after it (先生, 表示).
func (m *model) contextScore(d *doc, start, end int) float64 {
	s := 0.0
	if start > 0 && d.boundary(start) && roleWord(d.tok(d.tokAt[start-1])) {
		s += 2
	}
	if end < len(d.runes) {
		if d.boundary(end) && roleAfter[d.tok(d.tokAt[end])] {
			s += 1
		}
		switch d.runes[end] {
		case '、', '，', '（', '(', '：', '；':
			s += 0.5
		}
	} else {
		s += 0.5
	}
	return s
}

// dottedNames adds the names a middle dot joins (科菲·安南, 拉·甘地,
// 汤姆士·史达福), whose parts gse cuts into words of any kind and which
// hold characters the transliteration set lacks (科, 士, 肖): in Chinese
// news a dot between Han characters joins the parts of a name. Each part
// is the word beside the dot, the word after it extended over
// transliteration words and single characters gse tagged as names
// (托马 肖), the word before it over transliteration words (汤姆 士). The
// name may hold a gazetteer's name (安南): it is composite.
func dottedNames(d *doc) {
	n := len(d.runes)
	part := func(k int) bool { // token k may be one part of the name
		t := d.toks[k]
		return t.end-t.start <= 4 && allHan(d.runes[t.start:t.end]) && !roleWord(d.tok(k)) && !roleAfter[d.tok(k)] &&
			(t.end-t.start == 1 || t.flags&posWeak == 0)
	}
	for i := 1; i+1 < n; i++ {
		if !isDot(d.runes[i]) || !isHan(d.runes[i-1]) || !isHan(d.runes[i+1]) || i > 1 && isDot(d.runes[i-2]) {
			continue
		}
		k := d.tokAt[i-1]
		if d.toks[k].end != i || !part(k) {
			continue
		}
		start := d.toks[k].start
		for k--; k >= 0 && d.toks[k].end == start && allTranslit(d.runes[d.toks[k].start:d.toks[k].end]) && !roleWord(d.tok(k)); k-- {
			start = d.toks[k].start
		}
		end, ok := i, true
		for ok && end < n && isDot(d.runes[end]) && end+1 < n && isHan(d.runes[end+1]) {
			k := d.tokAt[end+1]
			if d.toks[k].start != end+1 || !part(k) {
				ok = false
				break
			}
			end = d.toks[k].end
			for k++; k < len(d.toks) && d.toks[k].start == end && end-i < 8; k++ {
				t := d.toks[k]
				rs := d.runes[t.start:t.end]
				if roleAfter[d.tok(k)] || !(allTranslit(rs) || len(rs) == 1 && isHan(rs[0]) && strings.HasPrefix(t.pos, "nr")) {
					break
				}
				end = t.end
			}
		}
		if !ok || end < n && placeSuffixChars.has(d.runes[end]) {
			continue // 尼·伯尔切斯库镇 is a place
		}
		d.add(cand{start: start, end: end, label: PER, source: SourceRule, score: 0.55, rank: rankRule, composite: true})
	}
}

// doctrines adds the gazetteer's person inside a doctrine gse keeps as
// one word (马克思主义/n, 列宁主义/n), as People's Daily and MSRA mark it;
// 邓小平理论/nr is a name to gse, and filterDictionary trims it.
func (m *model) doctrines(d *doc) {
	for k, t := range d.toks {
		if strings.HasPrefix(t.pos, "nr") || t.end-t.start < 4 {
			continue
		}
		w := d.tok(k)
		for _, suf := range []string{"主义", "思想", "理论"} {
			if head, ok := strings.CutSuffix(w, suf); ok && m.gaz.labels[head] == PER {
				d.add(cand{start: t.start, end: t.end - 2, label: PER, source: SourceGazetteer, score: 0.6, rank: rankGazetteer})
				break
			}
		}
	}
}

// roleWord reports whether w names a role that comes before a person's
// name: one of roleBefore, or a word that ends in one of two characters
// or more (财政部长, 副校长, 总经理).
func roleWord(w string) bool {
	if roleBefore[w] {
		return true
	}
	for i := range w {
		if i > 0 && roleBefore[w[i:]] && utf8.RuneCountInString(w[i:]) >= 2 {
			return true
		}
	}
	return false
}

// foreignNames adds runs of transliteration characters (at least three, or
// two gse tagged as a name), and such runs joined by middle dots.
func (m *model) foreignNames(d *doc) {
	n := len(d.runes)
	for i := 0; i < n; {
		if !translit.has(d.runes[i]) || !d.boundary(i) {
			i++
			continue
		}
		j := i
		for j < n && (translit.has(d.runes[j]) || isDot(d.runes[j]) && j+1 < n && translit.has(d.runes[j+1]) && j > i) {
			j++
		}
		j = foreignEndAt(d, i, j)
		if j-i >= 3 && !isDot(d.runes[j-1]) && m.foreignPlausibleOrDotted(d, i, j) {
			label := PER
			w := d.slice(i, j)
			// 萨默维尔 市: a place with its suffix.
			if j < n && placeSuffixChars.has(d.runes[j]) && d.boundary(j+1) && !strings.ContainsFunc(w, isDot) {
				d.add(cand{start: i, end: j + 1, label: LOC, source: SourceRule, score: 0.55, rank: rankRule})
				i = j + 1
				continue
			}
			if !strings.ContainsFunc(w, isDot) && foreignPlace(d, i, j) {
				label = LOC
			}
			d.add(cand{start: i, end: j, label: label, source: SourceRule, score: 0.55, rank: rankRule})
		}
		if j <= i {
			j = i + 1
		}
		i = j
	}
}

// foreignEndAt is where a run of transliteration characters [i,j) ends
// as a name. A run ends at a token boundary, with two exceptions: a name
// piece gse tags nr or nrt that the run reaches into is taken whole
// (弗拉诺 瓦茨/nrt, 茨 outside the set), and a token of the run's last
// character and one particle that cannot start a name is split after that
// character (阿马特 in 阿马 特在/d 表决).
func foreignEndAt(d *doc, i, j int) int {
	if j >= len(d.runes) || d.boundary(j) {
		return j
	}
	t := d.toks[d.tokAt[j]]
	switch {
	case t.start > i && (t.pos == "nr" || t.pos == "nrt") && t.end-t.start == 2 && d.boundary(t.end):
		return t.end
	case t.start == j-1 && t.end == j+1 && t.start > i && particleAfterName.has(d.runes[j]):
		return j
	}
	for j > i && !d.boundary(j) {
		j--
	}
	return j
}

// particleAfterName holds characters that follow a name and do not go on
// with it: 在, 说, 和.
var particleAfterName = setOf("在是和说将也与向对则就已被把曾")

// foreignPlausibleOrDotted reports whether [i,j) is joined by a middle dot
// or foreignPlausible.
func (m *model) foreignPlausibleOrDotted(d *doc, i, j int) bool {
	for _, r := range d.runes[i:j] {
		if isDot(r) {
			return true
		}
	}
	return m.foreignPlausible(d, i, j)
}

// foreignPlausible reports whether gse saw [i,j) as unknown pieces or names
// rather than as ordinary words.
func (m *model) foreignPlausible(d *doc, i, j int) bool {
	for k := d.tokAt[i]; k < len(d.toks) && d.toks[k].start < j; k++ {
		t := d.toks[k]
		switch {
		case strings.HasPrefix(t.pos, "nr"), t.pos == "ns", t.pos == "x":
		case t.end-t.start == 1:
		default:
			return false
		}
	}
	return true
}

func isDot(r rune) bool { return r == '·' || r == '・' || r == '•' || r == '‧' }

// bylineEnds follow the reporters' names in a byline: 记者江建国报道,
// 记者陈建宏摄, 记者刘正学、果永毅报道.
var bylineEnds = []string{"报道", "报导", "摄", "发自"}

// bylineEndAt reports whether one of bylineEnds starts at code point i.
func bylineEndAt(d *doc, i int) bool {
	if i >= len(d.runes) {
		return false
	}
	rest := d.text[d.bytePos[i]:]
	return slices.ContainsFunc(bylineEnds, func(e string) bool { return strings.HasPrefix(rest, e) })
}

// notGiven are characters no reporter's name in a byline holds: the
// words that can stand between 记者 and 报道 instead (记者日前报道,
// 记者近日获悉).
var notGiven = setOf("的了在是日月年前后近昨今从向对将已也都就这那该本此其")

// bylines adds the reporters of a byline: after 记者 (or 通讯员), names
// of two to four characters separated by 、, before 报道, 摄 or 发自. The
// names need not look like names to gse (江建国/ns, 许立群/m): the byline
// says they are. Each starts with a surname, or gse tagged it a name.
func bylines(d *doc) {
	for k, t := range d.toks {
		if w := d.tok(k); w != "记者" && w != "通讯员" {
			continue
		}
		var items [][2]int
		i := t.end
		for {
			j := i
			for j < len(d.runes) && j-i <= 4 && isHan(d.runes[j]) && !notGiven.has(d.runes[j]) && !bylineEndAt(d, j) {
				j++
			}
			if j-i < 2 || j-i > 4 || !d.boundary(i) || !d.boundary(j) {
				items = nil
				break
			}
			rs := d.runes[i:j]
			if sn, _ := surnameLen(rs); sn == 0 && !(d.toks[d.tokAt[i]].end == j && strings.HasPrefix(d.toks[d.tokAt[i]].pos, "nr")) {
				items = nil
				break
			}
			items = append(items, [2]int{i, j})
			if j < len(d.runes) && d.runes[j] == '、' {
				i = j + 1
				continue
			}
			if !bylineEndAt(d, j) {
				items = nil
			}
			break
		}
		for _, it := range items {
			d.add(cand{start: it[0], end: it[1], label: PER, source: SourceRule, score: 0.7, rank: rankRule})
		}
	}
}

// placeBefore and placeAfter are words around a transliterated name that
// make it a place: 在 杜塞尔多夫, 南部城市 哈斯科沃, 埃舍德 小镇.
var (
	placeBefore = setWords("在 于 到 抵达 前往 飞抵 途经 城市 首都 首府 港口 小镇 南部 北部 东部 西部 中部 东南部 西南部 东北部 西北部")
	placeAfter  = setWords("小镇 市 城 港 大区 地区 郊区 附近 一带 地方 机场 港口 核电站 省 州 县 郡 河 湖 山")
)

// foreignPlace reports whether the transliterated name [i,j) names a
// place: by its ending (尼亚, 斯坦, 堡) or by the words around it.
func foreignPlace(d *doc, i, j int) bool {
	// gse's own place word: 拉贾斯坦邦/ns.
	if t := d.toks[d.tokAt[i]]; t.start == i && t.end == j && t.pos == "ns" {
		return true
	}
	w := d.slice(i, j)
	for _, e := range foreignPlaceEnd {
		if strings.HasSuffix(w, e) {
			return true
		}
	}
	if i > 0 && d.boundary(i) && placeBefore[d.tok(d.tokAt[i-1])] {
		return true
	}
	return j < len(d.runes) && d.boundary(j) && placeAfter[d.tok(d.tokAt[j])]
}

// datelineAfter reports whether the date of a dateline follows code point
// j (本报德国罗滕堡5月27日电): the name before it is where the story was
// filed.
func datelineAfter(d *doc, j int) bool {
	k := j
	for k < len(d.runes) && k-j < 12 && (unicode.IsDigit(d.runes[k]) || strings.ContainsRune("年月日", d.runes[k])) {
		k++
	}
	return k > j+1 && k < len(d.runes) && d.runes[k-1] == '日' && d.runes[k] == '电'
}

// numeral reports whether r is a digit, a Chinese numeral (time.go's
// isDigit, isCnDigit) or a word of number before a classifier (几张, 万张,
// 数张).
func numeral(r rune) bool {
	return isDigit(r) || isCnDigit(r) || strings.ContainsRune("几万数", r)
}

// nameHead reports whether p, the token before a surname and a title,
// is a character of the name: one Han character gse tagged as a noun or
// an adjective (白/a 林 同志), not a prefix of address (老, 小) or a
// function word.
func nameHead(d *doc, p token) bool {
	if p.end-p.start != 1 || !isHan(d.runes[p.start]) || strings.ContainsRune("老小大", d.runes[p.start]) {
		return false
	}
	switch p.pos {
	case "a", "n", "ng", "nr", "zg":
		return true
	}
	return false
}
