// Command laurel issues, signs, bakes, renders and verifies Open Badges and
// Verifiable Credentials, and keeps the recipient-seat ledger. Run
// "laurel help" for the list of commands and "laurel COMMAND -h" for one.
//
//	laurel demo                       the whole flow on a fresh key, in a temp folder
//	laurel keygen [--alg EdDSA|ES256|ES384|RS256]
//	laurel sign --key FILE [--format di|jwt] FILE|-
//	laurel verify [--json] [--at T] [--documents MAP] [--recipient EMAIL] FILE|- ...
//	laurel issue --csv FILE --achievement FILE --key FILE --out DIR [--ledger DSN --account ID]
//	laurel bake --image IMG --credential FILE [--replace] [-o OUT]
//	laurel unbake [--json] IMG
//	laurel render badge|certificate ...
//	laurel ledger open|plan|usage|quote|export ...
//
// Exit codes are a stable contract for scripts: 0 success (every input valid),
// 1 a credential was invalid, 2 a usage or I/O error.
//
// The verifier's checks and problem types are those of package
// github.com/laurelhq/laurel/verify; the documents map format is described
// there (ReadDocumentsMap). Like the libraries, the command never uses the
// network.
package main
