import { BadRequestException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import { unsafeTextFault } from '@ledger/domain';
import { problem } from '../problems/problem-details';

const MAX_DEPTH = 32;

/**
 * Property names an object inherits: class-validator's whitelist looks them up on plain objects and
 * finds the inherited member, so `constructor` or `toString` passed unnamed and was dropped silently;
 * `__proto__` and `prototype` are the names prototype pollution travels under. No request shape uses
 * any of them, so they are refused wherever they appear.
 */
const PROTOTYPE_NAMES: ReadonlySet<string> = new Set([
  ...Object.getOwnPropertyNames(Object.prototype),
  'prototype',
]);

/**
 * Refusals no DTO can express, made before any handler sees the request: text the domain would
 * refuse as unsafe (control characters but tab, LF and CR LF; bidirectional overrides; lone
 * surrogates), in any string of the body or query, so a field no `requireText` reads is covered too
 * (NUL above all: PostgreSQL text cannot hold it, so one would stop a read model); numbers JSON
 * cannot write back (1e400 parses as Infinity); and nesting deep enough to exhaust a recursive
 * validator's stack.
 */
export function findHostileValue(
  value: unknown,
  path = '',
  depth = 0,
): { field: string; message: string } | null {
  if (depth > MAX_DEPTH)
    return { field: path || 'body', message: `is nested more than ${MAX_DEPTH} levels deep` };
  if (typeof value === 'string') {
    const fault = unsafeTextFault(value);
    return fault === null ? null : { field: path || 'body', message: fault };
  }
  if (typeof value === 'number')
    return Number.isFinite(value)
      ? null
      : { field: path || 'body', message: 'must be a finite number' };
  if (value === null || typeof value !== 'object') return null;
  const entries = Array.isArray(value)
    ? value.map((item, index) => [String(index), item] as const)
    : Object.entries(value);
  for (const [key, item] of entries) {
    if (key.includes('\u0000'))
      return {
        field: path || 'body',
        message: 'must not have a property name with a NUL character',
      };
    if (!Array.isArray(value) && PROTOTYPE_NAMES.has(key))
      return {
        field: path ? `${path}.${key}` : key,
        message: 'is not a property this request takes (it names a member of every object)',
      };
    const found = findHostileValue(item, path ? `${path}.${key}` : key, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * JSON bodies are parsed with Fastify's own parser, which refuses `__proto__` (and
 * `constructor.prototype`) outright; such a refusal is reported as naming the property rather than
 * as malformed JSON, which the body is not.
 */
export function jsonBodyParser(
  parse: (request: FastifyRequest, body: string, done: ParserDone) => void,
): (request: FastifyRequest, body: Buffer, done: ParserDone) => void {
  return (request, body, done) => {
    const text = body.toString('utf8');
    parse(request, text, (error, value) => {
      if (!error) return done(null, value);
      let plain: unknown;
      try {
        plain = JSON.parse(text);
      } catch {
        return done(error, undefined);
      }
      const fault = findHostileValue(plain, '');
      if (!fault) return done(error, undefined);
      done(
        new BadRequestException(
          problem(
            400,
            'validation-failed',
            'The request is not valid',
            `${fault.field} ${fault.message}`,
            {
              errors: [fault],
            },
          ),
        ),
        undefined,
      );
    });
  };
}

type ParserDone = (error: Error | null, body?: unknown) => void;

export function rejectHostileInput(
  request: FastifyRequest,
  reply: FastifyReply,
  done: (error?: Error) => void,
): void {
  const fault = findHostileValue(request.query, '') ?? findHostileValue(request.body, '');
  if (!fault) return done();
  void reply
    .status(400)
    .header('Content-Type', 'application/problem+json; charset=utf-8')
    .send(
      problem(
        400,
        'validation-failed',
        'The request is not valid',
        `${fault.field} ${fault.message}`,
        { errors: [fault] },
      ),
    );
}

/** Errors Fastify answers before Nest runs (a malformed URL, for example) get problem+json too. */
export function frameworkError(
  error: { statusCode?: number; message: string },
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const status =
    error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  void reply
    .status(status)
    .header('Content-Type', 'application/problem+json; charset=utf-8')
    .send(
      problem(
        status,
        status === 414 ? 'uri-too-long' : 'bad-request',
        'The request is not valid',
        'The request URL is malformed.',
      ),
    );
}

/** Malformed HTTP (oversized headers, garbage) answered at the socket, still as problem+json. */
export function clientError(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const [status, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'The request headers are too large.']
      : [400, 'The request is not valid HTTP.'];
  const body = JSON.stringify(
    problem(
      status,
      status === 431 ? 'headers-too-large' : 'bad-request',
      'The request is not valid',
      detail,
    ),
  );
  socket.end(
    `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
      `Content-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
