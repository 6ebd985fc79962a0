import { SetMetadata } from '@nestjs/common';
import type { Role } from '@ledger/domain';

export const PUBLIC_ROUTE = 'ledger:public';
export const ALLOWED_ROLES = 'ledger:roles';

/** Reachable without a token (health, metrics). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Any one of these roles may call the route; without it anyone holding at least one role may. */
export const Roles = (...roles: Role[]) => SetMetadata(ALLOWED_ROLES, roles);

export const READ_HISTORY_ROLES: Role[] = ['auditor', 'admin', 'board', 'finance'];
