package credential_test

import (
	"errors"
	"fmt"

	"github.com/laurelhq/laurel/credential"
)

func ExampleValidate() {
	// An OpenBadgeCredential whose achievement lacks its criteria and has an
	// achievementType that is neither in the vocabulary nor an "ext:" term.
	data := []byte(`{
	  "@context": ["https://www.w3.org/ns/credentials/v2",
	               "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
	  "id": "urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002",
	  "type": ["VerifiableCredential", "OpenBadgeCredential"],
	  "issuer": {"id": "https://example.edu/issuers/565049", "type": ["Profile"]},
	  "validFrom": "2010-01-01T00:00:00Z",
	  "credentialSubject": {
	    "type": ["AchievementSubject"],
	    "achievement": {
	      "id": "https://example.edu/achievements/1",
	      "type": ["Achievement"],
	      "achievementType": "Trophy",
	      "name": "Teamwork",
	      "description": "Collaborates within a group."
	    }
	  }
	}`)
	err := credential.Validate(data, credential.ValidateOptions{})
	var ve *credential.ValidationError
	if errors.As(err, &ve) {
		for _, v := range ve.Violations {
			fmt.Println(v.Code, v.Path)
			fmt.Println(" ", v.Message)
		}
	}
	// Output:
	// required $.credentialSubject.achievement.criteria
	//   Achievement requires "criteria"
	// enum $.credentialSubject.achievement.achievementType
	//   "Trophy" is not in the AchievementType vocabulary nor an extension term ("ext:...")
}
