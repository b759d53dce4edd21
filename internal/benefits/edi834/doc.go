// Package edi834 writes and checks the benefit enrollment files Cadre sends
// to insurance carriers: ANSI ASC X12 834 "Benefit Enrollment and
// Maintenance" transaction sets as profiled by the HIPAA implementation
// guide 005010X220A1 (ASC X12N/005010X220, with its Addenda).
//
// Build turns a File (the plan sponsor, the carrier and the enrolled
// members with their coverages) into one interchange:
//
//	ISA  interchange control header (fixed width, 106 characters with its terminator)
//	GS   functional group header, GS01 "BE", GS08 "005010X220A1"
//	ST   transaction set header "834", ST03 "005010X220A1"
//	BGN  beginning segment; BGN08 "2" for a change file, "4" or "RX" for a full file
//	REF  transaction set policy number (REF*38), optional
//	DTP  file effective date (DTP*007), optional
//	QTY  control totals: TO members, DT dependents, ET employees (subscribers)
//	N1   1000A plan sponsor (N1*P5), 1000B payer (N1*IN)
//	per member, loop 2000:
//	  INS  member level detail (INS01 subscriber flag, INS02 relationship, INS03 maintenance type)
//	  REF  subscriber identifier (REF*0F), member group number (REF*1L), supplemental identifier (REF*23)
//	  DTP  member level dates (303, 336, 337, 356, 357)
//	  NM1  2100A member name (NM1*IL), PER, N3, N4, DMG
//	  HD   per coverage, loop 2300: health coverage, DTP*348/349, REF*1L
//	SE, GE, IEA trailers with their counts and control numbers.
//
// Build checks its input first and reports every problem it finds in one
// *InputError, so that an HR user can fix the data in one pass. Text is
// upper-cased, accents are folded to ASCII and the delimiter characters
// (* ~ : ^) are replaced by spaces; identifiers that contain a delimiter
// are refused instead, since changing them silently would send a carrier
// the wrong number.
//
// Validate is a structural checker written independently of Build: it
// parses any 834 from its bytes, reads the delimiters from the ISA, and
// checks the envelopes (control numbers and counts), the loop order of the
// 005010X220A1 transaction, the code values Cadre relies on, dates, the QTY
// control totals, and that every dependent follows its subscriber. It is
// what Cadre runs before a file leaves, and what the tests run on every
// file Build writes; the tests also parse the files with an independent
// X12 parser (see tools/x12check).
//
// Everything here uses the standard library only, so that the format can
// be tested and reasoned about without the rest of Cadre.
package edi834
