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
        // Issue 4: durable reminders. One row per reminder the user should get; the unique key
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
        return migrator
    }
}
