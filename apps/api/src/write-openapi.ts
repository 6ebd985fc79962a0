import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '@ledger/platform';
import { createApp, openApiDocument } from './create-app';

/** The committed copy the drift test compares the live document with. */
export const OPENAPI_FILE = 'docs/openapi.json';

export function openApiText(document: object): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/**
 * `npm run openapi`: the document as the app builds it, on a throwaway SQLite ledger (the app needs
 * a database to start, not to describe itself), never listening.
 */
async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-openapi-'));
  try {
    const app = await createApp(
      loadConfig({ LEDGER_DATA_DIR: dataDir, LOG_LEVEL: 'silent', LEDGER_PROJECTOR: 'off' }),
    );
    try {
      const file = resolve(process.argv[2] ?? OPENAPI_FILE);
      writeFileSync(file, openApiText(openApiDocument(app)));
      process.stdout.write(`Wrote ${file}\n`);
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
