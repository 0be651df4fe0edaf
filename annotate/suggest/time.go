package suggest

// Dates and times are matched by hand on the folded text (時 is 时 by
// then): a span is a run of adjacent parts, each a date (2025年, 9月,
// 23日), a time of day (上午, 十时, 3点30分), a weekday (星期一, 周三) or a
// relative day (今天, 去年).

// timeWords are parts that stand alone.
var timeWords = []string{
	"凌晨", "清晨", "早晨", "早上", "上午", "中午", "下午", "傍晚", "晚上", "晚间", "深夜", "午夜", "夜间",
	"今天", "昨天", "明天", "前天", "后天", "今日", "昨日", "明日", "今年", "去年", "明年", "前年", "今晨",
	"昨晨", "今晚", "昨晚", "明晚", "今早", "明早", "本周", "上周", "下周", "本周末", "上周末", "下周末",
	"本月", "上月", "下月", "上个月", "下个月", "今明两天",
}

// dayPeriods make a following hour a time even in Chinese numerals.
var dayPeriods = setWords("凌晨 清晨 早晨 早上 上午 中午 下午 傍晚 晚上 晚间 深夜 午夜 夜间 今晨 今晚 昨晚 明晚 当晚 今早 明早")

var weekdayChars = setOf("一二三四五六日天")

const cnDigits = "〇零一二三四五六七八九十百千两廿卅"

var cnDigitSet = setOf(cnDigits)

func isCnDigit(r rune) bool { return cnDigitSet.has(r) }

// number returns the end of a number starting at i (ASCII, full-width or
// Chinese numerals), its kind and its value (-1 when not simple).
func number(rs []rune, i int) (end int, chinese bool, digits int, value int) {
	j := i
	value = 0
	if j < len(rs) && isDigit(rs[j]) {
		for j < len(rs) && isDigit(rs[j]) {
			value = value*10 + int(digitValue(rs[j]))
			j++
		}
		return j, false, j - i, value
	}
	for j < len(rs) && isCnDigit(rs[j]) {
		j++
	}
	return j, true, j - i, cnValue(rs[i:j])
}

// isDigit reports whether r is an ASCII or a full-width digit.
func isDigit(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }

func digitValue(r rune) rune {
	switch {
	case r >= '0' && r <= '9':
		return r - '0'
	case r >= '０' && r <= '９':
		return r - '０'
	}
	return 0
}

// cnValue reads small Chinese numbers (一, 十, 二十三, 廿三); -1 otherwise.
var cnDigitValue = map[rune]int{'〇': 0, '零': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}

func cnValue(rs []rune) int {
	val := cnDigitValue
	total, cur := 0, -1
	for _, r := range rs {
		switch r {
		case '十':
			if cur < 0 {
				cur = 1
			}
			total += cur * 10
			cur = -1
		case '廿':
			total += 20
		case '卅':
			total += 30
		case '百', '千':
			return -1
		default:
			v, ok := val[r]
			if !ok {
				return -1
			}
			if cur >= 0 { // digit by digit: 二〇二五
				cur = cur*10 + v
			} else {
				cur = v
			}
		}
	}
	if cur > 0 {
		total += cur
	}
	return total
}

// timePart returns the end of the date or time part that starts at i, or
// i if none does. prev is the previous part, "" at the start of a run.
func timePart(rs []rune, i int, prev string) (int, string) {
	n := len(rs)
	if i >= n {
		return i, ""
	}
	if timeWordIndexSet.has(rs[i]) {
		for _, w := range timeWordIndex[rs[i]] {
			if hasRunePrefix(rs[i:], w) {
				return i + len(w), string(w)
			}
		}
	}
	if k := weekdayPrefix(rs, i); k > i && k < n && weekdayChars.has(rs[k]) && (rs[i] != '周' || rs[k] != '天') {
		return k + 1, "weekday"
	}
	end, chinese, digits, value := number(rs, i)
	if digits == 0 || end >= n {
		return i, ""
	}
	unit := rs[end]
	next := rune(0)
	if end+1 < n {
		next = rs[end+1]
	}
	switch unit {
	case '年':
		if next == '代' && (!chinese || digits >= 2) {
			return end + 2, "decade"
		}
		// A year, not a duration: four digits (2025年), or a Chinese
		// year read digit by digit (二〇二五年).
		if !chinese && digits == 4 || !chinese && digits == 2 && next == '度' || chinese && digits == 4 {
			if next == '度' {
				return end + 2, "year"
			}
			return end + 1, "year"
		}
	case '世':
		if next == '纪' && value > 0 && value <= 30 {
			return end + 2, "century"
		}
	case '月':
		if value >= 1 && value <= 12 && (!chinese || prev == "year" || next == '份' || followsDay(rs, end+1)) {
			if next == '份' {
				return end + 2, "month"
			}
			return end + 1, "month"
		}
	case '日', '号':
		if value >= 1 && value <= 31 && (unit == '日' || prev == "month") && (!chinese || prev == "month") {
			return end + 1, "day"
		}
	case '时', '点':
		ok := value >= 0 && value <= 24 && (dayPeriods[prev] || prev == "day" || prev == "weekday" ||
			!chinese && unit == '时' || next == '半' || next == '整' || next == '正' || next == '许' ||
			isMinute(rs, end+1))
		if ok {
			k := end + 1
			if k < n && (rs[k] == '半' || rs[k] == '整' || rs[k] == '正' || rs[k] == '许') {
				return k + 1, "hour"
			}
			if m, ok := minutes(rs, k); ok {
				k = m
				if s, ok := seconds(rs, k); ok {
					k = s
				}
			}
			return k, "hour"
		}
	}
	return i, ""
}

// followsDay reports whether a day (23日) starts at i: 九月二十三日.
func followsDay(rs []rune, i int) bool {
	end, _, digits, _ := number(rs, i)
	return digits > 0 && end < len(rs) && (rs[end] == '日' || rs[end] == '号')
}

func isMinute(rs []rune, i int) bool { _, ok := minutes(rs, i); return ok }

func minutes(rs []rune, i int) (int, bool) {
	end, _, digits, value := number(rs, i)
	if digits > 0 && value >= 0 && value < 60 && end < len(rs) && rs[end] == '分' {
		return end + 1, true
	}
	return i, false
}

func seconds(rs []rune, i int) (int, bool) {
	end, _, digits, value := number(rs, i)
	if digits > 0 && value >= 0 && value < 60 && end < len(rs) && rs[end] == '秒' {
		return end + 1, true
	}
	return i, false
}

// timePatterns adds dates and times.
func timePatterns(d *doc) {
	rs := d.runes
	for i := 0; i < len(rs); {
		r := rs[i]
		if !timeStart.has(r) {
			i++
			continue
		}
		// A number inside a longer number or a word (第三十日) is no date.
		if i > 0 && (isDigit(rs[i-1]) || (isCnDigit(r) && isCnDigit(rs[i-1]))) {
			i++
			continue
		}
		// A number must be followed by a unit: pass over the others whole.
		if e, _, digits, _ := number(rs, i); digits > 0 && (e >= len(rs) || !timeUnits.has(rs[e])) {
			if !timeWordIndexSet.has(r) {
				i = e
				continue
			}
		}
		start, end, prev := i, i, ""
		for {
			e, kind := timePart(rs, end, prev)
			if e == end {
				break
			}
			end, prev = e, kind
		}
		if end == start {
			i++
			continue
		}
		d.add(cand{start: start, end: end, label: TIME, source: SourceRule, score: 0.8, rank: rankRule})
		i = end
	}
}

// timeWordIndex holds timeWords by their first character, longest first.
var timeWordIndex = func() map[rune][][]rune {
	m := map[rune][][]rune{}
	for _, w := range timeWords {
		rs := []rune(w)
		m[rs[0]] = append(m[rs[0]], rs)
	}
	for _, ws := range m {
		sortSlice(ws, func(a, b []rune) int { return len(b) - len(a) })
	}
	return m
}()

// timeUnits follow the number of a date or a time.
var timeUnits = setOf("年月日号时点世")

// timeWordIndexSet holds the first characters of timeWords.
var timeWordIndexSet = func() runeSet {
	s := setOf("星礼周")
	for r := range timeWordIndex {
		s.add(r)
	}
	return s
}()

// timeStart holds the first characters of timeWords and weekdays.
var timeStart = func() runeSet {
	m := setOf("星礼周0123456789０１２３４５６７８９" + cnDigits)
	for r := range timeWordIndex {
		m.add(r)
	}
	return m
}()

func hasRunePrefix(rs, prefix []rune) bool {
	if len(rs) < len(prefix) {
		return false
	}
	for i, r := range prefix {
		if rs[i] != r {
			return false
		}
	}
	return true
}

// weekdayPrefix returns the end of 星期, 礼拜 or 周 at i, or i.
func weekdayPrefix(rs []rune, i int) int {
	switch {
	case i+1 < len(rs) && (rs[i] == '星' && rs[i+1] == '期' || rs[i] == '礼' && rs[i+1] == '拜'):
		return i + 2
	case rs[i] == '周':
		return i + 1
	}
	return i
}
