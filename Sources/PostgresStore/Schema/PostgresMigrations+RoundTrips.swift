/// Two of the busiest paths as one statement each, in functions (a statement is a round trip,
/// and each cost the server and the bot more than the work in it):
///
/// - `sogreto_begin_update`: an update's first statement in its transaction takes the chat's
///   lock, records the update id and reads what the decision needs. The reads are a statement of
///   their own inside the function, after the lock: a volatile function's statements each see what
///   committed before they began, so the previous update of the chat is seen (one statement with
///   the lock in it would read from before the wait).
/// - `sogreto_claim_outbox`: the delivery leader's claim names its term itself (`set_config`,
///   local to the statement's own transaction, which the fence reads as before), so it needs no
///   BEGIN, `set_config` and COMMIT around it.
extension PostgresMigrations {
    static let roundTrips = Migration(name: "postgres-fewer-round-trips", statements: [
        """
        CREATE FUNCTION sogreto_begin_update(p_chat BIGINT, p_update_id BIGINT, p_at TIMESTAMPTZ, p_user_id BIGINT,
                                             p_user_hash TEXT, OUT fresh BOOLEAN, OUT found_user users,
                                             OUT diary_photos TEXT, OUT held TEXT, OUT pending_jobs TEXT,
                                             OUT erased BOOLEAN)
        LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_advisory_xact_lock(p_chat);
            INSERT INTO processed_updates (update_id, processed_at) VALUES (p_update_id, p_at) ON CONFLICT DO NOTHING;
            fresh := FOUND;
            IF NOT fresh OR p_user_id IS NULL THEN
                RETURN;
            END IF;
            SELECT * INTO found_user FROM users WHERE id = p_user_id;
            SELECT
                (SELECT json_agg(json_build_object('id', p.id, 'day', p.day, 'sha256', p.sha256, 'thumb', p.thumb_sha256,
                                                   'green', p.green_coverage,
                                                   'at', (extract(epoch FROM p.created_at) * 1000)::bigint)
                                 ORDER BY p.day, p.id)
                 FROM photos AS p WHERE p.user_id = p_user_id)::text,
                (SELECT json_agg(json_build_object('id', t.id, 'payload', t.payload) ORDER BY t.id)
                 FROM media_tasks AS t WHERE t.user_id = p_user_id AND t.kind = 'ingest' AND t.state = 'held')::text,
                (SELECT json_agg(json_build_object('key', j.key, 'due', (extract(epoch FROM j.due_at) * 1000)::bigint))
                 FROM jobs AS j WHERE j.user_id = p_user_id AND j.state = 'pending')::text,
                EXISTS (SELECT 1 FROM erasures AS e WHERE e.user_hash = p_user_hash)
            INTO diary_photos, held, pending_jobs, erased;
        END
        $$
        """,
        """
        CREATE FUNCTION sogreto_claim_outbox(p_now TIMESTAMPTZ, p_busy BIGINT[], p_candidates BIGINT, p_limit BIGINT,
                                             p_term BIGINT)
        RETURNS TABLE (id BIGINT, chat_id BIGINT, priority BIGINT, action TEXT, attempts BIGINT, created_at TIMESTAMPTZ)
        LANGUAGE plpgsql AS $$
        #variable_conflict use_column
        BEGIN
            PERFORM set_config('sogreto.term', p_term::text, true);
            RETURN QUERY
            WITH due AS (
                SELECT id, chat_id, priority FROM outbox AS row
                WHERE state = 'pending' AND (not_before IS NULL OR not_before <= p_now)
                  AND \(PostgresAppDatabase.isChatHead)
                  AND NOT EXISTS (SELECT 1 FROM outbox AS flying WHERE flying.chat_id = row.chat_id AND flying.state = 'sending')
                  AND chat_id <> ALL(p_busy)
                ORDER BY priority, id LIMIT p_candidates
                FOR UPDATE SKIP LOCKED),
            heads AS (SELECT DISTINCT ON (chat_id) id, priority FROM due ORDER BY chat_id, priority, id),
            chosen AS (SELECT id FROM heads ORDER BY priority, id LIMIT p_limit)
            UPDATE outbox SET state = 'sending', term = p_term FROM chosen WHERE outbox.id = chosen.id
            RETURNING outbox.id, outbox.chat_id, outbox.priority, outbox.action, outbox.attempts, outbox.created_at::timestamptz;
        END
        $$
        """,
    ])
}
