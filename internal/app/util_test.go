package app

import (
	"io"
	"net/http"
	"strconv"
)

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

func ioCopy(w io.Writer, res *http.Response) (int64, error) { return io.Copy(w, res.Body) }
