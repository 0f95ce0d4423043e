// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// The sluice-echo routes (examples/echo/echo_app.hpp) with Powertools for AWS Lambda
// (TypeScript)'s HTTP event handler (`@aws-lambda-powertools/event-handler/http`). Static
// routes win over dynamic ones and dynamic ones are ranked by specificity, as in sluice; the
// greedy `{key+}` is a regular expression with a named group. A 2.0 event's query is read from
// `rawQueryString` (its `queryStringParameters` joins repeated keys with commas), as sluice
// does. Around every route: Powertools' CORS and compression middleware with sluice-echo's
// policy, and the request id sent back. `GET /me` is left out, as in echo-hono.mjs.
//
//   node echo-powertools.mjs --invoke event.json     # one event, the response on stdout

import { Router } from '@aws-lambda-powertools/event-handler/http';
import { compress, cors } from '@aws-lambda-powertools/event-handler/http/middleware';
import {
  corsPolicy, HttpError, idOf, invokeFromCommandLine, limitOf, petOf, requestIdOf, requireCaller, requireGroup,
  requireScope,
} from './echo-rules.mjs';

const app = new Router();

app.use(cors({
  origin: corsPolicy.origins,
  credentials: corsPolicy.credentials,
  exposeHeaders: corsPolicy.exposeHeaders,
  maxAge: corsPolicy.maxAgeSeconds,
}));
app.use(async ({ reqCtx, next }) => {
  await next();
  const id = requestIdOf(reqCtx.event, reqCtx.context);
  if (id !== '' && !reqCtx.res.headers.has('x-request-id')) reqCtx.res.headers.set('X-Request-Id', id);
});
app.use(compress());

const json = (value, status = 200, headers = {}) =>
  new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json', ...headers } });

/** Every value of query parameter `name`, in request order. */
function queryValues(reqCtx, name) {
  const raw = reqCtx.event.rawQueryString;
  const params = typeof raw === 'string' ? new URLSearchParams(raw) : new URL(reqCtx.req.url).searchParams;
  return params.getAll(name);
}

app.get('/health', () => json({ status: 'ok' }));
app.get('/pets', (reqCtx) => {
  const limit = limitOf(queryValues(reqCtx, 'limit')[0]);
  return json({ route: 'GET /pets', limit, tags: queryValues(reqCtx, 'tag') });
});
app.post('/pets', async (reqCtx) => {
  requireScope(reqCtx.event, 'pets:write');
  const pet = petOf(await reqCtx.req.text());
  return json({ route: 'POST /pets', pet }, 201);
});
app.get('/pets/mine', (reqCtx) => json({ route: 'GET /pets/mine', sub: requireCaller(reqCtx.event) }));
app.get('/pets/:id', ({ params }) => json({ route: 'GET /pets/{id}', params: { id: idOf(params.id) } }));
app.delete('/pets/:id', (reqCtx) => {
  requireGroup(reqCtx.event, 'admin');
  return json({ route: 'DELETE /pets/{id}', params: { id: idOf(reqCtx.params.id) } });
});
app.get('/files/readme', () => json({ route: 'GET /files/readme' }));
app.route((reqCtx) => json({
  route: 'ANY /files/{key+}', method: reqCtx.req.method, params: { key: reqCtx.params.key },
}), { method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'], path: /^\/files\/(?<key>.+)$/ });
app.get('/a/b/c', () => json({ route: 'GET /a/b/c', params: {} }));
app.get('/a/:x/d', ({ params }) => json({ route: 'GET /a/{x}/d', params: { x: params.x } }));
app.get('/users/:user/repos/:repo', ({ params }) => json({
  route: 'GET /users/{user}/repos/{repo}', params: { user: params.user, repo: params.repo },
}));
app.put('/users/:user/repos/:repo', ({ params }) => json({
  route: 'PUT /users/{user}/repos/{repo}', params: { user: params.user, repo: params.repo },
}));
app.get('/boom', () => {
  throw new Error('boom: the handler failed on purpose (GET /boom)');
});

app.notFound(async () => json({ message: 'Not Found' }, 404));
// error handlers answer after the middleware: the request id is added here
const withRequestId = (reqCtx, headers = {}) => {
  const id = requestIdOf(reqCtx.event, reqCtx.context);
  return id === '' ? headers : { ...headers, 'X-Request-Id': id };
};
app.errorHandler(HttpError, async (error, reqCtx) =>
  json({ message: error.message }, error.status, withRequestId(reqCtx, error.headers)));
app.errorHandler(Error, async (_error, reqCtx) => json({ message: 'Internal Server Error' }, 500, withRequestId(reqCtx)));

export const handler = (event, context) => app.resolve(event, context);

await invokeFromCommandLine(handler);
