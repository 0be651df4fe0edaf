package annotate

import "strconv"

// Plural is n with noun for messages: "1 document", "3 documents".
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
