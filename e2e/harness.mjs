// Starts a real pledgebook server on the demo data with a few accounts, and
// a real headless Chromium (Debian's), for the browser tests.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, '..');
const targetDir = process.env.CARGO_TARGET_DIR ?? join(root, 'target');
const bin = process.env.PLEDGEBOOK_BIN ?? join(targetDir, 'debug', 'pledgebook');
export const shots = join(targetDir, 'screenshots');
mkdirSync(shots, { recursive: true });

export const accounts = {
  secretariat: { email: 'secretariat@demo.example', password: 'secretariat password', role: 'secretariat' },
  jccu: { email: 'editor@jccu.example', password: 'jccu editor password', role: 'editor', organisation: 'japanese-consumers-co-operative-union' },
  ace: { email: 'editor@ace.example', password: 'ace editor password', role: 'editor', organisation: 'action-against-child-exploitation' },
};

function run(dataDir, args, input) {
  const r = spawnSync(bin, ['--data-dir', dataDir, ...args], { input, encoding: 'utf8', env: { ...process.env, PLEDGEBOOK_LOG: 'warn' } });
  if (r.error) throw new Error(`cannot run ${bin} (${r.error.message}): build it with cargo build, or set PLEDGEBOOK_BIN`);
  if (r.status !== 0) throw new Error(`pledgebook ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** A demo database with accounts and an open campaign, served on a free port. */
export async function startServer() {
  const dataDir = mkdtempSync(join(tmpdir(), 'pledgebook-e2e-'));
  run(dataDir, ['demo', '--no-serve']);
  for (const a of Object.values(accounts)) {
    const args = ['user', 'add', '--email', a.email, '--name', a.email.split('@')[0], '--role', a.role, '--password-stdin'];
    if (a.organisation) args.push('--organisation', a.organisation);
    run(dataDir, args, a.password);
  }
  run(dataDir, ['initiative', 'add', '--key', 'action-pledges-2026', '--kind', 'pledge_campaign', '--title', '2026 Action Pledges',
    '--title-ja', '2026年アクション・プレッジ', '--deadline', '2099-12-31', '--period', '2026', '--like', 'iyecl-2021-action-pledges']);
  return serve(dataDir);
}

/** A new installation: `pledgebook init` and its first admin, nothing else. */
export async function startFresh(admin) {
  const dataDir = mkdtempSync(join(tmpdir(), 'pledgebook-e2e-fresh-'));
  run(dataDir, ['init']);
  run(dataDir, ['user', 'add', '--email', admin.email, '--name', 'Admin', '--role', 'admin', '--password-stdin'], admin.password);
  return serve(dataDir);
}

async function serve(dataDir) {
  const child = spawn(bin, ['--data-dir', dataDir, 'serve', '--listen', '127.0.0.1:0'], { env: { ...process.env, PLEDGEBOOK_LOG: 'warn' } });
  const base = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/serving on (http:\/\/\S+?)\/? /);
      if (m) resolve(m[1].replace(/\/$/, ''));
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
    setTimeout(() => reject(new Error('server did not start')), 20000);
  });
  // The search index catches up in the background; wait until it has.
  for (let i = 0; i < 300; i++) {
    const health = await (await fetch(`${base}/healthz`)).text();
    if (health.includes('search: 0 changes behind')) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { base, dataDir, stop: () => child.kill('SIGTERM') };
}

export async function startBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

export async function signIn(browser, base, who, options = {}) {
  const account = typeof who === 'string' ? accounts[who] : who;
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.fill('#email', account.email);
  await page.fill('#password', account.password);
  await Promise.all([page.waitForNavigation(), page.click('form.stack button[type=submit]')]);
  return page;
}

const axeSource = readFileSync(join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** Runs axe-core in the page; returns the serious and critical violations. */
export async function seriousViolations(page) {
  // Evaluated over the DevTools protocol: the page's CSP rightly forbids inline scripts.
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}
