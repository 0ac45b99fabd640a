-- newsgraph DuckDB schema.  One file, numbered migrations.
--
-- Each migration starts with a header line "-- migration NNN: description".  Numbers start at 001 and go up by
-- one; a store records the migrations it has applied in `schema_migrations`, and opening a writable store
-- applies the missing ones in order, each in its own transaction.  Never edit an applied migration: add a new one.
-- Every column is documented in docs/store.md (a test checks that the two agree).

-- migration 001: initial tables
CREATE TABLE schema_migrations (
    version    INTEGER PRIMARY KEY,  -- migration number
    name       VARCHAR NOT NULL,     -- migration description
    applied_at TIMESTAMP NOT NULL    -- when it was applied (UTC)
);

CREATE TABLE runs (
    run_id      VARCHAR PRIMARY KEY,  -- run id (UTC timestamp + random suffix)
    started_at  TIMESTAMP NOT NULL,   -- start time (UTC)
    finished_at TIMESTAMP,            -- end time (UTC); NULL while running or if it crashed
    settings    JSON,                 -- summary of the settings used
    stats       JSON                  -- counts reported by the run at the end
);

CREATE TABLE articles (
    id                 VARCHAR PRIMARY KEY,  -- Article.id: 16 hex digits of SHA-256 over the normalised text
    title              VARCHAR,
    url                VARCHAR,
    source             VARCHAR,              -- publisher / outlet name or domain
    published          DATE,                 -- publication date
    published_inferred BOOLEAN NOT NULL,     -- true when the date was inferred, not read from metadata
    published_evidence VARCHAR,              -- what the date was read from
    language           VARCHAR NOT NULL,
    flags              VARCHAR[],
    input              VARCHAR,              -- where the article was read from (path, path#record)
    text               VARCHAR NOT NULL,     -- clean text; every character offset indexes into it
    n_chars            INTEGER NOT NULL,
    tone               DOUBLE,               -- document tone (Result.tone)
    sentence_tone      DOUBLE[],             -- tone per sentence (Result.sentence_tone)
    extractor          VARCHAR,              -- extractor name and version (Result.extractor)
    story_id           VARCHAR,              -- near-duplicate cluster (articles sharing LSH band keys)
    run_id             VARCHAR,              -- run that stored the article
    added_at           TIMESTAMP NOT NULL    -- when it was stored (UTC)
);

CREATE TABLE actors (
    article_id VARCHAR NOT NULL,  -- articles.id
    idx        INTEGER NOT NULL,  -- position in Result.actors
    text       VARCHAR,           -- surface text
    start_char INTEGER,
    end_char   INTEGER,
    name       VARCHAR,           -- canonical name
    code       VARCHAR,           -- CAMEO/PLOVER-style code (TURGOV, IGO ...)
    country    VARCHAR,           -- ISO 3166 alpha-3 or NULL
    sector     VARCHAR,           -- GOV, MIL, REB ... or NULL
    kind       VARCHAR,           -- person | organisation | state | group
    actor_id   VARCHAR,           -- lexicon key (Actor.id)
    via        VARCHAR,           -- how the mention was resolved
    extractor  VARCHAR,
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE places (
    article_id VARCHAR NOT NULL,
    idx        INTEGER NOT NULL,
    text       VARCHAR,
    start_char INTEGER,
    end_char   INTEGER,
    name       VARCHAR,           -- resolved name
    country    VARCHAR,           -- ISO alpha-3
    admin1     VARCHAR,           -- first-level division
    lat        DOUBLE,
    lon        DOUBLE,
    resolution VARCHAR,           -- country | admin1 | city | landmark
    place_id   VARCHAR,           -- gazetteer id
    extractor  VARCHAR,
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE events (
    id               VARCHAR NOT NULL,  -- Event.id as produced by the extractor
    article_id       VARCHAR NOT NULL,
    source_code      VARCHAR,           -- first source actor
    source_name      VARCHAR,
    source_country   VARCHAR,
    target_code      VARCHAR,           -- first target actor
    target_name      VARCHAR,
    target_country   VARCHAR,
    source_actors    JSON,              -- all source ActorRefs
    target_actors    JSON,              -- all target ActorRefs
    cameo            VARCHAR NOT NULL,  -- full CAMEO code as a string ("0251")
    cameo_base       VARCHAR NOT NULL,  -- first three digits (or the root)
    cameo_root       VARCHAR NOT NULL,  -- two digits
    quad             TINYINT NOT NULL,  -- QuadClass 1..4
    goldstein        DOUBLE,
    plover           VARCHAR,
    mode             VARCHAR,
    context          VARCHAR[],
    date             DATE,              -- event date
    date_source      VARCHAR,           -- clause | publication | none
    place_name       VARCHAR,
    place_country    VARCHAR,           -- ISO alpha-3
    place_admin1     VARCHAR,
    place_lat        DOUBLE,
    place_lon        DOUBLE,
    place_resolution VARCHAR,
    place_id         VARCHAR,
    location_source  VARCHAR,
    sentence         VARCHAR,           -- evidence sentence
    sentence_start   INTEGER,
    trigger_start    INTEGER,
    trigger_end      INTEGER,
    trigger          VARCHAR,
    flags            VARCHAR[],         -- negated, future, hypothetical, alleged, quoted, opinion
    extractor        VARCHAR NOT NULL,
    run_id           VARCHAR,
    PRIMARY KEY (article_id, id)
);

CREATE TABLE quotes (
    article_id      VARCHAR NOT NULL,
    idx             INTEGER NOT NULL,
    text            VARCHAR,
    start_char      INTEGER,
    end_char        INTEGER,
    direct          BOOLEAN,
    speaker_name    VARCHAR,
    speaker_code    VARCHAR,
    speaker_country VARCHAR,
    speaker_text    VARCHAR,
    verb            VARCHAR,
    extractor       VARCHAR,
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE claims (
    article_id   VARCHAR NOT NULL,
    idx          INTEGER NOT NULL,
    text         VARCHAR,
    start_char   INTEGER,
    end_char     INTEGER,
    value        DOUBLE,
    unit         VARCHAR,
    subject      VARCHAR,
    year         INTEGER,
    kind         VARCHAR,           -- stated | derived
    derived_from INTEGER[],
    flags        VARCHAR[],
    extractor    VARCHAR,
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE failures (
    run_id   VARCHAR,
    kind     VARCHAR NOT NULL,      -- failure | skip
    input    VARCHAR,
    record   VARCHAR,
    stage    VARCHAR,
    reason   VARCHAR NOT NULL,      -- short tag (skip reason or exception class)
    error    VARCHAR,               -- one-line message
    failed_at TIMESTAMP NOT NULL
);

CREATE TABLE inputs_done (
    input  VARCHAR PRIMARY KEY,     -- input path fully processed
    run_id VARCHAR,
    done_at TIMESTAMP NOT NULL
);

CREATE TABLE article_keys (
    key        VARCHAR NOT NULL,    -- LSH band key
    article_id VARCHAR NOT NULL,
    PRIMARY KEY (key, article_id)
);

-- migration 002: cross-article event clusters (recomputed by Store.cluster_events; no keys, so no index upkeep)
CREATE TABLE event_clusters (
    cluster_id       VARCHAR NOT NULL,     -- 'c' + 15 hex digits
    global_event_id  BIGINT NOT NULL,      -- integer id used as GDELT GLOBALEVENTID
    date             DATE,                 -- first date of the cluster
    source_code      VARCHAR,
    source_name      VARCHAR,
    source_country   VARCHAR,
    target_code      VARCHAR,
    target_name      VARCHAR,
    target_country   VARCHAR,
    cameo            VARCHAR NOT NULL,     -- most frequent full code among the mentions
    cameo_base       VARCHAR NOT NULL,
    cameo_root       VARCHAR NOT NULL,
    quad             TINYINT NOT NULL,
    goldstein        DOUBLE,
    plover           VARCHAR,
    mode             VARCHAR,
    place_name       VARCHAR,
    place_country    VARCHAR,
    place_admin1     VARCHAR,
    place_lat        DOUBLE,
    place_lon        DOUBLE,
    place_resolution VARCHAR,
    place_id         VARCHAR,
    factual          BOOLEAN NOT NULL,     -- no mention is negated, hypothetical or future
    is_root          BOOLEAN NOT NULL,     -- a mention is in the first sentence of its article
    num_mentions     INTEGER NOT NULL,     -- event rows (repeats inside one article count)
    num_sources      INTEGER NOT NULL,     -- distinct sources (articles.source, else the URL host)
    num_articles     INTEGER NOT NULL,     -- distinct articles
    avg_tone         DOUBLE,               -- mean tone of those articles
    first_article_id VARCHAR,
    source_url       VARCHAR,              -- URL of the first article (or newsgraph:article/<id>)
    date_added       TIMESTAMP             -- when the first mention was stored
);

CREATE TABLE event_mentions (
    cluster_id VARCHAR NOT NULL,           -- event_clusters.cluster_id
    event_id   VARCHAR NOT NULL,           -- events.id
    article_id VARCHAR NOT NULL            -- events.article_id
);

-- migration 003: record-granular resume (inputs cut by a batch boundary)
CREATE TABLE input_progress (
    input      VARCHAR PRIMARY KEY,  -- input path partly read (JSONL lines, WARC records, ...)
    records    BIGINT NOT NULL,      -- records already consumed and committed (a rerun skips that many)
    run_id     VARCHAR,
    updated_at TIMESTAMP NOT NULL
);

-- migration 004: events.confidence (the learned event stage's probability; NULL for rules-only events)
ALTER TABLE events ADD COLUMN confidence DOUBLE;
