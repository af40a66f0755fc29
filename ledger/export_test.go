package ledger

// Queued reports how many Publish calls of account wait for a group.
func (l *Ledger) Queued(account string) int {
	l.groups.mu.Lock()
	defer l.groups.mu.Unlock()
	if q := l.groups.by[account]; q != nil {
		return len(q.queue)
	}
	return 0
}
