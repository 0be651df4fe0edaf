package annotate

import (
	"errors"
	"fmt"
)

// Error codes. Every error that reaches a reviewer carries one of these.
const (
	ECONFLICT = "conflict"  // the action conflicts with what is stored (duplicate span, same id with other text)
	EINTERNAL = "internal"  // a bug or an I/O failure; logged with detail
	EINVALID  = "invalid"   // bad input: the message says which file, line and problem
	ENOTFOUND = "not_found" // the document, span, label or suggestion does not exist
	EBUSY     = "busy"      // the project file stayed locked by another process past the timeout
	ETOONEW   = "too_new"   // the project file was written by a newer Goldspan
	ENOTHING  = "nothing"   // nothing to undo or redo
	EOFFLINE  = "offline"   // the project's server cannot be reached: nothing was saved
	EPERM     = "forbidden" // the server refused: the change is not this reviewer's to make
)

// Error is a domain error: a machine-readable code and a message meant for
// the reviewer.
type Error struct {
	Code    string
	Message string
}

// Error implements the error interface: the message alone, so that a
// chain of wrapped errors reads as one sentence and says each thing once
// (the code is for programs: ErrorCode).
func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code string, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the innermost *Error in err's chain,
// EINTERNAL for any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message to show a person: the *Error's message
// prefixed by any context wrapped around it, or "Internal error." for
// errors that are not domain errors.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		// Keep the lowercase context that lower layers wrapped around the
		// domain error ("import x.jsonl line 3: ...").
		full := err.Error()
		inner := e.Error()
		if len(full) > len(inner) && full[len(full)-len(inner):] == inner {
			return full[:len(full)-len(inner)] + e.Message
		}
		return e.Message
	}
	return "Internal error."
}
