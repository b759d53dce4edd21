package ui

import "net/http"

// Routes registers every page. Each comment names the permission the use
// case checks (the domain enforces it; the UI only hides what is denied).
func (u *UI) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /static/{hash}/{name...}", u.serveStatic)
	mux.HandleFunc("GET /login", u.wrap(u.loginPage))                                                                            // public
	mux.HandleFunc("POST /login", u.wrap(u.login))                                                                               // public, rate-limited
	mux.HandleFunc("POST /logout", u.authed(u.logout))                                                                           // signed in
	mux.HandleFunc("GET /{$}", u.authed(u.home))                                                                                 // signed in; content by role
	mux.HandleFunc("GET /people", u.authed(u.directory))                                                                         // people.directory.view
	mux.HandleFunc("GET /people/export", u.authed(u.export))                                                                     // people.export
	mux.HandleFunc("GET /people/new", u.authed(u.hireForm))                                                                      // people.hire
	mux.HandleFunc("POST /people/new", u.authed(u.hire))                                                                         // people.hire
	mux.HandleFunc("GET /people/import", u.authed(u.importForm))                                                                 // people.import
	mux.HandleFunc("POST /people/import", u.authed(u.importFile))                                                                // people.import
	mux.HandleFunc("GET /people/{id}", u.authed(u.profile))                                                                      // people.profile.view (+ tab permissions)
	mux.HandleFunc("GET /people/{id}/edit", u.authed(u.editForm))                                                                // people.edit / people.personal.edit
	mux.HandleFunc("POST /people/{id}/edit", u.authed(u.edit))                                                                   // people.edit / people.personal.edit
	mux.HandleFunc("GET /people/{id}/job", u.authed(u.jobChangeForm))                                                            // people.job.change
	mux.HandleFunc("POST /people/{id}/job", u.authed(u.jobChange))                                                               // people.job.change
	mux.HandleFunc("GET /people/{id}/pay", u.authed(u.payChangeForm))                                                            // people.pay.change
	mux.HandleFunc("POST /people/{id}/pay", u.authed(u.payChange))                                                               // people.pay.change
	mux.HandleFunc("GET /people/{id}/terminate", u.authed(u.terminateForm))                                                      // people.termination.request
	mux.HandleFunc("POST /people/{id}/terminate", u.authed(u.terminate))                                                         // people.termination.request
	mux.HandleFunc("GET /people/{id}/rehire", u.authed(u.rehireForm))                                                            // people.hire
	mux.HandleFunc("POST /people/{id}/rehire", u.authed(u.rehire))                                                               // people.hire
	mux.HandleFunc("POST /people/{id}/contacts", u.authed(u.addContact))                                                         // people.contacts.edit
	mux.HandleFunc("POST /people/{id}/contacts/{cid}/delete", u.authed(u.removeContact))                                         // people.contacts.edit
	mux.HandleFunc("POST /people/{id}/documents", u.authed(u.uploadDocument))                                                    // people.documents.upload
	mux.HandleFunc("GET /people/{id}/documents/{did}", u.authed(u.downloadDocument))                                             // people.documents.view
	mux.HandleFunc("POST /people/{id}/sensitive/edit", u.authed(u.editSensitive))                                                // people.sensitive.edit
	mux.HandleFunc("POST /people/{id}/sensitive", u.authed(u.revealSensitive))                                                   // people.sensitive.view (audited)
	mux.HandleFunc("GET /org-chart", u.authed(u.orgChart))                                                                       // people.directory.view
	mux.HandleFunc("GET /org", u.authed(u.orgPage))                                                                              // org.manage / org.jobs.manage
	mux.HandleFunc("POST /org/entities", u.authed(u.createLegalEntity))                                                          // org.manage (whole company)
	mux.HandleFunc("POST /org/units", u.authed(u.createOrgUnit))                                                                 // org.manage
	mux.HandleFunc("POST /org/locations", u.authed(u.createLocation))                                                            // org.manage
	mux.HandleFunc("POST /org/grades", u.authed(u.createGrade))                                                                  // org.jobs.manage
	mux.HandleFunc("POST /org/jobs", u.authed(u.createJob))                                                                      // org.jobs.manage
	mux.HandleFunc("GET /notifications", u.authed(u.notificationsPage))                                                          // signed in (own)
	mux.HandleFunc("POST /notifications/{id}/read", u.authed(u.markRead))                                                        // signed in (own)
	mux.HandleFunc("GET /help", u.authed(u.helpPage))                                                                            // work.inquiries.ask
	mux.HandleFunc("POST /help", u.authed(u.ask))                                                                                // work.inquiries.ask
	mux.HandleFunc("GET /help/{id}", u.authed(u.inquiryPage))                                                                    // the asker
	mux.HandleFunc("POST /help/{id}/reply", u.authed(u.followUp))                                                                // the asker
	mux.HandleFunc("GET /tasks", u.authed(u.tasksPage))                                                                          // work.tasks.work
	mux.HandleFunc("GET /tasks/new", u.authed(u.newTaskForm))                                                                    // work.tasks.work
	mux.HandleFunc("POST /tasks/new", u.authed(u.createTask))                                                                    // work.tasks.work
	mux.HandleFunc("POST /tasks/bulk", u.authed(u.bulkTasks))                                                                    // work.tasks.work
	mux.HandleFunc("GET /tasks/{id}", u.authed(u.taskPage))                                                                      // work.tasks.work (or owner)
	mux.HandleFunc("POST /tasks/{id}/{action}", u.authed(u.taskAction))                                                          // work.tasks.work; reassign: work.tasks.assign
	mux.HandleFunc("GET /time-off", u.authed(u.timeOffPage))                                                                     // leave.time_off.view (own)
	mux.HandleFunc("POST /time-off", u.authed(u.requestTimeOff))                                                                 // leave.time_off.request (own)
	mux.HandleFunc("POST /time-off/requests/{id}/cancel", u.authed(u.cancelTimeOff))                                             // the requester or HR
	mux.HandleFunc("GET /time-off/team", u.authed(u.teamCalendar))                                                               // line managers (their reports), HR (scope)
	mux.HandleFunc("POST /time-off/feeds", u.authed(u.createFeed))                                                               // line managers
	mux.HandleFunc("GET /time-off/calendar/{token}", u.wrap(u.calendarFeed))                                                     // public, by secret token
	mux.HandleFunc("GET /calendar/{token}", u.wrap(u.calendarByToken))                                                           // public, by secret token (built as its owner)
	mux.HandleFunc("GET /settings/password", u.authed(u.passwordPage))                                                           // signed in (own)
	mux.HandleFunc("POST /settings/password", u.authed(u.changePassword))                                                        // signed in (own; the current password)
	mux.HandleFunc("GET /settings/calendars", u.authed(u.calendarsPage))                                                         // any signed-in user
	mux.HandleFunc("POST /settings/calendars", u.authed(u.createCalendar))                                                       // the kind's own permission (interviews: a panelist; deadlines: work.tasks.work)
	mux.HandleFunc("POST /settings/calendars/{id}/revoke", u.authed(u.revokeCalendar))                                           // the feed's owner
	mux.HandleFunc("GET /settings/time-off", u.authed(u.leaveTypesPage))                                                         // leave.types.manage
	mux.HandleFunc("POST /settings/time-off", u.authed(u.saveLeaveType))                                                         // leave.types.manage
	mux.HandleFunc("POST /people/{id}/time-off/adjust", u.authed(u.adjustTimeOff))                                               // leave.time_off.adjust
	mux.HandleFunc("GET /leave", u.authed(u.leaveCasesPage))                                                                     // leave.cases.manage (scope)
	mux.HandleFunc("GET /leave/cases/new", u.authed(u.leaveCaseForm))                                                            // leave.cases.view (own) / leave.cases.manage
	mux.HandleFunc("POST /leave/cases/new", u.authed(u.openLeaveCase))                                                           // leave.cases.view (own) / leave.cases.manage
	mux.HandleFunc("GET /leave/cases/{id}", u.authed(u.leaveCasePage))                                                           // leave.cases.view (404 otherwise)
	mux.HandleFunc("POST /leave/cases/{id}/certification-request", u.authed(u.leaveAction("certification", u.leaveCertRequest))) // leave.cases.manage
	mux.HandleFunc("POST /leave/cases/{id}/certification", func(w http.ResponseWriter, r *http.Request) {                        // leave.cases.manage (multipart)
		u.authed(u.leaveAction("certification", u.leaveCertRecord(w)))(w, r)
	})
	mux.HandleFunc("POST /leave/cases/{id}/designation", u.authed(u.leaveAction("designation", u.leaveDesignate))) // leave.cases.manage
	mux.HandleFunc("POST /leave/cases/{id}/notices", u.authed(u.leaveAction("notices", u.leaveNotice)))            // leave.cases.manage
	mux.HandleFunc("POST /leave/cases/{id}/usage", u.authed(u.leaveAction("usage", u.leaveUsage)))                 // leave.cases.manage
	mux.HandleFunc("POST /leave/cases/{id}/close", u.authed(u.leaveAction("close", u.leaveClose)))                 // leave.cases.manage
	mux.HandleFunc("GET /leave/notices/{id}/pdf", u.authed(u.leaveNoticePDF))                                      // leave.cases.view (own) / manage
	mux.HandleFunc("GET /leave/certifications/{id}", u.authed(u.leaveCertDownload))                                // leave.cases.manage (audited)
	mux.HandleFunc("GET /compliance/calendar", u.authed(u.calendarPage))                                           // compliance.calendar.view
	mux.HandleFunc("GET /compliance/changes", u.authed(u.changesPage))                                             // compliance.calendar.view
	mux.HandleFunc("POST /compliance/changes", u.authed(u.recordChange))                                           // compliance.legislation.manage
	mux.HandleFunc("GET /compliance/changes/{id}", u.authed(u.changePage))                                         // compliance.calendar.view
	mux.HandleFunc("POST /compliance/changes/{id}/assess", u.authed(u.assessChange))                               // compliance.legislation.manage
	mux.HandleFunc("POST /compliance/changes/{id}/close", u.authed(u.closeChange))                                 // compliance.legislation.manage
	mux.HandleFunc("GET /compliance/i9", u.authed(u.i9Tracker))                                                    // i9.manage
	mux.HandleFunc("GET /compliance/i9/audit", u.authed(u.i9Audit))                                                // i9.audit
	mux.HandleFunc("GET /compliance/i9/audit/export", u.authed(u.i9AuditExport))                                   // i9.audit
	mux.HandleFunc("GET /people/{id}/i9", u.authed(u.i9Page))                                                      // i9.view
	mux.HandleFunc("POST /people/{id}/i9/section1", u.authed(u.i9Post("section1", u.i9Section1)))                  // i9.section1
	mux.HandleFunc("POST /people/{id}/i9/section2", u.authed(u.i9Post("section2", u.i9Section2)))                  // i9.manage
	mux.HandleFunc("POST /people/{id}/i9/everify", u.authed(u.i9Post("everify", u.i9EVerify)))                     // i9.manage
	mux.HandleFunc("POST /people/{id}/i9/reverify", u.authed(u.i9Post("reverify", u.i9Reverify)))                  // i9.manage
	mux.HandleFunc("POST /people/{id}/i9/files", u.authed(u.i9Upload))                                             // i9.manage (multipart)
	mux.HandleFunc("GET /people/{id}/i9/files/{file}", u.authed(u.i9Download))                                     // i9.manage
	mux.HandleFunc("POST /people/{id}/i9/purge", u.authed(u.i9Post("purge", u.i9Purge)))                           // i9.purge
	mux.HandleFunc("GET /pay", u.authed(func(w http.ResponseWriter, r *http.Request) error {                       // signed in: redirects to /pay/payroll
		http.Redirect(w, r, "/pay/payroll", http.StatusSeeOther)
		return nil
	}))
	mux.HandleFunc("GET /pay/payroll", u.authed(u.payrollPage))                                                                                                          // people.pay.view
	mux.HandleFunc("POST /pay/exports", u.authed(u.exportPayroll))                                                                                                       // payroll.export
	mux.HandleFunc("GET /pay/exports/{id}", u.authed(u.payrollExport))                                                                                                   // people.pay.view
	mux.HandleFunc("GET /pay/exports/{id}/file", u.authed(u.payrollExportFile))                                                                                          // payroll.export
	mux.HandleFunc("GET /pay/payments", u.authed(u.paymentsPage))                                                                                                        // people.pay.view
	mux.HandleFunc("POST /pay/payments", u.authed(u.requestPayment))                                                                                                     // people.pay.change
	mux.HandleFunc("GET /pay/reports", u.authed(u.payReports))                                                                                                           // people.pay.view
	mux.HandleFunc("GET /pay/reports/{report}/file", u.authed(u.payReportFile))                                                                                          // people.pay.view
	mux.HandleFunc("GET /pay/structures", u.authed(u.structuresPage))                                                                                                    // people.pay.view
	mux.HandleFunc("POST /pay/structures", u.authed(u.createStructure))                                                                                                  // comp.design
	mux.HandleFunc("GET /pay/structures/{id}", u.authed(u.structurePage))                                                                                                // people.pay.view
	mux.HandleFunc("POST /pay/structures/{id}/{action}", u.authed(u.structureAction))                                                                                    // comp.design
	mux.HandleFunc("POST /pay/zones", u.authed(u.saveZone))                                                                                                              // comp.design
	mux.HandleFunc("POST /pay/zones/assign", u.authed(u.assignZone))                                                                                                     // comp.design
	mux.HandleFunc("GET /pay/philosophy", u.authed(u.philosophyPage))                                                                                                    // people.pay.view
	mux.HandleFunc("POST /pay/philosophy", u.authed(u.savePhilosophy))                                                                                                   // comp.design
	mux.HandleFunc("GET /pay/positions", u.authed(u.positionsPage))                                                                                                      // people.pay.view
	mux.HandleFunc("GET /pay/market", u.authed(u.marketPage))                                                                                                            // people.pay.view
	mux.HandleFunc("POST /pay/market/imports", u.authed(u.importMarket))                                                                                                 // comp.design
	mux.HandleFunc("POST /pay/market/aging", u.authed(u.marketAging))                                                                                                    // comp.design
	mux.HandleFunc("POST /pay/market/matches", u.authed(u.marketMatch))                                                                                                  // comp.design
	mux.HandleFunc("POST /pay/market/proposals", u.authed(u.proposeStructure))                                                                                           // comp.design
	mux.HandleFunc("GET /pay/merit", u.authed(u.meritPage))                                                                                                              // merit.manage, or a line manager
	mux.HandleFunc("POST /pay/merit", u.authed(u.createMeritCycle))                                                                                                      // merit.manage
	mux.HandleFunc("GET /pay/merit/{id}", u.authed(u.meritCyclePage))                                                                                                    // merit.manage
	mux.HandleFunc("POST /pay/merit/{id}/{action}", u.authed(u.meritCycleAction))                                                                                        // merit.manage
	mux.HandleFunc("GET /pay/merit/{id}/worksheet", u.authed(u.meritSheetPage))                                                                                          // the worksheet's manager, or merit.manage
	mux.HandleFunc("POST /pay/merit/{id}/worksheet/{action}", u.authed(u.meritSheetAction))                                                                              // the worksheet's manager, or merit.manage
	mux.HandleFunc("GET /pay/equity", u.authed(u.equityPage))                                                                                                            // comp.equity
	mux.HandleFunc("GET /pay/rewards", u.authed(u.rewardsPage))                                                                                                          // comp.design
	mux.HandleFunc("GET /pay/rewards/file", u.authed(u.rewardsFile))                                                                                                     // comp.design
	mux.HandleFunc("GET /people/{id}/total-rewards.pdf", u.authed(u.rewardsStatement))                                                                                   // people.pay.view
	mux.HandleFunc("GET /pay/bonus", u.authed(u.bonusPage))                                                                                                              // bonus.manage
	mux.HandleFunc("POST /pay/bonus", u.authed(u.createBonus))                                                                                                           // bonus.manage
	mux.HandleFunc("GET /pay/bonus/{id}", u.authed(u.bonusPlanPage))                                                                                                     // bonus.manage
	mux.HandleFunc("POST /pay/bonus/{id}/{action}", u.authed(u.bonusPlanAction))                                                                                         // bonus.manage
	mux.HandleFunc("GET /growth", u.authed(u.careersIndex))                                                                                                              // careers.view (own)
	mux.HandleFunc("GET /growth/people/{id}", u.authed(u.careerPage))                                                                                                    // careers.view
	mux.HandleFunc("POST /growth/people/{id}/{action}", u.authed(u.careerAction))                                                                                        // assess: careers.assess.self or .manager; readiness: careers.assess.manager; credential: careers.credentials.manage
	mux.HandleFunc("GET /growth/people/{id}/gaps", u.authed(u.gapPage))                                                                                                  // careers.view
	mux.HandleFunc("POST /growth/people/{id}/plans", u.authed(u.createDevPlan))                                                                                          // careers.plan
	mux.HandleFunc("GET /growth/plans/{id}", u.authed(u.devPlanPage))                                                                                                    // careers.view
	mux.HandleFunc("POST /growth/plans/{id}/{action}", u.authed(u.devPlanAction))                                                                                        // careers.plan
	mux.HandleFunc("GET /growth/credentials/{id}", u.authed(u.credentialPage))                                                                                           // careers.view
	mux.HandleFunc("POST /growth/credentials/{id}/{action}", u.authed(u.credentialAction))                                                                               // credits, certificate: careers.credentials.manage; verify, reimbursement: careers.credentials.verify
	mux.HandleFunc("GET /growth/ladders", u.authed(u.laddersPage))                                                                                                       // careers.catalog.view
	mux.HandleFunc("POST /growth/ladders/{action}", u.authed(u.ladderAction))                                                                                            // careers.design
	mux.HandleFunc("GET /growth/ladders/{id}", u.authed(u.ladderPage))                                                                                                   // careers.catalog.view
	mux.HandleFunc("POST /growth/ladders/{id}/edit", u.authed(u.saveLadder))                                                                                             // careers.design
	mux.HandleFunc("GET /growth/jobs/{id}", u.authed(u.jobProfilePage))                                                                                                  // careers.catalog.view
	mux.HandleFunc("POST /growth/jobs/{id}/{action}", u.authed(u.jobProfileAction))                                                                                      // careers.design
	mux.HandleFunc("GET /growth/competencies", u.authed(u.competenciesPage))                                                                                             // careers.catalog.view
	mux.HandleFunc("POST /growth/competencies", u.authed(u.saveCompetency))                                                                                              // careers.design
	mux.HandleFunc("GET /growth/competencies/{id}", u.authed(u.competencyEditPage))                                                                                      // careers.design
	mux.HandleFunc("POST /growth/competencies/{id}", u.authed(u.saveCompetency))                                                                                         // careers.design
	mux.HandleFunc("GET /growth/certifications", u.authed(u.certificationsPage))                                                                                         // careers.catalog.view
	mux.HandleFunc("POST /growth/certifications", u.authed(u.saveCertification))                                                                                         // careers.design
	mux.HandleFunc("GET /growth/certifications/{id}", u.authed(u.certificationEditPage))                                                                                 // careers.design
	mux.HandleFunc("POST /growth/certifications/{id}", u.authed(u.saveCertification))                                                                                    // careers.design
	mux.HandleFunc("GET /growth/team", u.authed(u.teamPage))                                                                                                             // careers.assess.manager
	mux.HandleFunc("GET /growth/succession", u.authed(u.successionPage))                                                                                                 // careers.succession
	mux.HandleFunc("GET /growth/compliance", u.authed(u.credentialCompliancePage))                                                                                       // careers.view (HR in scope, line managers their reports)
	mux.HandleFunc("GET /benefits", u.authed(u.benefitsIndex))                                                                                                           // benefits.admin (others: their own page)
	mux.HandleFunc("POST /benefits/windows", u.authed(u.createBenefitWindow))                                                                                            // benefits.admin over the whole company
	mux.HandleFunc("GET /benefits/windows/{id}", u.authed(u.windowPage))                                                                                                 // benefits.admin
	mux.HandleFunc("POST /benefits/windows/{id}/{action}", u.authed(u.windowAction))                                                                                     // benefits.admin
	mux.HandleFunc("GET /benefits/me", u.authed(u.myBenefits))                                                                                                           // benefits.view (own)
	mux.HandleFunc("POST /benefits/me/dependents", u.authed(u.addMyDependent))                                                                                           // benefits.enroll (own)
	mux.HandleFunc("POST /benefits/me/dependents/{id}/remove", u.authed(u.removeMyDependent))                                                                            // benefits.enroll (own)
	mux.HandleFunc("POST /benefits/me/life-events", u.authed(u.reportMyLifeEvent))                                                                                       // benefits.enroll (own)
	mux.HandleFunc("GET /benefits/enroll/{id}", u.authed(u.enrollPage))                                                                                                  // benefits.view (own)
	mux.HandleFunc("POST /benefits/enroll/{id}/elect/{type}", u.authed(u.enrollElect))                                                                                   // benefits.enroll (own)
	mux.HandleFunc("POST /benefits/enroll/{id}/confirm", u.authed(u.enrollConfirm))                                                                                      // benefits.enroll (own)
	mux.HandleFunc("GET /benefits/plans", u.authed(u.plansPage))                                                                                                         // benefits.design
	mux.HandleFunc("POST /benefits/plans", u.authed(u.createPlan))                                                                                                       // benefits.design
	mux.HandleFunc("GET /benefits/plans/{id}", u.authed(u.benefitPlanPage))                                                                                              // benefits.design
	mux.HandleFunc("POST /benefits/plans/{id}", u.authed(u.saveBenefitPlan))                                                                                             // benefits.design
	mux.HandleFunc("GET /benefits/carriers", u.authed(u.carriersPage))                                                                                                   // benefits.design or benefits.admin
	mux.HandleFunc("POST /benefits/carriers", u.authed(u.createCarrier))                                                                                                 // benefits.design
	mux.HandleFunc("GET /benefits/carriers/{id}", u.authed(u.carrierPage))                                                                                               // benefits.design or benefits.admin
	mux.HandleFunc("POST /benefits/carriers/{id}/{action}", u.authed(u.carrierAction))                                                                                   // save, quote, document (multipart): benefits.design; feed: benefits.admin over the whole company
	mux.HandleFunc("GET /benefits/feeds/{id}/file", u.authed(u.feedFile))                                                                                                // benefits.admin over the whole company
	mux.HandleFunc("GET /benefits/documents/{id}", u.authed(u.benefitDocument))                                                                                          // plan documents: employees; the rest: benefits.admin or benefits.design
	mux.HandleFunc("GET /benefits/budget", u.authed(u.budgetPage))                                                                                                       // benefits.design
	mux.HandleFunc("GET /benefits/life-events", u.authed(u.lifeEventsPage))                                                                                              // benefits.admin
	mux.HandleFunc("POST /benefits/life-events", u.authed(u.reportLifeEventForHR))                                                                                       // benefits.enroll; a late report benefits.admin
	mux.HandleFunc("GET /benefits/life-events/{id}", u.authed(u.lifeEventPage))                                                                                          // benefits.view
	mux.HandleFunc("POST /benefits/life-events/{id}/verification", u.authed(u.verifyLifeEvent))                                                                          // benefits.admin
	mux.HandleFunc("POST /benefits/life-events/{id}/documents", u.authed(u.lifeEventDocument))                                                                           // benefits.enroll (multipart)
	mux.HandleFunc("GET /benefits/cobra", u.authed(u.cobraPage))                                                                                                         // benefits.admin
	mux.HandleFunc("POST /benefits/cobra", u.authed(u.startCOBRA))                                                                                                       // benefits.admin
	mux.HandleFunc("GET /benefits/cobra/{id}", u.authed(u.cobraCasePage))                                                                                                // benefits.admin
	mux.HandleFunc("POST /benefits/cobra/{id}/steps", u.authed(u.cobraStep))                                                                                             // benefits.admin
	mux.HandleFunc("GET /benefits/reports", u.authed(u.benefitReports))                                                                                                  // benefits.admin
	mux.HandleFunc("GET /benefits/reports/{key}", u.authed(u.benefitReportFile))                                                                                         // benefits.admin
	mux.HandleFunc("GET /benefits/settings", u.authed(u.benefitSettings))                                                                                                // benefits.admin or benefits.design
	mux.HandleFunc("POST /benefits/settings", u.authed(u.saveBenefitSettings))                                                                                           // benefits.design
	mux.HandleFunc("GET /pay/settings", u.authed(u.paySettings))                                                                                                         // payroll.settings
	mux.HandleFunc("POST /pay/settings", u.authed(u.savePaySettings))                                                                                                    // payroll.settings
	mux.HandleFunc("GET /pay/templates/{id}", u.authed(u.payTemplate))                                                                                                   // payroll.settings
	mux.HandleFunc("POST /pay/templates", u.authed(u.savePayTemplate))                                                                                                   // payroll.settings
	mux.HandleFunc("POST /pay/templates/{id}", u.authed(u.savePayTemplate))                                                                                              // payroll.settings
	mux.HandleFunc("POST /pay/templates/{id}/delete", u.authed(u.deletePayTemplate))                                                                                     // payroll.settings
	mux.HandleFunc("GET /compliance/records", u.authed(u.recordsPage))                                                                                                   // records.view
	mux.HandleFunc("POST /compliance/records/purges", u.authed(u.requestPurge))                                                                                          // records.purge.request
	mux.HandleFunc("POST /compliance/records/years", u.authed(u.setRetentionYears))                                                                                      // records.retention.manage
	mux.HandleFunc("POST /compliance/holds", u.authed(u.placeHold))                                                                                                      // records.holds.manage
	mux.HandleFunc("POST /compliance/holds/{id}/release", u.authed(u.releaseHold))                                                                                       // records.holds.manage
	mux.HandleFunc("GET /compliance/matters", u.authed(u.mattersPage))                                                                                                   // legal.matters.manage
	mux.HandleFunc("POST /compliance/matters", u.authed(u.openMatter))                                                                                                   // legal.matters.manage
	mux.HandleFunc("GET /compliance/matters/{id}", u.authed(u.matterPage))                                                                                               // legal.matters.manage
	mux.HandleFunc("POST /compliance/matters/{id}/people", u.authed(u.matterPost("people", "Added to the matter: their records are under legal hold.", u.matterPeople))) // legal.matters.manage
	mux.HandleFunc("POST /compliance/matters/{id}/requests", u.authed(u.matterPost("request", "Added the document request.", u.matterRequest)))                          // legal.matters.manage
	mux.HandleFunc("POST /compliance/matters/{id}/requests/done", u.authed(u.matterPost("done", "Marked the documents produced.", u.matterRequestDone)))                 // legal.matters.manage
	mux.HandleFunc("POST /compliance/matters/{id}/close", u.authed(u.matterPost("close", "Closed the matter. Its holds stay until released.", u.matterClose)))           // legal.matters.manage
	mux.HandleFunc("GET /compliance/eeo1", u.authed(u.eeo1Page))                                                                                                         // compliance.eeo1.view
	mux.HandleFunc("GET /compliance/eeo1.csv", u.authed(u.eeo1CSV))                                                                                                      // compliance.eeo1.view
	mux.HandleFunc("GET /policies", u.authed(u.policiesPage))                                                                                                            // policy.view
	mux.HandleFunc("GET /policies/new", u.authed(u.newPolicyForm))                                                                                                       // policy.draft
	mux.HandleFunc("POST /policies/new", u.authed(u.createPolicy))                                                                                                       // policy.draft
	mux.HandleFunc("GET /policies/{id}", u.authed(u.policyPage))                                                                                                         // policy.view (drafts: policy.draft)
	mux.HandleFunc("GET /policies/{id}/draft", u.authed(u.editPolicyForm))                                                                                               // policy.draft
	mux.HandleFunc("POST /policies/{id}/draft", u.authed(u.savePolicyDraft))                                                                                             // policy.draft
	mux.HandleFunc("POST /policies/{id}/submit", u.authed(u.submitPolicy))                                                                                               // policy.draft
	mux.HandleFunc("POST /policies/{id}/acknowledge", u.authed(u.acknowledgePolicy))                                                                                     // policy.view (own assignment)
	mux.HandleFunc("GET /policy-versions/{id}/evidence", u.authed(u.policyEvidence))                                                                                     // policy.track (CSV or XLSX)
	mux.HandleFunc("GET /leave/dashboard", u.authed(u.leaveDashboardPage))                                                                                               // leave.dashboard.view
	mux.HandleFunc("GET /settings/leave", u.authed(u.leaveSettingsPage))                                                                                                 // leave.programs.manage
	mux.HandleFunc("POST /settings/leave", u.authed(u.saveLeaveSettings))                                                                                                // leave.programs.manage
	mux.HandleFunc("GET /report", u.wrap(u.reportForm))                                                                                                                  // public: the anonymous channel (nothing identifying is kept)
	mux.HandleFunc("POST /report", u.wrap(u.report))                                                                                                                     // public: honeypot, cross-origin protection
	mux.HandleFunc("GET /report/follow-up", u.wrap(u.reportFollowUpPage))                                                                                                // public
	mux.HandleFunc("POST /report/follow-up", u.wrap(u.reportFollowUp))                                                                                                   // public, by the secret follow-up code (never in a URL)
	mux.HandleFunc("GET /relations", u.authed(u.casesPage))                                                                                                              // relations.cases.work (own) / relations.cases.oversee
	mux.HandleFunc("GET /relations/trainings", u.authed(u.trainingsPage))                                                                                                // relations.training.manage
	mux.HandleFunc("POST /relations/trainings", u.authed(u.recordTraining))                                                                                              // relations.training.manage
	mux.HandleFunc("GET /relations/trends", u.authed(u.trendsPage))                                                                                                      // relations.trends.view
	mux.HandleFunc("GET /relations/cases/new", u.authed(u.logCaseForm))                                                                                                  // relations.cases.intake
	mux.HandleFunc("POST /relations/cases/new", u.authed(u.logCase))                                                                                                     // relations.cases.intake
	mux.HandleFunc("GET /relations/cases/{id}", u.authed(u.casePage))                                                                                                    // need-to-know (404 otherwise), audited
	mux.HandleFunc("GET /relations/cases/{id}/edit", u.authed(u.caseEditForm))                                                                                           // relations.cases.work (team)
	mux.HandleFunc("POST /relations/cases/{id}/edit", u.authed(u.caseEdit))                                                                                              // relations.cases.work (team)
	mux.HandleFunc("POST /relations/cases/{id}/entries", u.authed(u.caseEntry))                                                                                          // relations.cases.work (team)
	mux.HandleFunc("POST /relations/cases/{id}/parties", u.authed(u.caseParty))                                                                                          // relations.cases.work (team)
	mux.HandleFunc("POST /relations/cases/{id}/parties/{pid}/remove", u.authed(u.casePartyRemove))                                                                       // relations.cases.work (team)
	mux.HandleFunc("POST /relations/cases/{id}/team", u.authed(u.caseMember))                                                                                            // relations.cases.assign
	mux.HandleFunc("POST /relations/cases/{id}/owner", u.authed(u.caseOwner))                                                                                            // relations.cases.assign
	mux.HandleFunc("POST /relations/cases/{id}/restrict", u.authed(u.caseRestrict))                                                                                      // relations.cases.assign
	mux.HandleFunc("POST /relations/cases/{id}/hold", u.authed(u.caseHold))                                                                                              // relations.cases.hold
	mux.HandleFunc("POST /relations/cases/{id}/actions", u.authed(u.caseActionAdd))                                                                                      // relations.cases.work (team)
	mux.HandleFunc("POST /relations/cases/{id}/policies", u.authed(u.casePolicies))                                                                                      // relations.cases.work (team)
	mux.HandleFunc("POST /relations/cases/{id}/evidence", u.authed(u.caseEvidence))                                                                                      // relations.cases.work (team)
	mux.HandleFunc("GET /relations/cases/{id}/evidence/{eid}", u.authed(u.caseEvidenceDownload))                                                                         // need-to-know, logged, hash checked
	mux.HandleFunc("GET /relations/cases/{id}/{step}", u.authed(u.investigationForm))                                                                                    // relations.cases.work (team): plan, findings, outcome
	mux.HandleFunc("POST /relations/cases/{id}/{step}", u.authed(u.saveInvestigation))                                                                                   // relations.cases.work (team)
	mux.HandleFunc("POST /relations/cases/{id}/submit/{what}", u.authed(u.caseSubmit))                                                                                   // relations.cases.work (team): plan, findings
	mux.HandleFunc("POST /relations/cases/{id}/close", u.authed(u.caseClose))                                                                                            // relations.cases.work (team)
	mux.HandleFunc("POST /relations/cases/{id}/reopen", u.authed(u.caseReopen))                                                                                          // relations.cases.assign
	mux.HandleFunc("GET /relations/discipline/new", u.authed(u.issueForm))                                                                                               // relations.discipline.issue
	mux.HandleFunc("POST /relations/discipline/new", u.authed(u.issue))                                                                                                  // relations.discipline.issue (suspension: relations.cases.decide)
	mux.HandleFunc("GET /relations/discipline/{id}", u.authed(u.disciplinePage))                                                                                         // relations.discipline.view
	mux.HandleFunc("GET /relations/discipline/{id}/letter", u.authed(u.disciplineLetter))                                                                                // relations.discipline.view (audited)
	mux.HandleFunc("POST /relations/discipline/{id}/{action}", u.authed(u.disciplineAction))                                                                             // acknowledge: the employee; others: relations.discipline.issue
	mux.HandleFunc("GET /settings/relations", u.authed(u.relationsSettingsPage))                                                                                         // relations.settings.manage
	mux.HandleFunc("POST /settings/relations", u.authed(u.saveRelationsSettings))                                                                                        // relations.settings.manage
	mux.HandleFunc("GET /me/concerns", u.authed(u.concernsPage))                                                                                                         // signed in (own)
	mux.HandleFunc("GET /me/concerns/new", u.authed(u.raiseForm))                                                                                                        // relations.cases.report
	mux.HandleFunc("POST /me/concerns/new", u.authed(u.raise))                                                                                                           // relations.cases.report
	mux.HandleFunc("GET /me/concerns/refer", u.authed(u.referForm))                                                                                                      // relations.cases.refer
	mux.HandleFunc("POST /me/concerns/refer", u.authed(u.refer))                                                                                                         // relations.cases.refer
	mux.HandleFunc("GET /me/concerns/{id}", u.authed(u.concernPage))                                                                                                     // the reporter
	mux.HandleFunc("POST /me/concerns/{id}", u.authed(u.concernMessage))                                                                                                 // the reporter
	mux.HandleFunc("GET /me/statements/{id}", u.authed(u.statementPage))                                                                                                 // the witness
	mux.HandleFunc("POST /me/statements/{id}", u.authed(u.statementAck))                                                                                                 // the witness
	mux.HandleFunc("GET /me/discipline/{id}", u.authed(u.disciplinePage))                                                                                                // the employee (relations.discipline.view, self)
	mux.HandleFunc("GET /careers", u.wrap(u.careers))                                                                                                                    // public
	mux.HandleFunc("GET /careers/brand.css", u.wrap(u.careersBrandCSS))                                                                                                  // public
	mux.HandleFunc("GET /careers/feed.json", u.wrap(u.careersFeedJSON))                                                                                                  // public
	mux.HandleFunc("GET /careers/rss.xml", u.wrap(u.careersRSS))                                                                                                         // public
	mux.HandleFunc("GET /careers/indeed.xml", u.wrap(u.careersIndeed))                                                                                                   // public
	mux.HandleFunc("GET /careers/applications/{token}", u.wrap(u.careersStatus))                                                                                         // public, by secret link
	mux.HandleFunc("GET /careers/offers/{token}", u.wrap(u.candidateOffer))                                                                                              // public, by secret link
	mux.HandleFunc("GET /careers/offers/{token}/letter.pdf", u.wrap(u.candidateOfferPDF))                                                                                // public, by secret link
	mux.HandleFunc("POST /careers/offers/{token}/answer", u.wrap(u.candidateRespond))                                                                                    // public, by secret link
	mux.HandleFunc("GET /careers/schedule/{token}", u.wrap(u.candidateSchedule))                                                                                         // public, by secret link
	mux.HandleFunc("POST /careers/schedule/{token}/book", u.wrap(u.candidateBook))                                                                                       // public, by secret link
	mux.HandleFunc("GET /careers/{slug}", u.wrap(u.careersJob))                                                                                                          // public
	mux.HandleFunc("POST /careers/{slug}/apply", u.wrap(u.careersApply))                                                                                                 // public: honeypot, flood limit, cross-origin protection
	mux.HandleFunc("GET /hiring/requisitions/{id}/posting", u.authed(u.postingForm))                                                                                     // hiring.requisitions.manage
	mux.HandleFunc("POST /hiring/requisitions/{id}/posting", u.authed(u.savePosting))                                                                                    // hiring.requisitions.manage
	mux.HandleFunc("POST /hiring/requisitions/{id}/posting/status", u.authed(u.publishPosting))                                                                          // hiring.requisitions.manage
	mux.HandleFunc("GET /hiring", u.authed(u.requisitions))                                                                                                              // hiring.requisitions.view
	mux.HandleFunc("GET /hiring/requisitions/new", u.authed(u.newRequisitionForm))                                                                                       // hiring.requisitions.manage
	mux.HandleFunc("POST /hiring/requisitions/new", u.authed(u.createRequisition))                                                                                       // hiring.requisitions.manage
	mux.HandleFunc("GET /hiring/requisitions/{id}", u.authed(u.requisitionPage))                                                                                         // hiring.requisitions.view
	mux.HandleFunc("GET /hiring/requisitions/{id}/edit", u.authed(u.editRequisitionForm))                                                                                // hiring.requisitions.manage
	mux.HandleFunc("POST /hiring/requisitions/{id}/edit", u.authed(u.updateRequisition))                                                                                 // hiring.requisitions.manage
	mux.HandleFunc("POST /hiring/requisitions/{id}/submit", u.authed(u.submitRequisition))                                                                               // hiring.requisitions.manage
	mux.HandleFunc("POST /hiring/requisitions/{id}/status", u.authed(u.requisitionStatus))                                                                               // hiring.requisitions.manage
	mux.HandleFunc("POST /hiring/requisitions/{id}/requirements", u.authed(u.saveRequirements))                                                                          // hiring.requisitions.manage
	mux.HandleFunc("POST /hiring/requisitions/{id}/pipeline", u.authed(u.setPipeline))                                                                                   // hiring.requisitions.manage
	mux.HandleFunc("GET /hiring/requisitions/{id}/candidates/new", u.authed(u.addCandidateForm))                                                                         // hiring.candidates.manage
	mux.HandleFunc("POST /hiring/requisitions/{id}/candidates/new", u.authed(u.addCandidate))                                                                            // hiring.candidates.manage
	mux.HandleFunc("POST /hiring/requisitions/{id}/candidates/import", u.authed(u.importCandidates))                                                                     // hiring.candidates.manage
	mux.HandleFunc("GET /hiring/candidates/import-template.csv", u.authed(u.candidateTemplate))                                                                          // any signed-in user
	mux.HandleFunc("GET /hiring/requisitions/{id}/pipeline", u.authed(u.pipelinePage))                                                                                   // hiring.candidates.view
	mux.HandleFunc("POST /hiring/requisitions/{id}/applications/bulk", u.authed(u.bulkApplications))                                                                     // hiring.candidates.manage
	mux.HandleFunc("GET /hiring/applications/{id}/offer", u.authed(u.offerForm))                                                                                         // hiring.offers.manage
	mux.HandleFunc("POST /hiring/applications/{id}/offer", u.authed(u.createOffer))                                                                                      // hiring.offers.manage
	mux.HandleFunc("GET /hiring/offers/{id}", u.authed(u.offerPage))                                                                                                     // hiring.offers.manage
	mux.HandleFunc("GET /hiring/offers/{id}/letter.pdf", u.authed(u.offerPDF))                                                                                           // hiring.offers.manage
	mux.HandleFunc("POST /hiring/offers/{id}", u.authed(u.offerAction))                                                                                                  // hiring.offers.manage (hire: also people.hire)
	mux.HandleFunc("POST /hiring/applications/{id}/interviews", u.authed(u.scheduleInterview))                                                                           // hiring.interviews.manage
	mux.HandleFunc("POST /hiring/interviews/{id}", u.authed(u.interviewAction))                                                                                          // hiring.interviews.manage
	mux.HandleFunc("GET /hiring/interviews/{id}/invite.ics", u.authed(u.interviewICS))                                                                                   // panel or hiring.candidates.view
	mux.HandleFunc("GET /hiring/interviews", u.authed(u.myInterviews))                                                                                                   // hiring.scorecards.submit
	mux.HandleFunc("GET /hiring/interviews/{id}/scorecard", u.authed(u.scorecardPage))                                                                                   // the panel, or hiring.candidates.view
	mux.HandleFunc("POST /hiring/interviews/{id}/scorecard", u.authed(u.submitScorecard))                                                                                // hiring.scorecards.submit, panelists
	mux.HandleFunc("GET /hiring/applications/{id}", u.authed(u.applicationPage))                                                                                         // hiring.candidates.view
	mux.HandleFunc("GET /hiring/applications/{id}/resume", u.authed(u.applicationResume))                                                                                // hiring.candidates.view
	mux.HandleFunc("POST /hiring/applications/{id}/move", u.authed(u.moveApplication))                                                                                   // hiring.candidates.manage
	mux.HandleFunc("POST /hiring/applications/{id}/reject", u.authed(u.rejectApplication))                                                                               // hiring.candidates.manage
	mux.HandleFunc("GET /hiring/job-descriptions", u.authed(u.jdList))                                                                                                   // hiring.jd.manage
	mux.HandleFunc("GET /hiring/job-descriptions/{id}", u.authed(u.jdPage))                                                                                              // hiring.jd.manage
	mux.HandleFunc("POST /hiring/job-descriptions/{id}", u.authed(u.saveJD))                                                                                             // hiring.jd.manage
	mux.HandleFunc("GET /hiring/applications/{id}/phone-screen", u.authed(u.phoneScreenForm))                                                                            // hiring.candidates.manage
	mux.HandleFunc("POST /hiring/applications/{id}/phone-screen", u.authed(u.recordPhoneScreen))                                                                         // hiring.candidates.manage
	mux.HandleFunc("GET /settings/recruiting/phone-screen", u.authed(u.phoneTemplatePage))                                                                               // hiring.ats.manage
	mux.HandleFunc("POST /settings/recruiting/phone-screen", u.authed(u.savePhoneTemplate))                                                                              // hiring.ats.manage
	mux.HandleFunc("GET /hiring/requisitions/{id}/interview-plan", u.authed(u.interviewPlanForm))                                                                        // hiring.interviews.manage
	mux.HandleFunc("POST /hiring/requisitions/{id}/interview-plan", u.authed(u.saveInterviewPlan))                                                                       // hiring.interviews.manage
	mux.HandleFunc("GET /hiring/waiting", u.authed(u.waitingPage))                                                                                                       // hiring.candidates.manage
	mux.HandleFunc("POST /settings/recruiting/sla", u.authed(u.saveSLA))                                                                                                 // hiring.ats.manage
	mux.HandleFunc("GET /insights", u.authed(u.insightsPage))                                                                                                            // insights.view
	mux.HandleFunc("GET /insights/export", u.authed(u.insightsExport))                                                                                                   // insights.view
	mux.HandleFunc("GET /insights/people", u.authed(u.insightPeople))                                                                                                    // insights.view
	mux.HandleFunc("GET /insights/forecast", u.authed(u.insightsForecast))                                                                                               // insights.view
	mux.HandleFunc("GET /insights/board-pack", u.authed(u.insightsBoardPack))                                                                                            // insights.view
	mux.HandleFunc("GET /insights/domains", u.authed(u.insightsDomains))                                                                                                 // insights.view (each part by its domain's permission)
	mux.HandleFunc("GET /insights/reports", u.authed(u.reportsList))                                                                                                     // insights.reports
	mux.HandleFunc("GET /insights/reports/new", u.authed(u.reportBuilder))                                                                                               // insights.reports
	mux.HandleFunc("GET /insights/reports/export", u.authed(u.reportExport))                                                                                             // insights.reports
	mux.HandleFunc("POST /insights/reports", u.authed(u.saveReport))                                                                                                     // insights.reports
	mux.HandleFunc("GET /insights/reports/{id}", u.authed(u.savedReport))                                                                                                // insights.reports
	mux.HandleFunc("POST /insights/reports/{id}", u.authed(u.saveReport))                                                                                                // insights.reports (owner)
	mux.HandleFunc("POST /insights/reports/{id}/delete", u.authed(u.deleteReport))                                                                                       // insights.reports (owner)
	mux.HandleFunc("POST /insights/reports/{id}/schedules", u.authed(u.scheduleReport))                                                                                  // insights.reports
	mux.HandleFunc("POST /insights/reports/{id}/schedules/{schedule}/delete", u.authed(u.unscheduleReport))                                                              // insights.reports
	mux.HandleFunc("GET /hiring/metrics", u.authed(u.recruitingMetrics))                                                                                                 // hiring.metrics.view
	mux.HandleFunc("GET /hiring/metrics/export", u.authed(u.recruitingMetricsExport))                                                                                    // hiring.metrics.view
	mux.HandleFunc("GET /hiring/costs", u.authed(u.costsPage))                                                                                                           // hiring.metrics.view
	mux.HandleFunc("POST /hiring/costs", u.authed(u.recordCost))                                                                                                         // hiring.metrics.manage
	mux.HandleFunc("POST /hiring/costs/{id}/delete", u.authed(u.deleteCost))                                                                                             // hiring.metrics.manage
	mux.HandleFunc("GET /settings/recruiting", u.authed(u.pipelinesPage))                                                                                                // hiring.ats.manage
	mux.HandleFunc("GET /settings/recruiting/pipelines/new", u.authed(u.newPipelineForm))                                                                                // hiring.ats.manage
	mux.HandleFunc("POST /settings/recruiting/pipelines/new", u.authed(u.savePipeline))                                                                                  // hiring.ats.manage
	mux.HandleFunc("GET /settings/recruiting/pipelines/{id}", u.authed(u.editPipelineForm))                                                                              // hiring.ats.manage
	mux.HandleFunc("POST /settings/recruiting/pipelines/{id}", u.authed(u.savePipeline))                                                                                 // hiring.ats.manage
	mux.HandleFunc("POST /settings/recruiting/pipelines/{id}/delete", u.authed(u.deletePipeline))                                                                        // hiring.ats.manage
	mux.HandleFunc("GET /settings/recruiting/careers", u.authed(u.careersSitePage))                                                                                      // hiring.ats.manage
	mux.HandleFunc("POST /settings/recruiting/careers", u.authed(u.saveCareersSite))                                                                                     // hiring.ats.manage
	mux.HandleFunc("GET /settings/recruiting/emails", u.authed(u.emailsPage))                                                                                            // hiring.ats.manage
	mux.HandleFunc("GET /settings/recruiting/emails/{key}", u.authed(u.emailEditPage))                                                                                   // hiring.ats.manage
	mux.HandleFunc("POST /settings/recruiting/emails/{key}", u.authed(u.saveEmail))                                                                                      // hiring.ats.manage
	mux.HandleFunc("GET /settings/recruiting/questions", u.authed(u.questionSetsPage))                                                                                   // hiring.ats.manage
	mux.HandleFunc("GET /settings/recruiting/questions/new", u.authed(u.newQuestionSetForm))                                                                             // hiring.ats.manage
	mux.HandleFunc("POST /settings/recruiting/questions/new", u.authed(u.saveQuestionSet))                                                                               // hiring.ats.manage
	mux.HandleFunc("GET /settings/recruiting/questions/{id}", u.authed(u.editQuestionSetForm))                                                                           // hiring.ats.manage
	mux.HandleFunc("POST /settings/recruiting/questions/{id}", u.authed(u.saveQuestionSet))                                                                              // hiring.ats.manage
	mux.HandleFunc("POST /settings/recruiting/questions/{id}/delete", u.authed(u.deleteQuestionSet))                                                                     // hiring.ats.manage
	mux.HandleFunc("GET /settings/recruiting/retention", u.authed(u.retentionPage))                                                                                      // hiring.ats.manage
	mux.HandleFunc("POST /settings/recruiting/retention", u.authed(u.saveRetention))                                                                                     // hiring.ats.manage
	mux.HandleFunc("POST /settings/recruiting/retention/purge", u.authed(u.runPurge))                                                                                    // hiring.ats.manage
	mux.HandleFunc("GET /hiring/candidates/{id}/export", u.authed(u.exportCandidate))                                                                                    // hiring.candidates.privacy
	mux.HandleFunc("POST /hiring/candidates/{id}/hold", u.authed(u.candidateHold))                                                                                       // hiring.candidates.privacy
	mux.HandleFunc("POST /hiring/candidates/{id}/erasure", u.authed(u.candidateErasure))                                                                                 // hiring.candidates.privacy
	mux.HandleFunc("GET /hiring/plan", u.authed(u.planPage))                                                                                                             // hiring.plan.view
	mux.HandleFunc("POST /hiring/plan", u.authed(u.savePlan))                                                                                                            // hiring.plan.manage
	mux.HandleFunc("GET /approvals", u.authed(u.approvals))                                                                                                              // signed in: own requests and those routed to one; work.approvals.view those in scope
	mux.HandleFunc("GET /approvals/{id}", u.authed(u.approvalPage))                                                                                                      // the request's requester, its approvers and deciders; work.approvals.view in scope
	mux.HandleFunc("POST /approvals/{id}/decide", u.authed(u.decide))                                                                                                    // people.termination.decide (by kind), or the approver routed to
	mux.HandleFunc("POST /approvals/{id}/resubmit", u.authed(u.resubmit))                                                                                                // the requester
	mux.HandleFunc("POST /approvals/{id}/withdraw", u.authed(u.withdraw))                                                                                                // the requester
	mux.HandleFunc("GET /audit", u.authed(u.auditPage))                                                                                                                  // audit.view
	mux.HandleFunc("GET /admin/jobs", u.authed(u.jobsPage))                                                                                                              // admin.settings.manage
	mux.HandleFunc("GET /sso/{slug}", u.wrap(u.ssoStart))                                                                                                                // public: starts a provider sign-in
	mux.HandleFunc("GET /sso/{slug}/callback", u.wrap(u.ssoCallback))                                                                                                    // public: the provider's answer (state cookie checked)
	mux.HandleFunc("GET /saml/{slug}/metadata", u.wrap(u.samlMetadata))                                                                                                  // public: the service provider metadata
	mux.HandleFunc("POST /saml/{slug}/acs", u.wrap(u.samlACS))                                                                                                           // public: the IdP's signed response to a stored request
	mux.HandleFunc("GET /admin/sso", u.authed(u.ssoPage))                                                                                                                // integrations.manage
	mux.HandleFunc("POST /admin/sso", u.authed(u.createSSOProvider))                                                                                                     // integrations.manage
	mux.HandleFunc("POST /admin/sso/policy", u.authed(u.saveSSOPolicy))                                                                                                  // integrations.manage
	mux.HandleFunc("GET /admin/sso/{id}", u.authed(u.ssoProviderPage))                                                                                                   // integrations.manage
	mux.HandleFunc("POST /admin/sso/{id}", u.authed(u.updateSSOProvider))                                                                                                // integrations.manage
	mux.HandleFunc("POST /admin/sso/{id}/delete", u.authed(u.deleteSSOProvider))                                                                                         // integrations.manage
	mux.HandleFunc("GET /admin/scim", u.authed(u.scimPage))                                                                                                              // integrations.manage
	mux.HandleFunc("POST /admin/scim", u.authed(u.createSCIMClient))                                                                                                     // integrations.manage
	mux.HandleFunc("POST /admin/scim/{id}/revoke", u.authed(u.revokeSCIMClient))                                                                                         // integrations.manage
	mux.HandleFunc("GET /settings/provisioning", u.authed(u.provisioningPage))                                                                                           // people.fields.delegate
	mux.HandleFunc("POST /settings/provisioning", u.authed(u.saveProvisioning))                                                                                          // people.fields.delegate
	mux.HandleFunc("GET /settings/feeds", u.authed(u.feedsPage))                                                                                                         // payroll.export (whole company) or people.export
	mux.HandleFunc("POST /settings/feeds", u.authed(u.createExportFeed))                                                                                                 // the feed kind's permission
	mux.HandleFunc("GET /admin/webhooks", u.authed(u.webhooksPage))                                                                                                      // integrations.manage
	mux.HandleFunc("POST /admin/webhooks", u.authed(u.createWebhook))                                                                                                    // integrations.manage
	mux.HandleFunc("GET /admin/webhooks/{id}", u.authed(u.webhookPage))                                                                                                  // integrations.manage
	mux.HandleFunc("POST /admin/webhooks/{id}", u.authed(u.updateWebhook))                                                                                               // integrations.manage
	mux.HandleFunc("POST /admin/webhooks/{id}/delete", u.authed(u.deleteWebhook))                                                                                        // integrations.manage
	mux.HandleFunc("POST /admin/webhooks/{id}/rotate", u.authed(u.rotateWebhook))                                                                                        // integrations.manage
	mux.HandleFunc("POST /admin/webhooks/{id}/ping", u.authed(u.pingWebhook))                                                                                            // integrations.manage
	mux.HandleFunc("GET /admin/webhook-deliveries/{id}", u.authed(u.deliveryPage))                                                                                       // integrations.manage
	mux.HandleFunc("POST /admin/webhook-deliveries/{id}/replay", u.authed(u.replayDelivery))                                                                             // integrations.manage
	mux.HandleFunc("POST /admin/jobs/{id}/retry", u.authed(u.retryJob))                                                                                                  // admin.settings.manage
	mux.HandleFunc("GET /admin/users", u.authed(u.usersPage))                                                                                                            // admin.users.manage
	mux.HandleFunc("POST /admin/users", u.authed(u.createUser))                                                                                                          // admin.users.manage
	mux.HandleFunc("POST /admin/users/{id}/active", u.authed(u.setActive))                                                                                               // admin.users.manage
	mux.HandleFunc("GET /settings/company", u.authed(u.companySettings))                                                                                                 // rules.evaluate (read); compliance.settings.manage (edit)
	mux.HandleFunc("POST /settings/company", u.authed(u.updateCompanySettings))                                                                                          // compliance.settings.manage
	mux.HandleFunc("POST /settings/closures", u.authed(u.addClosure))                                                                                                    // compliance.settings.manage
	mux.HandleFunc("POST /settings/closures/{date}/delete", u.authed(u.removeClosure))                                                                                   // compliance.settings.manage
	mux.HandleFunc("GET /settings/notifications", u.authed(u.notificationSettings))                                                                                      // signed in (own)
	mux.HandleFunc("POST /settings/notifications", u.authed(u.saveNotificationSettings))                                                                                 // signed in (own)
	mux.HandleFunc("GET /settings/approvals", u.authed(u.approvalRules))                                                                                                 // work.approvals.view (read); work.approvals.configure (edit)
	mux.HandleFunc("GET /settings/approvals/{kind}", u.authed(u.chainEdit))                                                                                              // work.approvals.configure
	mux.HandleFunc("POST /settings/approvals/{kind}", u.authed(u.saveChain))                                                                                             // work.approvals.configure
	mux.HandleFunc("POST /settings/approvals/{kind}/reset", u.authed(u.resetChain))                                                                                      // work.approvals.configure
	mux.HandleFunc("GET /settings/delegation", u.authed(u.delegationPage))                                                                                               // people.termination.decide (approvers)
	mux.HandleFunc("POST /settings/delegation", u.authed(u.delegate))                                                                                                    // people.termination.decide
	mux.HandleFunc("POST /settings/delegation/{id}/revoke", u.authed(u.revokeDelegation))                                                                                // the delegator
	mux.HandleFunc("GET /settings/tokens", u.authed(u.tokensPage))                                                                                                       // tokens.own
	mux.HandleFunc("GET /settings/api", u.authed(u.apiPage))                                                                                                             // tokens.own
	mux.HandleFunc("POST /settings/tokens", u.authed(u.createToken))                                                                                                     // tokens.own
	mux.HandleFunc("POST /settings/tokens/{id}/revoke", u.authed(u.revokeToken))                                                                                         // tokens.own
	u.RulesRoutes(mux)                                                                                                                                                   // rules.evaluate: GET /rules, GET and POST /rules/{rule}
}
