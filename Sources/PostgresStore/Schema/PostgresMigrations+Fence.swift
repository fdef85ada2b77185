/// The term fence: a write made for the delivery leader (its transactions set `sogreto.term`) that
/// claims work (a row going to 'sending', a queued message, a job's new state) is refused unless its
/// term is the newest. A new term's row waits for fenced transactions in progress (an exclusive
/// transaction lock against their shared one), so an old term's claim either commits before the new
/// term starts (and is requeued by it) or is refused. Recording an outcome ('sent', 'failed',
/// 'cancelled') is always accepted: the message went out (or was refused) whoever leads now.
extension PostgresMigrations {
    static let termFence = Migration(name: "postgres-term-fence", statements: [
        """
        CREATE FUNCTION sogreto_term_fence() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            claimed TEXT := current_setting('sogreto.term', true);
            newest BIGINT;
        BEGIN
            IF claimed IS NULL OR claimed = '' THEN
                RETURN NEW;
            END IF;
            IF TG_TABLE_NAME = 'outbox' AND TG_OP = 'UPDATE' AND NEW.state IN ('sent', 'failed', 'cancelled') THEN
                RETURN NEW;
            END IF;
            PERFORM pg_advisory_xact_lock_shared(\(AdvisoryLockKey.namespace), \(AdvisoryLockKey.termFence.rawValue));
            SELECT COALESCE(MAX(term), 0) INTO newest FROM leader_terms;
            IF claimed::BIGINT <> newest THEN
                RAISE EXCEPTION 'term % is over (the newest is %)', claimed, newest USING ERRCODE = '\(PostgresMigrations.deposedLeaderCode)';
            END IF;
            RETURN NEW;
        END
        $$
        """,
        "CREATE TRIGGER outbox_term_fence BEFORE INSERT OR UPDATE ON outbox FOR EACH ROW EXECUTE FUNCTION sogreto_term_fence()",
        "CREATE TRIGGER jobs_term_fence BEFORE INSERT OR UPDATE ON jobs FOR EACH ROW EXECUTE FUNCTION sogreto_term_fence()",
        """
        CREATE FUNCTION sogreto_new_term() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_advisory_xact_lock(\(AdvisoryLockKey.namespace), \(AdvisoryLockKey.termFence.rawValue));
            RETURN NEW;
        END
        $$
        """,
        "CREATE TRIGGER leader_terms_wait_for_fenced BEFORE INSERT ON leader_terms FOR EACH ROW EXECUTE FUNCTION sogreto_new_term()",
    ])

    /// The SQLSTATE a deposed leader's refused write fails with.
    static let deposedLeaderCode = "SG001"
}
