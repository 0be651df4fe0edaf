package agree

import (
	"bytes"
	"math"
	"strconv"
)

// Score is a measure that may be undefined, held as NaN: kappa and alpha
// are 0/0 when every item falls in one category, F1 is 0/0 when neither
// annotator has a span, a share is 0/0 when there is nothing to share. It
// encodes as a JSON number, or as null when undefined.
type Score float64

// undefined is the Score of a 0/0 measure.
func undefined() Score { return Score(math.NaN()) }

// Defined reports whether s is a number (not 0/0).
func (s Score) Defined() bool { return !math.IsNaN(float64(s)) && !math.IsInf(float64(s), 0) }

// MarshalJSON encodes s as a number, or null when undefined.
func (s Score) MarshalJSON() ([]byte, error) {
	if !s.Defined() {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, float64(s), 'g', -1, 64), nil
}

// UnmarshalJSON decodes a number, or null as undefined.
func (s *Score) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		*s = undefined()
		return nil
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return err
	}
	*s = Score(f)
	return nil
}

// String formats s with four decimals, or "n/a" when undefined.
func (s Score) String() string {
	if !s.Defined() {
		return "n/a"
	}
	return strconv.FormatFloat(float64(s), 'f', 4, 64)
}

// ratio returns num/den, undefined when den is 0.
func ratio(num, den float64) Score {
	if den == 0 {
		return undefined()
	}
	return Score(num / den)
}

// cohen returns Cohen's kappa of two annotators over n items from the
// trace of their confusion matrix (items on which they agree) and
// e = Σ_k rowA_k·colB_k:
//
//	κ = (p_o − p_e) / (1 − p_e),  p_o = trace/n,  p_e = e/n²
//	  = (n·trace − e) / (n² − e)
//
// It is undefined when p_e = 1 (both annotators put every item in the same
// single category) or n = 0.
func cohen(n, trace, e float64) Score {
	if n == 0 {
		return undefined()
	}
	return ratio(n*trace-e, n*n-e)
}

// fleiss returns Fleiss' kappa of m annotators over n items, every item
// rated by all of them, from s = Σ_items Σ_cat n_ic² (n_ic: how many
// annotators put item i in category c) and sumT2 = Σ_cat T_c² (T_c: how
// many ratings fall in c over all items). With M = n·m:
//
//	P̄ = (s − M) / (M·(m−1)),  P_e = Σ_c (T_c/M)²,  κ = (P̄ − P_e) / (1 − P_e)
//	  = (M·(s − M) − (m−1)·sumT2) / ((m−1)·(M² − sumT2))
//
// It is undefined when every rating falls in one category, n = 0 or m < 2.
func fleiss(n, m, s, sumT2 float64) Score {
	if n == 0 || m < 2 {
		return undefined()
	}
	M := n * m
	return ratio(M*(s-M)-(m-1)*sumT2, (m-1)*(M*M-sumT2))
}

// alpha returns Krippendorff's alpha (nominal) of m annotators over n items
// with no missing ratings, from the same s and sumT2 as fleiss. With
// M = n·m pairable values:
//
//	D_o = (n·m² − s) / (M·(m−1)),  D_e = (M² − sumT2) / (M·(M−1)),  α = 1 − D_o/D_e
//	    = 1 − (n·m² − s)·(M−1) / ((m−1)·(M² − sumT2))
//
// It is undefined when every rating falls in one category (D_e = 0), n = 0
// or m < 2.
func alpha(n, m, s, sumT2 float64) Score {
	if n == 0 || m < 2 {
		return undefined()
	}
	M := n * m
	r := ratio((n*m*m-s)*(M-1), (m-1)*(M*M-sumT2))
	if !r.Defined() {
		return r
	}
	return 1 - r
}
