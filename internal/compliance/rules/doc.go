// Package rules is Cadre's pure rules engine: US federal HR deadlines,
// eligibility, entitlements and metrics computed from facts, with no I/O.
// Every rule returns a typed result and an explanation ([]Step): ordered,
// plain-English steps, each with a precise citation. The same functions
// serve the workflows (leave cases, the I-9 tracker, enrollment, recruiting
// metrics) and the rules workbench API (CONTRACT.md "Rules workbench"),
// which reaches them through Evaluate by name.
//
// # Rules
//
//   - holidays (Holidays): US federal holidays observed in a calendar year.
//     5 U.S.C. 6103(a) (the 11 legal public holidays), 6103(b)(1) (Saturday
//     -> Friday before), Executive Order 11582 §3(a) (Sunday -> Monday after).
//   - i9-deadlines (I9Deadlines): Section 1 and 2, E-Verify, reverification
//     and retention. 8 CFR 274a.1(c), 274a.2(b)(1)(i)(A), (ii), (iii), (vi),
//     (vii), 274a.2(b)(2)(i)(A); USCIS M-274.
//   - fmla-eligibility (FMLAEligibility): 12 months, 1,250 hours, 50 within
//     75 miles. 29 CFR 825.110(a)-(e), 825.111(b), 825.500(f).
//   - fmla-entitlement (FMLAEntitlement): the four 12-month methods, military
//     caregiver leave and day-by-day protection of requested leave.
//     29 CFR 825.200(a)-(e), 825.127(e), 825.205(b).
//   - fmla-usage (FMLAUsage): hours and fractions of a workweek charged.
//     29 CFR 825.205(b), (c), 825.200(h); WHD Opinion Letter FMLA2023-2-A.
//   - fmla-notices (FMLANotices): eligibility, rights, designation,
//     certification and cure deadlines. 29 CFR 825.300(b)-(d), 825.305(b),
//     (c), 825.313(b).
//   - hipaa-special-enrollment (HIPAASpecialEnrollment): 29 CFR 2590.701-6;
//     ERISA §701(f)(3), 29 U.S.C. 1181(f)(3) (CHIPRA 60-day rights).
//   - cobra-deadlines (COBRADeadlines): 29 CFR 2590.606-1 to -4; 29 U.S.C.
//     1162(2), (3), 1165(a)(1); 26 CFR 54.4980B-7 Q&A-4, 54.4980B-8 Q&A-5.
//   - compa-ratio (CompaRatio): WorldatWork compa-ratio; range penetration,
//     spread and position.
//   - cost-per-hire (CostPerHire): ANSI/SHRM 06001.2012 with the SHRM list of
//     external and internal costs; ISO/TS 30407 hire-cost ratio.
//   - time-to-fill (TimeToFill): SHRM time-to-fill in calendar days.
//   - turnover (Turnover): SHRM monthly and annual turnover; BLS JOLTS
//     definitions for contrast.
//   - eeo1-race-ethnicity (EEO1RaceEthnicity), eeo1-filing (EEO1Filing):
//     29 CFR 1602.7; 41 CFR 60-1.7(a); EEO-1 Component 1 Instruction Booklet.
//   - retention (Retention): 29 CFR 516.5, 516.6, 825.500(b), 1602.14,
//     1904.33(a); 8 CFR 274a.2(b)(2)(i)(A); 41 CFR 60-1.12(a).
//
// # Conventions (domain/RULES.md §0)
//
//   - C1 "within N calendar days after X": X + N days; weekends and holidays
//     are not skipped and the deadline does not roll forward. Roll-forward
//     is unverified, so the fmla-notices, hipaa-special-enrollment and
//     cobra-deadlines facts accept roll_forward: true to move a deadline on
//     a non-business day to the next business day.
//   - C2 "within N business days of X": X is not counted (Monday + 3 =
//     Thursday). For the FMLA 5-business-day notices this reading is
//     unverified; count_trigger_day: true counts X as day 1 instead.
//   - C3 business calendar: business_calendar US_FED (default: Monday to
//     Friday minus observed federal holidays) or SEVEN_DAY (every day).
//     Settings.Closures are non-business days on both calendars and are not
//     charged as FMLA leave. Excluding holidays is an assumption.
//   - C4 month and year arithmetic keeps the day of month and clamps to the
//     month's last day (date.Date.AddMonths); unverified for leap days.
//   - C5 rolling look-back for day D is [D - 12 months, D): the same date a
//     year earlier is inside, D is outside. In the 825.200(c) example the
//     leave of Friday Feb 1, 2008 is therefore recouped on Monday Feb 2,
//     2009 (the regulation's own text says "from February 1").
//   - C6 time-to-fill = offer_accepted - opened in calendar days.
//   - C7 amounts are computed exactly in decimal (math/big) from the
//     decimals given and rounded once, half away from zero: money,
//     percentages and hours to 2 places, ratios and weeks to 4.
//
// # Other choices where the sources are silent or ambiguous
//
//   - holidays lists the observed dates falling in the requested year, so a
//     Saturday New Year's Day appears as Dec 31 of the year before (2021-12-31
//     belongs to 2021; 2022 has no New Year's Day). Inauguration Day (6103(c),
//     DC area only) and ad hoc executive-order closures are excluded. Rules
//     before 1971 are not modelled (the holidays rule refuses those years).
//   - i9-deadlines: section1_earliest is the offer acceptance date (null
//     without it); hire_date defaults to first_day_of_employment; E-Verify's
//     case deadline is reported as everify_case_due. Only the foreign
//     passport with I-94, the employment authorization card and the DHS
//     List C document trigger reverification.
//   - fmla-eligibility: months of service are whole calendar months per
//     employment period; leftover days of separate periods are pooled, 30
//     days to a month (an employee-favourable reading of "need not be
//     consecutive"). A break of exactly 7 years drops earlier service unless
//     break_reason is userra or rehire_agreement (then it counts; the
//     regulation's wording leaves that exact case open). eligible_from is only
//     computed when leave_end is given.
//   - fmla-entitlement: usage dated on or after as_of is ignored; requested
//     days must be on or after as_of and are evaluated one by one, protected
//     hours counting as usage for later days. With forward_from_first_leave
//     and no period running on as_of, the period is shown as if leave began
//     on as_of. Without a first_caregiver_leave_day, the caregiver period
//     starts on the first requested day (else as_of). Usage is not tagged by
//     reason, so the 12-week cap on non-caregiver leave inside the 26 weeks is
//     explained but not enforced. method most_beneficial applies 825.200(e).
//     weekly_hours wins over hours_scheduled_prior_52_weeks when both are sent.
//   - fmla-usage follows CONTRACT.md's week rules literally (Monday-Sunday
//     weeks; full weeks count as one; otherwise leave hours except on
//     closures and unscheduled holidays, over scheduled + mandatory overtime
//     hours). Closures in the facts replace the company closures.
//   - hipaa-special-enrollment: the effective date for the 60-day
//     Medicaid/CHIP rights is unverified; the default is the first of the
//     month after the request, and medicaid_chip_effective: event_date is the
//     alternative. Nonpayment, for-cause, fraud and voluntary losses give no
//     right. request_deadline is null when there is no right.
//   - cobra-deadlines: without loss_of_coverage_date, coverage is taken to be
//     lost on the QE date; the election deadline and election notice are null
//     until their trigger dates are known; measure_from_loss_of_coverage makes
//     the plan-defined choice of 26 CFR 54.4980B-7 Q&A-4(b). Extra facts:
//     qualified_beneficiary and medicare_entitlement_date (Medicare-first rule:
//     spouse and children get 36 months from the Medicare date),
//     disability_determination_date (29-month extension notice, capped at the
//     end of the first 18 months).
//   - compa-ratio uses the given midpoint, else (min + max) / 2, unrounded;
//     nothing is clamped; penetration, spread and position are null without
//     min and max; max = min is a 422. Group compa-ratios are not computed.
//   - cost-per-hire: the hire count is used as given and said so (whether
//     internal moves count is unverified); classified has one entry per cost
//     line.
//   - turnover: monthly takes 1 to 12 months; annualized_turnover_pct (sum x
//     12 / months) is an unstandardised extra.
//   - eeo1: races are matched to the OMB names case-insensitively (snake_case
//     accepted); the 2024 SPD-15 MENA category is refused as not adopted. A
//     snapshot pay period must lie wholly within Oct 1 to Dec 31 of the
//     reporting year.
//   - retention: FMLA records run 3 years from the later of created and
//     last_entry; a filed charge without a final disposition makes
//     retain_until null; an unknown contractor size uses the longer 2 years.
//
// Input is validated field by field. Evaluate reports unknown rules as
// KindNotFound, a body that is not one JSON object as KindMalformed, and
// missing, mistyped, inconsistent or out-of-range facts as KindInvalid with
// one field error per fact (nested as "usage[2].hours"). Unknown extra
// fields are ignored. Evaluate never panics.
package rules
