import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';

export interface RunningIssuer {
  readonly issuer: string;
  readonly clientId: string;
  readonly audience: string;
  stop(): Promise<void>;
}

/** Starts the real OIDC issuer (test/web/oidc/issuer.mjs) as a child process and waits for its URL. */
export async function startOidcIssuer(redirectUris: readonly string[]): Promise<RunningIssuer> {
  const clientId = 'ledger-web';
  const audience = 'api://ict-ledger';
  const child = spawn(process.execPath, [join(__dirname, 'oidc', 'issuer.mjs')], {
    env: {
      ...process.env,
      OIDC_CLIENT_ID: clientId,
      OIDC_AUDIENCE: audience,
      OIDC_REDIRECT_URIS: redirectUris.join(','),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const issuer = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the OIDC issuer did not start: ${errors}`)),
      20_000,
    );
    child.once('exit', (code) => reject(new Error(`the OIDC issuer exited (${code}): ${errors}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const parsed = JSON.parse(line) as { issuer?: string };
        if (parsed.issuer) {
          clearTimeout(timer);
          resolve(parsed.issuer);
        }
      } catch {
        // the provider's own warnings are not JSON
      }
    });
  });
  return { issuer, clientId, audience, stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
