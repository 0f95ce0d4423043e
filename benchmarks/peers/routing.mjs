// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// The Node.js routers beside sluice's: find-my-way (Fastify's router) and Hono's RegExpRouter
// and TrieRouter, on every route set of the shared corpus. Each router is first checked to
// give, for every request of a set, the request's own route and the right parameter values;
// then one iteration looks up every request of the set once, as sluice-router-bench does.
//
//   node routing.mjs <corpus>/routes [--min-time=0.2] [--repetitions=5] [--out=file.json]

import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import FindMyWay from 'find-my-way';
import { RegExpRouter } from 'hono/router/reg-exp-router';
import { TrieRouter } from 'hono/router/trie-router';
import { isolated, measure, options } from './measure.mjs';

const sets = ['github', 'gplus', 'parse', 'static', 'matchit'];

function lines(file) {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
}

/** `GET /repos/{owner}/{repo}` → method, path, the parameters' names and whether the last is greedy. */
function parseRoute(line) {
  const space = line.indexOf(' ');
  const path = line.slice(space + 1);
  const params = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
  return { method: line.slice(0, space), path, params };
}

/** The values each parameter of `route` takes in `requestPath` (segment by segment). */
function expectedParams(route, requestPath) {
  const want = {};
  const templ = route.path.split('/');
  const got = requestPath.split('/');
  templ.forEach((segment, k) => {
    const m = /^\{([^}+]+)(\+?)\}$/.exec(segment);
    if (m) want[m[1]] = m[2] ? got.slice(k).join('/') : got[k];
  });
  return want;
}

// ---- the routers, each as: build(routes) → lookup(method, path) → [route index, params] -----

const routers = {
  find_my_way(routes) {
    const router = FindMyWay();
    routes.forEach((r, i) => {
      const path = r.path.replace(/\{([^}]+)\+\}$/, '*').replace(/\{([^}]+)\}/g, ':$1');
      router.on(r.method, path, () => {}, { route: i });
    });
    return {
      lookup: (method, path) => router.find(method, path),
      read: (found) => found === null ? [-1, {}] : [found.store.route, renameGreedy(found.params, routes[found.store.route])],
    };
  },
  hono_regexp_router(routes) {
    const router = new RegExpRouter();
    routes.forEach((r, i) => router.add(r.method, honoPath(r.path), i));
    return {
      lookup: (method, path) => router.match(method, path),
      read: ([handlers, stash]) => {
        if (handlers.length !== 1) return [-1, {}];
        const [route, indexes] = handlers[0];
        const params = {};
        for (const name in indexes) params[name] = stash[indexes[name]];
        return [route, params];
      },
    };
  },
  hono_trie_router(routes) {
    const router = new TrieRouter();
    routes.forEach((r, i) => router.add(r.method, honoPath(r.path), i));
    return {
      lookup: (method, path) => router.match(method, path),
      read: ([handlers]) => handlers.length !== 1 ? [-1, {}] : [handlers[0][0], { ...handlers[0][1] }],
    };
  },
};

/** `{key+}` → `:key{.+}` (a regular expression parameter), `{id}` → `:id`. */
function honoPath(path) {
  return path.replace(/\{([^}]+)\+\}$/, ':$1{.+}').replace(/\{([^}]+)\}/g, ':$1');
}

/** find-my-way names a wildcard `*`: give it the route's name. */
function renameGreedy(params, route) {
  const out = { ...params };
  if ('*' in out) {
    out[route.params[route.params.length - 1].replace(/\+$/, '')] = out['*'];
    delete out['*'];
  }
  return out;
}

function sameParams(a, b) {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k]);
}

// ---- main -----------------------------------------------------------------------------------

const dir = process.argv[2];
const opts = options(process.argv.slice(3));

function load(set) {
  const routes = lines(join(dir, `${set}.routes.txt`)).map(parseRoute);
  const requests = lines(join(dir, `${set}.requests.txt`)).map((l) => {
    const space = l.indexOf(' ');
    return { method: l.slice(0, space), path: l.slice(space + 1) };
  });
  return { routes, requests };
}

async function run(subject) {
  const [set, name] = subject.split('/');
  const { routes, requests } = load(set);
  const router = routers[name](routes);
  requests.forEach((q, i) => {
    const [route, params] = router.read(router.lookup(q.method, q.path));
    const want = expectedParams(routes[i], q.path);
    if (route !== i || !sameParams(params, want)) {
      throw new Error(`routing.mjs: ${set}/${name} gives route ${route} ${JSON.stringify(params)} ` +
                      `for '${q.method} ${q.path}', expected ${i} ${JSON.stringify(want)}`);
    }
  });
  const { lookup } = router;
  const n = requests.length;
  const methods = requests.map((q) => q.method);
  const paths = requests.map((q) => q.path);
  const timing = await measure((iterations) => {
    let found = 0;
    for (let it = 0; it < iterations; ++it) {
      for (let i = 0; i < n; ++i) found += lookup(methods[i], paths[i]) ? 1 : 0;
    }
    return found;
  }, opts, n);
  console.error(`${subject}: ${Math.min(...timing.cpu_ns_per_op).toFixed(1)} ns CPU per lookup (fastest)`);
  return { name: subject, set, router: name, routes: routes.length, ...timing };
}

const subjects = sets.filter((set) => existsSync(join(dir, `${set}.routes.txt`)))
  .flatMap((set) => Object.keys(routers).map((name) => `${set}/${name}`));
await isolated(subjects, run, opts);
