// The whole workflow in a real browser: a pledge sent with a mistake, fixed,
// approved by the secretariat and shown publicly; an editor reporting
// progress and the coverage view changing; the indicator chart; Japanese;
// an editor of another organisation refused; a report imported in the
// browser, its departure accepted with the checkbox. axe-core checks the main
// pages, and screenshots of them (desktop and phone) go to target/screenshots.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { startServer, startBrowser, signIn, seriousViolations, shots } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await startBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

const longTitle = 'Train every teacher in every school of our prefecture to recognise and report child labour and child exploitation before the end of the next school year';
const title = 'Train teachers to recognise and report child labour';

test('a pledge with a mistake is fixed, approved and published', async () => {
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(`${server.base}/initiatives/action-pledges-2026/pledge`);
  await visitor.fill('#new_organisation', 'Kodomo Support Network');
  await visitor.selectOption('#organisation_kind', 'ngo');
  await visitor.fill('#title', longTitle);
  await visitor.fill('#pledge', 'We will run training sessions for teachers.');
  await visitor.check('input[name=pillar][value=act]');
  await visitor.fill('#contact_name', 'Aiko Tanaka');
  await visitor.fill('#contact_email', 'aiko@example.org');
  const refused = await Promise.all([visitor.waitForNavigation(), visitor.click('form.stack button[type=submit]')]);
  assert.equal(refused[0].status(), 422);
  assert.equal(await visitor.getAttribute('#title', 'aria-invalid'), 'true');
  assert.match(await visitor.textContent('#title-error'), /Too many words/);
  // What was typed is still there; only the title needs changing.
  assert.equal(await visitor.inputValue('#pledge'), 'We will run training sessions for teachers.');
  assert.equal(await visitor.isChecked('input[name=pillar][value=act]'), true);
  await visitor.fill('#title', title);
  await Promise.all([visitor.waitForNavigation(), visitor.click('form.stack button[type=submit]')]);
  assert.match(visitor.url(), /\/track\/\d+\/[0-9a-f]{64}$/);
  assert.equal(await visitor.textContent('#pledge-status'), 'Submitted');
  const trackUrl = visitor.url();

  // Not public before the secretariat decides.
  const publicPage = await (await browser.newContext()).newPage();
  await publicPage.goto(`${server.base}/initiatives/action-pledges-2026`);
  assert.equal(await publicPage.locator(`text=${title}`).count(), 0);

  const secretariat = await signIn(browser, server.base, 'secretariat');
  await secretariat.goto(`${server.base}/review`);
  const card = secretariat.locator('article.review', { hasText: title });
  await Promise.all([secretariat.waitForNavigation(), card.locator('button[value=approve]').click()]);
  assert.equal(await secretariat.locator('article.review', { hasText: title }).count(), 0);

  await publicPage.goto(`${server.base}/initiatives/action-pledges-2026`);
  await publicPage.click(`text=${title}`);
  assert.match(await publicPage.textContent('h1'), /Train teachers/);
  assert.match(await publicPage.textContent('.status'), /Approved/);
  await visitor.goto(trackUrl);
  assert.equal(await visitor.textContent('#pledge-status'), 'Approved');
  // The secretariat sees the notification queued for the pledge.
  await secretariat.goto(`${server.base}/admin/outbox`);
  assert.match(await secretariat.textContent('main'), /Train teachers to recognise and report child labour: approved/);
});

test('an editor reports progress and the coverage view changes', async () => {
  const secretariat = await signIn(browser, server.base, 'secretariat');
  await secretariat.goto(`${server.base}/initiatives/childrens-future-action/coverage`);
  assert.equal((await secretariat.textContent('#coverage-summary')).trim(), '0 / 2 reports received');

  const editor = await signIn(browser, server.base, 'jccu');
  await editor.goto(`${server.base}/report`);
  const row = editor.locator('tr', { hasText: 'study sessions and ambassadors' });
  assert.match(await row.textContent(), /Not yet reported/);
  await row.locator('a').click();
  await editor.selectOption('#period', 'FY2020');
  await editor.fill('#narrative', 'Training sessions for ambassadors were held at five locations nationwide.');
  await editor.fill('#figures', '5 | training locations\n512 | registered ambassadors');
  await editor.fill('#date', '2020-12-01');
  await Promise.all([editor.waitForNavigation(), editor.click('form.stack button[type=submit]')]);
  assert.match(editor.url(), /\/report\?sent=1$/);
  assert.match(await editor.locator('tr', { hasText: 'study sessions and ambassadors' }).textContent(), /Reported/);

  await secretariat.reload();
  assert.equal((await secretariat.textContent('#coverage-summary')).trim(), '1 / 2 reports received');
  assert.match(await secretariat.textContent('td.missing'), /Saitama Prefecture/);
  const csv = await secretariat.evaluate(async (url) => (await fetch(url)).text(), `${server.base}/initiatives/childrens-future-action/coverage.csv?period=FY2020`);
  assert.match(csv, /FY2020,"",\d+,"Children's Future Action study sessions and ambassadors","Saitama Prefecture"/);
});

test('the indicator chart shows the projection to the target', async () => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${server.base}/initiatives/childrens-future-action`);
  await page.click('text=study sessions and ambassadors');
  const chart = page.locator('figure.chart').first();
  assert.equal(await chart.locator('svg polyline.series').count(), 1);
  assert.equal(await chart.locator('svg line.projection').count(), 1);
  assert.match(await chart.locator('svg').getAttribute('aria-label'), /Registered ambassadors: 365 \/ 1000 \(37%\) Off track/);
  const box = await chart.locator('svg').boundingBox();
  assert.ok(box.width > 300 && box.height > 100, `the chart is drawn (${box.width}x${box.height})`);
});

test('the site switches to Japanese', async () => {
  const page = await (await browser.newContext({ locale: 'en-GB' })).newPage();
  await page.goto(`${server.base}/`);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.click('a.lang-switch');
  assert.equal(await page.getAttribute('html', 'lang'), 'ja');
  assert.equal(await page.textContent('h1'), '約束とその進捗');
  assert.match(await page.textContent('main'), /日本生活協同組合連合会/);
  // The choice sticks on the next page.
  await page.goto(`${server.base}/initiatives/childrens-future-action`);
  assert.match(await page.textContent('h1'), /子どもの未来アクション/);
});

test('an editor of another organisation is refused', async () => {
  const ace = await signIn(browser, server.base, 'ace');
  await ace.goto(`${server.base}/initiatives/childrens-future-action`);
  const href = await ace.locator('a', { hasText: 'study sessions and ambassadors' }).getAttribute('href');
  const id = href.split('/').pop();
  const response = await ace.goto(`${server.base}/report/${id}`);
  assert.equal(response.status(), 403);
  assert.match(await ace.textContent('main'), /not allowed/);
  await ace.goto(`${server.base}/report`);
  assert.equal(await ace.locator('tr', { hasText: 'study sessions and ambassadors' }).count(), 0);
});

const mainPages = [
  ['home', '/'],
  ['initiative-plan', '/initiatives/basic-plan-csec'],
  ['initiative-campaign', '/initiatives/iyecl-2021-action-pledges'],
  ['commitment', null],
  ['organisation', '/organisations/japanese-consumers-co-operative-union'],
  ['pledge-form', '/initiatives/action-pledges-2026/pledge'],
  ['events', '/events'],
  ['consolidated-report', '/initiatives/basic-plan-csec/report'],
  ['figures', '/initiatives/basic-plan-csec/figures?period=FY2018'],
  ['figures-campaign-ja', '/initiatives/iyecl-2021-action-pledges/figures?lang=ja'],
  ['search', '/search?q=%E5%AD%A6%E7%BF%92%E4%BC%9A'],
];

test('the main pages have no serious accessibility problems, and are photographed', async () => {
  const desktop = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await desktop.goto(`${server.base}/initiatives/childrens-future-action`);
  const commitment = await desktop.locator('a', { hasText: 'study sessions and ambassadors' }).getAttribute('href');
  const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true })).newPage();
  for (const [name, path] of mainPages) {
    const url = `${server.base}${path ?? commitment}`;
    for (const [page, size] of [[desktop, 'desktop'], [phone, 'phone']]) {
      const response = await page.goto(url);
      assert.equal(response.status(), 200, url);
      await page.screenshot({ path: join(shots, `${name}-${size}.png`), fullPage: size === 'phone' });
    }
    assert.deepEqual(await seriousViolations(desktop), [], `${name}: axe-core`);
  }
  const secretariat = await signIn(browser, server.base, 'secretariat');
  for (const [name, path] of [['review', '/review'], ['coverage', '/initiatives/childrens-future-action/coverage']]) {
    await secretariat.goto(`${server.base}${path}`);
    await secretariat.screenshot({ path: join(shots, `${name}-desktop.png`) });
    assert.deepEqual(await seriousViolations(secretariat), [], `${name}: axe-core`);
  }
});

test('the secretariat imports a report in the browser, accepting its numbering gap', async () => {
  const secretariat = await signIn(browser, server.base, 'secretariat');
  await secretariat.goto(`${server.base}/`);
  await Promise.all([secretariat.waitForNavigation(), secretariat.click('header a[href="/admin"]')]);
  await Promise.all([secretariat.waitForNavigation(), secretariat.click('main a[href="/admin/import"]')]);
  const text = readFileSync(join(import.meta.dirname, '..', 'data', 'documents', 'layouts', 'progress-decimal-en.txt'), 'utf8')
    .replace('1.2 Education', '1.3 Education');
  await secretariat.setInputFiles('#file', { name: 'progress-2021.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
  await secretariat.fill('#initiative', 'child-labour-plan');
  await secretariat.fill('#title', 'Action Plan to Eliminate Child Labour');
  await secretariat.fill('#period', 'FY2021');
  await Promise.all([secretariat.waitForNavigation(), secretariat.click('form.stack button[type=submit]')]);
  assert.match(await secretariat.textContent('main'), /the decimal profile/);
  assert.match(await secretariat.textContent('tr.departure'), /measure numbering jumps from 1\.1 to 1\.3: 1\.2 missing/);
  assert.deepEqual(await seriousViolations(secretariat), [], 'import preview: axe-core');
  await secretariat.screenshot({ path: join(shots, 'import-preview-desktop.png'), fullPage: true });
  // Without the checkbox nothing is written; with it, the plan is there.
  const refused = await Promise.all([secretariat.waitForNavigation(), secretariat.click('form[action="/admin/import/confirm"] button')]);
  assert.equal(refused[0].status(), 422);
  assert.match(await secretariat.textContent('main'), /Nothing was written/);
  await secretariat.check('input[name=accept]');
  await Promise.all([secretariat.waitForNavigation(), secretariat.click('form[action="/admin/import/confirm"] button')]);
  assert.match(secretariat.url(), /\/initiatives\/child-labour-plan$/);
  assert.match(await secretariat.textContent('main'), /Education on children's rights in schools/);
});
