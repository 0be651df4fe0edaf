package format

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
)

// StrictUnmarshal's reflection: the decoders of this package read their
// records by hand (jv), for speed; StrictUnmarshal serves small records
// with a Go struct, such as the scripted actions of project/replay.go.

var rawMessageType = reflect.TypeFor[json.RawMessage]()

func strictInto(v jv, target any) error {
	rv := reflect.ValueOf(target)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return errors.New("StrictUnmarshal needs a non-nil pointer")
	}
	return strictValue(v, rv.Elem(), "the record", "the records")
}

// strictValue decodes v into rv; name says whose value it is, what whose
// keys (for messages about unknown keys).
func strictValue(v jv, rv reflect.Value, name, what string) error {
	if rv.Type() == rawMessageType {
		if err := checkTree(v); err != nil {
			return fmt.Errorf("%q: %w", name, err)
		}
		if v.absent() {
			rv.SetBytes(nil)
			if len(v) > 0 {
				rv.SetBytes([]byte("null"))
			}
			return nil
		}
		rv.SetBytes(append([]byte(nil), v...))
		return nil
	}
	if len(v) > 0 && v[0] == 'n' { // null: as encoding/json, leave values, clear references
		switch rv.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
			rv.SetZero()
		}
		return nil
	}
	switch rv.Kind() {
	case reflect.Pointer:
		if rv.IsNil() {
			rv.Set(reflect.New(rv.Type().Elem()))
		}
		return strictValue(v, rv.Elem(), name, what)
	case reflect.String:
		s, err := v.str(name)
		if err != nil {
			return err
		}
		rv.SetString(s)
	case reflect.Bool:
		b, err := v.bool(name)
		if err != nil {
			return err
		}
		rv.SetBool(b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, err := v.int(name)
		if err != nil {
			return err
		}
		if rv.OverflowInt(int64(n)) {
			return typeError(name, "a smaller whole number", v)
		}
		rv.SetInt(int64(n))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n, err := v.int(name)
		if err != nil {
			return err
		}
		if n < 0 || rv.OverflowUint(uint64(n)) {
			return typeError(name, "a whole number from 0", v)
		}
		rv.SetUint(uint64(n))
	case reflect.Float32, reflect.Float64:
		f, err := v.float(name)
		if err != nil {
			return err
		}
		rv.SetFloat(f)
	case reflect.Slice:
		a, err := v.array(name)
		if err != nil {
			return err
		}
		out := reflect.MakeSlice(rv.Type(), 0, 0)
		for it, ok := a.next(); ok; it, ok = a.next() {
			elem := reflect.New(rv.Type().Elem()).Elem()
			if err := strictValue(it, elem, fmt.Sprintf("%s item %d", name, a.n), fmt.Sprintf("%q items", name)); err != nil {
				return err
			}
			out = reflect.Append(out, elem)
		}
		if a.err != nil {
			return a.err
		}
		rv.Set(out)
	case reflect.Struct:
		return strictStruct(v, rv, name, what)
	default:
		// Maps, interfaces, arrays: encoding/json, after the checks it
		// does not make.
		if err := checkTreeStrings(v); err != nil {
			return fmt.Errorf("%q: %w", name, err)
		}
		if err := json.Unmarshal(v, rv.Addr().Interface()); err != nil {
			return fmt.Errorf("%q: %s", name, jsonProblem(err))
		}
	}
	return nil
}

// structFields maps the json names of t's exported fields to their
// index paths, promoted fields of embedded structs included.
func structFields(t reflect.Type, prefix []int, out map[string][]int, order *[]string) {
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() && !f.Anonymous {
			continue
		}
		idx := append(append([]int(nil), prefix...), i)
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			structFields(f.Type, idx, out, order)
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if _, dup := out[name]; !dup {
			out[name] = idx
			*order = append(*order, name)
		}
	}
}

func strictStruct(v jv, rv reflect.Value, name, what string) error {
	byName := map[string][]int{}
	var order []string
	structFields(rv.Type(), nil, byName, &order)
	o, err := v.object(name)
	if err != nil {
		return err
	}
	ks := keySet{what: what, read: order}
	present := map[string]bool{}
	var unknown []string
	for key, val, ok := o.next(); ok; key, val, ok = o.next() {
		idx, known := byName[string(key)]
		if !known {
			unknown = append(unknown, string(key))
			continue
		}
		present[string(key)] = true
		field := rv.FieldByIndex(idx)
		if err := strictValue(val, field, string(key), fmt.Sprintf("%q objects", string(key))); err != nil {
			return err
		}
	}
	if o.err != nil {
		return o.err
	}
	for _, key := range unknown {
		if err := ks.unknown(key, nil, func(k string) bool { return present[k] }); err != nil {
			return err
		}
	}
	return nil
}

// checkTreeStrings is checkTree that also refuses a lone surrogate in any
// string value.
func checkTreeStrings(v jv) error {
	if err := checkTree(v); err != nil {
		return err
	}
	return walkStrings(v, 0)
}

func walkStrings(v jv, depth int) error {
	if len(v) == 0 || depth > maxDepth {
		return nil
	}
	switch v[0] {
	case '"':
		_, err := unquote(v, nil)
		return err
	case '[':
		a, _ := v.array("")
		for it, ok := a.next(); ok; it, ok = a.next() {
			if err := walkStrings(it, depth+1); err != nil {
				return err
			}
		}
		return a.err
	case '{':
		o, _ := v.object("")
		for key, val, ok := o.next(); ok; key, val, ok = o.next() {
			if err := walkStrings(val, depth+1); err != nil {
				return fmt.Errorf("%q %w", key, err)
			}
		}
		return o.err
	}
	return nil
}
