package credential

import (
	"regexp"
	"strings"
	"time"
)

// The classes of the Open Badges 3.0 data model (OB 3.0 appendix B,
// https://www.imsglobal.org/spec/ob/v3p0/#data-model) with the members, JSON
// types, required members and enumerations of the official JSON Schemas
// (ob_v3p0_achievementcredential, _endorsementcredential and _profile,
// draft 2019-09, build of 2024-07-30), written out by hand.

type classID uint8

const (
	clsAchievementCredential classID = iota
	clsEndorsementCredential
	clsAchievementSubject
	clsEndorsementSubject
	clsAchievement
	clsAlignment
	clsCriteria
	clsIdentityObject
	clsIdentifierEntry
	clsEvidence
	clsImage
	clsProfile
	clsAddress
	clsGeoCoordinates
	clsRelated
	clsResult
	clsResultDescription
	clsRubricCriterionLevel
	clsProof
	clsCredentialSchema
	clsCredentialStatus
	clsRefreshService
	clsTermsOfUse
	numClasses
)

type ruleKind uint8

const (
	kString     ruleKind = iota // any string
	kURI                        // a string of the URI (or URL) type
	kDateTime                   // "format": "date-time"
	kDate                       // "format": "date"
	kPattern                    // a string matching re
	kNumber                     // any JSON number
	kBool                       // true or false
	kEnum                       // one of enum
	kEnumExt                    // one of enum, or an "ext:" extension term
	kTypes                      // a "type" set, see validator.types
	kObject                     // an object of class
	kCredential                 // an embedded credential (endorsement)
	kProfileRef                 // a Profile or its URI (issuer)
	kContext                    // "@context"
	kArray                      // an array of elem
)

type rule struct {
	kind  ruleKind
	class classID
	elem  *rule
	// orOne also accepts a single object elem instead of an array (proof).
	orOne bool
	enum  []string
	types [][]string
	re    *regexp.Regexp
	what  string // name of the value space, for messages
}

type requirement uint8

const (
	optional  requirement = iota
	reqAlways             // required
	reqVC2                // required in a VC 2.0 credential (validFrom)
	reqVC1                // required in a VC 1.1 credential (issuanceDate)
)

type field struct {
	name    string
	req     requirement
	onlyVC1 bool // checked only in a VC 1.1 credential
	rule    rule
}

type class struct {
	name   string
	closed bool // additionalProperties: false
	fields []field
}

func (c *class) has(name string) bool {
	for _, f := range c.fields {
		if f.name == name {
			return true
		}
	}
	return false
}

// Rule constructors, to keep the tables readable.

func vStr() rule                  { return rule{kind: kString} }
func vURI() rule                  { return rule{kind: kURI} }
func vDateTime() rule             { return rule{kind: kDateTime} }
func vNumber() rule               { return rule{kind: kNumber} }
func vBool() rule                 { return rule{kind: kBool} }
func vObj(c classID) rule         { return rule{kind: kObject, class: c} }
func vArray(r rule) rule          { return rule{kind: kArray, elem: &r} }
func vTypes(need ...string) rule  { return rule{kind: kTypes, types: [][]string{need}} }
func vEnum(values ...string) rule { return rule{kind: kEnum, enum: values} }
func vPattern(re *regexp.Regexp, what string) rule {
	return rule{kind: kPattern, re: re, what: what}
}
func vEnumExt(what string, values ...string) rule {
	return rule{kind: kEnumExt, enum: values, what: what}
}

func vOpt(name string, r rule) field { return field{name: name, rule: r} }
func vReq(name string, r rule) field { return field{name: name, req: reqAlways, rule: r} }

var (
	// ob3Context is the schemas' pattern for the second @context entry.
	ob3Context = regexp.MustCompile(`^https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/context(-3\.\d\.\d)*\.json$`)
	// extTerm is the schemas' pattern for extension values of extensible
	// enumerations. It is not anchored in the schemas, so any string
	// containing "ext:" and one more character matches; it is kept so to
	// agree with them.
	extTerm      = regexp.MustCompile(`(ext:)[a-z|A-Z|0-9|.|-|_]+`)
	languageCode = regexp.MustCompile(`^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$`)
	compactJWS   = regexp.MustCompile(`^[a-zA-Z0-9_-]+\.[a-zA-Z0-9_-]*\.[a-zA-Z0-9_-]+$`)
)

var identifierTypes = []string{"name", "sourcedId", "systemId", "productId", "userName", "accountId",
	"emailAddress", "nationalIdentityNumber", "isbn", "issn", "lisSourcedId", "oneRosterSourcedId",
	"sisSourcedId", "ltiContextId", "ltiDeploymentId", "ltiToolId", "ltiPlatformId", "ltiUserId", "identifier"}

// credentialFields returns the members shared by AchievementCredential and
// EndorsementCredential (OB 3.0 §B.1.1, §B.1.6), with VC 1.1's names.
func credentialFields(subject classID, nameReq requirement, types ...string) []field {
	return []field{
		{name: "@context", req: reqAlways, rule: rule{kind: kContext}},
		vReq("id", vURI()),
		{name: "type", req: reqAlways, rule: rule{kind: kTypes, types: [][]string{{"VerifiableCredential"}, types}}},
		{name: "name", req: nameReq, rule: vStr()},
		vOpt("description", vStr()),
		vOpt("image", vObj(clsImage)),
		vOpt("awardedDate", vDateTime()),
		vReq("credentialSubject", vObj(subject)),
		vOpt("endorsement", vArray(rule{kind: kCredential})),
		vOpt("endorsementJwt", vArray(vPattern(compactJWS, "compact JWS"))),
		vOpt("evidence", vArray(vObj(clsEvidence))),
		vReq("issuer", rule{kind: kProfileRef}),
		{name: "validFrom", req: reqVC2, rule: vDateTime()},
		vOpt("validUntil", vDateTime()),
		{name: "issuanceDate", req: reqVC1, onlyVC1: true, rule: vDateTime()},
		{name: "expirationDate", onlyVC1: true, rule: vDateTime()},
		vOpt("proof", rule{kind: kArray, elem: &rule{kind: kObject, class: clsProof}, orOne: true}),
		vOpt("credentialSchema", vArray(vObj(clsCredentialSchema))),
		vOpt("credentialStatus", vObj(clsCredentialStatus)),
		vOpt("refreshService", vObj(clsRefreshService)),
		vOpt("termsOfUse", vArray(vObj(clsTermsOfUse))),
	}
}

// withoutFields drops members a class does not define.
func withoutFields(fs []field, names ...string) []field {
	out := fs[:0:0]
	for _, f := range fs {
		drop := false
		for _, n := range names {
			if f.name == n {
				drop = true
			}
		}
		if !drop {
			out = append(out, f)
		}
	}
	return out
}

// classes is the data model; built once, never modified.
var classes = [numClasses]class{
	clsAchievementCredential: {name: "AchievementCredential",
		fields: credentialFields(clsAchievementSubject, optional, "AchievementCredential", "OpenBadgeCredential")},
	clsEndorsementCredential: {name: "EndorsementCredential",
		// The EndorsementCredential schema defines neither image, endorsement,
		// endorsementJwt nor evidence.
		fields: withoutFields(credentialFields(clsEndorsementSubject, reqAlways, "EndorsementCredential"),
			"image", "endorsement", "endorsementJwt", "evidence")},
	clsAchievementSubject: {name: "AchievementSubject", fields: []field{
		vOpt("id", vURI()),
		vReq("type", vTypes("AchievementSubject")),
		vOpt("activityEndDate", vDateTime()),
		vOpt("activityStartDate", vDateTime()),
		vOpt("creditsEarned", vNumber()),
		vReq("achievement", vObj(clsAchievement)),
		vOpt("identifier", vArray(vObj(clsIdentityObject))),
		vOpt("image", vObj(clsImage)),
		vOpt("licenseNumber", vStr()),
		vOpt("narrative", vStr()),
		vOpt("result", vArray(vObj(clsResult))),
		vOpt("role", vStr()),
		vOpt("source", vObj(clsProfile)),
		vOpt("term", vStr()),
	}},
	clsEndorsementSubject: {name: "EndorsementSubject", fields: []field{
		vReq("id", vURI()),
		vReq("type", vTypes("EndorsementSubject")),
		vOpt("endorsementComment", vStr()),
	}},
	clsAchievement: {name: "Achievement", fields: []field{
		vReq("id", vURI()),
		vReq("type", vTypes("Achievement")),
		vOpt("alignment", vArray(vObj(clsAlignment))),
		vOpt("achievementType", vEnumExt("AchievementType", "Achievement", "ApprenticeshipCertificate", "Assessment",
			"Assignment", "AssociateDegree", "Award", "Badge", "BachelorDegree", "Certificate",
			"CertificateOfCompletion", "Certification", "CommunityService", "Competency", "Course",
			"CoCurricular", "Degree", "Diploma", "DoctoralDegree", "Fieldwork", "GeneralEducationDevelopment",
			"JourneymanCertificate", "LearningProgram", "License", "Membership", "ProfessionalDoctorate",
			"QualityAssuranceCredential", "MasterCertificate", "MasterDegree", "MicroCredential",
			"ResearchDoctorate", "SecondarySchoolDiploma")),
		vOpt("creator", vObj(clsProfile)),
		vOpt("creditsAvailable", vNumber()),
		vReq("criteria", vObj(clsCriteria)),
		vReq("description", vStr()),
		vOpt("endorsement", vArray(rule{kind: kCredential})),
		vOpt("endorsementJwt", vArray(vPattern(compactJWS, "compact JWS"))),
		vOpt("fieldOfStudy", vStr()),
		vOpt("humanCode", vStr()),
		vOpt("image", vObj(clsImage)),
		vOpt("inLanguage", vPattern(languageCode, "language code")),
		vReq("name", vStr()),
		vOpt("otherIdentifier", vArray(vObj(clsIdentifierEntry))),
		vOpt("related", vArray(vObj(clsRelated))),
		vOpt("resultDescription", vArray(vObj(clsResultDescription))),
		vOpt("specialization", vStr()),
		vOpt("tag", vArray(vStr())),
		vOpt("version", vStr()),
	}},
	clsAlignment: {name: "Alignment", fields: []field{
		vReq("type", vTypes("Alignment")),
		vOpt("targetCode", vStr()),
		vOpt("targetDescription", vStr()),
		vReq("targetName", vStr()),
		vOpt("targetFramework", vStr()),
		vOpt("targetType", vEnumExt("AlignmentTargetType", "ceasn:Competency", "ceterms:Credential", "CFItem",
			"CFRubric", "CFRubricCriterion", "CFRubricCriterionLevel", "CTDL")),
		vReq("targetUrl", vURI()),
	}},
	clsCriteria: {name: "Criteria", fields: []field{
		vOpt("id", vURI()),
		vOpt("narrative", vStr()),
	}},
	clsIdentityObject: {name: "IdentityObject", closed: true, fields: []field{
		vReq("type", vEnum("IdentityObject")),
		vReq("hashed", vBool()),
		vReq("identityHash", vStr()),
		vReq("identityType", vEnumExt("IdentifierTypeEnum", identifierTypes...)),
		vOpt("salt", vStr()),
	}},
	clsIdentifierEntry: {name: "IdentifierEntry", closed: true, fields: []field{
		vReq("type", vEnum("IdentifierEntry")),
		vReq("identifier", vStr()),
		vReq("identifierType", vEnumExt("IdentifierTypeEnum", identifierTypes...)),
	}},
	clsEvidence: {name: "Evidence", fields: []field{
		vOpt("id", vURI()),
		vReq("type", vTypes("Evidence")),
		vOpt("narrative", vStr()),
		vOpt("name", vStr()),
		vOpt("description", vStr()),
		vOpt("genre", vStr()),
		vOpt("audience", vStr()),
	}},
	clsImage: {name: "Image", closed: true, fields: []field{
		vReq("id", vURI()),
		vReq("type", vEnum("Image")),
		vOpt("caption", vStr()),
	}},
	clsProfile: {name: "Profile", fields: []field{
		vReq("id", vURI()),
		vReq("type", vTypes("Profile")),
		vOpt("name", vStr()),
		vOpt("url", vURI()),
		vOpt("phone", vStr()),
		vOpt("description", vStr()),
		vOpt("endorsement", vArray(rule{kind: kCredential})),
		vOpt("endorsementJwt", vArray(vPattern(compactJWS, "compact JWS"))),
		vOpt("image", vObj(clsImage)),
		vOpt("email", vStr()),
		vOpt("address", vObj(clsAddress)),
		vOpt("otherIdentifier", vArray(vObj(clsIdentifierEntry))),
		vOpt("official", vStr()),
		vOpt("parentOrg", vObj(clsProfile)),
		vOpt("familyName", vStr()),
		vOpt("givenName", vStr()),
		vOpt("additionalName", vStr()),
		vOpt("patronymicName", vStr()),
		vOpt("honorificPrefix", vStr()),
		vOpt("honorificSuffix", vStr()),
		vOpt("familyNamePrefix", vStr()),
		vOpt("dateOfBirth", rule{kind: kDate}),
	}},
	clsAddress: {name: "Address", fields: []field{
		vReq("type", vTypes("Address")),
		vOpt("addressCountry", vStr()),
		vOpt("addressCountryCode", vStr()),
		vOpt("addressRegion", vStr()),
		vOpt("addressLocality", vStr()),
		vOpt("streetAddress", vStr()),
		vOpt("postOfficeBoxNumber", vStr()),
		vOpt("postalCode", vStr()),
		vOpt("geo", vObj(clsGeoCoordinates)),
	}},
	clsGeoCoordinates: {name: "GeoCoordinates", fields: []field{
		vReq("type", vEnum("GeoCoordinates")),
		vReq("latitude", vNumber()),
		vReq("longitude", vNumber()),
	}},
	clsRelated: {name: "Related", fields: []field{
		vReq("id", vURI()),
		vReq("type", vTypes("Related")),
		vOpt("inLanguage", vPattern(languageCode, "language code")),
		vOpt("version", vStr()),
	}},
	clsResult: {name: "Result", fields: []field{
		vReq("type", vTypes("Result")),
		vOpt("achievedLevel", vURI()),
		vOpt("alignment", vArray(vObj(clsAlignment))),
		vOpt("resultDescription", vURI()),
		vOpt("status", vEnum("Completed", "Enrolled", "Failed", "InProgress", "OnHold", "Provisional", "Withdrew")),
		vOpt("value", vStr()),
	}},
	clsResultDescription: {name: "ResultDescription", fields: []field{
		vReq("id", vURI()),
		vReq("type", vTypes("ResultDescription")),
		vOpt("alignment", vArray(vObj(clsAlignment))),
		vOpt("allowedValue", vArray(vStr())),
		vReq("name", vStr()),
		vOpt("requiredLevel", vURI()),
		vOpt("requiredValue", vStr()),
		vReq("resultType", vEnumExt("ResultType", "GradePointAverage", "LetterGrade", "Percent", "PerformanceLevel",
			"PredictedScore", "RawScore", "Result", "RubricCriterion", "RubricCriterionLevel", "RubricScore",
			"ScaledScore", "Status")),
		vOpt("rubricCriterionLevel", vArray(vObj(clsRubricCriterionLevel))),
		vOpt("valueMax", vStr()),
		vOpt("valueMin", vStr()),
	}},
	clsRubricCriterionLevel: {name: "RubricCriterionLevel", fields: []field{
		vReq("id", vURI()),
		vReq("type", vTypes("RubricCriterionLevel")),
		vOpt("alignment", vArray(vObj(clsAlignment))),
		vOpt("description", vStr()),
		vOpt("level", vStr()),
		vReq("name", vStr()),
		vOpt("points", vStr()),
	}},
	clsProof: {name: "Proof", fields: []field{
		vReq("type", vStr()),
		vOpt("created", vDateTime()),
		vOpt("cryptosuite", vStr()),
		vOpt("challenge", vStr()),
		vOpt("domain", vStr()),
		vOpt("nonce", vStr()),
		vOpt("proofPurpose", vStr()),
		vOpt("proofValue", vStr()),
		vOpt("verificationMethod", vURI()),
	}},
	clsCredentialSchema: {name: "CredentialSchema", fields: []field{vReq("id", vURI()), vReq("type", vStr())}},
	clsCredentialStatus: {name: "CredentialStatus", fields: []field{vReq("id", vURI()), vReq("type", vStr())}},
	clsRefreshService:   {name: "RefreshService", fields: []field{vReq("id", vURI()), vReq("type", vStr())}},
	clsTermsOfUse:       {name: "TermsOfUse", fields: []field{vOpt("id", vURI()), vReq("type", vStr())}},
}

// isDateTime reports whether s is an RFC 3339 date-time (§5.6): full-date
// "T" full-time, with a mandatory "Z" or numeric offset; "t" and "z" are
// accepted as RFC 3339 allows, and a leap second only at 23:59:60 UTC, as
// JSON Schema's "date-time" format requires.
func isDateTime(s string) bool {
	if len(s) < 20 || (s[10] != 'T' && s[10] != 't') || !isFullDate(s[:10]) {
		return false
	}
	t := s[11:]
	if !digits(t[0:2]) || t[2] != ':' || !digits(t[3:5]) || t[5] != ':' || !digits(t[6:8]) {
		return false
	}
	h, m, sec := atoi2(t[0:2]), atoi2(t[3:5]), atoi2(t[6:8])
	if h > 23 || m > 59 || sec > 60 {
		return false
	}
	t = t[8:]
	if strings.HasPrefix(t, ".") {
		n := 1
		for n < len(t) && t[n] >= '0' && t[n] <= '9' {
			n++
		}
		if n == 1 {
			return false
		}
		t = t[n:]
	}
	offset := 0 // minutes east of UTC
	switch {
	case t == "Z" || t == "z":
	case len(t) == 6 && (t[0] == '+' || t[0] == '-') && digits(t[1:3]) && t[3] == ':' && digits(t[4:6]):
		oh, om := atoi2(t[1:3]), atoi2(t[4:6])
		if oh > 23 || om > 59 {
			return false
		}
		offset = oh*60 + om
		if t[0] == '-' {
			offset = -offset
		}
	default:
		return false
	}
	if sec == 60 {
		utc := ((h*60+m-offset)%1440 + 1440) % 1440
		return utc == 23*60+59
	}
	return true
}

// isFullDate reports whether s is an RFC 3339 full-date with a day that
// exists in its month.
func isFullDate(s string) bool {
	if len(s) != 10 || !digits(s[0:4]) || s[4] != '-' || !digits(s[5:7]) || s[7] != '-' || !digits(s[8:10]) {
		return false
	}
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func atoi2(s string) int { return int(s[0]-'0')*10 + int(s[1]-'0') }

// isAbsoluteURI reports whether s is an absolute URI (RFC 3986 §4.3:
// scheme ":" hier-part [ "?" query ] [ "#" fragment ]): a scheme, then only
// URI characters and well-formed percent escapes. Characters above ASCII are
// accepted, as in IRIs (RFC 3987), which JSON-LD identifiers are.
func isAbsoluteURI(s string) bool {
	colon := strings.IndexByte(s, ':')
	if colon < 1 || !isAlpha(s[0]) {
		return false
	}
	for i := 1; i < colon; i++ {
		c := s[i]
		if !isAlpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.' {
			return false
		}
	}
	fragments := 0
	for i := colon + 1; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x80, isAlpha(c), c >= '0' && c <= '9':
		case strings.IndexByte("-._~!$&'()*+,;=:@/?[]", c) >= 0:
		case c == '#':
			fragments++
			if fragments > 1 {
				return false
			}
		case c == '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return false
			}
			i += 2
		default:
			return false
		}
	}
	return true
}

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
