// Shared by the browser tests: a Jupyter server on a copy of the notebooks,
// headless Chromium, reporting, and cleaning up whatever happens.

import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '../..');

const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// freePort returns a TCP port on 127.0.0.1 that is free now.
function freePort() {
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
async function waitForServer(url, ms) {
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
async function stop(proc) {
  proc.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  if (proc.exitCode === null) proc.kill('SIGKILL');
}

// runInBrowser starts the server that serverCommand describes (given the
// port, token and notebook folder it returns [command, ...args]) on a
// temporary copy of notebooks/, opens headless Chromium, and runs body with
// the page. It reports a failure with the server's last log lines, stops
// the server, removes the copy, and exits with the outcome.
export async function runInBrowser({ viewport, serverCommand }, body) {
  const work = mkdtempSync(join(tmpdir(), 'gothreads-browser-'));
  const nbdir = join(work, 'notebooks');
  cpSync(join(root, 'notebooks'), nbdir, { recursive: true });
  const shots = join(root, 'build', 'browser');
  mkdirSync(shots, { recursive: true });

  const port = await freePort();
  const token = 'gothreads-test-token';
  const [cmd, ...args] = serverCommand({ port, token, nbdir });
  const server = spawn(cmd, args, { env: { ...process.env, HOME: work }, stdio: ['ignore', 'pipe', 'pipe'] });
  let serverLog = '';
  server.stdout.on('data', (d) => { serverLog += d; });
  server.stderr.on('data', (d) => { serverLog += d; });

  let browser;
  let failed = false;
  try {
    await waitForServer(`http://127.0.0.1:${port}/api?token=${token}`, 30000);
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: chromiumArgs });
    const page = await browser.newPage({ viewport });
    await body({ page, base: `http://127.0.0.1:${port}`, token, shot: (name) => join(shots, name) });
  } catch (e) {
    failed = true;
    console.error(`not ok - ${e.message}`);
    console.error(serverLog.split('\n').slice(-30).join('\n'));
  } finally {
    if (browser) await browser.close();
    await stop(server);
    rmSync(work, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}
