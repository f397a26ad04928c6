// Preloaded with `node --require` in tests: records every attempt to reach
// the network (sockets, HTTP, DNS, fetch) in the file named by
// AIFENCE_NET_LOG, and makes the attempt fail.

const fs = require('node:fs');
const log = process.env.AIFENCE_NET_LOG;
function record(what) {
  if (log) fs.appendFileSync(log, `${what}\n`);
  throw new Error(`network access in a test that forbids it: ${what}`);
}
const net = require('node:net');
const origConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const target = args[0];
  // Unix domain sockets and pipes are local IPC, not network.
  if (typeof target === 'string' || (target && typeof target === 'object' && target.path))
    return origConnect.apply(this, args);
  return record(`net.Socket.connect ${JSON.stringify(target)}`);
};
for (const mod of ['node:http', 'node:https']) {
  const m = require(mod);
  m.request = () => record(`${mod}.request`);
  m.get = () => record(`${mod}.get`);
}
const dns = require('node:dns');
dns.lookup = (host) => record(`dns.lookup ${host}`);
dns.promises.lookup = async (host) => record(`dns.promises.lookup ${host}`);
globalThis.fetch = async (url) => record(`fetch ${url}`);
