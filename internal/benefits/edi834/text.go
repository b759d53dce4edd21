package edi834

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// The delimiters Build writes. ISA16 carries the component separator and
// ISA11 (in version 00501) the repetition separator.
const (
	elementSep    = '*'
	componentSep  = ':'
	repetitionSep = '^'
	segmentTerm   = '~'
)

// delimiters are the characters that may not appear inside data.
const delimiters = "*:^~"

// fold maps accented Latin letters to their ASCII base letters, so that
// "José Muñoz" is sent as "JOSE MUNOZ" rather than losing letters.
var fold = func() map[rune]string {
	m := map[rune]string{}
	for base, letters := range map[string]string{
		"A": "ÀÁÂÃÄÅĀĂĄàáâãäåāăą", "AE": "Ææ", "C": "ÇĆĈĊČçćĉċč", "D": "ĎĐÐďđð",
		"E": "ÈÉÊËĒĔĖĘĚèéêëēĕėęě", "G": "ĜĞĠĢĝğġģ", "H": "ĤĦĥħ", "I": "ÌÍÎÏĨĪĬĮİìíîïĩīĭįı",
		"J": "Ĵĵ", "K": "Ķķ", "L": "ĹĻĽĿŁĺļľŀł", "N": "ÑŃŅŇñńņň", "O": "ÒÓÔÕÖØŌŎŐòóôõöøōŏő",
		"OE": "Œœ", "R": "ŔŖŘŕŗř", "S": "ŚŜŞŠśŝşšȘș", "SS": "ß", "T": "ŢŤŦţťŧȚț", "TH": "Þþ",
		"U": "ÙÚÛÜŨŪŬŮŰŲùúûüũūŭůűų", "W": "Ŵŵ", "Y": "ÝŶŸýÿŷ", "Z": "ŹŻŽźżž",
	} {
		for _, r := range letters {
			m[r] = base
		}
	}
	return m
}()

// cleanText prepares free text (names, addresses, plan descriptions) for
// an element: accents folded, upper case, delimiters and control
// characters replaced by spaces, other non-ASCII characters dropped, runs
// of spaces collapsed, and the result cut to max characters.
func cleanText(s string, max int) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		var out string
		switch {
		case fold[r] != "":
			out = fold[r]
		case r < 0x20 || r == 0x7f || r == ' ' || r == '\u00a0' || strings.ContainsRune(delimiters, r):
			space = b.Len() > 0
			continue
		case r >= utf8.RuneSelf:
			continue
		default:
			out = strings.ToUpper(string(r))
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteString(out)
	}
	t := b.String()
	if max > 0 && len(t) > max {
		t = strings.TrimRight(t[:max], " ")
	}
	return t
}

// identProblem says what is wrong with an identifier that must be sent as
// given (subscriber ID, policy number, carrier ID), or "" when it is
// fine: printable ASCII, no delimiter, at most max characters.
func identProblem(s string, max int) string {
	for _, r := range s {
		if strings.ContainsRune(delimiters, r) {
			return "contains the delimiter " + string(r)
		}
		if r < 0x20 || r >= 0x7f {
			return "contains a control or non-ASCII character"
		}
	}
	if max > 0 && len(s) > max {
		return "is longer than " + strconv.Itoa(max) + " characters"
	}
	return ""
}

// digitsOnly returns the digits of s when s holds only digits and the
// usual punctuation of numbers written by people (spaces, hyphens, dots,
// parentheses, a leading plus); ok is false otherwise.
func digitsOnly(s string) (digits string, ok bool) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case strings.ContainsRune(" -.()+/", r):
		default:
			return "", false
		}
	}
	return b.String(), true
}
