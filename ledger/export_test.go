package ledger

import "context"

// Queued reports how many Publish calls of account wait for a group.
func (l *Ledger) Queued(account string) int {
	l.groups.mu.Lock()
	defer l.groups.mu.Unlock()
	if q := l.groups.by[account]; q != nil {
		return len(q.queue)
	}
	return 0
}

// PublishGeneric is Publish applied through the batch path (publishMany)
// instead of the single-item one, to compare the two.
func (l *Ledger) PublishGeneric(ctx context.Context, req PublishRequest) (Outcome, error) {
	items := []BatchItem{{Key: req.Key, CredentialID: req.CredentialID, Email: req.Email, Group: req.Group}}
	var res []ItemResult
	err := l.update(ctx, func(tx Tx) (err error) {
		res, err = l.publishMany(ctx, tx, req.Account, items)
		if err == nil && res[0].Status == StatusNoSeat {
			return ErrInsufficientSeats
		}
		return err
	})
	if err != nil {
		return Outcome{}, err
	}
	if r := res[0]; r.Err != nil {
		return Outcome{}, r.Err
	}
	return Outcome{Entry: res[0].Entry, Replayed: res[0].Replayed}, nil
}
