package edi834_test

import (
	"fmt"
	"time"

	"github.com/cadrehq/cadre/internal/benefits/edi834"
)

func ExampleBuild() {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	f := edi834.File{
		Interchange: edi834.Interchange{
			SenderID: "CADREDEMO", ReceiverID: "EVERGREENHP",
			ControlNumber: 42, Created: time.Date(2025, 3, 3, 14, 5, 0, 0, time.UTC),
		},
		Reference:   "CADRE-42",
		SponsorName: "Cadre Demo Co", SponsorTaxID: "12-3456789",
		PayerName: "Evergreen Health Plan", PayerID: "987654321",
		Members: []edi834.Member{{
			Subscriber: true, Maintenance: edi834.MaintAddition, MaintenanceReason: "28", EmploymentStatus: "FT",
			SubscriberID: "E2001", Last: "Rivera", First: "Ana",
			Address1: "1 Main St", City: "Salem", State: "OR", Zip: "97301",
			DOB: day(1990, 4, 1), Gender: "F",
			Coverages: []edi834.Coverage{{InsuranceLine: "DEN", Level: "EMP", Begin: day(2025, 4, 1)}},
		}},
	}
	out, err := edi834.Build(f)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(out))
	fmt.Println("issues:", len(edi834.Validate(out)))

	f.PayerID = ""
	_, err = edi834.Build(f)
	fmt.Println(err)
	// Output:
	// ISA*00*          *00*          *ZZ*CADREDEMO      *ZZ*EVERGREENHP    *250303*1405*^*00501*000000042*0*T*:~
	// GS*BE*CADREDEMO*EVERGREENHP*20250303*1405*42*X*005010X220A1~
	// ST*834*0001*005010X220A1~
	// BGN*00*CADRE-42*20250303*1405****2~
	// QTY*TO*1~
	// QTY*DT*0~
	// QTY*ET*1~
	// N1*P5*CADRE DEMO CO*FI*123456789~
	// N1*IN*EVERGREEN HEALTH PLAN*FI*987654321~
	// INS*Y*18*021*28*A***FT~
	// REF*0F*E2001~
	// NM1*IL*1*RIVERA*ANA~
	// N3*1 MAIN ST~
	// N4*SALEM*OR*97301~
	// DMG*D8*19900401*F~
	// HD*021**DEN**EMP~
	// DTP*348*D8*20250401~
	// SE*16*0001~
	// GE*1*42~
	// IEA*1*000000042~
	// issues: 0
	// edi834: cannot build the 834 file: carrier ID (1000B N1*IN N104, PayerID) is missing: the carrier gives it in its companion guide
}
