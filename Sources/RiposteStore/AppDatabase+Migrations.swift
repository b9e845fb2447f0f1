import GRDB

extension AppDatabase {
    /// The schema's history. Migrations are append-only: never edit one that has shipped; add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: payloads, mentions, authors, threads, audit log") { db in
            try db.execute(
                sql: """
                    CREATE TABLE payload (
                        id INTEGER PRIMARY KEY,
                        channel TEXT NOT NULL,
                        received_at DATETIME NOT NULL,
                        content_type TEXT NOT NULL,
                        authentication TEXT NOT NULL,
                        body BLOB NOT NULL
                    );
                    CREATE TABLE author (
                        id INTEGER PRIMARY KEY,
                        source TEXT NOT NULL,
                        handle TEXT NOT NULL,
                        name TEXT,
                        bio TEXT,
                        followers INTEGER CHECK (followers >= 0),
                        verified BOOLEAN,
                        first_seen_at DATETIME NOT NULL,
                        last_seen_at DATETIME NOT NULL,
                        mention_count INTEGER NOT NULL DEFAULT 0,
                        UNIQUE (source, handle)
                    );
                    CREATE TABLE thread (
                        id INTEGER PRIMARY KEY,
                        source TEXT NOT NULL,
                        thread_key TEXT NOT NULL,
                        started_at DATETIME NOT NULL,
                        last_mention_at DATETIME NOT NULL,
                        mention_count INTEGER NOT NULL DEFAULT 0,
                        UNIQUE (source, thread_key)
                    );
                    CREATE TABLE mention (
                        id TEXT PRIMARY KEY NOT NULL,
                        source TEXT NOT NULL,
                        external_id TEXT NOT NULL,
                        text TEXT NOT NULL,
                        url TEXT,
                        language TEXT,
                        created_at DATETIME,
                        received_at DATETIME NOT NULL,
                        occurred_at DATETIME NOT NULL,
                        author_handle TEXT,
                        author_name TEXT,
                        author_bio TEXT,
                        author_followers INTEGER CHECK (author_followers >= 0),
                        author_verified BOOLEAN,
                        author_id INTEGER REFERENCES author(id),
                        thread_external_id TEXT,
                        in_reply_to TEXT,
                        thread_key TEXT,
                        thread_id INTEGER REFERENCES thread(id),
                        brand TEXT,
                        likes INTEGER,
                        shares INTEGER,
                        replies INTEGER,
                        payload_id INTEGER NOT NULL REFERENCES payload(id),
                        payload_index INTEGER NOT NULL,
                        status TEXT NOT NULL DEFAULT 'pending'
                            CHECK (status IN ('pending', 'processing', 'processed', 'failed')),
                        attempts INTEGER NOT NULL DEFAULT 0,
                        claimed_until DATETIME,
                        last_error TEXT,
                        processed_at DATETIME,
                        UNIQUE (source, external_id)
                    );
                    CREATE INDEX mention_unprocessed ON mention(id) WHERE status IN ('pending', 'processing');
                    CREATE INDEX mention_occurred_at ON mention(occurred_at);
                    CREATE INDEX mention_source ON mention(source, id);
                    CREATE INDEX mention_thread ON mention(thread_id) WHERE thread_id IS NOT NULL;
                    CREATE TABLE audit_log (
                        id INTEGER PRIMARY KEY,
                        at DATETIME NOT NULL,
                        actor TEXT NOT NULL,
                        action TEXT NOT NULL,
                        subject_type TEXT,
                        subject_id TEXT,
                        details TEXT
                    );
                    CREATE INDEX audit_log_subject ON audit_log(subject_type, subject_id);
                    """)
        }
        migrator.registerMigration("v2: classifications and risk flags") { db in
            try db.execute(
                sql: """
                    CREATE TABLE classification (
                        mention_id TEXT PRIMARY KEY NOT NULL REFERENCES mention(id) ON DELETE CASCADE,
                        sentiment TEXT NOT NULL CHECK (sentiment IN ('supportive', 'neutral', 'unsupportive')),
                        confidence REAL NOT NULL CHECK (confidence BETWEEN 0 AND 1),
                        language TEXT NOT NULL,
                        priority TEXT NOT NULL CHECK (priority IN ('P1', 'P2', 'P3', 'P4')),
                        author_type TEXT NOT NULL,
                        model_version TEXT NOT NULL,
                        classified_at DATETIME NOT NULL,
                        details TEXT NOT NULL
                    ) WITHOUT ROWID;
                    CREATE INDEX classification_sentiment ON classification(sentiment, mention_id);
                    CREATE INDEX classification_priority ON classification(priority, mention_id);
                    CREATE TABLE mention_flag (
                        mention_id TEXT NOT NULL REFERENCES mention(id) ON DELETE CASCADE,
                        flag TEXT NOT NULL,
                        detail TEXT,
                        PRIMARY KEY (mention_id, flag)
                    ) WITHOUT ROWID;
                    CREATE INDEX mention_flag_by_flag ON mention_flag(flag, mention_id);
                    """)
        }
        migrator.registerMigration("v3: reply suggestions") { db in
            try db.execute(
                sql: """
                    CREATE TABLE suggestion (
                        mention_id TEXT NOT NULL REFERENCES mention(id) ON DELETE CASCADE,
                        rank INTEGER NOT NULL CHECK (rank >= 1),
                        template_id TEXT NOT NULL,
                        locale TEXT NOT NULL,
                        variant INTEGER NOT NULL,
                        variant_key TEXT NOT NULL,
                        text TEXT NOT NULL,
                        score REAL NOT NULL,
                        requires_approval BOOLEAN NOT NULL,
                        review_reference TEXT,
                        author_key TEXT,
                        thread_key TEXT,
                        created_at DATETIME NOT NULL,
                        details TEXT NOT NULL,
                        PRIMARY KEY (mention_id, rank)
                    ) WITHOUT ROWID;
                    CREATE INDEX suggestion_recent ON suggestion(created_at) WHERE rank = 1;
                    """)
        }
        migrator.registerMigration("v4: outbox and delivery attempts") { db in
            try db.execute(
                sql: """
                    CREATE TABLE outbox (
                        id INTEGER PRIMARY KEY,
                        idempotency_key TEXT NOT NULL UNIQUE,
                        destination TEXT NOT NULL,
                        destination_type TEXT NOT NULL,
                        body BLOB NOT NULL,
                        mention_id TEXT REFERENCES mention(id),
                        route_path TEXT,
                        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'delivered', 'dead')),
                        attempts INTEGER NOT NULL DEFAULT 0,
                        next_attempt_at DATETIME NOT NULL,
                        claimed_until DATETIME,
                        last_status INTEGER,
                        last_error TEXT,
                        created_at DATETIME NOT NULL,
                        delivered_at DATETIME
                    );
                    CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE status IN ('pending', 'sending');
                    CREATE TABLE delivery_attempt (
                        id INTEGER PRIMARY KEY,
                        outbox_id INTEGER NOT NULL REFERENCES outbox(id) ON DELETE CASCADE,
                        attempt INTEGER NOT NULL,
                        at DATETIME NOT NULL,
                        status INTEGER,
                        latency_ms REAL NOT NULL,
                        error TEXT,
                        verdict TEXT NOT NULL
                    );
                    CREATE INDEX delivery_attempt_outbox ON delivery_attempt(outbox_id);
                    """)
        }
        migrator.registerMigration("v5: alert groups and spikes") { db in
            try db.execute(
                sql: """
                    CREATE TABLE alert_group (
                        id INTEGER PRIMARY KEY,
                        group_key TEXT NOT NULL UNIQUE,
                        destination TEXT NOT NULL,
                        generation INTEGER NOT NULL DEFAULT 1,
                        messages INTEGER NOT NULL DEFAULT 1,
                        digest TEXT NOT NULL,
                        mention_count INTEGER NOT NULL,
                        started_at DATETIME NOT NULL,
                        last_mention_at DATETIME NOT NULL,
                        first_sent_at DATETIME,
                        last_sent_at DATETIME,
                        reference TEXT
                    );
                    ALTER TABLE outbox ADD COLUMN group_id INTEGER REFERENCES alert_group(id);
                    CREATE INDEX outbox_group ON outbox(group_id, status) WHERE group_id IS NOT NULL;
                    CREATE TABLE spike (
                        id INTEGER PRIMARY KEY,
                        brand TEXT NOT NULL,
                        topic TEXT NOT NULL DEFAULT '',
                        detected_at DATETIME NOT NULL,
                        recent_count INTEGER NOT NULL,
                        baseline_count INTEGER NOT NULL,
                        ratio REAL NOT NULL,
                        details TEXT NOT NULL
                    );
                    CREATE INDEX spike_recent ON spike(brand, topic, detected_at);
                    CREATE INDEX classification_recent ON classification(sentiment, classified_at);
                    """)
        }
        migrator.registerMigration("v6: escalations and approvals") { db in
            try db.execute(
                sql: """
                    CREATE TABLE escalation (
                        id TEXT PRIMARY KEY NOT NULL,
                        mention_id TEXT NOT NULL REFERENCES mention(id),
                        policy TEXT NOT NULL,
                        state TEXT NOT NULL,
                        level INTEGER NOT NULL,
                        deadline DATETIME,
                        channels TEXT NOT NULL,
                        data TEXT NOT NULL,
                        version INTEGER NOT NULL DEFAULT 1,
                        created_at DATETIME NOT NULL,
                        updated_at DATETIME NOT NULL
                    ) WITHOUT ROWID;
                    CREATE INDEX escalation_due ON escalation(deadline) WHERE state = 'pending' AND deadline IS NOT NULL;
                    CREATE INDEX escalation_state ON escalation(state, created_at);
                    CREATE TABLE approval_use (
                        key TEXT PRIMARY KEY NOT NULL,
                        used_at DATETIME NOT NULL
                    ) WITHOUT ROWID;
                    ALTER TABLE outbox ADD COLUMN target_url TEXT;
                    """)
        }
        migrator.registerMigration("v7: message references for in-place edits") { db in
            try db.execute(
                sql: """
                    ALTER TABLE outbox ADD COLUMN remote_ref TEXT;
                    ALTER TABLE outbox ADD COLUMN edits_key TEXT;
                    """)
        }
        migrator.registerMigration("v8: pages and thread ownership") { db in
            try db.execute(
                sql: """
                    CREATE TABLE page (
                        id TEXT PRIMARY KEY NOT NULL,
                        thread_key TEXT NOT NULL,
                        state TEXT NOT NULL CHECK (state IN ('open', 'acknowledged')),
                        next_page_at DATETIME,
                        data TEXT NOT NULL,
                        created_at DATETIME NOT NULL,
                        updated_at DATETIME NOT NULL
                    ) WITHOUT ROWID;
                    CREATE UNIQUE INDEX page_open_thread ON page(thread_key) WHERE state = 'open';
                    CREATE INDEX page_due ON page(next_page_at) WHERE state = 'open';
                    ALTER TABLE thread ADD COLUMN state TEXT NOT NULL DEFAULT 'open';
                    ALTER TABLE thread ADD COLUMN owner TEXT;
                    ALTER TABLE thread ADD COLUMN claimed_at DATETIME;
                    ALTER TABLE thread ADD COLUMN acknowledged_at DATETIME;
                    ALTER TABLE thread ADD COLUMN resolved_at DATETIME;
                    CREATE INDEX thread_state ON thread(state, last_mention_at);
                    CREATE TABLE thread_note (
                        id INTEGER PRIMARY KEY,
                        thread_id INTEGER NOT NULL REFERENCES thread(id),
                        at DATETIME NOT NULL,
                        author TEXT NOT NULL,
                        text TEXT NOT NULL
                    );
                    CREATE INDEX thread_note_thread ON thread_note(thread_id, at);
                    """)
        }
        migrator.registerMigration("v9: SLA alerts") { db in
            try db.execute(
                sql: """
                    CREATE TABLE sla_alert (
                        thread_id INTEGER NOT NULL REFERENCES thread(id),
                        kind TEXT NOT NULL CHECK (kind IN ('warning', 'breach')),
                        at DATETIME NOT NULL,
                        PRIMARY KEY (thread_id, kind)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v10: threads by owner") { db in
            try db.execute(sql: "CREATE INDEX thread_owner ON thread(owner, last_mention_at) WHERE owner IS NOT NULL")
        }
        migrator.registerMigration("v11: SLA alerts per priority") { db in
            // A thread's clock restarts when its priority rises (a P1 in an old P4 thread).
            try db.execute(
                sql: """
                    CREATE TABLE sla_alert_priority (
                        thread_id INTEGER NOT NULL REFERENCES thread(id),
                        priority TEXT NOT NULL,
                        kind TEXT NOT NULL CHECK (kind IN ('warning', 'breach')),
                        at DATETIME NOT NULL,
                        PRIMARY KEY (thread_id, priority, kind)
                    ) WITHOUT ROWID;
                    INSERT INTO sla_alert_priority (thread_id, priority, kind, at) SELECT thread_id, '', kind, at FROM sla_alert;
                    """)
        }
        migrator.registerMigration("v12: flag filters by index") { db in
            // Inbox filters combine a flag with a priority, label or source: with those copied
            // next to the flag, each combination is one index range walked in id order.
            try db.execute(
                sql: """
                    ALTER TABLE mention_flag ADD COLUMN source TEXT;
                    ALTER TABLE mention_flag ADD COLUMN priority TEXT;
                    ALTER TABLE mention_flag ADD COLUMN sentiment TEXT;
                    UPDATE mention_flag SET
                        source = (SELECT source FROM mention WHERE id = mention_flag.mention_id),
                        priority = (SELECT priority FROM classification WHERE mention_id = mention_flag.mention_id),
                        sentiment = (SELECT sentiment FROM classification WHERE mention_id = mention_flag.mention_id);
                    CREATE INDEX mention_flag_priority ON mention_flag(flag, priority, mention_id);
                    CREATE INDEX mention_flag_sentiment ON mention_flag(flag, sentiment, mention_id);
                    CREATE INDEX mention_flag_source ON mention_flag(flag, source, mention_id);
                    """)
        }
        return migrator
    }
}
