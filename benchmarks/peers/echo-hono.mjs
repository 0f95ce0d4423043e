// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// The sluice-echo routes (examples/echo/echo_app.hpp) as a Hono app behind Hono's AWS Lambda
// adapter (`hono/aws-lambda`). Hono tries routes in registration order, so the more specific
// route comes first where two overlap (`GET /files/readme` before `/files/{key+}`); sluice
// ranks them itself. Around every route, as `sluice::use(cors, tracing, compression)`: Hono's
// CORS and compression middleware with the same policy, and the request id sent back. `GET /me`
// (a bearer token verified in process) is left out: it needs a JWT library, and no measured
// event calls it.
//
//   node echo-hono.mjs --invoke event.json     # one event, the response on stdout

import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { compress } from 'hono/compress';
import { cors } from 'hono/cors';
import {
  corsPolicy, HttpError, idOf, invokeFromCommandLine, limitOf, petOf, requestIdOf, requireCaller, requireGroup,
  requireScope,
} from './echo-rules.mjs';

const app = new Hono();

app.use(cors({
  origin: corsPolicy.origins,
  credentials: corsPolicy.credentials,
  exposeHeaders: corsPolicy.exposeHeaders,
  maxAge: corsPolicy.maxAgeSeconds,
}));
app.use(async (c, next) => {
  await next();
  const id = requestIdOf(c.env.event, c.env.lambdaContext);
  if (id !== '' && !c.res.headers.has('x-request-id')) c.header('X-Request-Id', id);
});
app.use(compress());
// Hono's compress() honours its 1 KiB threshold only when the answer has a Content-Length, which
// c.json() does not set: set it, as Powertools' compress does, so that small answers stay plain
// (sluice compresses from 1 KiB)
app.use(async (c, next) => {
  await next();
  if (c.res.body !== null && !c.res.headers.has('content-length')) {
    c.res.headers.set('content-length', String((await c.res.clone().arrayBuffer()).byteLength));
  }
});

app.get('/health', (c) => c.json({ status: 'ok' }));
app.get('/pets', (c) => {
  const limit = limitOf(c.req.query('limit'));
  return c.json({ route: 'GET /pets', limit, tags: c.req.queries('tag') ?? [] });
});
app.post('/pets', async (c) => {
  requireScope(c.env.event, 'pets:write');
  const pet = petOf(await c.req.text());
  return c.json({ route: 'POST /pets', pet }, 201);
});
app.get('/pets/mine', (c) => c.json({ route: 'GET /pets/mine', sub: requireCaller(c.env.event) }));
app.get('/pets/:id', (c) => c.json({ route: 'GET /pets/{id}', params: { id: idOf(c.req.param('id')) } }));
app.delete('/pets/:id', (c) => {
  requireGroup(c.env.event, 'admin');
  return c.json({ route: 'DELETE /pets/{id}', params: { id: idOf(c.req.param('id')) } });
});
app.get('/files/readme', (c) => c.json({ route: 'GET /files/readme' }));
app.all('/files/:key{.+}', (c) => c.json({
  route: 'ANY /files/{key+}', method: c.req.method, params: { key: c.req.param('key') },
}));
app.get('/a/b/c', (c) => c.json({ route: 'GET /a/b/c', params: {} }));
app.get('/a/:x/d', (c) => c.json({ route: 'GET /a/{x}/d', params: { x: c.req.param('x') } }));
app.get('/users/:user/repos/:repo', (c) => c.json({
  route: 'GET /users/{user}/repos/{repo}', params: { user: c.req.param('user'), repo: c.req.param('repo') },
}));
app.put('/users/:user/repos/:repo', (c) => c.json({
  route: 'PUT /users/{user}/repos/{repo}', params: { user: c.req.param('user'), repo: c.req.param('repo') },
}));
app.get('/boom', () => {
  throw new Error('boom: the handler failed on purpose (GET /boom)');
});

app.notFound((c) => c.json({ message: 'Not Found' }, 404));
app.onError((error, c) => {
  if (error instanceof HttpError) return c.json({ message: error.message }, error.status, error.headers);
  return c.json({ message: 'Internal Server Error' }, 500);
});

export const handler = handle(app);

await invokeFromCommandLine(handler);
