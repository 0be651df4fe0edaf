package annotate

import "fmt"

func wrap(format string, err error) error { return fmt.Errorf(format, err) }
