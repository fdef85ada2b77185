import GRDB

/// The schema, as numbered migrations; applied by `sogreto migrate` and at every start.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-foundation") { db in
            try db.create(table: "users") { t in
                t.column("id", .integer).primaryKey()          // Telegram user id = private chat id
                t.column("first_name", .text).notNull()
                t.column("language_code", .text)
                t.column("locale", .text).notNull()
                t.column("kit_code", .text)
                t.column("status", .text).notNull()            // new, active, paused, stopped, completed
                t.column("progress", .text)                    // the program engine's state, JSON
                t.column("conversation", .text)                // what the bot waits for (confirmations), JSON
                t.column("timezone", .text).notNull().defaults(to: "Europe/Moscow")
                t.column("blocked_at", .datetime)
                t.column("created_at", .datetime).notNull()
                t.column("updated_at", .datetime).notNull()
                t.column("last_activity_at", .datetime).notNull()
            }
            try db.create(table: "bot_state") { t in
                t.column("key", .text).primaryKey()
                t.column("value", .text).notNull()
            }
            // Intake idempotency: an update id is recorded in the transaction that applies it.
            try db.create(table: "processed_updates") { t in
                t.column("update_id", .integer).primaryKey()
                t.column("processed_at", .datetime).notNull()
            }
            try db.create(table: "outbox") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("chat_id", .integer).notNull()
                t.column("priority", .integer).notNull().defaults(to: 0)   // 0 interactive, 1 scheduled
                t.column("action", .text).notNull()                        // OutboxAction, JSON
                t.column("state", .text).notNull().defaults(to: "pending") // pending, sent, failed, cancelled
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("not_before", .datetime)
                t.column("created_at", .datetime).notNull()
                t.column("sent_at", .datetime)
                t.column("telegram_message_id", .integer)
                t.column("last_error", .text)
                t.column("update_id", .integer)
                t.column("dedupe_key", .text).unique()
            }
            try db.execute(sql: """
                CREATE INDEX outbox_pending ON outbox(priority, id) WHERE state = 'pending'
                """)
            try db.create(table: "events") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("user_id", .integer).notNull().indexed()
                t.column("kind", .text).notNull().indexed()
                t.column("program_id", .text)
                t.column("detail", .text)     // ids and numbers only, never user text
                t.column("at", .datetime).notNull()
            }
        }
        // Durable reminders. One row per reminder the user should get; the unique key
        // (user, program run, stage/slot or nudge, kind) makes planning and firing idempotent.
        migrator.registerMigration("v2-reminders") { db in
            try db.create(table: "jobs") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("user_id", .integer).notNull().indexed()
                t.column("kind", .text).notNull()                          // unlock, nudge, welcome-back
                t.column("program_id", .text)
                t.column("stage_id", .text)
                t.column("slot", .integer)                                 // theme slot, or nudge number
                t.column("due_at", .datetime).notNull()                    // UTC instant
                t.column("key", .text).notNull().unique()                  // idempotency key = outbox dedupe key
                t.column("state", .text).notNull().defaults(to: "pending") // pending, claimed, done, cancelled
                t.column("claimed_at", .datetime)
                t.column("created_at", .datetime).notNull()
            }
            try db.execute(sql: "CREATE INDEX jobs_pending_due ON jobs(due_at, id) WHERE state = 'pending'")
            try db.alter(table: "users") { t in
                t.add(column: "reminder_time", .integer).notNull().defaults(to: 600)   // minutes after local midnight
                t.add(column: "quiet_hours_opt_out", .boolean).notNull().defaults(to: false)
            }
        }
        // Issues 5–8: the photo diary, rendered media and Telegram's file ids. Shared by the photo
        // diary (bot side), the PDF diary, audio delivery and the admin API; blobs live in
        // FileBlobStore under $SOGRETO_DATA_DIR/media, named by their SHA-256.
        migrator.registerMigration("v3-media") { db in
            try db.alter(table: "users") { t in
                t.add(column: "max_photos", .integer)          // nil: the configured default (10)
                t.add(column: "max_media_bytes", .integer)     // nil: no per-user byte limit
                t.add(column: "narration", .text)              // text, audio; nil: not chosen yet (text)
            }
            try db.create(table: "photos") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("user_id", .integer).notNull().indexed()
                    .references("users", onDelete: .cascade)
                t.column("program_id", .text)
                t.column("day", .integer).notNull()                 // program day the photo belongs to (0 = planting day)
                t.column("sha256", .text).notNull()                 // normalized JPEG blob
                t.column("thumb_sha256", .text).notNull()           // 320 px thumbnail blob
                t.column("bytes", .integer).notNull()               // main + thumbnail on disk
                t.column("width", .integer).notNull()
                t.column("height", .integer).notNull()
                t.column("source_format", .text).notNull()          // jpeg, png, webp, heif, avif, tiff
                t.column("green_coverage", .double).notNull()       // 0...1
                t.column("telegram_file_unique_id", .text)          // what the user sent
                t.column("telegram_file_id", .text)                 // our normalized upload, once sent
                t.column("created_at", .datetime).notNull()
                t.uniqueKey(["user_id", "sha256"])
            }
            // Collages, timelines and PDF diaries, cached by what they show (cache_key = hash of the
            // inputs); `sources` lists the photo blobs they were made from, JSON array of hex.
            try db.create(table: "renders") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("user_id", .integer).notNull().indexed()
                    .references("users", onDelete: .cascade)
                t.column("kind", .text).notNull()                   // collage, timeline, diary
                t.column("cache_key", .text).notNull()
                t.column("sha256", .text).notNull()                 // the rendered blob
                t.column("bytes", .integer).notNull()
                t.column("sources", .text).notNull()
                t.column("telegram_file_id", .text)
                t.column("created_at", .datetime).notNull()
                t.uniqueKey(["user_id", "kind", "cache_key"])
            }
            // Telegram's file_id for a file we uploaded, by the file's SHA-256 (audio, renders):
            // later sends reuse it instead of uploading again.
            try db.create(table: "telegram_files") { t in
                t.column("sha256", .text).primaryKey()
                t.column("file_id", .text).notNull()
                t.column("updated_at", .datetime).notNull()
            }
            // Slow work done after the update's transaction (downloads, ingest, renders): claimed,
            // run off the cooperative pool, and finished in a transaction that writes the result
            // and its reply together, so a kill -9 at any point redoes the task, never the reply.
            try db.create(table: "media_tasks") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("user_id", .integer).notNull().indexed()
                t.column("chat_id", .integer).notNull()
                t.column("kind", .text).notNull()                   // ingest, collage, timeline, diary, vision…
                t.column("payload", .text).notNull()                // JSON, kind-specific
                t.column("state", .text).notNull().defaults(to: "pending") // pending, running, done, failed
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("not_before", .datetime)
                t.column("last_error", .text)
                t.column("dedupe_key", .text).unique()
                t.column("created_at", .datetime).notNull()
                t.column("updated_at", .datetime).notNull()
            }
            try db.execute(sql: "CREATE INDEX media_tasks_pending ON media_tasks(id) WHERE state IN ('pending', 'running')")
            // Who changed what, through the admin API or /admin.
            try db.create(table: "audit_log") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("actor", .text).notNull()                  // "http" or "telegram:<admin id>"
                t.column("action", .text).notNull()                 // e.g. quota.set, media.purge
                t.column("target", .text)                           // e.g. user:123
                t.column("detail", .text)                           // JSON, never user text
                t.column("at", .datetime).notNull()
            }
        }
        // The optional vision API: answers cached by photo (and the language of the advice),
        // and calls counted per UTC day and user for the per-user limit and the global budget.
        migrator.registerMigration("v4-photos") { db in
            try db.create(table: "vision_answers") { t in
                t.column("sha256", .text).notNull()
                t.column("locale", .text).notNull()
                t.column("answer", .text).notNull()                 // PlantAssessment, JSON
                t.column("created_at", .datetime).notNull()
                t.primaryKey(["sha256", "locale"])
            }
            try db.create(table: "vision_usage") { t in
                t.column("day", .text).notNull()                    // UTC yyyy-MM-dd
                t.column("user_id", .integer).notNull()
                t.column("calls", .integer).notNull()
                t.primaryKey(["day", "user_id"])
            }
        }
        // Photo days follow the program's one numbering (day 0 = planting day, as /status says);
        // rows stored before counted the start day as 1.
        migrator.registerMigration("v5-program-days") { db in
            try db.execute(sql: "UPDATE photos SET day = MAX(day - 1, 0)")
        }
        // A chat's rows go out in order even after a failure: Delivery asks, for each due row,
        // whether an earlier row of the same chat is still pending (retrying or held back).
        migrator.registerMigration("v6-outbox-chat-order") { db in
            try db.execute(sql: """
                CREATE INDEX outbox_pending_chat ON outbox(chat_id, priority, id) WHERE state = 'pending'
                """)
        }
        // /contact: what users wrote to the team and the team's answers (user text, kept for support only).
        migrator.registerMigration("v7-support-messages") { db in
            try db.create(table: "support_messages") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("user_id", .integer).notNull().indexed()
                t.column("direction", .text).notNull()              // from_user, to_user
                t.column("admin_id", .integer)                      // who answered (to_user only)
                t.column("kind", .text).notNull()                   // text, photo, voice, audio, document
                t.column("text", .text)                             // the words or the caption
                t.column("file_id", .text)                          // Telegram's file id of the attachment
                t.column("created_at", .datetime).notNull()
            }
        }
        // Telegram gives the same bytes another file_id per kind (photo, document, audio…), so
        // cached ids are keyed by both. Old rows do not say their kind: dropped, the next send of
        // each file uploads it once more.
        migrator.registerMigration("v8-telegram-file-kinds") { db in
            try db.drop(table: "telegram_files")
            try db.create(table: "telegram_files") { t in
                t.column("sha256", .text).notNull()
                t.column("kind", .text).notNull()                   // photo, document, audio
                t.column("file_id", .text).notNull()
                t.column("updated_at", .datetime).notNull()
                t.primaryKey(["sha256", "kind"])
            }
        }
        AppDatabase.registerBlobReleases(&migrator)
        // Processed update ids are pruned by age with every batch (webhook mode has no offset).
        migrator.registerMigration("v10-processed-updates-by-age") { db in
            try db.create(index: "processed_updates_by_age", on: "processed_updates", columns: ["processed_at"])
        }
        // Erasure: a tombstone per erased user (a hash of the id, never the id) so a later update or
        // a restored backup cannot bring them back, and their events only as anonymous counts.
        migrator.registerMigration("v11-erasures") { db in
            try db.create(table: "erasures") { t in
                t.column("user_hash", .text).primaryKey()           // Tombstone.hash(of: user id)
                t.column("erased_at", .datetime).notNull()
                t.column("actor", .text).notNull()                  // user, http, cli:<name>, retention, restore
                t.column("reason", .text)                           // the operator's reason, if any
            }
            try db.create(table: "erased_event_counts") { t in
                t.column("kind", .text).notNull()
                t.column("program_id", .text).notNull()             // '' for none
                t.column("n", .integer).notNull()
                t.primaryKey(["kind", "program_id"])
            }
        }
        AppDatabase.registerExperiments(&migrator)
        // Who asked for an export or erasure is the audit row's actor; why is its reason. Users
        // inactive for the retention period are warned once before their media go (`warned_at`:
        // void once they are active again).
        migrator.registerMigration("v13-audit-reasons-and-retention") { db in
            try db.alter(table: "audit_log") { t in t.add(column: "reason", .text) }
            try db.create(table: "retention_notices") { t in
                t.column("user_id", .integer).primaryKey().references("users", onDelete: .cascade)
                t.column("warned_at", .datetime).notNull()
            }
        }
        AppDatabase.registerGifting(&migrator)
        AppDatabase.registerLeaderboard(&migrator)
        return migrator
    }
}
