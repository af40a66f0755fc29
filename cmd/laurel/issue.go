package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/google/uuid"

	"github.com/laurelhq/laurel/credential"
	"github.com/laurelhq/laurel/credential/bulk"
	"github.com/laurelhq/laurel/credential/keys"
)

// issueState is what makes a batch repeatable: saved in the output folder
// on the first run and reused by every later run of the same job.
type issueState struct {
	Namespace   string    `json:"namespace"`
	SaltKey     string    `json:"saltKey"`
	ValidFrom   time.Time `json:"validFrom"`
	Achievement string    `json:"achievementSHA256"`
	KeyID       string    `json:"keyId"`
}

const stateName = "issue-state.json"

// issueJobHook, when set, sees each job before it runs. Only tests set it:
// the kill test uses it to stop a child process at a chosen point.
var issueJobHook func(*bulk.Job)

// achievementFile is the --achievement document: an OB 3.0 Achievement,
// or {"issuer": Profile, "achievement": Achievement}.
type achievementFile struct {
	Issuer      *credential.Profile     `json:"issuer"`
	Achievement *credential.Achievement `json:"achievement"`
}

func runIssue(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("issue", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	csvPath := fs.String("csv", "", "recipients: a CSV export with an email column, optional name and attribute columns (required)")
	achPath := fs.String("achievement", "", "the achievement: an OB 3.0 Achievement JSON, or {\"issuer\":…,\"achievement\":…} (required)")
	keyPath := fs.String("key", "", "the issuer's private key: a private JWK or Multikey JSON (required)")
	outDir := fs.String("out", "", "output folder for credentials/, issue-log.csv and issue-state.json (required)")
	issuerName := fs.String("issuer-name", "", "the issuer's name, when the achievement file does not give an issuer")
	workers := fs.Int("workers", 0, "signing goroutines (default: one per core)")
	chunk := fs.Int("chunk", 2000, "rows signed, charged, written and logged together")
	ledgerDSN := fs.String("ledger", "", "charge recipient seats in this ledger: a SQLite file or a postgres:// URL (see laurel ledger)")
	account := fs.String("account", "", "the ledger account to charge (required with --ledger)")
	group := fs.String("group", "", "a group name recorded with each ledger entry")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: laurel issue --csv FILE --achievement FILE --key FILE --out DIR [--ledger DSN --account ID [--group G]] [--issuer-name NAME] [--workers N] [--chunk N]")
		fs.PrintDefaults()
	}
	rest, code, done := parseFlags(fs, args)
	if done {
		return code
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(e.stderr, "laurel issue: "+format+"\n", a...)
		return exitUsage
	}
	if len(rest) > 0 {
		return fail("unexpected argument %q", rest[0])
	}
	if *csvPath == "" || *achPath == "" || *keyPath == "" || *outDir == "" {
		return fail("--csv, --achievement, --key and --out are required")
	}
	if (*ledgerDSN == "") != (*account == "") {
		return fail("--ledger and --account go together")
	}
	keyData, err := os.ReadFile(*keyPath)
	if err != nil {
		return fail("reading key: %v", err)
	}
	key, err := keys.ParsePrivateKey(keyData)
	if err != nil {
		return fail("key %s: %v", *keyPath, err)
	}
	achData, err := os.ReadFile(*achPath)
	if err != nil {
		return fail("reading achievement: %v", err)
	}
	issuer, ach, err := readAchievement(achData)
	if err != nil {
		return fail("%s: %v", *achPath, err)
	}
	method := defaultMethod(key)
	if issuer.ID == "" {
		issuer.ID = key.Controller
		if issuer.ID == "" {
			if issuer.ID, _, err = keys.DIDKey(key.Signer.Public()); err != nil {
				return fail("the key has no controller and no did:key: give the issuer id in the achievement file")
			}
		}
	}
	if issuer.Name == "" {
		issuer.Name = *issuerName
	}
	if err := os.MkdirAll(*outDir, 0o755); err != nil {
		return fail("%v", err)
	}
	sum := sha256.Sum256(achData)
	state, err := loadState(filepath.Join(*outDir, stateName), hex.EncodeToString(sum[:]), method)
	if err != nil {
		return fail("%v", err)
	}
	ns, _ := uuid.Parse(state.Namespace)
	salt, _ := hex.DecodeString(state.SaltKey)
	job := &bulk.Job{
		Template: &bulk.Template{
			Issuer: issuer, Achievement: ach, ValidFrom: state.ValidFrom,
			Signer: key.Signer, VerificationMethod: method,
			Namespace: ns, SaltKey: salt,
		},
		Dir:       *outDir,
		Workers:   *workers,
		ChunkSize: *chunk,
	}
	if *ledgerDSN != "" {
		l, err := openLedger(ctx, *ledgerDSN)
		if err != nil {
			return fail("ledger: %v", err)
		}
		defer l.Close()
		if _, err := l.Account(ctx, *account); err != nil {
			return fail("ledger: %v (open it with: laurel ledger open --ledger %s --account %s --seats N)", err, *ledgerDSN, *account)
		}
		job.Publisher = ledgerPublisher{l: l, account: *account, group: *group}
	}
	if isTerminal(e.stderr) {
		job.Progress = func(p bulk.Progress) { progressLine(e.stderr, p) }
	}
	if issueJobHook != nil {
		issueJobHook(job)
	}
	open := func() (io.ReadCloser, error) { return os.Open(*csvPath) }
	s, err := job.Run(ctx, open)
	if job.Progress != nil {
		fmt.Fprintln(e.stderr)
	}
	// Issued, Charged and Free are exclusive outcomes of an issued row:
	// issued without a ledger, charged a seat, or free (seat already held).
	fmt.Fprintf(e.stdout, "issued %d", s.Issued+s.Charged+s.Free)
	if s.Charged+s.Free > 0 {
		fmt.Fprintf(e.stdout, " (%d charged a seat, %d free: seat already held)", s.Charged, s.Free)
	}
	fmt.Fprintf(e.stdout, ", no seat %d, errors %d, invalid rows %d, already done %d\n",
		s.NoSeat, s.Failed, s.Invalid, s.Skipped)
	fmt.Fprintf(e.stdout, "credentials in %s, log in %s\n", filepath.Join(*outDir, "credentials"), filepath.Join(*outDir, bulk.LogName))
	if err != nil {
		fmt.Fprintf(e.stderr, "laurel issue: %v (run the same command again to resume)\n", err)
		return exitUsage
	}
	if s.Failed > 0 || s.Invalid > 0 || s.NoSeat > 0 {
		return exitInvalid
	}
	return exitOK
}

func readAchievement(data []byte) (credential.Profile, credential.Achievement, error) {
	var wrapped achievementFile
	if err := json.Unmarshal(data, &wrapped); err == nil && wrapped.Achievement != nil {
		var p credential.Profile
		if wrapped.Issuer != nil {
			p = *wrapped.Issuer
		}
		return p, *wrapped.Achievement, nil
	}
	var a credential.Achievement
	if err := json.Unmarshal(data, &a); err != nil {
		return credential.Profile{}, a, err
	}
	if a.Name == "" {
		return credential.Profile{}, a, errors.New("not an Achievement (no name) nor {\"issuer\",\"achievement\"}")
	}
	return credential.Profile{}, a, nil
}

// loadState reads the job's state, or makes it on the first run. A state
// for another achievement or key is refused: resuming must not mix jobs.
func loadState(path, achievementSum, keyID string) (*issueState, error) {
	b, err := os.ReadFile(path)
	if err == nil {
		var s issueState
		if err := json.Unmarshal(b, &s); err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
		if s.Achievement != achievementSum || s.KeyID != keyID {
			return nil, fmt.Errorf("%s belongs to a job with another achievement or key; use a new --out folder", path)
		}
		if _, err := uuid.Parse(s.Namespace); err != nil {
			return nil, fmt.Errorf("%s: namespace: %v", path, err)
		}
		return &s, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	salt := make([]byte, 32)
	if _, err := rand.Read(salt); err != nil {
		return nil, err
	}
	s := &issueState{
		Namespace:   uuid.NewString(),
		SaltKey:     hex.EncodeToString(salt),
		ValidFrom:   time.Now().UTC().Truncate(time.Second),
		Achievement: achievementSum,
		KeyID:       keyID,
	}
	out, _ := json.MarshalIndent(s, "", "  ")
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, out, 0o600); err != nil {
		return nil, err
	}
	return s, os.Rename(tmp, path)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// progressLine redraws one line: rows done, rate and time left.
func progressLine(w io.Writer, p bulk.Progress) {
	rate := 0.0
	if s := p.Elapsed.Seconds(); s > 0 {
		rate = float64(p.Done) / s
	}
	eta := "--:--"
	if rate > 0 && p.Total >= p.Done {
		left := time.Duration(float64(p.Total-p.Done) / rate * float64(time.Second)).Round(time.Second)
		eta = fmt.Sprintf("%02d:%02d", int(left.Minutes()), int(left.Seconds())%60)
	}
	width := 30
	filled := 0
	if p.Total > 0 {
		filled = min(width*p.Done/p.Total, width)
	}
	bar := make([]byte, width)
	for i := range bar {
		bar[i] = ' '
		if i < filled {
			bar[i] = '#'
		}
	}
	fmt.Fprintf(w, "\r[%s] %d/%d rows  %.0f/s  ETA %s ", bar, p.Done, p.Total, rate, eta)
}
