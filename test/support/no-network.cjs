/**
 * Preloaded with `node --require` into a process under test: every attempt to reach the
 * network (TCP, TLS, UDP, DNS, HTTP(S), fetch, WebSocket) is refused and recorded, one JSON
 * line per attempt, in the file named by ROO_DEVOPS_NETWORK_LOG. stdio and IPC pipes are
 * not sockets to a host and are left alone. Plain CommonJS so that Node loads it as is.
 */
'use strict';
const fs = require('node:fs');

const LOG = process.env.ROO_DEVOPS_NETWORK_LOG;
if (!LOG) throw new Error('no-network preload: set ROO_DEVOPS_NETWORK_LOG');

function refuse(api, target) {
  let where;
  try {
    where = typeof target === 'string' ? target : JSON.stringify(target);
  } catch {
    where = String(target);
  }
  fs.appendFileSync(LOG, `${JSON.stringify({ api, target: where, stack: new Error().stack.split('\n').slice(2, 6).join(' | ') })}\n`);
  return new Error(`no-network: ${api} to ${where} refused`);
}

function wrap(moduleObject, name, api, describe) {
  const original = moduleObject[name];
  if (typeof original !== 'function') return;
  moduleObject[name] = function refused(...args) {
    throw refuse(api, describe ? describe(args) : args[0]);
  };
  Object.defineProperty(moduleObject[name], 'name', { value: original.name });
}

const net = require('node:net');
// A socket on a file descriptor (stdio, an IPC channel) never calls connect.
net.Socket.prototype.connect = function connect(...args) {
  const options = args[0];
  // A local pipe path is not the network, but nothing in the server should open one either: record it.
  throw refuse('net.Socket.connect', typeof options === 'object' && options !== null ? { host: options.host, port: options.port, path: options.path } : args.slice(0, 2));
};
wrap(net, 'connect', 'net.connect', (a) => a.slice(0, 2));
wrap(net, 'createConnection', 'net.createConnection', (a) => a.slice(0, 2));

const tls = require('node:tls');
wrap(tls, 'connect', 'tls.connect', (a) => a.slice(0, 2));

const dns = require('node:dns');
for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'lookupService']) wrap(dns, name, `dns.${name}`);
if (dns.promises) for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny']) wrap(dns.promises, name, `dns.promises.${name}`);

for (const id of ['node:http', 'node:https']) {
  const mod = require(id);
  wrap(mod, 'request', `${id.slice(5)}.request`, (a) => (typeof a[0] === 'object' && !(a[0] instanceof URL) ? { host: a[0].host ?? a[0].hostname, path: a[0].path } : String(a[0])));
  wrap(mod, 'get', `${id.slice(5)}.get`, (a) => String(a[0]));
}

const dgram = require('node:dgram');
wrap(dgram, 'createSocket', 'dgram.createSocket');

for (const name of ['fetch', 'WebSocket', 'EventSource']) {
  if (typeof globalThis[name] === 'function') {
    globalThis[name] = function refused(...args) {
      throw refuse(name, String(args[0]));
    };
  }
}
