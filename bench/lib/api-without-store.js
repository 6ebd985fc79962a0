'use strict';
// The HTTP stack's own limit, measured in the same run: the built API exactly as production runs
// it (Fastify, Nest, JWT and rate-limit guards, validation, request logging, interceptors, the
// command bus), except that drafting a proposal answers at once instead of appending to the event
// store. Nothing is written, so the projector has nothing to do either. Environment as the API's.
// Usage: node bench/lib/api-without-store.js  (PORT, HOST, LEDGER_* as for the API)
const { randomUUID } = require('node:crypto');
const { join } = require('node:path');
const { ROOT, requireDist } = require('./common');

async function main() {
  const { loadConfig } = requireDist('platform');
  const { DraftProposalCommand, proposalCommandHandlers } = requireDist('ledger');
  // Handlers are classes made by deciderCommandHandler: the draft's is the one bound to its command.
  const DraftProposalHandler = proposalCommandHandlers.find((type) =>
    Reflect.getMetadataKeys(type).some(
      (key) => Reflect.getMetadata(key, type) === DraftProposalCommand,
    ),
  );
  if (!DraftProposalHandler) throw new Error('no command handler is bound to DraftProposalCommand');
  const { createApp } = require(join(ROOT, 'dist', 'apps', 'api', 'src', 'create-app.js'));
  const config = loadConfig();
  const app = await createApp(config);
  let position = 0;
  const handler = app.get(DraftProposalHandler, { strict: false });
  handler.execute = async () => {
    position += 1;
    return { id: randomUUID(), version: 1, position, duplicate: false };
  };
  await app.listen({ port: config.port, host: config.host });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
