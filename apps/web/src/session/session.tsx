import { createContext, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { navigate } from 'wouter/use-browser-location';
import { createApiClient, type ApiClient } from '../api/client';

export interface SignedInPerson {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly authorities: readonly string[];
}

interface SessionState {
  readonly token: string;
  readonly expiresAt: number;
  readonly person: SignedInPerson;
}

interface SessionContext {
  readonly person: SignedInPerson | null;
  readonly api: ApiClient;
  /** Why the person was sent to sign in, shown on the sign-in page. */
  readonly endedBecause: string | null;
  signIn(token: string, expiresAt: number): void;
  signOut(): void;
}

const Context = createContext<SessionContext | null>(null);

/** The person a token names, read from its claims (the API checks the signature, not the page). */
export function personFromToken(token: string): SignedInPerson {
  const payload = token.split('.')[1] ?? '';
  const text = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = Uint8Array.from(text, (character) => character.charCodeAt(0));
  const claims = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  const list = (value: unknown) =>
    Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  return {
    id: String(claims.sub ?? ''),
    name: typeof claims.name === 'string' ? claims.name : String(claims.sub ?? ''),
    roles: list(claims.roles),
    authorities: list(claims.authorities),
  };
}

export function currentPath(): string {
  return `${window.location.pathname}${window.location.search}`;
}

export function signInPath(returnTo: string): string {
  return `/sign-in?returnTo=${encodeURIComponent(returnTo)}`;
}

/** Tokens live in this component's memory only: never in localStorage, gone when the tab closes. */
export function SessionProvider({ children }: { readonly children: ReactNode }) {
  const [session, setSession] = useState<SessionState | null>(null);
  const [endedBecause, setEndedBecause] = useState<string | null>(null);
  const tokenRef = useRef<string | null>(null);

  const api = useMemo(
    () =>
      createApiClient({
        token: () => tokenRef.current,
        onUnauthorized: () => {
          const hadSession = tokenRef.current !== null;
          tokenRef.current = null;
          setSession(null);
          setEndedBecause(
            hadSession
              ? 'Your session has ended. Sign in again to carry on: anything you had typed has been kept.'
              : null,
          );
          if (!window.location.pathname.startsWith('/sign-in')) navigate(signInPath(currentPath()));
        },
      }),
    [],
  );

  const value = useMemo<SessionContext>(
    () => ({
      person: session?.person ?? null,
      api,
      endedBecause,
      signIn(token, expiresAt) {
        tokenRef.current = token;
        setEndedBecause(null);
        setSession({ token, expiresAt, person: personFromToken(token) });
      },
      signOut() {
        tokenRef.current = null;
        setEndedBecause(null);
        setSession(null);
      },
    }),
    [api, endedBecause, session],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useSession(): SessionContext {
  const session = useContext(Context);
  if (!session) throw new Error('useSession needs a SessionProvider above it');
  return session;
}

export function useApi(): ApiClient {
  return useSession().api;
}

export function hasRole(person: SignedInPerson | null, ...roles: string[]): boolean {
  return person !== null && roles.some((role) => person.roles.includes(role));
}
