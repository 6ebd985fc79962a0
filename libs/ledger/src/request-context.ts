import { createHash, randomUUID } from 'node:crypto';
import type { Actor } from '@ledger/domain';

/** Who is asking, and the request's trace identifiers; the HTTP layer builds it from the token. */
export interface RequestContext {
  readonly actor: Actor;
  /** The request id: recorded on every event the request appends. */
  readonly correlationId: string;
  /** The client's Idempotency-Key, when given. */
  readonly idempotencyKey: string | null;
  /**
   * A digest of what the request asks (method, path and body), when a transport can say: mixed into
   * the event ids a keyed request derives, so a racing copy of the key with another body cannot pass
   * for a retry of the first.
   */
  readonly requestDigest?: string | null;
  /** The server's clock when the request arrived, ISO 8601 UTC with milliseconds. */
  readonly now: string;
}

/** What every write answers: the resource, its stream's new version, and its last event's position. */
export interface WriteResult {
  readonly id: string;
  readonly version: number;
  readonly position: number;
  /** True when this was a retry and nothing new was appended. */
  readonly duplicate: boolean;
}

/**
 * Ids for what a request creates. With an Idempotency-Key they are derived from the actor, the key
 * and a purpose, so a retry (even one that races the first attempt, or follows a restart) produces
 * the same event ids and the event store recognises it as the same append.
 */
export function idFor(context: RequestContext, purpose: string): string {
  if (!context.idempotencyKey) return randomUUID();
  return uuidOf(`${context.actor.id}\n${context.idempotencyKey}\n${purpose}`);
}

/**
 * Ids for the events a request appends. Like `idFor`, but a keyed request's ids also depend on its
 * digest: a retry of the same request meets its own events, while the same key sent with another
 * body (racing the first, before its answer is remembered) meets different ids and is refused
 * instead of being handed the first request's answer. The resource ids (`idFor`) stay the key's, so
 * both copies still address one stream and cannot each create their own.
 */
export function eventIdFor(context: RequestContext, purpose: string): string {
  if (!context.idempotencyKey) return randomUUID();
  return uuidOf(
    `${context.actor.id}\n${context.idempotencyKey}\n${purpose}` +
      (context.requestDigest ? `\n${context.requestDigest}` : ''),
  );
}

function uuidOf(text: string): string {
  const digest = createHash('sha256').update(text).digest();
  digest[6] = (digest[6] & 0x0f) | 0x40;
  digest[8] = (digest[8] & 0x3f) | 0x80;
  const hex = digest.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
