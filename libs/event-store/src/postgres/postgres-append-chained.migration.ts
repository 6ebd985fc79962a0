import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `ledger_append_chained` commits a planned group of appends in one round trip, also when another
 * process moved the chain head since the plan was made (issue 20: more than one API process).
 *
 * The writer plans the rows against the head it last knew: versions, canonical texts, hashes. The
 * function checks that every stream is at the version planned and that exactly as many of the event
 * ids are recorded as the plan knew of; if not, it writes nothing and returns the state it found,
 * so the writer plans again (a stale expected version is refused there, exactly as before).
 *
 * If the streams are as planned, the rows are written under the head lock:
 * - the head is where the plan expected: the writer's positions and hashes are written as planned;
 * - the head moved (another process committed first): the rows are chained after the head found,
 *   in the same call. Versions, ids and payloads do not depend on the head, only the positions, the
 *   recorded time (never earlier than the head's) and the hashes do. The server computes those
 *   hashes from texts the writer made: for each event the canonical envelope split around its
 *   position and recorded time (EnvelopeParts), so the server never canonicalises JSON; it only
 *   concatenates the previous hash, the texts and the two values, and takes SHA-256 of the UTF-8
 *   bytes, which is the writer's algorithm (hash-chain.ts). The writer recomputes those hashes in
 *   TypeScript from what the function returns, and `verify` recomputes every hash offline.
 *
 * Checks and writes follow the earlier function: the stream check runs before the head's lock is
 * taken, and if the head is still where the plan expects, nothing can have committed in between
 * (positions only grow). When the head moved, the check runs again under the lock (each statement
 * of a PL/pgSQL function sees the commits made before it started, and the lock is only granted once
 * the previous holder committed), so an expected version is still exact. The lock is held to commit,
 * so positions stay gap-free and in commit order.
 *
 * The earlier `ledger_append` is left in place: a process of the previous release still calls it
 * during a rolling upgrade, and both keep the same chain under the same lock.
 */
export class PostgresAppendChained1797300000000 implements MigrationInterface {
  name = 'PostgresAppendChained1797300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // What a commit that cannot be written as planned returns, so the writer can plan again.
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION ledger_found_state(stream_ids text[], event_ids text[])
      RETURNS json
      LANGUAGE sql STABLE
      SET enable_seqscan = off
      AS $$
        SELECT json_build_object(
          'head', (SELECT json_build_object(
                     'position', h.position, 'hash', h.hash, 'recordedAt', h.recorded_at)
                   FROM ledger_head h WHERE h.id = 1),
          'streams', (
            SELECT coalesce(json_agg(json_build_object('streamId', v.stream_id, 'version', v.version)), '[]')
            FROM (SELECT e.stream_id, max(e.version) AS version FROM ledger_events e
                  WHERE e.stream_id = ANY(stream_ids) GROUP BY e.stream_id) v),
          'recorded', (
            SELECT coalesce(json_agg(json_build_object(
                     'eventId', e.event_id, 'streamId', e.stream_id, 'version', e.version,
                     'position', e.position, 'type', e.type, 'schemaVersion', e.schema_version,
                     'dataHash', e.data_hash)), '[]')
            FROM ledger_events e WHERE e.event_id = ANY(event_ids)))
      $$`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION ledger_append_chained(
        expected_position bigint,
        expected_hash text,
        stream_ids text[],
        stream_versions integer[],
        event_ids text[],
        recorded_count integer,
        new_stream_ids text[],
        new_versions integer[],
        new_event_ids text[],
        new_types text[],
        new_schema_versions integer[],
        new_data json[],
        new_metadata json[],
        new_data_hashes text[],
        new_hashes text[],
        envelopes_before text[],
        envelopes_after text[],
        planned_at text
      ) RETURNS json
      LANGUAGE plpgsql
      -- As ledger_append: every lookup is by a unique index, whatever plan an empty log suggested.
      SET enable_seqscan = off
      AS $$
      DECLARE
        n integer := cardinality(new_event_ids);
        head ledger_head%ROWTYPE;
        base_position bigint := expected_position;
        base_hash text := expected_hash;
        chained_at text := planned_at;
        hashes text[] := new_hashes;
        chained boolean := false;
        link text;
      BEGIN
        IF EXISTS (
             SELECT 1 FROM unnest(stream_ids, stream_versions) AS s(stream_id, version)
             WHERE coalesce(
               (SELECT max(e.version) FROM ledger_events e WHERE e.stream_id = s.stream_id), 0
             ) <> s.version)
           OR (SELECT count(*) FROM ledger_events e WHERE e.event_id = ANY(event_ids)) <> recorded_count
        THEN
          RETURN ledger_found_state(stream_ids, event_ids);
        END IF;
        -- Nothing to write: the plan's refusals and retries were decided on the streams and ids
        -- just checked, which is all they depend on.
        IF n = 0 THEN
          RETURN NULL;
        END IF;
        UPDATE ledger_head
           SET position = expected_position + n, hash = new_hashes[n], recorded_at = planned_at::timestamptz
         WHERE id = 1 AND position = expected_position AND hash = expected_hash;
        IF NOT FOUND THEN
          -- A writer that sends no envelope texts plans again instead.
          IF envelopes_before IS NULL THEN
            RETURN ledger_found_state(stream_ids, event_ids);
          END IF;
          SELECT * INTO head FROM ledger_head WHERE id = 1 FOR UPDATE;
          IF EXISTS (
               SELECT 1 FROM unnest(stream_ids, stream_versions) AS s(stream_id, version)
               WHERE coalesce(
                 (SELECT max(e.version) FROM ledger_events e WHERE e.stream_id = s.stream_id), 0
               ) <> s.version)
             OR (SELECT count(*) FROM ledger_events e WHERE e.event_id = ANY(event_ids)) <> recorded_count
          THEN
            RETURN ledger_found_state(stream_ids, event_ids);
          END IF;
          chained := true;
          base_position := head.position;
          base_hash := head.hash;
          IF head.recorded_at > planned_at::timestamptz THEN
            chained_at := to_char(head.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
          END IF;
          link := base_hash;
          FOR i IN 1..n LOOP
            link := encode(sha256(convert_to(
              link || envelopes_before[i] || (base_position + i)::text
                   || ',"recordedAt":"' || chained_at || '"' || envelopes_after[i], 'UTF8')), 'hex');
            hashes[i] := link;
          END LOOP;
          UPDATE ledger_head
             SET position = base_position + n, hash = link, recorded_at = chained_at::timestamptz
           WHERE id = 1;
        END IF;
        INSERT INTO ledger_events (position, stream_id, version, event_id, type, schema_version,
                                   data, metadata, recorded_at, data_hash, prev_hash, hash)
        SELECT base_position + r.i, r.stream_id, r.version, r.event_id, r.type, r.schema_version,
               r.data, r.metadata, chained_at::timestamptz, r.data_hash,
               CASE WHEN r.i = 1 THEN base_hash ELSE hashes[r.i - 1] END, hashes[r.i]
          FROM unnest(new_stream_ids, new_versions, new_event_ids, new_types, new_schema_versions,
                      new_data, new_metadata, new_data_hashes)
               WITH ORDINALITY AS r(stream_id, version, event_id, type, schema_version, data,
                                    metadata, data_hash, i);
        IF chained THEN
          RETURN json_build_object('chained', json_build_object(
            'position', base_position, 'hash', base_hash, 'recordedAt', chained_at,
            'lastHash', link));
        END IF;
        RETURN NULL;
      END
      $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'DROP FUNCTION IF EXISTS ledger_append_chained(bigint, text, text[], integer[], text[], integer, text[], integer[], text[], text[], integer[], json[], json[], text[], text[], text[], text[], text)',
    );
    await queryRunner.query('DROP FUNCTION IF EXISTS ledger_found_state(text[], text[])');
  }
}
