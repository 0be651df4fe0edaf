package suggest

// surnames are common Chinese family names, most frequent first: the core
// ones, which rarely start anything but a name at a word boundary, and
// the others, which also are everyday characters (高, 文, 金, 和).
var (
	coreSurnames = setOf("王李张刘陈杨黄赵吴周徐孙朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖萧董袁潘蒋蔡" +
		"杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范廖贾夏韦邹孟熊秦邱尹薛闫段雷侯陶黎贺顾毛郝龚邵钱严覃" +
		"戴莫孔汤温康施樊葛邢乔伍庞颜倪庄聂章岳翟殷詹耿俞柳祝阮柯纪童凌毕裴霍涂苗翁冉骆蓝辛靳柴蒙鲍" +
		"喻祁蒲滕饶牟艾尤穆卓缪褚娄窦戚岑晏柏瞿桂佟臧闵苟邬卞姬栾隋刁郎甄虞敖巩佘邝鞠荆郁胥冀楚鄢谌" +
		"奚粟冼蔺楼阚郜扈晁芮薄邸雍辜裘亓邰杭逯茹嵇湛勾茅揭尉昝植衡闭谷欧钮姬")
	otherSurnames = setOf("马高石金田万于江吕方白文史龙傅付武鲁包宁尚符舒单季成曲游管路房屈解时" +
		"古吉司车项连麦费卜冷席卫米宗全应边师和仇商沙荣巫寇桑丛仲明池查麻苑迟官封谈匡惠乐南班储原栗" +
		"燕劳皮盘满闻位厉伊仝区海花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来都" +
		"普阙浦戈伏鹿阳安常向易齐关兰焦甘梅农左欧景党宫")
	compoundSurnames = pairsOf("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容",
		"令狐", "长孙", "宇文", "司徒", "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "万俟", "闻人",
		"申屠", "澹台", "呼延", "钟离", "百里", "东郭", "公冶", "太史", "单于", "拓跋")
)

// runeSet is a set of characters: a bitmap over the Basic Multilingual
// Plane, a map beyond it.
type runeSet struct {
	bmp   *[1 << 10]uint64
	other map[rune]bool
}

func setOf(chars string) runeSet {
	s := runeSet{bmp: new([1 << 10]uint64), other: map[rune]bool{}}
	for _, r := range chars {
		s.add(r)
	}
	return s
}

func (s runeSet) add(r rune) {
	if r >= 0 && r < 1<<16 {
		s.bmp[r>>6] |= 1 << (r & 63)
	} else {
		s.other[r] = true
	}
}

func (s runeSet) has(r rune) bool {
	if r >= 0 && r < 1<<16 {
		return s.bmp[r>>6]&(1<<(r&63)) != 0
	}
	return s.other[r]
}

// compoundFirst holds the first characters of compoundSurnames.
var compoundFirst = func() runeSet {
	s := setOf("")
	for p := range compoundSurnames {
		s.add(p[0])
	}
	return s
}()

func pairsOf(words ...string) map[[2]rune]bool {
	m := make(map[[2]rune]bool, len(words))
	for _, w := range words {
		rs := []rune(w)
		m[[2]rune{rs[0], rs[1]}] = true
	}
	return m
}

// surnameLen returns the length of the surname that begins rs (2 for a
// compound surname, 1 for a single one) and whether it is a core surname.
func surnameLen(rs []rune) (n int, core bool) {
	if len(rs) >= 2 && compoundFirst.has(rs[0]) && compoundSurnames[[2]rune{rs[0], rs[1]}] {
		return 2, true
	}
	if len(rs) >= 1 {
		if coreSurnames.has(rs[0]) {
			return 1, true
		}
		if otherSurnames.has(rs[0]) {
			return 1, false
		}
	}
	return 0, false
}
