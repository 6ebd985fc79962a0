import { z } from 'zod';
import { RoleRequired } from './domain.errors';

export const ROLES = ['proposer', 'reviewer', 'board', 'finance', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Someone named in a business fact, such as a proposer or the board member who decided. */
export const personSchema = z.strictObject({ id: z.string().min(1), name: z.string() });
export type Person = Readonly<z.infer<typeof personSchema>>;

/** The authenticated user behind a command, as the token describes them. */
export interface Actor extends Person {
  readonly roles: readonly string[];
  /** Delegation tiers a board member may decide under. */
  readonly authorities: readonly string[];
}

export interface CommandMetadata {
  readonly actor: Actor;
  /** ISO 8601 UTC with milliseconds; the domain never reads a clock. */
  readonly now: string;
}

export type Command<Type extends string, Data> = Readonly<{
  type: Type;
  data: Readonly<Data>;
  metadata: CommandMetadata;
}>;

export type DomainEvent<Type extends string, Data> = Readonly<{
  type: Type;
  data: Readonly<Data>;
}>;

export function personOf(actor: Actor): Person {
  return { id: actor.id, name: actor.name };
}

export function requireRole(actor: Actor, action: string, ...roles: Role[]): void {
  if (!roles.some((role) => actor.roles.includes(role))) throw new RoleRequired(action, roles);
}
