-- The recipient-seat ledger. Times are UTC: accounts.start as RFC 3339 text
-- (any year round-trips), entries.at as Unix nanoseconds (sortable).

CREATE TABLE accounts (
	id    TEXT PRIMARY KEY,
	seats INTEGER NOT NULL CHECK (seats >= 0),
	start TEXT NOT NULL
) STRICT;

-- One row per billing year that something happened in. allowance is NULL
-- while only hold counts exist (ClaimSeats or SetAllowance sets it);
-- recipients counts the holds rows of the year with n > 0 (kept by the
-- triggers below); granted is what the latest ClaimSeats granted, so that
-- one UPDATE ... RETURNING can claim seats and report how many.
CREATE TABLE years (
	account    TEXT NOT NULL REFERENCES accounts (id),
	year       INTEGER NOT NULL,
	allowance  INTEGER,
	used       INTEGER NOT NULL DEFAULT 0 CHECK (used >= 0),
	recipients INTEGER NOT NULL DEFAULT 0, -- no CHECK: see holds
	granted    INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (account, year)
) STRICT, WITHOUT ROWID;

-- How many live credentials give a recipient their seat in a year. No
-- CHECK (n >= 0): SQLite checks the row to insert before an upsert turns it
-- into an update, which would reject every negative delta; Hold checks the
-- counts it reads back instead.
CREATE TABLE holds (
	account   TEXT NOT NULL REFERENCES accounts (id),
	year      INTEGER NOT NULL,
	recipient TEXT NOT NULL,
	n         INTEGER NOT NULL,
	PRIMARY KEY (account, year, recipient)
) STRICT, WITHOUT ROWID;

-- A recipient starts or stops holding a seat when their count leaves or
-- reaches zero.
CREATE TRIGGER holds_insert AFTER INSERT ON holds WHEN new.n > 0 BEGIN
	INSERT INTO years (account, year, recipients) VALUES (new.account, new.year, 1)
	ON CONFLICT (account, year) DO UPDATE SET recipients = recipients + 1;
END;

CREATE TRIGGER holds_update AFTER UPDATE OF n ON holds WHEN (old.n > 0) != (new.n > 0) BEGIN
	INSERT INTO years (account, year, recipients) VALUES (new.account, new.year, iif(new.n > 0, 1, -1))
	ON CONFLICT (account, year) DO UPDATE SET recipients = recipients + excluded.recipients;
END;

CREATE TABLE credentials (
	account   TEXT NOT NULL REFERENCES accounts (id),
	id        TEXT NOT NULL,
	recipient TEXT NOT NULL,
	grp       TEXT NOT NULL,
	seat_year INTEGER NOT NULL,
	deleted   INTEGER NOT NULL,
	PRIMARY KEY (account, id)
) STRICT, WITHOUT ROWID;

-- The append-only log. seq is the rowid: SQLite assigns max + 1, and rows
-- are never deleted, so it increases in commit order.
CREATE TABLE entries (
	seq           INTEGER PRIMARY KEY,
	account       TEXT NOT NULL REFERENCES accounts (id),
	key           TEXT NOT NULL,
	at            INTEGER NOT NULL,
	op            TEXT NOT NULL,
	credential_id TEXT NOT NULL,
	recipient     TEXT NOT NULL,
	grp           TEXT NOT NULL,
	year          INTEGER NOT NULL,
	charged       INTEGER NOT NULL,
	reason        TEXT NOT NULL,
	seats         INTEGER NOT NULL,
	UNIQUE (account, key)
) STRICT;

CREATE INDEX entries_account_seq ON entries (account, seq);
