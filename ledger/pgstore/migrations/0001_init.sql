-- Laurel recipient-seat ledger, schema version 1.
-- Text keys use COLLATE "C": byte order, the same order Go's sort gives, so
-- rows locked "in sorted order" are locked in one order by every process.

CREATE TABLE ledger_accounts (
    id         text COLLATE "C" PRIMARY KEY,
    seats      integer NOT NULL CHECK (seats >= 0),
    start_date date    NOT NULL
);

-- One row per account and billing year: the allowance. Seat usage lives in
-- ledger_seat_stripes so that concurrent publishers do not all queue on
-- this row.
CREATE TABLE ledger_years (
    account   text COLLATE "C" NOT NULL,
    year      integer NOT NULL,
    allowance integer NOT NULL CHECK (allowance >= 0),
    PRIMARY KEY (account, year)
);

-- The year's seats split into stripes. Invariants (kept by the store):
-- used <= quota in every stripe, and the quotas sum to
-- max(allowance, seats used), so free seats = sum(quota - used) exactly.
CREATE TABLE ledger_seat_stripes (
    account text COLLATE "C" NOT NULL,
    year    integer NOT NULL,
    stripe  integer NOT NULL,
    quota   integer NOT NULL,
    used    integer NOT NULL,
    PRIMARY KEY (account, year, stripe),
    CHECK (used >= 0 AND used <= quota)
);

-- How many live credentials give a recipient its seat in a year. (No
-- CHECK (n >= 0): PostgreSQL checks the row proposed by INSERT ... ON
-- CONFLICT before resolving the conflict, which would reject every negative
-- delta; the store checks the resulting counts instead.)
CREATE TABLE ledger_holds (
    account   text COLLATE "C" NOT NULL,
    year      integer NOT NULL,
    recipient text COLLATE "C" NOT NULL,
    n         integer NOT NULL,
    PRIMARY KEY (account, year, recipient)
);

CREATE TABLE ledger_credentials (
    account   text COLLATE "C" NOT NULL,
    id        text COLLATE "C" NOT NULL,
    recipient text COLLATE "C" NOT NULL,
    grp       text COLLATE "C" NOT NULL,
    seat_year integer NOT NULL,
    deleted   boolean NOT NULL,
    PRIMARY KEY (account, id)
);

-- Two indexes only (every extra one costs each published item): entries
-- are always read by account, in seq order or by key.
CREATE TABLE ledger_entries (
    seq           bigint GENERATED ALWAYS AS IDENTITY,
    account       text COLLATE "C" NOT NULL,
    key           text COLLATE "C" NOT NULL,
    at            timestamptz NOT NULL,
    op            text COLLATE "C" NOT NULL,
    credential_id text COLLATE "C" NOT NULL,
    recipient     text COLLATE "C" NOT NULL,
    grp           text COLLATE "C" NOT NULL,
    year          integer NOT NULL,
    charged       boolean NOT NULL,
    reason        text COLLATE "C" NOT NULL,
    seats         integer NOT NULL,
    PRIMARY KEY (account, seq),
    UNIQUE (account, key)
);
