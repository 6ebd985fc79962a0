'use strict';
// The framework's own limit: bare Fastify routes shaped like the API's, in the same run.
const fastify = require('fastify');

const app = fastify({ logger: false });
let next = 0;
app.get('/health', async () => ({ status: 'ok' }));
app.post('/proposals', async (request, reply) => {
  next += 1;
  reply.code(201).header('Location', `/proposals/${next}`);
  return { id: String(next), version: 1, position: next, title: request.body.title };
});
app.get('/proposals/:id', async (request) => ({
  id: request.params.id,
  version: 1,
  status: 'draft',
}));
app.listen({ port: Number(process.argv[2]), host: '127.0.0.1' }).catch((error) => {
  console.error(error);
  process.exit(1);
});
