package suggest

import (
	"slices"
	"strings"
	"unicode"
)

// translit holds the characters Chinese transliterates foreign names
// with (斯 基 特 朗 普 澤 連 ...).
var translit = setOf("阿埃艾爱安昂奥巴拔芭白拜班邦保鲍贝本比彼毕宾波玻伯勃博布查差达大戴黛丹道德" +
	"登邓迪蒂丁东杜敦顿多厄恩尔法凡范菲费芬丰冯弗福富盖甘冈高戈哥格根古瓜圭哈海汉豪赫黑亨洪胡华霍" +
	"基吉加伽贾杰金京久居喀卡凯坎康柯科克肯库夸奎昆拉莱赖兰朗劳勒雷蕾里理丽利莉连列林琳灵留卢鲁" +
	"陆路伦罗洛马玛迈麦曼芒毛梅门蒙孟米密敏明摩莫默姆穆纳娜乃奈南内尼妮涅宁纽努诺欧帕潘庞佩彭皮" +
	"珀普奇齐恰乔切钦琼丘屈萨塞赛桑瑟森沙莎山尚绍舍圣施什史舒斯松苏索塔泰坦汤唐特提廷通图托瓦" +
	"旺威韦维温沃乌伍武西希锡席夏谢辛休修雅亚扬耶叶伊依因英尤约泽扎詹翁兹佐祖鞑撒喜夫延逊")

// foreignEnd holds characters that end transliterated place names far
// more often than person names (亚 in 尼日利亚, 兰 in 波兰).
var foreignPlaceEnd = []string{"尼亚", "利亚", "西亚", "维亚", "拉亚", "斯坦", "兰", "堡", "格勒", "港", "岛", "国", "州", "城", "湾", "河"}

// nameSuffixWords follow a name inside one gse word: 邓小平理论.
var nameSuffixWords = []string{"理论", "思想", "主义", "同志", "先生", "女士", "主席", "总理", "总统"}

// roleBefore are words that often come right before a person's name.
var roleBefore = setWords("记者 通讯员 主席 副主席 总理 副总理 总统 副总统 首相 部长 副部长 外长 局长 市长 省长 县长 区长 镇长 乡长 村长 书记 " +
	"副书记 主任 委员 院长 校长 所长 厂长 经理 总经理 董事长 总裁 行长 会长 社长 团长 队长 司令 司令员 政委 教练 主教练 " +
	"队员 选手 作者 作家 画家 诗人 教授 博士 医生 大夫 老师 同志 先生 女士 演员 导演 歌手 球员 议长 大使 发言人 " +
	"秘书长 总书记 国务卿 大臣 将军 上将 中将 少将 烈士 英雄 模范 老人 夫人 妻子 丈夫 儿子 女儿 父亲 母亲 学生 村民 " +
	"农民 工人 职工 干部 代表 法官 律师 警官 民警 战士 主持人 艺术家 科学家 学者 专家 院士 厅长 处长 科长 董事 " +
	"秘书 干事 宇航员 议员 特使 国王 女王 王子 主教 理事长 助理 顾问 运动员 棋手 主帅 外交官 总监 总编 编辑 指挥 歌唱家 作曲家 钢琴家 司机 官员")

// roleAfter are words that often come right after a person's name.
var roleAfter = setWords("说 表示 指出 认为 强调 介绍 告诉 先生 女士 小姐 同志 教授 博士 主席 总理 总统 首相 " +
	"部长 局长 市长 省长 县长 书记 院士 老师 大夫 医生 报道 摄 等 和 同 与 会见 会晤 接见 出席 主持 " +
	"宣布 发表 访问 率领 谈到 透露 回忆 笑 的 在 是 也 还 曾 又 就 已 将 便 向 对 为 被 把 从 夫人")

// strongAfter are the words after a name that all but say it is one: a
// verb of saying, a title, 同志.
var strongAfter = setWords("说 表示 指出 认为 强调 告诉 先生 女士 小姐 同志 教授 博士 主席 总理 总统 首相 部长 局长 市长 省长 " +
	"县长 书记 院士 主任 夫人 会见 接见 宣布 上将 中将 少将 将军 大使")

// strongContext is the bonus a name gse tagged gets from a word of
// strongAfter right after it, at end: 王群/nr 说, 谢非/nr 同志, whose
// one-character given names score low on their own.
func strongContext(d *doc, end int) float64 {
	if end < len(d.runes) && d.boundary(end) && strongAfter[d.tok(d.tokAt[end])] {
		return strongBonus
	}
	return 0
}

const strongBonus = 1.0

// titleAfterSurname make a lone surname a name: 李先生, 江主席.
var titleAfterSurname = []string{"先生", "女士", "小姐", "太太", "主席", "总理", "总统", "部长", "局长", "市长", "省长",
	"县长", "书记", "老师", "教授", "大夫", "医生", "同志", "经理", "厂长", "校长", "院长", "主任", "师傅", "大娘",
	"大爷", "大妈", "大伯", "大姐", "外长", "行长", "会长", "老总", "委员", "处长", "科长", "某"}

func setWords(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// isHan reports whether r is a CJK ideograph.
func isHan(r rune) bool {
	if r >= 0x4E00 && r <= 0x9FFF {
		return true
	}
	return r >= 0x2E80 && unicode.Is(unicode.Han, r)
}

// allTranslit reports whether every character of rs is a transliteration
// character.
func allTranslit(rs []rune) bool {
	for _, r := range rs {
		if !translit.has(r) {
			return false
		}
	}
	return len(rs) > 0
}

// filterDictionary checks and adjusts a candidate made from a gse tag.
func (m *model) filterDictionary(d *doc, t token, c cand) (cand, bool) {
	rs := d.runes[c.start:c.end]
	switch c.label {
	case PER:
		// 李老师, 郑先生, 王某 as one word: People's Daily and MSRA mark
		// the surname.
		if len(rs) >= 2 && len(rs) <= 4 {
			if sn, core := surnameLen(rs); sn == 1 && core && slices.Contains(titleAfterSurname, string(rs[1:])) {
				c.end = c.start + 1
				return c, true
			}
		}
		for _, suf := range nameSuffixWords {
			if n := len([]rune(suf)); len(rs) > n+1 && string(rs[len(rs)-n:]) == suf {
				c.end -= n
				rs = rs[:len(rs)-n]
				break
			}
		}
		if len(rs) < 2 || notNames[string(rs)] {
			return c, false
		}
		if m.countyWord(rs, true) {
			c.label, c.composite = LOC, true
			return c, true
		}
		// 宜兴人: a place and 人, someone from there.
		if len(rs) >= 3 && rs[len(rs)-1] == '人' && m.isPlace(string(rs[:len(rs)-1])) {
			c.label, c.end = LOC, c.end-1
			return c, true
		}
		// A transliterated place: 肯特郡, 阿尔萨斯省.
		if len(rs) >= 3 && placeSuffixChars.has(rs[len(rs)-1]) && allTranslit(rs[:len(rs)-1]) {
			c.label = LOC
			return c, true
		}
		// A Chinese name: surname and a given name of one or two
		// characters that look like one.
		if sn, core := surnameLen(rs); sn > 0 && len(rs)-sn >= 1 && len(rs)-sn <= 2 {
			s, ok := m.nameScore(d, c.start, sn, c.end, core)
			strong := strongContext(d, c.end)
			// gse's Chinese name of three characters after a common
			// surname is one unless its first two make an everyday word
			// (范围广): 龚育之, though 之 seldom ends a name.
			if ok && len(rs) == 3 && sn == 1 && core && t.pos != "nrt" && !m.everydayWord(string(rs[:2])) {
				return c, true
			}
			// After a rarer surname, with a title or a verb of saying
			// after it and no everyday word in it (傅全有 上将, 由喜贵 说).
			if ok && len(rs) == 3 && sn == 1 && !core && t.pos == "nr" && !m.everydayWord(string(rs[:2])) && !m.everydayWord(string(rs[1:])) &&
				(strong > 0 || m.contextScore(d, c.start, c.end) >= 2) {
				return c, true
			}
			if ok && s+dictNameBonus+strong >= nameThreshold {
				return c, true
			}
		}
		// A foreign name: three or more transliteration characters, or
		// two next to a title or a verb of saying.
		if allTranslit(rs) && (len(rs) >= 3 || m.contextScore(d, c.start, c.end) >= 2) {
			if foreignPlace(d, c.start, c.end) {
				c.label, c.composite = LOC, true
			}
			return c, true
		}
		return c, false
	case LOC:
		if len(rs) < 2 || genericPlace[string(rs)] {
			return c, false
		}
		// 南亚地区, 东北地区, 委内瑞拉政府, 东欧各国, 德国马克: both
		// corpora mark the place without the word after it.
		for _, w := range placeTails {
			if n := len([]rune(w)); len(rs) >= n+2 && strings.HasSuffix(string(rs), w) {
				c.end -= n
				break
			}
		}
	case ORG:
		// 中华人民共和国香港特别行政区/nt: a region, after the country
		// it belongs to, as both corpora mark it.
		if w := string(rs); strings.HasSuffix(w, "特别行政区") {
			for _, p := range []string{"中华人民共和国", "中国"} {
				if n := len([]rune(p)); len(rs) > n+5 && strings.HasPrefix(w, p) {
					d.add(cand{start: c.start, end: c.start + n, label: LOC, source: c.source, score: c.score, rank: c.rank})
					c.start += n
					break
				}
			}
			c.label = LOC
			return c, true
		}
		// 中国美术馆/nt, 北京图书大厦/nt: a building is a place.
		if len(rs) >= 4 && placeSuffixes.match(string(rs)) {
			c.label = LOC
			return c, true
		}
		// 美国公司, 日本企业: companies of a country, not one.
		for _, w := range []string{"公司", "企业"} {
			if len(rs) >= 4 && strings.HasSuffix(string(rs), w) && m.gaz.labels[string(rs[:len(rs)-2])] == LOC {
				c.label, c.end = LOC, c.end-2
				return c, true
			}
		}
		if len(rs) < 2 || genericOrg[string(rs)] || strings.HasSuffix(string(rs), "政府") || strings.HasSuffix(string(rs), "关系") || notOrgEnds.match(string(rs)) && !orgSuffixes.match(string(rs)) {
			return c, false
		}
	}
	return c, true
}

// isPlace reports whether w is a place to the gazetteer or to gse.
func (m *model) isPlace(w string) bool {
	if m.gaz.labels[w] == LOC {
		return true
	}
	_, pos, ok := m.seg.Find(w)
	return ok && pos == "ns"
}

// countyEnds end the names of counties, towns and provinces, which gse's
// dictionary often tags as persons (花莲县/nr, 公明镇/nr, 称多县/nrt) or
// as nouns and verbs (会理县/n, 漾濞县/v). 市 is left out, as it also
// ends names (佐藤浩市), and so is 村 (郝柏村), though a person candidate
// ending in 村 that passes the name rules still becomes a place in
// vetCandidates (placeEnds) unless the gazetteer knows the person, and
// countyWord takes villages of its own. 区 is only trusted from a
// person-tagged word (占领区, 服务区 are nouns).
var countyEnds = setOf("县镇乡郡州省区")

// countyWord reports whether rs, one gse word of three characters or
// more, names a county, a town or a province: a place suffix after a
// head that is no everyday word. A word tagged as a person may have a
// noun for its head (鼓楼区); any other needs a name-like head and one of
// the suffixes 县镇乡郡, or is a village of three or four characters
// whose head the dictionary does not know (下叔村; not 文明村, 小康村).
func (m *model) countyWord(rs []rune, personTagged bool) bool {
	n := len(rs)
	if n < 3 || n > 7 || !countyEnds.has(rs[n-1]) && (rs[n-1] != '村' || personTagged) || notPlaceHeads.has(rs[0]) || genericPlace[string(rs)] {
		return false
	}
	village := rs[n-1] == '村' && !personTagged && n >= 3 && n <= 4
	if !personTagged && !village && !strings.ContainsRune("县镇乡郡", rs[n-1]) {
		return false
	}
	_, pos, ok := m.seg.Find(string(rs[:n-1]))
	if village {
		return !ok || pos == "" // 下叔村/n; not 文明村, 小康村
	}
	if !ok || pos == "" {
		return true
	}
	switch pos {
	case "ns", "nr", "nrt", "nrfg", "nz", "j", "x":
		return true
	case "n":
		return personTagged
	}
	return false
}

// everydayWord reports whether gse's dictionary holds w as a word that
// is no name.
func (m *model) everydayWord(w string) bool {
	_, pos, ok := m.seg.Find(w)
	return ok && pos != "" && !strings.HasPrefix(pos, "nr")
}

// placeTails follow a place inside one gse word without being part of
// its name: a region, a government, its countries, its currency, its
// return (香港回归/ns).
var placeTails = []string{"地区", "政府", "各国", "马克", "克朗", "法郎", "卢布", "里拉", "比索", "卢比", "第纳尔", "回归"}

// notNames are words gse tags as person names that are not: weather,
// trophies, everyday words.
var notNames = setWords("雷阵雨 雷雨 雷雨大风 阵雨 多云 小雨 中雨 大雨 暴雨 阴转 黄淮 江淮 尤伯杯 汤姆斯杯 汤尤杯 " +
	"厄尔尼诺 拉尼娜 桂冠 祝福 祝贺 叶子 白云 王朝 温馨 高雅 时髦 殷红 胡老 师生 顾客 文明 卫星 高潮 荣幸 明白 " +
	"许可证 安全性 高达 多达 卢比 卢布 田野 康复 周转 冷清 和暖 白痴 路基 丛林 封锁 齐备 鹿茸 苏铁 桑拿 桑巴 " +
	"尼古丁 纪念章 大比武 边塞诗 斯诺克 桑塔纳 劳斯莱斯 高峰 陶醉 安慰 温暖 宁静 祥和 和睦 和谐 安康 富强 黄金周")

// genericPlace are words gse tags as places that are not names.
var genericPlace = setWords("城市 海洋 两国 外国 大国 山区 山水 长达 大桥 海港 城镇 平原 太多 黑洞 治安 海关 滑坡 福利 中断 " +
	"欧元区 百强县 老城区 异国他乡 四国 " +
	"西瓜 古都 回国 南北 东西 大城市 半壁江山 各国 全国 本国 我国 该国 他国 异国 祖国 国内 国外 海外 沿海 内地 边疆 " +
	"农村 城乡 山村 乡村 家乡 故乡 老家 当地 本地 外地 各地 基层 郊区 市区 城区 小区 社区 地区 区域 港口 机场 车站 " +
	"码头 广场 公园 街道 大街 马路 公路 铁路 高原 盆地 草原 沙漠 森林 海岛 岛屿 海峡 海湾 河流 湖泊 大海 海面 " +
	"天下 人间 天堂 地狱 中外 东方 西方 南方 北方 东南 沿江 江南 江北 关内 关外 塞外 中原 天涯 海角 一带 两岸 " +
	"中美 中日 中俄 美中 美俄 美日 日美 中印 印巴 巴以 北南 中非 欧美 亚欧 中欧 东欧 西欧 南欧 北欧 东亚 港澳 港台 " +
	"中央 中华民族 中国人 中国人民 华人 华侨 美国人 日本人 外国人 中国式 " +
	// Everyday words gse's dictionary tags as places, found by listing
	// the dictionary places the rules suggested in unlabelled news text.
	"非市场 科教兴国 广开 庆典 爱国 普及 商城 关联 广大干部 之日起 江山 美丽 深度 美德 依法治国 上岗 馆藏 太大 " +
	"欢庆 中和 加盟 上楼 波及 远洋 大关 新鲜 上马 兴旺 河谷 治本 河水 上街 美化 神圣 上半场 下半场 上市 治国 深海 " +
	"惠及 馆内 山川 之本 大县 青春 港口城市 喜庆 井口 信口开河 入春 上门 大班 山林 大江 会徽 定岗 叙旧 小国 " +
	"贵族化 香化 镇里 嘉宾 黑马 山坡 山野 沙海 珍藏 加大力度 江河 广开门路 广开才路 锦旗 大雅 崇高品德 新村 " +
	"即将来临 山河 大型超市 泉水 广度 扬威 淡泊名利 如山 古典 下海 重特大 朝野 拉下马 缅怀 阴阳 青云 横梁 " +
	"高山流水 城镇人口 吐故纳新 乌黑 沧桑 大中城市 之利 下半旗 挪作他用 内河 文明古国 藩篱 大山 冰山 蒙上 新建 " +
	"播撒 广为 百川 长河 兴旺发达 南国 开朗 多极 山洞 山沟 城关 海滨 广义 立国 古庙 都市 挪窝 保平安 中上 " +
	"大河 江湖 河山 故土 热土 国土 疆土 领土 本土 乡土")

// genericOrg are words gse tags as organisations that are not names.
var genericOrg = setWords("联合公报 联合声明 国家机关 国际组织 政府机关 司法机关 国家机构 党组织 党政机关 中美关系 美中关系 中日关系 中俄关系 社会科学 广大观众 新政府 政府 " +
	"特区政府 中央政府 地方政府 人民政府 联邦政府 公司 企业 集团 单位 部门 机关 组织 机构 团体 协会 学会 " +
	"上市公司 长足进展 太空飞行 参政党 人民军队 经济合作组织 国共两党")

// gazetteerFits reports whether a gazetteer match at [start,end) is
// plausible where it stands: a short match that would cut through a word
// of gse's (the 中山 in 孙中山先生 is fine, the 中美 in 中美洲 is not) is
// dropped.
func (m *model) gazetteerFits(d *doc, start, end int, label string) bool {
	// 西北 in 西北部/f: a direction, not the region.
	if !d.boundary(end) && d.toks[d.tokAt[start]].pos == "f" {
		return false
	}
	switch gazMode {
	case 1:
		return label == LOC || d.boundary(start) && d.boundary(end)
	case 2:
		return d.boundary(start) && (label == LOC || d.boundary(end))
	case 3:
		return d.boundary(start) || d.boundary(end)
	}
	return d.boundary(start) && d.boundary(end)
}

var gazMode = 2

// rules adds the candidates of our rules and patterns.
func (m *model) rules(d *doc) {
	m.personRules(d)
	bylines(d)
	dottedNames(d)
	m.doctrines(d)
	m.abbreviations(d)
	m.suffixRules(d)
	congresses(d)
	partyCentres(d)
	m.placeRules(d)
	gazetteerSuffixed(d)
	ownedOrgs(d)
	teams(d)
	timePatterns(d)
}

// notTeamNext are the characters after 队 that make it a word of its own
// (队员 a player, 队伍 the ranks, 队长 the captain), not a team's name.
var notTeamNext = setOf("员伍长列友形部内里旗医服歌")

// teams suggests a place and 队 as one organisation, a team: 古巴队,
// 匈牙利队 (People's Daily and MSRA both mark the team, not the place).
// The place is what the gazetteer or gse's dictionary found ending just
// before 队.
func teams(d *doc) {
	n := len(d.runes)
	var extra []cand
	for _, c := range d.cands {
		if c.label != LOC || c.end >= n || d.runes[c.end] != '队' {
			continue
		}
		if c.end+1 < n && notTeamNext.has(d.runes[c.end+1]) {
			continue
		}
		extra = append(extra, cand{start: c.start, end: c.end + 1, label: ORG, source: SourceRule, score: 0.6, rank: rankRule, composite: true})
	}
	for _, c := range extra {
		d.add(c)
	}
}

// latinAliases gives a Latin name in parentheses right after an entity the
// entity's label: 特朗普（Donald Trump）, 北约 (NATO). cs is sorted by start
// and does not overlap.
func latinAliases(d *doc, cs []cand) []cand {
	n := len(d.runes)
	var extra []cand
	for k, c := range cs {
		if c.label == TIME {
			continue
		}
		i := c.end
		for i < n && (d.runes[i] == ' ' || d.runes[i] == '\u3000') {
			i++
		}
		if i >= n || d.runes[i] != '(' && d.runes[i] != '（' {
			continue
		}
		open := i
		j := open + 1
		for j < n && j-open <= 80 && latinNameRune(d.runes[j]) {
			j++
		}
		name := j
		if j < n && isAliasSeparator(d.runes[j]) {
			// The bracket holds more after the name: （Donald Trump，又譯川普）.
			if j = closeOf(d.runes, j, 40); j < 0 {
				continue
			}
		}
		if j >= n || d.runes[j] != ')' && d.runes[j] != '）' {
			continue
		}
		start, end := open+1, name
		for start < end && d.runes[start] == ' ' {
			start++
		}
		for end > start && d.runes[end-1] == ' ' {
			end--
		}
		if end == start || !unicode.IsLetter(d.runes[start]) || !unicode.IsUpper(d.runes[start]) {
			continue
		}
		if k+1 < len(cs) && cs[k+1].start < name {
			continue // something already suggested inside the name
		}
		extra = append(extra, cand{start: start, end: end, label: c.label, source: SourceRule, score: c.score * 0.95, rank: rankRule})
	}
	if len(extra) == 0 {
		return cs
	}
	cs = append(cs, extra...)
	sortSlice(cs, func(a, b cand) int { return a.start - b.start })
	return cs
}

// isAliasSeparator reports whether r may end a Latin name in parentheses
// that go on with something else: a comma, an enumeration comma, a
// semicolon or a slash.
func isAliasSeparator(r rune) bool {
	switch r {
	case '，', ',', '、', '；', ';', '/', '／':
		return true
	}
	return false
}

// closeOf returns the index of the closing parenthesis at most limit code
// points after i, or -1 if one opens or none closes first.
func closeOf(rs []rune, i, limit int) int {
	for j := i; j < len(rs) && j-i <= limit; j++ {
		switch rs[j] {
		case ')', '）':
			return j
		case '(', '（', '\n':
			return -1
		}
	}
	return -1
}

// agencies are the news and picture agencies a caption credits in
// parentheses: （Reuters）, （Getty Images）, (AFP/Getty).
var agencies = map[string]bool{
	"Reuters": true, "AP": true, "AFP": true, "Getty": true, "Getty Images": true, "EPA": true, "EPA-EFE": true,
	"Bloomberg": true, "Xinhua": true, "Associated Press": true, "Kyodo": true, "Yonhap": true, "Shutterstock": true,
	"Anadolu": true, "Sipa": true, "Sipa USA": true, "NurPhoto": true, "Sputnik": true, "TASS": true, "UPI": true,
	"CNA": true, "Alamy": true, "Agence France-Presse": true,
}

// agencyCredits adds an ORG for every agency a caption credits in
// parentheses, alone or with others: （Reuters）, （AFP/Getty）. cs is sorted
// by start and does not overlap; a credit already covered is left alone.
func agencyCredits(d *doc, cs []cand) []cand {
	n := len(d.runes)
	var extra []cand
	for i := 0; i < n; i++ {
		if d.runes[i] != '(' && d.runes[i] != '（' {
			continue
		}
		j := closeOf(d.runes, i+1, 60)
		if j < 0 {
			continue
		}
		// The credits: Latin names split at slashes, commas and "via".
		k := i + 1
		for k <= j {
			e := k
			for e < j && latinNameRune(d.runes[e]) && d.runes[e] != '/' {
				e++
			}
			s, t := k, e
			for s < t && d.runes[s] == ' ' {
				s++
			}
			for t > s && d.runes[t-1] == ' ' {
				t--
			}
			if agencies[string(d.runes[s:t])] && !covered(cs, s, t) {
				extra = append(extra, cand{start: s, end: t, label: ORG, source: SourceRule, score: 0.8, rank: rankRule})
			}
			if e < j && !isAliasSeparator(d.runes[e]) {
				break // not a list of credits
			}
			k = e + 1
		}
		i = j
	}
	if len(extra) == 0 {
		return cs
	}
	cs = append(cs, extra...)
	sortSlice(cs, func(a, b cand) int { return a.start - b.start })
	return cs
}

// covered reports whether a candidate of cs overlaps [s, t).
func covered(cs []cand, s, t int) bool {
	for _, c := range cs {
		if c.start < t && s < c.end {
			return true
		}
	}
	return false
}

// latinNameRune reports whether r may appear in a Latin name in
// parentheses: letters of Latin scripts, spaces, dots, hyphens,
// apostrophes.
func latinNameRune(r rune) bool {
	switch r {
	case ' ', '.', '-', '\'', '’', '·', '&':
		return true
	}
	return unicode.Is(unicode.Latin, r) || unicode.IsDigit(r) && r < 0x80
}
