// Package credential is the Open Badges 1.x/2.0/3.0 and W3C Verifiable Credentials data model.
package credential
