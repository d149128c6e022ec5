// Shared by the browser tests: ports, waiting for a server, reporting.

import net from 'node:net';

export const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// freePort returns a TCP port on 127.0.0.1 that is free now.
export function freePort() {
  return new Promise((res, rej) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
    srv.on('error', rej);
  });
}

// waitForServer polls url until it answers 200 or ms pass.
export async function waitForServer(url, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server at ${url} did not start`);
}

// check throws msg unless cond holds, and reports it otherwise.
export function check(cond, msg) {
  if (!cond) throw new Error(msg);
  console.log(`ok - ${msg}`);
}

// stop ends a server process: SIGTERM, then SIGKILL if it lingers.
export async function stop(proc) {
  proc.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  if (proc.exitCode === null) proc.kill('SIGKILL');
}
