"""The SQLite schema of the article store, with its version number."""

from __future__ import annotations

# Bump when the tables change or when what is stored in them changes meaning; a store
# with another version is rebuilt from the archive (and the rebuild is announced).
# 2: articles have a section (stated by the page, or the folder's).
# 3: archive-wide entities: article rows point at their entity, type evidence, choices, forms.
# 4: spellings: every entity's names in other spellings and scripts, for lookups.
# 5: groups of near-copies (signatures, bands, copies).
# 6: near-copy signatures by one-permutation MinHash, band keys by arithmetic (stores of 5 rebuild once).
STORE_VERSION = 6

SCHEMA = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- The manifest: one row per archive file that was read.
CREATE TABLE files (
    path TEXT PRIMARY KEY,          -- POSIX path relative to the archive
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    hash TEXT NOT NULL,             -- blake2b of the content: a touched but unchanged file is not re-indexed
    status TEXT NOT NULL,           -- 'indexed' (articles were read) or 'skipped' (none could be)
    reason TEXT,                    -- why a skipped file gave no article
    articles INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- Records of a file that could not be read (a bad JSON line, a WARC record), kept so
-- that every run can report them without re-reading unchanged files.
CREATE TABLE skips (
    file TEXT NOT NULL,
    item TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE INDEX skips_file ON skips(file);

CREATE TABLE articles (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,        -- Article.id: the relpath, plus '#N' inside WARC/JSONL files
    file TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    url TEXT,
    published TEXT,                 -- ISO 8601 as extracted (with its UTC offset, if any)
    day TEXT,                       -- the wall-clock date and time, 'YYYY-MM-DDTHH:MM:SS', for sorting
    authors TEXT NOT NULL,          -- JSON list
    source TEXT,
    dateline TEXT,
    language TEXT,
    section TEXT                    -- the page's section, else the folder's (clean/provenance.py)
);
CREATE INDEX articles_file ON articles(file);
CREATE INDEX articles_day ON articles(day);

-- Distinct (canonical name, type) pairs as the extractor gave them in some article.
-- `entity` says which archive-wide entity the name belongs to (cross-article merging):
-- an article may put it elsewhere (see `choices`). ev_* sum the type evidence of every
-- article using the name (each capped), for the archive-wide type vote.
CREATE TABLE names (
    rowid INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    key TEXT NOT NULL,              -- name_key(name): no case, accents, dots or possessive
    entity INTEGER,
    articles INTEGER NOT NULL DEFAULT 0,
    mentions INTEGER NOT NULL DEFAULT 0,
    ev_person INTEGER NOT NULL DEFAULT 0,
    ev_org INTEGER NOT NULL DEFAULT 0,
    ev_place INTEGER NOT NULL DEFAULT 0,
    ev_other INTEGER NOT NULL DEFAULT 0,
    UNIQUE (name, type)
);
CREATE INDEX names_key ON names(key);
CREATE INDEX names_entity ON names(entity);
-- A name's last word (what it ends with after its last space), for the full names a surname ends.
CREATE INDEX names_last_word ON names(replace(key, rtrim(key, replace(key, ' ', '')), ''));

-- The surface forms each name was written in ("Ulyanov", "Mr. Ulyanov"), folded, with
-- the number of articles using that form, for lookups by alias.
CREATE TABLE aliases (
    key TEXT NOT NULL,
    name INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    PRIMARY KEY (key, name)
) WITHOUT ROWID;

-- Archive-wide entities: merged names, with counts kept up to date for fast listing.
-- `hidden`: junk or hidden by the user's corrections: never listed nor found.
CREATE TABLE entities (
    rowid INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    articles INTEGER NOT NULL DEFAULT 0,
    mentions INTEGER NOT NULL DEFAULT 0,
    hidden INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX entities_count ON entities(hidden, articles DESC, mentions DESC);
CREATE INDEX entities_type_count ON entities(hidden, type, articles DESC, mentions DESC);

-- Names that find an entity without any article writing them so: the other names of a
-- well-known entity, the aliases of the user's corrections.
CREATE TABLE forms (
    key TEXT PRIMARY KEY,
    entity INTEGER NOT NULL
) WITHOUT ROWID;

-- The spellings each entity's names fold to across scripts and romanisations (extract/spellings.py):
-- variant keys as they are, consonant skeletons after a '~'. A lookup that finds no name tries them.
CREATE TABLE spellings (
    key TEXT NOT NULL,
    entity INTEGER NOT NULL,
    PRIMARY KEY (key, entity)
) WITHOUT ROWID;

-- Where an article's name means another entity than the name's own (a surname shared by two
-- people, decided by what else the article names).
CREATE TABLE choices (
    article INTEGER NOT NULL,
    name INTEGER NOT NULL,
    entity INTEGER NOT NULL,
    PRIMARY KEY (article, name)
) WITHOUT ROWID;
CREATE INDEX choices_name ON choices(name);

-- One row per entity per article. `spans` packs every mention as four int32 values:
-- start, end, sentence start, sentence end (offsets into the body). One blob per row
-- instead of a row per mention keeps the store small and "every mention of X" a single
-- index range scan. `entity`: the archive-wide entity this row counts for (set by the
-- resolution), and ev_* the article's type evidence for the name (kept to subtract it again).
CREATE TABLE article_entities (
    rowid INTEGER PRIMARY KEY,
    article INTEGER NOT NULL,
    name INTEGER NOT NULL,
    role TEXT,
    count INTEGER NOT NULL,
    spans BLOB NOT NULL,
    entity INTEGER,
    ev_person INTEGER NOT NULL DEFAULT 0,
    ev_org INTEGER NOT NULL DEFAULT 0,
    ev_place INTEGER NOT NULL DEFAULT 0,
    ev_other INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX article_entities_name ON article_entities(name, article);
CREATE INDEX article_entities_article ON article_entities(article);
CREATE INDEX article_entities_entity ON article_entities(entity, article);

CREATE TABLE quotes (
    rowid INTEGER PRIMARY KEY,
    article INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    speaker TEXT,
    speaker_key TEXT
);
CREATE INDEX quotes_article ON quotes(article);
CREATE INDEX quotes_speaker ON quotes(speaker_key);

-- Articles written to this store whose full-text index entry may not match yet: the
-- store commits first, the index second, then these rows go. A run that finds rows here
-- (after a crash) replays them, so the two can never stay out of step.
CREATE TABLE pending (
    id TEXT PRIMARY KEY
) WITHOUT ROWID;

-- Near-copies (store/copies.py): each article's MinHash signature and band keys, and the
-- group of every article that has near-copies (articles without any have no row).
CREATE TABLE signatures (
    article INTEGER PRIMARY KEY,
    signature BLOB NOT NULL
);

CREATE TABLE bands (
    key INTEGER NOT NULL,
    article INTEGER NOT NULL,
    PRIMARY KEY (key, article)
) WITHOUT ROWID;

CREATE TABLE copies (
    article INTEGER PRIMARY KEY,
    grp INTEGER NOT NULL
);
CREATE INDEX copies_grp ON copies(grp);
"""
