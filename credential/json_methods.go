// JSON methods of the model structs that have no other methods.

package credential

// MarshalJSON implements json.Marshaler (see Object for the member order).
func (x Address) MarshalJSON() ([]byte, error) { return marshalValue(&x) }

// UnmarshalJSON implements json.Unmarshaler with the default ParseOptions.
func (x *Address) UnmarshalJSON(b []byte) error { return unmarshalModel(b, x) }

// MarshalJSON implements json.Marshaler (see Object for the member order).
func (x GeoCoordinates) MarshalJSON() ([]byte, error) { return marshalValue(&x) }

// UnmarshalJSON implements json.Unmarshaler with the default ParseOptions.
func (x *GeoCoordinates) UnmarshalJSON(b []byte) error { return unmarshalModel(b, x) }

// MarshalJSON implements json.Marshaler (see Object for the member order).
func (x IdentifierEntry) MarshalJSON() ([]byte, error) { return marshalValue(&x) }

// UnmarshalJSON implements json.Unmarshaler with the default ParseOptions.
func (x *IdentifierEntry) UnmarshalJSON(b []byte) error { return unmarshalModel(b, x) }

// MarshalJSON implements json.Marshaler (see Object for the member order).
func (x Related) MarshalJSON() ([]byte, error) { return marshalValue(&x) }

// UnmarshalJSON implements json.Unmarshaler with the default ParseOptions.
func (x *Related) UnmarshalJSON(b []byte) error { return unmarshalModel(b, x) }

// MarshalJSON implements json.Marshaler (see Object for the member order).
func (x IdentityObject) MarshalJSON() ([]byte, error) { return marshalValue(&x) }

// UnmarshalJSON implements json.Unmarshaler with the default ParseOptions.
func (x *IdentityObject) UnmarshalJSON(b []byte) error { return unmarshalModel(b, x) }

// MarshalJSON implements json.Marshaler (see Object for the member order).
func (x Result) MarshalJSON() ([]byte, error) { return marshalValue(&x) }

// UnmarshalJSON implements json.Unmarshaler with the default ParseOptions.
func (x *Result) UnmarshalJSON(b []byte) error { return unmarshalModel(b, x) }

// MarshalJSON implements json.Marshaler (see Object for the member order).
func (x ResultDescription) MarshalJSON() ([]byte, error) { return marshalValue(&x) }

// UnmarshalJSON implements json.Unmarshaler with the default ParseOptions.
func (x *ResultDescription) UnmarshalJSON(b []byte) error { return unmarshalModel(b, x) }

// MarshalJSON implements json.Marshaler (see Object for the member order).
func (x RubricCriterionLevel) MarshalJSON() ([]byte, error) { return marshalValue(&x) }

// UnmarshalJSON implements json.Unmarshaler with the default ParseOptions.
func (x *RubricCriterionLevel) UnmarshalJSON(b []byte) error { return unmarshalModel(b, x) }

// MarshalJSON implements json.Marshaler (see Object for the member order).
func (x Evidence) MarshalJSON() ([]byte, error) { return marshalValue(&x) }

// UnmarshalJSON implements json.Unmarshaler with the default ParseOptions.
func (x *Evidence) UnmarshalJSON(b []byte) error { return unmarshalModel(b, x) }

// MarshalJSON implements json.Marshaler (see Object for the member order).
func (x Alignment) MarshalJSON() ([]byte, error) { return marshalValue(&x) }

// UnmarshalJSON implements json.Unmarshaler with the default ParseOptions.
func (x *Alignment) UnmarshalJSON(b []byte) error { return unmarshalModel(b, x) }

// MarshalJSON implements json.Marshaler (see Object for the member order).
func (x Criteria) MarshalJSON() ([]byte, error) { return marshalValue(&x) }

// UnmarshalJSON implements json.Unmarshaler with the default ParseOptions.
func (x *Criteria) UnmarshalJSON(b []byte) error { return unmarshalModel(b, x) }

// MarshalJSON implements json.Marshaler (see Object for the member order).
func (x Image) MarshalJSON() ([]byte, error) { return marshalValue(&x) }

// UnmarshalJSON implements json.Unmarshaler with the default ParseOptions.
func (x *Image) UnmarshalJSON(b []byte) error { return unmarshalModel(b, x) }

// MarshalJSON implements json.Marshaler (see Object for the member order).
func (x CredentialSchema) MarshalJSON() ([]byte, error) { return marshalValue(&x) }

// UnmarshalJSON implements json.Unmarshaler with the default ParseOptions.
func (x *CredentialSchema) UnmarshalJSON(b []byte) error { return unmarshalModel(b, x) }

// MarshalJSON implements json.Marshaler (see Object for the member order).
func (x CredentialStatus) MarshalJSON() ([]byte, error) { return marshalValue(&x) }

// UnmarshalJSON implements json.Unmarshaler with the default ParseOptions.
func (x *CredentialStatus) UnmarshalJSON(b []byte) error { return unmarshalModel(b, x) }

// MarshalJSON implements json.Marshaler (see Object for the member order).
func (x RefreshService) MarshalJSON() ([]byte, error) { return marshalValue(&x) }

// UnmarshalJSON implements json.Unmarshaler with the default ParseOptions.
func (x *RefreshService) UnmarshalJSON(b []byte) error { return unmarshalModel(b, x) }

// MarshalJSON implements json.Marshaler (see Object for the member order).
func (x TermsOfUse) MarshalJSON() ([]byte, error) { return marshalValue(&x) }

// UnmarshalJSON implements json.Unmarshaler with the default ParseOptions.
func (x *TermsOfUse) UnmarshalJSON(b []byte) error { return unmarshalModel(b, x) }

// MarshalJSON implements json.Marshaler (see Object for the member order).
func (x IdentityObjectV2) MarshalJSON() ([]byte, error) { return marshalValue(&x) }

// UnmarshalJSON implements json.Unmarshaler with the default ParseOptions.
func (x *IdentityObjectV2) UnmarshalJSON(b []byte) error { return unmarshalModel(b, x) }

// MarshalJSON implements json.Marshaler (see Object for the member order).
func (x VerificationObject) MarshalJSON() ([]byte, error) { return marshalValue(&x) }

// UnmarshalJSON implements json.Unmarshaler with the default ParseOptions.
func (x *VerificationObject) UnmarshalJSON(b []byte) error { return unmarshalModel(b, x) }

// MarshalJSON implements json.Marshaler (see Object for the member order).
func (x EvidenceV2) MarshalJSON() ([]byte, error) { return marshalValue(&x) }

// UnmarshalJSON implements json.Unmarshaler with the default ParseOptions.
func (x *EvidenceV2) UnmarshalJSON(b []byte) error { return unmarshalModel(b, x) }

// MarshalJSON implements json.Marshaler (see Object for the member order).
func (x CriteriaV2) MarshalJSON() ([]byte, error) { return marshalValue(&x) }

// UnmarshalJSON implements json.Unmarshaler with the default ParseOptions.
func (x *CriteriaV2) UnmarshalJSON(b []byte) error { return unmarshalModel(b, x) }

// MarshalJSON implements json.Marshaler (see Object for the member order).
func (x AlignmentV2) MarshalJSON() ([]byte, error) { return marshalValue(&x) }

// UnmarshalJSON implements json.Unmarshaler with the default ParseOptions.
func (x *AlignmentV2) UnmarshalJSON(b []byte) error { return unmarshalModel(b, x) }

// MarshalJSON implements json.Marshaler (see Object for the member order).
func (x ImageV2) MarshalJSON() ([]byte, error) { return marshalValue(&x) }

// UnmarshalJSON implements json.Unmarshaler with the default ParseOptions.
func (x *ImageV2) UnmarshalJSON(b []byte) error { return unmarshalModel(b, x) }

// MarshalJSON implements json.Marshaler (see Object for the member order).
func (x CryptographicKey) MarshalJSON() ([]byte, error) { return marshalValue(&x) }

// UnmarshalJSON implements json.Unmarshaler with the default ParseOptions.
func (x *CryptographicKey) UnmarshalJSON(b []byte) error { return unmarshalModel(b, x) }

// MarshalJSON implements json.Marshaler (see Object for the member order).
func (x RevocationList) MarshalJSON() ([]byte, error) { return marshalValue(&x) }

// UnmarshalJSON implements json.Unmarshaler with the default ParseOptions.
func (x *RevocationList) UnmarshalJSON(b []byte) error { return unmarshalModel(b, x) }

// MarshalJSON implements json.Marshaler (see Object for the member order).
func (x RevokedAssertion) MarshalJSON() ([]byte, error) { return marshalValue(&x) }

// UnmarshalJSON implements json.Unmarshaler with the default ParseOptions.
func (x *RevokedAssertion) UnmarshalJSON(b []byte) error { return unmarshalModel(b, x) }

// MarshalJSON implements json.Marshaler (see Object for the member order).
func (x EndorsementV2) MarshalJSON() ([]byte, error) { return marshalValue(&x) }

// UnmarshalJSON implements json.Unmarshaler with the default ParseOptions.
func (x *EndorsementV2) UnmarshalJSON(b []byte) error { return unmarshalModel(b, x) }

// MarshalJSON implements json.Marshaler (see Object for the member order).
func (x EndorsementClaim) MarshalJSON() ([]byte, error) { return marshalValue(&x) }

// UnmarshalJSON implements json.Unmarshaler with the default ParseOptions.
func (x *EndorsementClaim) UnmarshalJSON(b []byte) error { return unmarshalModel(b, x) }
