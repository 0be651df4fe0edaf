package tagger

// Uncertainty returns how unsure m is of the tags of text: the sum over
// its characters of one minus the probability of the character's most
// likely tag (the weights read as a linear-chain CRF's, as Tag's scores
// are), and the number of characters. Were the marginals calibrated, the
// sum would be the characters m can expect to tag wrongly; at Tag's
// temperature they are softer than that, so read it as a ranking. The
// texts with the highest sums are those whose review would teach m most
// (least-confidence sampling). An untrained model returns 0: it has no
// view to be unsure of.
func (m *Model) Uncertainty(text string) (sum float64, n int) {
	rs := []rune(text)
	for _, c := range splitRunes(rs, func(int) bool { return true }) {
		a := m.analyse(string(rs[c.start:c.end]))
		sum += m.uncertainChunk(a)
	}
	return sum, len(rs)
}

// uncertainChunk is Uncertainty's sum over one analysed sentence.
func (m *Model) uncertainChunk(a *analysis) float64 {
	m.mu.RLock()
	defer m.mu.RUnlock()
	p := m.p
	n := len(a.runes)
	if len(p.labels) == 0 || n == 0 {
		return 0
	}
	feats, off := a.withGazetteer(m.gaz, nil)
	sc := scorer{p: p, avg: true}
	e := make([]float32, n*p.nt)
	sc.emissions(feats, off, e)
	lt := newLattice(e, sc.transitions(), p.nt, temperature)
	u := 0.0
	for t := range n {
		u += 1 - lt.confidence(t)
	}
	return u
}

// confidence is the probability of the most likely tag at position t
// (1 when the lattice gives t no weight at all).
func (lt *lattice) confidence(t int) float64 {
	best, total := 0.0, 0.0
	for k := range lt.nt {
		v := lt.alpha[t*lt.nt+k] * lt.beta[t*lt.nt+k]
		total += v
		best = max(best, v)
	}
	if total == 0 {
		return 1
	}
	return best / total
}
