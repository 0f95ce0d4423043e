// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// End to end on Node.js: event bytes in, response bytes out, through the sluice-echo routes
// written for Hono's AWS Lambda adapter (echo-hono.mjs) and for Powertools' HTTP event
// handler (echo-powertools.mjs). One operation is what Node's Lambda runtime does around a
// handler: JSON.parse the event bytes, await the handler, JSON.stringify the result. Before
// timing, every answer is checked against sluice's (events/echo/expected/<event>.json): the
// same status code, the same body as JSON, the same Content-Type, the same CORS and
// X-Request-Id headers, and every Vary token sluice sends.
//
//   node e2e.mjs <events/echo> [--min-time=0.2] [--repetitions=5] [--out=file.json]

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { lambdaContext } from './echo-rules.mjs';
import { isolated, measure, options } from './measure.mjs';

const apps = { hono: './echo-hono.mjs', powertools: './echo-powertools.mjs' };

const dir = process.argv[2];
const opts = options(process.argv.slice(3));
const events = readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => f.slice(0, -5));

/** Header `wanted` of a response, from `headers` or `multiValueHeaders`, any case. */
function header(response, wanted) {
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    if (name.toLowerCase() === wanted) return value;
  }
  for (const [name, values] of Object.entries(response.multiValueHeaders ?? {})) {
    if (name.toLowerCase() === wanted) return values.join(',');
  }
  return undefined;
}

const contentType = (response) => header(response, 'content-type');
const tokens = (value) => (value ?? '').toLowerCase().split(',').map((t) => t.trim()).filter((t) => t !== '');
const compared = ['access-control-allow-origin', 'access-control-allow-credentials', 'access-control-expose-headers',
                  'x-request-id'];

/** Why `got` is not the answer sluice gives (`want`), or null when it is. */
function difference(got, want) {
  if (got.statusCode !== want.statusCode) return `status ${got.statusCode}, sluice ${want.statusCode}`;
  if (got.isBase64Encoded) return 'a base64 body';
  if (!isDeepStrictEqual(JSON.parse(got.body), JSON.parse(want.body))) return `body ${got.body}, sluice ${want.body}`;
  if (contentType(got)?.split(';')[0] !== contentType(want)) return `Content-Type ${contentType(got)}`;
  for (const name of compared) {
    const w = header(want, name);
    if (w !== undefined && header(got, name) !== w) return `${name}: ${header(got, name)}, sluice ${w}`;
  }
  const vary = tokens(header(got, 'vary'));
  const missing = tokens(header(want, 'vary')).filter((t) => !vary.includes(t));
  if (missing.length > 0) return `no Vary: ${missing.join(', ')}`;
  return null;
}

async function run(subject) {
  const [event, app] = subject.split('/');
  const { handler } = await import(apps[app]);
  const bytes = readFileSync(join(dir, `${event}.json`), 'utf8').trimEnd();
  const want = JSON.parse(readFileSync(join(dir, 'expected', `${event}.json`), 'utf8'));
  const context = lambdaContext();
  const once = async () => JSON.stringify(await handler(JSON.parse(bytes), context));
  const why = difference(JSON.parse(await once()), want);
  if (why !== null) throw new Error(`e2e.mjs: ${app} answers ${event} otherwise than sluice: ${why}`);
  const timing = await measure(async (iterations) => {
    let length = 0;
    for (let i = 0; i < iterations; ++i) length += (await once()).length;
    return length;
  }, opts);
  console.error(`${subject}: ${(Math.min(...timing.cpu_ns_per_op) / 1000).toFixed(2)} µs CPU per event (fastest)`);
  return { name: subject, event, app, event_bytes: Buffer.byteLength(bytes), ...timing };
}

await isolated(events.flatMap((event) => Object.keys(apps).map((app) => `${event}/${app}`)), run, opts);
