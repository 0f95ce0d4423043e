// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// The rules of the sluice-echo routes (examples/echo/echo_app.hpp), written once for both Node
// peers: the same checks and the same answers as sluice gives, so that the suite compares
// equal work. sluice derives these from its types (`bounded<uint64_t, 0, 100>`, `fields()`,
// `auth::any_scope`); here they are code.

export class HttpError extends Error {
  constructor(status, message, headers = {}) {
    super(message);
    this.status = status;
    this.headers = headers;
  }
}

/** `query<"limit", bounded<uint64_t, 0, 100>, 20>`. */
export function limitOf(text) {
  if (text === undefined || text === null) return 20;
  if (!/^[0-9]{1,3}$/.test(text) || Number(text) > 100) {
    throw new HttpError(400, "query parameter 'limit' must be an integer from 0 to 100");
  }
  return Number(text);
}

/** `path<"id", uint64_t>`; JavaScript numbers are exact to 2^53, enough for these events. */
export function idOf(text) {
  if (!/^[0-9]{1,20}$/.test(text) || BigInt(text) > 18446744073709551615n) {
    throw new HttpError(400, "path parameter 'id' must be an unsigned 64-bit integer");
  }
  return Number(text);
}

/** `json_body<new_pet>`: name (1 to 64 characters), optional tag, optional age in 0..100. */
export function petOf(text) {
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'the request body is not valid JSON');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, 'the request body must be a JSON object');
  }
  const pet = {};
  if (typeof body.name !== 'string') throw new HttpError(400, "body field 'name' must be a string");
  const length = [...body.name].length;
  if (length < 1 || length > 64) throw new HttpError(400, "body field 'name' must have 1 to 64 characters");
  pet.name = body.name;
  if (body.tag !== undefined && body.tag !== null) {
    if (typeof body.tag !== 'string') throw new HttpError(400, "body field 'tag' must be a string");
    pet.tag = body.tag;
  }
  if (body.age !== undefined && body.age !== null) {
    if (!Number.isInteger(body.age)) throw new HttpError(400, "body field 'age' must be an integer");
    if (body.age < 0 || body.age > 100) throw new HttpError(400, "body field 'age' must be from 0 to 100");
    pet.age = body.age;
  }
  return pet;
}

/** The caller's OAuth scopes from an HTTP API JWT authorizer: `scopes`, else the `scope` claim. */
function scopesOf(event) {
  const jwt = event?.requestContext?.authorizer?.jwt;
  if (!jwt) return null;
  if (Array.isArray(jwt.scopes)) return jwt.scopes;
  const claim = jwt.claims?.scope;
  return typeof claim === 'string' ? claim.split(' ').filter((s) => s !== '') : [];
}

/** `auth::any_scope(scope)`: 401 with a Bearer challenge without a caller, 403 without the scope. */
export function requireScope(event, scope) {
  const scopes = scopesOf(event);
  if (scopes === null) throw new HttpError(401, 'Unauthorized', { 'WWW-Authenticate': 'Bearer' });
  if (!scopes.includes(scope)) throw new HttpError(403, 'Forbidden');
}

/** `auth::authenticated`: the subject of the caller. */
export function requireCaller(event) {
  const sub = event?.requestContext?.authorizer?.jwt?.claims?.sub;
  if (typeof sub !== 'string') throw new HttpError(401, 'Unauthorized', { 'WWW-Authenticate': 'Bearer' });
  return sub;
}

/** `auth::group(name)`: the `cognito:groups` claim. */
export function requireGroup(event, group) {
  const claims = event?.requestContext?.authorizer?.jwt?.claims;
  if (!claims) throw new HttpError(401, 'Unauthorized', { 'WWW-Authenticate': 'Bearer' });
  const groups = String(claims['cognito:groups'] ?? '').replace(/^\[|\]$/g, '').split(/[ ,]+/);
  if (!groups.includes(group)) throw new HttpError(403, 'Forbidden');
}

/** `cors_policy()` of echo_app.hpp: two web front ends, with credentials, X-Request-Id readable. */
export const corsPolicy = {
  origins: ['https://app.example.com', 'https://admin.example.com'],
  exposeHeaders: ['X-Request-Id'],
  credentials: true,
  maxAgeSeconds: 600,
};

/** `sluice::tracing()`'s `X-Request-Id`: the request's id, else the invocation's. */
export function requestIdOf(event, context) {
  return event?.requestContext?.requestId || context?.awsRequestId || '';
}

/** Runs a peer's Lambda handler on one event file and prints the response on one line, as
 * `sluice-echo --invoke FILE` does: what the suite's start-up measurement runs. */
export async function invokeFromCommandLine(handler) {
  const at = process.argv.indexOf('--invoke');
  if (at < 0) return;
  const { readFileSync } = await import('node:fs');
  const event = JSON.parse(readFileSync(process.argv[at + 1], 'utf8'));
  const response = await handler(event, lambdaContext());
  process.stdout.write(JSON.stringify(response) + '\n');
}

/** The parts of Lambda's context object that the adapters read. */
export function lambdaContext() {
  return {
    awsRequestId: '8476a536-e9f4-11e8-9739-2dfe598c3fcd',
    functionName: 'echo',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:echo',
    memoryLimitInMB: '128',
    logGroupName: '/aws/lambda/echo',
    logStreamName: '2026/05/28/[$LATEST]6d0e2f133c2b7d9e',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 3000,
  };
}
