package fake_test

import (
	"testing"

	"goldspan/annotate"
	"goldspan/internal/fake"
	"goldspan/internal/storetest"
)

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) annotate.Project {
		p := fake.New()
		t.Cleanup(func() { p.Close() })
		return p
	})
}
