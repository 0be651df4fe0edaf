package tagger

import "strings"

// Forget removes the sentences whose key starts with prefix from the
// examples the model keeps for replay, Retrain and its gazetteer, and
// returns how many it removed: a sentence a reviewer took back (an
// undone decision) is not learned from again. The weights keep what the
// sentences taught them until the next Retrain.
func (m *Model) Forget(prefix string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := len(m.examples)
	var keys []string
	seen := map[string]bool{}
	for i := range m.examples {
		if k := m.examples[i].key; k != "" && strings.HasPrefix(k, prefix) && !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	for _, k := range keys {
		m.forget(k)
	}
	return n - len(m.examples)
}

// Known returns how many of the sentences the model keeps have a key
// starting with prefix.
func (m *Model) Known(prefix string) int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	n := 0
	for i := range m.examples {
		if strings.HasPrefix(m.examples[i].key, prefix) {
			n++
		}
	}
	return n
}

// Keys returns the distinct keys of the sentences the model keeps, in
// the order first learned ("" for sentences learned without one is left
// out).
func (m *Model) Keys() []string {
	m.mu.RLock()
	defer m.mu.RUnlock()
	var out []string
	seen := map[string]bool{}
	for i := range m.examples {
		if k := m.examples[i].key; k != "" && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}
