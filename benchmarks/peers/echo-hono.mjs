// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// The sluice-echo routes (examples/echo/echo_app.hpp) as a Hono app behind Hono's AWS Lambda
// adapter (`hono/aws-lambda`). Hono tries routes in registration order, so the more specific
// route comes first where two overlap (`GET /files/readme` before `/files/{key+}`); sluice
// ranks them itself. `GET /me` (a bearer token verified in process) is left out: it needs a
// JWT library, and no measured event calls it.
//
//   node echo-hono.mjs --invoke event.json     # one event, the response on stdout

import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import {
  HttpError, idOf, invokeFromCommandLine, limitOf, petOf, requireCaller, requireGroup, requireScope,
} from './echo-rules.mjs';

const app = new Hono();

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

app.notFound((c) => c.json({ message: 'Not Found' }, 404));
app.onError((error, c) => {
  if (error instanceof HttpError) return c.json({ message: error.message }, error.status, error.headers);
  return c.json({ message: 'Internal Server Error' }, 500);
});

export const handler = handle(app);

await invokeFromCommandLine(handler);
