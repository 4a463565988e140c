/// 0025: the library — items with their translations (a group), the institutions, plans,
/// measures, activities and projects they link to, files attached to them (a new owner kind of
/// `attachments`, rebuilt as in 0023 because SQLite cannot alter a CHECK), the text read from
/// files, and the search index: FTS5 on SQLite, a weighted `tsvector` with a GIN index on
/// PostgreSQL, both over the same folded words (see `LibrarySearch`).
///
/// Landed: never edit it (its checksum is recorded); put a change in a new step.
enum Migration0025 {
    static let migration = Migration(name: "0025_library", statements: [
        """
        CREATE TABLE library_items (
            id $ID,
            kind TEXT NOT NULL CHECK (kind IN ('policy', 'regulation', 'guideline', 'toolkit', 'curriculum', 'good_practice', 'lesson_learnt',
                'report', 'news')),
            title TEXT NOT NULL,
            summary TEXT NOT NULL DEFAULT '',
            body TEXT NOT NULL DEFAULT '',
            language TEXT NOT NULL,
            group_id $INT NOT NULL,
            country TEXT REFERENCES countries (code),
            owner_id $INT NOT NULL REFERENCES institutions (id),
            topics TEXT NOT NULL DEFAULT '',
            published_on TEXT,
            published_year $INT,
            visibility TEXT NOT NULL CHECK (visibility IN ('public', 'platform', 'institution')),
            search_title TEXT NOT NULL DEFAULT '',
            search_summary TEXT NOT NULL DEFAULT '',
            search_body TEXT NOT NULL DEFAULT '',
            version $INT NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        )
        """,
        "CREATE INDEX library_items_group ON library_items (group_id)",
        "CREATE INDEX library_items_published ON library_items (published_on, id)",
        """
        CREATE TABLE library_item_links (
            item_id $INT NOT NULL REFERENCES library_items (id),
            link TEXT NOT NULL CHECK (link IN ('institution', 'plan', 'measure', 'activity', 'project')),
            target_id $INT NOT NULL,
            position $INT NOT NULL,
            PRIMARY KEY (item_id, link, target_id)
        )
        """,
        """
        CREATE TABLE attachments_next (
            id $ID,
            owner_kind TEXT NOT NULL CHECK (owner_kind IN ('report', 'evaluation', 'activity', 'library_item')),
            owner_id $INT NOT NULL,
            file_name TEXT NOT NULL,
            kind TEXT NOT NULL,
            content_type TEXT NOT NULL,
            size $INT NOT NULL,
            sha256 TEXT NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        )
        """,
        """
        INSERT INTO attachments_next (id, owner_kind, owner_id, file_name, kind, content_type, size, sha256, created_at, created_by)
        SELECT id, owner_kind, owner_id, file_name, kind, content_type, size, sha256, created_at, created_by FROM attachments
        """,
        """
        CREATE TABLE attachment_parts_next (
            attachment_id $INT NOT NULL REFERENCES attachments_next (id) ON DELETE CASCADE,
            part $INT NOT NULL,
            content $BLOB NOT NULL,
            PRIMARY KEY (attachment_id, part)
        )
        """,
        "INSERT INTO attachment_parts_next (attachment_id, part, content) SELECT attachment_id, part, content FROM attachment_parts",
        "DROP TABLE attachment_parts",
        "DROP TABLE attachments",
        "ALTER TABLE attachments_next RENAME TO attachments",
        "ALTER TABLE attachment_parts_next RENAME TO attachment_parts",
        "CREATE INDEX attachments_owner ON attachments (owner_kind, owner_id)",
        "$SYNC_IDS attachments",
        """
        CREATE TABLE attachment_texts (
            attachment_id $INT PRIMARY KEY REFERENCES attachments (id) ON DELETE CASCADE,
            content TEXT NOT NULL
        )
        """,
        "$SQLITE CREATE VIRTUAL TABLE library_search USING fts5 (title, summary, body, tokenize = 'unicode61')",
        """
        $POSTGRES ALTER TABLE library_items ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('simple', search_title), 'A') || setweight(to_tsvector('simple', search_summary), 'B')
            || setweight(to_tsvector('simple', search_body), 'C')) STORED
        """,
        "$POSTGRES CREATE INDEX library_items_search ON library_items USING GIN (search_vector)",
    ])
}
