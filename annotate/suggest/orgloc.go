package suggest

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// abbrChars are one-character short names of countries and regions used
// in compounds: 中美关系, 访华, 美方, 在京.
var abbrChars = setOf("中华美俄日韩朝英法德意印巴以越泰菲澳加墨埃蒙葡荷奥希叙古欧亚非台港京沪粤藏苏哈乌阿")

// abbrAlone are one-character names gse tags as an abbreviation (j) or a
// place (ns) when they stand alone: 俄 将大力整顿, 罗 政府.
var abbrAlone = setOf("中华美俄日韩朝英法德意印巴以越泰菲澳墨埃蒙葡荷希叙古欧台港京沪藏哈乌罗厄捷匈塞克沙黎突肯缅柬川")

// abbrWords are words whose first character is a place by convention:
// 京剧, 中医, 华侨, 港人.
var abbrWords = setWords("京剧 京韵 京戏 中医 中药 中医药 华侨 华人 华裔 华商 华埠 港人 台胞 藏胞 港商 台商 港资 台资 侨胞 " +
	"亚运会 奥运会 亚运 奥运 日寇 川戏 川剧 藏区 京韵大鼓 粤剧 沪剧")

// notAbbrAfterVerb are a verb and a character that look like 访华 but
// are a word of their own: 出台 (to issue a policy).
var notAbbrAfterVerb = setWords("出台 出港 反法 在中 对中 来中")

// verbAbbr reports whether the abbreviation at i follows a verb of
// movement or relation at the start of the same gse word: 驻华 in
// 驻华使馆, 对华 in 对华关系, 离京 (MSRA and People's Daily mark 华
// and 京, not the word).
func (d *doc) verbAbbr(i int) bool {
	if i == 0 || i+1 > len(d.runes) || !abbrVerbs.has(d.runes[i-1]) || !abbrChars.has(d.runes[i]) {
		return false
	}
	if notAbbrAfterVerb[d.slice(i-1, i+1)] {
		return false
	}
	if i+1 < len(d.runes) && strings.ContainsRune("国本洲西", d.runes[i+1]) {
		return false // 对中国, 在日本: the place is longer
	}
	return true
}

// abbrHeads are words after a one-character name inside one gse word:
// 俄总统, 俄政府.
var abbrHeads = []string{"政府", "总统", "总理", "首相", "外长", "外交部", "议会", "国内", "国防部", "军方", "当局"}

// abbrRelation follow a run of abbreviations: 中美关系, 印巴两国.
var abbrRelation = []string{"两国", "三国", "四国", "等国", "双方", "三方", "关系", "合作", "友好", "建交", "边界", "边境",
	"首脑", "高层", "会谈", "峰会", "联合", "之间", "谈判", "和约", "经济", "经贸", "贸易", "战争", "交流", "两党",
	"外长", "领导人", "元首", "防长", "和平", "争端", "冲突", "对话", "磋商", "协议", "条约", "公报", "间", "两军"}

// abbrVerbs come before an abbreviation: 访华, 驻京, 对美.
var abbrVerbs = setOf("访来驻在抵离赴旅返侵援对反亲知留出")

// abbrSuffixes follow an abbreviation as one word: 中方, 美军, 华侨.
var abbrSuffixes = setOf("方军籍侨裔商资企胞")

// wholePairs are words of abbreviation characters that are one name or
// word and are not split: 中华 (China), 古巴 (Cuba), 蒙古, 亚太
// (Asia-Pacific), 中亚 (Central Asia), 台中 (Taichung), 美德 (virtue).
var wholePairs = setWords("中华 古巴 蒙古 亚太 中亚 华中 台中 港台 台港 中古 美德 古德 华美")

// regionPairs are two one-character names of provinces, rivers or
// regions written as one word: 青藏高原 is 青 + 藏, 黄淮 is 黄 + 淮.
// People's Daily and MSRA mark each character as a place.
var regionPairs = setWords("青藏 黄淮 江淮 江汉 京津 沪宁 川藏 滇藏 甘青 陕甘 晋冀 冀鲁 鲁豫 江浙 苏浙 闽粤 粤港 湘鄂 " +
	"闽台 川渝 港澳 台澎 金马 京港 沪港 陕晋 晋陕 云贵 滇黔 川黔 桂黔 蒙晋 辽吉 吉黑 冀京")

// regionPairEnds follow a region pair that is the start of a longer name
// rather than two places: 京沪铁路, 京九线.
var regionPairEnds = []string{"铁路", "线", "高速", "公路", "运河"}

// splitPair reports whether the two or three characters at [i,j) are
// short names to be marked one by one (中美, 意中, 港澳, 青藏 in
// 青藏高原) rather than as one word.
func (d *doc) splitPair(i, j int) bool {
	w := d.slice(i, j)
	if wholePairs[w] {
		return false
	}
	if j-i == 2 && regionPairs[w] {
		rest := d.slice(j, min(len(d.runes), j+2))
		for _, e := range regionPairEnds {
			if strings.HasPrefix(rest, e) {
				return false
			}
		}
		return !(w == "港澳" && strings.HasPrefix(rest, "台"))
	}
	return allAbbr(d.runes[i:j])
}

// regionPairAt reports whether a region pair to be split begins at i:
// 青藏 in 青藏高原, 黄淮.
func (d *doc) regionPairAt(i int) bool {
	return i+2 <= len(d.runes) && regionPairs[d.slice(i, i+2)] && d.splitPair(i, i+2)
}

// abbreviations adds one-character country and region names.
func (m *model) abbreviations(d *doc) {
	n := len(d.runes)
	emit := func(i int, score float64) {
		d.add(cand{start: i, end: i + 1, label: LOC, source: SourceRule, score: score, rank: rankRule})
	}
	for i := 0; i < n; i++ {
		t := d.toks[d.tokAt[i]]
		// 青藏高原, 黄淮: a region pair at the start of a word.
		if t.start == i && d.regionPairAt(i) {
			emit(i, 0.55)
			emit(i+1, 0.55)
			i++
			continue
		}
		if !abbrChars.has(d.runes[i]) && !abbrAlone.has(d.runes[i]) {
			continue
		}
		// A run of abbreviations, perhaps joined by 、, before a relation.
		j := i
		for j < n && (abbrChars.has(d.runes[j]) || d.runes[j] == '、' && j > i && j+1 < n && abbrChars.has(d.runes[j+1])) {
			j++
		}
		count := 0
		for k := i; k < j; k++ {
			if d.runes[k] != '、' {
				count++
			}
		}
		if count >= 2 && count <= 4 && d.boundary(i) && beforeRelation(d.slice(j, min(n, j+3))) {
			for k := i; k < j; k++ {
				if d.runes[k] != '、' {
					emit(k, 0.6)
				}
			}
			i = j - 1
			continue
		}
		// Otherwise the run may still be one word to split (中美 in
		// 中美两个大国), below.
		if t.start == i {
			w := d.slice(t.start, t.end)
			switch {
			case t.end == i+1 && (t.pos == "j" || t.pos == "ns") && abbrAlone.has(d.runes[i]):
				emit(i, 0.5)
				continue
			case t.end-t.start >= 2 && t.end-t.start <= 3 && splitPOS(t.pos) && d.splitPair(t.start, t.end):
				for k := t.start; k < t.end; k++ {
					emit(k, 0.55)
				}
				i = t.end - 1
				continue
			case t.end-t.start <= 4 && abbrWords[w]:
				emit(i, 0.55)
				continue
			}
			if abbrAlone.has(d.runes[i]) {
				for _, h := range abbrHeads {
					if w[len(string(d.runes[i])):] == h {
						emit(i, 0.55)
						break
					}
				}
			}
		}
		if !abbrChars.has(d.runes[i]) {
			continue
		}
		// 访华, 驻京: the verb and the abbreviation are one gse word, or
		// two one-character words.
		if i > 0 && abbrVerbs.has(d.runes[i-1]) && t.end == i+1 && (t.start == i-1 || t.start == i && d.boundary(i-1) && t.flags&posWeak == 0) && !notAbbrAfterVerb[d.slice(i-1, i+1)] {
			if i+1 >= n || !isHan(d.runes[i+1]) || d.boundary(i+1) {
				emit(i, 0.55)
				continue
			}
		}
		// 驻华使馆, 对华关系: the verb begins a longer word.
		if t.start == i-1 && t.end > i+1 && d.verbAbbr(i) {
			emit(i, 0.55)
			continue
		}
		// 中方, 美军, 华侨: one gse word of two characters.
		if t.start == i && t.end == i+2 && abbrSuffixes.has(d.runes[i+1]) {
			emit(i, 0.55)
		}
	}
}

// beforeRelation reports whether rest begins with a relation word
// (abbrRelation) that makes the abbreviations before it places.
func beforeRelation(rest string) bool {
	for _, w := range abbrRelation {
		if strings.HasPrefix(rest, w) {
			return true
		}
	}
	return false
}

// pairWord reports whether [start,end) is a word of short names that are
// marked one by one (中美, 港澳), or a place that begins with a region
// pair (青藏高原): no source suggests it whole.
func (d *doc) pairWord(start, end int) bool {
	if end-start <= 3 && d.splitPair(start, end) {
		return true
	}
	if end-start >= 2 && d.verbAbbr(start+1) {
		return true // 离京, 驻京办事处: the place is 京
	}
	return end-start > 2 && d.regionPairAt(start)
}

// placeEnds end a Chinese place name that the name rules may read as a
// person: 高升镇, 薛埠镇.
var placeEnds = setOf("镇乡村县")

// vetCandidates checks every candidate of the machine once all the rules
// have run (the learned lexicon's are the reviewers' and stay): it drops
// the words that pairWord rejects, whose characters the abbreviation rule
// suggests instead (中美, 离京), and the person candidates that are words
// (祝贺, 尼古丁: notNames, which the dictionary's names already pass
// through), and makes a place of a "name" that ends as a town does
// (高升镇) unless the gazetteer knows the person (郝柏村), or stands
// before the date of a dateline (罗滕堡5月27日电); and it drops a
// place that names a time zone (北京时间).
func vetCandidates(d *doc) {
	out := d.cands[:0]
	for _, c := range d.cands {
		if c.source != SourceLearned {
			if c.end-c.start >= 2 && d.pairWord(c.start, c.end) {
				continue
			}
			// 北京时间, 格林尼治时间: a time zone, not the place.
			if c.label == LOC && c.end < len(d.runes) && d.boundary(c.end) && d.tok(d.tokAt[c.end]) == "时间" {
				continue
			}
			if c.label == PER {
				if notNames[d.slice(c.start, c.end)] {
					continue
				}
				if c.end-c.start >= 3 && placeEnds.has(d.runes[c.end-1]) && c.source != SourceGazetteer || datelineAfter(d, c.end) {
					c.label = LOC
				}
			}
		}
		out = append(out, c)
	}
	d.cands = out
}

// splitPOS are the parts of speech gse gives a word of abbreviations:
// a place (中美), an abbreviation, an organisation (中印), a name, a time
// (中日) or a direction (中).
func splitPOS(pos string) bool {
	switch pos {
	case "ns", "j", "nt", "nr", "t", "f":
		return true
	}
	return false
}

func allAbbr(rs []rune) bool {
	for _, r := range rs {
		if !abbrChars.has(r) {
			return false
		}
	}
	return true
}

// orgSuffixes end organisation names; they are matched against the end of
// the last gse word of the name.
var orgSuffixes = suffixesOf("委员会", "协会", "学会", "基金会", "研究会", "联合会", "促进会", "商会", "工会", "总会", "分会",
	"理事会", "董事会", "组委会", "公司", "集团", "银行", "大学", "学院", "中学", "小学", "研究所", "研究院", "研究中心",
	"科学院", "医院", "法院", "检察院", "办公室", "联盟", "组织", "出版社", "报社", "日报社", "电视台", "电台", "日报",
	"晚报", "通讯社", "俱乐部", "足球队", "篮球队", "排球队", "男队", "女队", "国家队", "代表队", "舰队", "编队",
	"代表团", "艺术团", "剧团", "乐团", "公安局", "派出所", "分局", "总局", "管理局", "管理处", "办事处",
	"科协", "残联", "工商联", "妇联", "文联", "侨联", "作协", "团委", "联社", "联合体", "基金", "总厂", "分厂", "党委",
	"市委", "县委", "省委", "军区", "法庭", "领导小组", "工作组", "议会", "政党")

// orgSuffixTokens are one-character gse words that end organisation names.
var orgSuffixTokens = setWords("部 局 厅 署 处 办 委 党 队 社 台 厂 院 会 团 军 中心 所 行 校 站 庭")

// placeSuffixes end the names of buildings and sites, which are places:
// 中国美术馆, 北京图书大厦.
var placeSuffixes = suffixesOf("博物馆", "博物院", "美术馆", "纪念馆", "图书馆", "展览馆", "科技馆", "大厦", "大剧院", "剧院",
	"体育馆", "体育场", "体育中心", "机场", "火车站", "广场", "公园", "大桥", "大道", "大街", "宫", "故居", "陵", "寺",
	"水库", "电站", "港口", "码头", "开发区", "新区", "高新区", "工业园")

// notHeads are words that look like names to the part-of-speech tagger but
// start no organisation: the dateline 日电, 本报讯, and a person's title
// (翟美卿女士 向 中国儿童少年基金会 is a person and an organisation).
var notHeads = setWords("日电 本报讯 讯 电 本报 记者 女士 先生 夫人 小姐 同志")

// orgEndChars end organisation words of three or more characters:
// 文化厅, 监督局, 统战部, 计划署, 地质所, 足球报.
var orgEndChars = setOf("厅局部署委办处所报")

// notOrgEnds are word endings that look like orgEndChars but are not
// organisations (西南部, 俱乐部 is kept by orgSuffixes).
var notOrgEnds = suffixesOf("南部", "北部", "东部", "西部", "中部", "内部", "全部", "外部", "底部", "顶部", "腹部", "背部",
	"头部", "胸部", "局部", "腰部", "面部", "根部", "干部", "大局", "格局", "结局", "骗局", "布局", "当局", "政委", "编委",
	"常委", "到处", "好处", "益处", "用处", "难处", "坏处", "住处", "远处", "深处", "高处", "近处", "各处", "此处",
	"场所", "厕所", "住所", "处所", "公报", "简报", "快报", "黑板报", "大字报", "警报", "情报", "预报", "通报", "汇报",
	"举报", "电报", "捷报", "年报", "周报", "喜报", "海报", "画报", "晚报", "日报", "交界处", "结合部", "接合部")

// orgPrefixes begin the names of national and international bodies:
// 国家新闻出版署, 国际游泳联合会, 联合国禁毒署.
var orgPrefixes = setWords("国家 国际 全国 中央 联合国 世界")

// bareOrgs are organisations named without a place: 市委, 国会.
var bareOrgs = setWords("市委 县委 省委 区委 团市委 团县委 团省委 纪委 国会 内阁 海军 陆军 空军 党中央 团中央 村委会 居委会 足协 参议院 众议院")

// titleModifiers come before a title without naming an office: 内务部
// 代理部长 is the acting minister of 内务部.
var titleModifiers = setWords("代理 常务 执行 名誉 临时 前任 原任 首任 现任")

// leaderTitles follow an organisation inside one gse word: 财政部长 is
// the minister of 财政部, 市委书记 the secretary of 市委.
var leaderTitles = []string{"长", "行长", "书记", "副书记", "常委", "主任", "副主任"}

var leaderEnds = setOf("长记委任")

// officeChars end the name of an office that a title follows (部长,
// 局长, 社长), as annotate.BeforeTitle reads them.
var officeChars = setOf("部局署院廳厅處处司社")

// suffixRules adds organisations (a place or a name, some nouns, a suffix
// such as 委员会 or 公司) and places (a name and a suffix such as 县).
func (m *model) suffixRules(d *doc) {
	var gazAt []int // places (the gazetteer's and gse's) and the gazetteer's organisations: start → end, built on first use
	gazEnd := func(start int) int {
		if gazAt == nil {
			d.gazAt = slices.Grow(d.gazAt[:0], len(d.runes))[:len(d.runes)]
			clear(d.gazAt)
			gazAt = d.gazAt
			for _, c := range d.cands {
				if (c.source == SourceGazetteer && c.label == ORG || c.label == LOC && (c.source == SourceGazetteer || c.source == SourceDictionary)) && c.end > gazAt[c.start] {
					gazAt[c.start] = c.end
				}
			}
		}
		return gazAt[start]
	}
	emit := func(start, end int, label string, score float64) {
		d.add(cand{start: start, end: end, label: label, source: SourceRule, score: score, rank: rankRule, composite: true})
	}
	for j, t := range d.toks {
		if t.pos != "nt" && !suffixLast.has(d.runes[t.end-1]) {
			continue
		}
		w := d.tok(j)
		end := t.end
		kind := 0 // 1: an organisation word of gse's, 2: a suffix
		label := ORG
		if t.pos == "nt" && !(notOrgEnds.match(w) && !orgSuffixes.match(w)) { // 中南部/nt is a direction
			kind = 1
		}
		if t.end-t.start <= 2 && t.flags&posWeak == 0 && orgSuffixTokens[w] && (w != "会" && w != "所" || t.pos == "n") {
			kind = 2
		}
		// (组织/v after an organisation's name is the verb: 基金会组织实施.)
		if orgSuffixes.match(w) && w != "大学生" && !(t.pos == "v" && j > 0 && d.toks[j-1].end == t.start && orgSuffixes.match(d.tok(j-1))) {
			kind = 2
		}
		rs := d.runes[t.start:t.end]
		if kind == 0 && len(rs) >= 3 && orgEndChars.has(rs[len(rs)-1]) && !notOrgEnds.match(w) {
			// Also 宣传部/nr and 禁毒署/v: like every suffix, only after a
			// head (省委宣传部, 联合国禁毒署).
			switch t.pos {
			case "n", "j", "nz", "nr", "v", "vn":
				kind = 2
			}
		}
		// 纺纱厂, 铝厂, 水泥厂 after a place: 城关纺纱厂.
		if kind == 0 && len(rs) >= 2 && rs[len(rs)-1] == '厂' && (t.pos == "n" || t.pos == "nz") && w != "工厂" {
			kind = 2
		}
		// 内政 部长 → 内政部; 芬兰 农林 部长 → 芬兰农林部: gse split the
		// title off the office, whose name is the word before it. With
		// no place before it, the office alone (stem).
		stem := -1
		// 财政部长 → 财政部; 市委书记 → 市委.
		if kind == 0 && len(rs) >= 4 && leaderEnds.has(rs[len(rs)-1]) {
			for _, lt := range leaderTitles {
				base := strings.TrimSuffix(w, lt)
				if base == w {
					continue
				}
				if bareOrgs[base] || len([]rune(base)) >= 3 && orgEndChars.has([]rune(base)[len([]rune(base))-1]) && !notOrgEnds.match(base) ||
					len([]rune(base)) >= 2 && orgSuffixes.match(base) {
					kind, end = 2, t.end-len([]rune(lt))
					if lt == "长" && officeChars.has(d.runes[end-1]) {
						stem = t.start // 内政部长 → 内政部
					}
					break
				}
			}
		}
		if kind == 0 && len(rs) == 2 && (rs[1] == '长' || rs[1] == '長') && officeChars.has(rs[0]) && j > 0 {
			if p := d.toks[j-1]; p.end == t.start && p.end-p.start >= 2 && p.flags&posNounish != 0 &&
				!strings.HasPrefix(p.pos, "nr") && !notHeads[d.tok(j-1)] && allHan(d.runes[p.start:p.end]) &&
				!officeChars.has(d.runes[p.end-1]) && !strings.ContainsRune(d.tok(j-1), '副') && !titleModifiers[d.tok(j-1)] {
				// (外交部 部长 is an office and its title; 常务副 部长 a title.)
				kind, end, stem = 2, t.start+1, p.start
			}
		}
		if placeSuffixes.match(w) && (kind != 0 || t.pos == "n" || t.pos == "ns" || t.pos == "nz") {
			kind, label = 2, LOC
		}
		if l := end - t.start; l >= 2 && l <= 3 && bareOrgs[d.slice(t.start, end)] {
			emit(t.start, end, ORG, 0.5)
			// A place's own: 美國海軍, 日本國會 are one organisation.
			if j > 0 {
				if p := d.toks[j-1]; p.end == t.start && (p.pos == "ns" || gazEnd(p.start) == p.end) {
					emit(p.start, end, ORG, 0.55)
				}
			}
		}
		if kind == 0 {
			continue
		}
		// Walk left over noun-like words to the leftmost head: a place,
		// an organisation or a proper noun. After an organisation word of
		// gse's, only a place right before it.
		head := -1
		verb := -1 // the token of the one verb passed
		for k, steps := j-1, 0; k >= 0 && steps < 5; k, steps = k-1, steps+1 {
			if verb >= 0 && verb-k > 2 {
				break // the name's head lies at most two words before its verb
			}
			p := d.toks[k]
			ordinal := p.pos == "m" && d.runes[p.start] == '第' // 第三人民医院
			// 大连/d is still the gazetteer's place; 海外/s a noun here.
			known := gazEnd(p.start) == p.end
			// One verb inside the name, before any head: 国家 统计/v 委员会,
			// 旅游 专项 治理/v 办公室 (not 敖东队 in 全兴队 迎战 延边 敖东队).
			if p.pos == "v" && p.end-p.start == 2 && verb < 0 && head < 0 && label == ORG && kind == 2 && k > 0 && !eventVerbs[d.tok(k)] &&
				nounsOnly(d, k+1, j) {
				verb = k
				continue
			}
			if p.flags&posNounish == 0 && !ordinal && !known && p.pos != "s" || !isHan(d.runes[p.start]) || notHeads[d.tok(k)] {
				break
			}
			switch {
			case p.pos == "ns" || p.pos == "nt" || p.pos == "nz" || p.pos == "j" || p.pos == "nrt":
				head = p.start
			case known:
				head = p.start
			case label == ORG && kind == 2 && p.pos == "nr" && p.end-p.start >= 2 && allTranslit(d.runes[p.start:p.end]) && orgSuffixes.match(w):
				head = p.start // 劳拉公司: a foreign name gse tags a person's
			case label == ORG && orgPrefixes[d.tok(k)] && end-p.end >= 3:
				head = p.start // not 国际组织, 国家机关: a prefix and a common noun
			}
			if kind == 1 || label == LOC && head >= 0 {
				break
			}
		}
		switch {
		case head >= 0 && !genericOrg[d.slice(head, end)]: // 上市/ns 公司
			emit(head, end, label, 0.55)
		case label == ORG && kind == 2 && (t.pos == "nz" || t.pos == "l") && ownHead(w) && !genericOrg[w]:
			emit(t.start, end, ORG, 0.5) // 可口可乐公司/l, 雅戈尔集团/nz: gse's word holds the name
		case stem >= 0:
			emit(stem, end, ORG, 0.5)
		case kind == 1 && label == LOC:
			emit(t.start, end, label, 0.5)
		}
	}
}

// nounsOnly reports whether the tokens from..to-1 are all common or
// proper nouns (not names, words of place like 当中/s, or verbs).
func nounsOnly(d *doc, from, to int) bool {
	for k := from; k < to; k++ {
		switch d.toks[k].pos {
		case "n", "vn", "nz", "j", "an":
		default:
			return false
		}
	}
	return true
}

// eventVerbs are verbs that stand before an organisation without being
// part of its name: 成立 委员会, 参加 协会.
var eventVerbs = setWords("成立 设立 组建 建立 成为 召开 参加 加入 通过 领导 支持 访问 会见 举行 主持 出席 组织 决定 同意 批准 要求 希望 表示 认为 指出 宣布 担任 任命 当选 选举 进入 离开 来到 到达 前往 包括 属于 联合 委托 邀请 协助 帮助 推动 促进 提出 发表 代表 接受 拥有 筹建 创办 创建 组成 合并 撤销 恢复 改组")

// ownHead reports whether the word w, ending in one of orgSuffixes,
// holds a name before the suffix of two characters or more, and starts
// with no quantifier (各级党委 names no one body).
func ownHead(w string) bool {
	if r, _ := utf8.DecodeRuneInString(w); !orgSuffixes.match(w) || strings.ContainsRune("各该本全此每其某有", r) {
		return false // 各级党委/l
	}
	for _, suf := range orgSuffixes.words[slices.Index(orgSuffixes.runes, lastRune(w))] {
		if strings.HasSuffix(w, suf) && utf8.RuneCountInString(w)-utf8.RuneCountInString(suf) >= 2 {
			return true
		}
	}
	return false
}

func lastRune(w string) rune {
	r, _ := utf8.DecodeLastRuneInString(w)
	return r
}

// suffixLast holds the last characters of every ending suffixRules looks
// for, to pass over most words at once.
var suffixLast = func() runeSet {
	s := setOf("")
	for _, set := range []suffixSet{orgSuffixes, placeSuffixes} {
		for _, r := range set.runes {
			s.add(r)
		}
	}
	for w := range orgSuffixTokens {
		r, _ := utf8.DecodeLastRuneInString(w)
		s.add(r)
	}
	for w := range bareOrgs {
		r, _ := utf8.DecodeLastRuneInString(w)
		s.add(r)
	}
	for _, set := range []runeSet{orgEndChars, leaderEnds} {
		for r := rune(0x4e00); r < 0xa000; r++ {
			if set.has(r) {
				s.add(r)
			}
		}
	}
	return s
}()

// placeSuffixChars end place names: 崇皇乡, 肯特郡, 密执安州.
var placeSuffixChars = setOf("省市县区州岛乡镇村郡")

// notPlaceHeads come before a place suffix without naming a place:
// 本市, 全县, 该省.
var notPlaceHeads = setOf("本全该我各此外邻两三几每新老大小城省市县区乡镇村其某")

// directionChars begin place names such as 北基伍省 and 南蘇丹.
var directionChars = setOf("东南西北")

// placeRules adds places named by a proper noun and a one-character
// suffix that gse left apart: 崇皇 乡, 东丰 县, 肯特 郡.
func (m *model) placeRules(d *doc) {
	for j := 1; j < len(d.toks); j++ {
		t := d.toks[j]
		if t.end-t.start != 1 || !placeSuffixChars.has(d.runes[t.start]) {
			continue
		}
		p := d.toks[j-1]
		head := -1
		switch {
		case p.pos == "ns" || p.pos == "nz" || p.pos == "nr" || p.pos == "nrt" || p.pos == "nrfg" || p.pos == "j":
			head = p.start
		case p.pos == "n" && p.end-p.start == 2:
			head = p.start
		case p.end-p.start == 1 && isHan(d.runes[p.start]) && p.flags&posWeak == 0 && j >= 2:
			// Two unknown one-character words: 崇 皇 乡.
			q := d.toks[j-2]
			if q.end-q.start == 1 && isHan(d.runes[q.start]) && q.flags&posWeak == 0 && (unknownish(q.pos) || unknownish(p.pos) || q.pos == "n" && p.pos == "n") {
				head = q.start
				// A third such word before them: 麦 禾 营 镇.
				if k := j - 3; k >= 0 && d.toks[k].end-d.toks[k].start == 1 && isHan(d.runes[d.toks[k].start]) && d.toks[k].flags&posWeak == 0 &&
					(unknownish(d.toks[k].pos) || strings.HasPrefix(d.toks[k].pos, "nr") || d.toks[k].pos == "n") {
					head = d.toks[k].start
				}
			}
		}
		if head < 0 || notPlaceHeads.has(d.runes[head]) || t.end-head > 6 {
			continue
		}
		// The longest name: a direction gse left apart belongs to it
		// (北 基伍 省 is 北基伍省, not 基伍省).
		if k := j - 2; head == p.start && k >= 0 && d.toks[k].end == head && d.toks[k].end-d.toks[k].start == 1 &&
			directionChars.has(d.runes[head-1]) && t.end-head < 6 {
			head--
		}
		d.add(cand{start: head, end: t.end, label: LOC, source: SourceRule, score: 0.5, rank: rankRule, composite: true})
	}
}

// gazetteerSuffixed adds a gazetteer's place with the suffix gse joined
// to it: 保定市/n holds the gazetteer's 保定, and the place is 保定市.
func gazetteerSuffixed(d *doc) {
	for _, c := range d.cands {
		if c.source != SourceGazetteer || c.label != LOC || c.end >= len(d.runes) || !placeSuffixChars.has(d.runes[c.end]) {
			continue
		}
		if t := d.toks[d.tokAt[c.end]]; t.start <= c.start && t.end == c.end+1 {
			d.add(cand{start: c.start, end: c.end + 1, label: LOC, source: SourceRule, score: 0.6, rank: rankRule, composite: true})
		}
	}
}

// ownerPrefixes say who runs a school, a museum or a hospital and belong
// to its name: 國立臺灣大學, 市立第一医院.
var ownerPrefixes = setWords("国立 省立 市立 县立 区立 私立 公立 州立")

// ownedOrgs adds an organisation with the owner prefix before it.
func ownedOrgs(d *doc) {
	for _, c := range d.cands {
		if c.label != ORG || c.start < 2 || !d.boundary(c.start) {
			continue
		}
		if k := d.tokAt[c.start-1]; d.toks[k].end == c.start && ownerPrefixes[d.tok(k)] {
			d.add(cand{start: d.toks[k].start, end: c.end, label: ORG, source: SourceRule, score: 0.6, rank: rankRule, composite: true})
		}
	}
}

// unknownish are the parts of speech gse gives characters it could not
// place in a word.
func unknownish(pos string) bool { return pos == "x" || pos == "zg" || pos == "ng" || pos == "j" }

// suffixSet holds word endings indexed by their last character.
type suffixSet struct {
	last  runeSet
	runes []rune     // the distinct last characters, sorted
	words [][]string // words[i] end with runes[i]
}

func suffixesOf(words ...string) suffixSet {
	m := suffixSet{last: setOf("")}
	byLast := map[rune][]string{}
	for _, w := range words {
		r, _ := utf8.DecodeLastRuneInString(w)
		m.last.add(r)
		byLast[r] = append(byLast[r], w)
	}
	for r := range byLast {
		m.runes = append(m.runes, r)
	}
	slices.Sort(m.runes)
	for _, r := range m.runes {
		m.words = append(m.words, byLast[r])
	}
	return m
}

func (m suffixSet) match(w string) bool {
	r, _ := utf8.DecodeLastRuneInString(w)
	if !m.last.has(r) {
		return false
	}
	i, _ := slices.BinarySearch(m.runes, r)
	for _, x := range m.words[i] {
		if strings.HasSuffix(w, x) {
			return true
		}
	}
	return false
}

// allHan reports whether every rune of rs is a Han character.
func allHan(rs []rune) bool {
	for _, r := range rs {
		if !isHan(r) {
			return false
		}
	}
	return len(rs) > 0
}

// congresses adds a congress with its ordinal, after the party it belongs
// to if gse tags that an organisation: 第九届全国人民代表大会,
// 中国共产党第十五次全国代表大会, 中国民主建国会第七次全国代表大会, as
// both corpora mark them (党的 第十五次全国代表大会: 党 names no one;
// 香港特别行政区 第九届全国人民代表大会: a region is not a party).
func congresses(d *doc) {
	for k, t := range d.toks[:max(0, len(d.toks)-1)] {
		if t.pos != "m" || t.end-t.start < 3 || d.runes[t.start] != '第' || !strings.ContainsRune("届次", d.runes[t.end-1]) {
			continue
		}
		next := d.toks[k+1]
		if next.start != t.end || !strings.Contains(d.tok(k+1), "代表大会") {
			continue
		}
		start := t.start
		if k > 0 {
			if p := d.toks[k-1]; p.end == t.start && p.pos == "nt" && (partyEnds.has(d.runes[p.end-1]) || d.runes[p.end-1] == '会') {
				start = p.start
			}
		}
		d.add(cand{start: start, end: next.end, label: ORG, source: SourceRule, score: 0.6, rank: rankRule, composite: true})
	}
}

// partyCentres joins a party and 中央 after it into one organisation
// (致公党 中央, as 民盟中央/nt is one word), as all three corpora mark
// the centres of parties.
func partyCentres(d *doc) {
	for k := 1; k < len(d.toks); k++ {
		t, p := d.toks[k], d.toks[k-1]
		if p.end != t.start || p.pos != "nt" || d.tok(k) != "中央" || !partyEnds.has(d.runes[p.end-1]) {
			continue
		}
		d.add(cand{start: p.start, end: t.end, label: ORG, source: SourceRule, score: 0.6, rank: rankRule, composite: true})
	}
}

// partyEnds end the names of parties and the bodies like them that have a
// centre: 致公党, 九三学社, 共青团, 民盟.
var partyEnds = setOf("党社团盟")
