import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { listInWords } from '@ledger/domain';
import { AccessTokens, InvalidToken, type TokenActor } from '@ledger/platform';
import { problem } from '../problems/problem-details';
import { ALLOWED_ROLES, PUBLIC_ROUTE } from './access.decorators';

export type AuthenticatedRequest = FastifyRequest & { actor?: TokenActor };

const BEARER_SCHEME = /^Bearer\s/i;
const BEARER_TOKEN = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i;

interface RouteAccess {
  readonly isPublic: boolean;
  readonly roles: string[] | undefined;
}

/** Every route needs a valid bearer token unless marked @Public(); @Roles() narrows who may call it. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(AccessTokens) private readonly tokens: AccessTokens,
  ) {}

  /** Each route's @Public() and @Roles(), read once: metadata is fixed when the app starts. */
  private readonly access = new WeakMap<object, RouteAccess>();

  private routeAccess(context: ExecutionContext): RouteAccess {
    const handler = context.getHandler();
    let access = this.access.get(handler);
    if (!access) {
      const targets = [handler, context.getClass()];
      access = {
        isPublic: this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) === true,
        roles: this.reflector.getAllAndOverride<string[] | undefined>(ALLOWED_ROLES, targets),
      };
      this.access.set(handler, access);
    }
    return access;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { isPublic, roles } = this.routeAccess(context);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    // RFC 6750 §3.1: a request with no bearer token gets a bare challenge; a malformed one an error.
    if (typeof header !== 'string' || !BEARER_SCHEME.test(header))
      throw new InvalidToken(
        'Send a bearer token: Authorization: Bearer <token>',
        'No bearer token',
        false,
      );
    const match = BEARER_TOKEN.exec(header);
    if (!match) throw new InvalidToken('The token is malformed');
    const actor = await this.tokens.verify(match[1]);
    request.actor = actor;
    if (roles && !roles.some((role) => actor.roles.includes(role))) {
      throw new ForbiddenException(
        problem(
          403,
          'role-required',
          'You may not do this',
          `Only someone with the ${listInWords(roles, 'or')} role may do this.`,
        ),
      );
    }
    // "Every authenticated role" means at least one: a signed token that grants none reads nothing.
    if (!roles && actor.roles.length === 0) {
      throw new ForbiddenException(
        problem(
          403,
          'role-required',
          'You may not do this',
          'Your token grants no role in this ledger, so it may read nothing.',
        ),
      );
    }
    return true;
  }
}
