// A secretariat's year in the browser, on a new installation with nothing
// but `pledgebook init` and its first admin: a campaign set up with its
// pillars, levels and deadline; an editor invited (the link taken from the
// outbox); a pledge from a new organisation, not public until approved; a
// reporting round opened (the editor is written to); a reminder; a reported
// figure that feeds an indicator, moving its chart; an event; a platform
// member; two organisations merged; a measure renamed; an earlier version
// restored after its confirmation. Each new page is checked with axe-core
// and photographed at 1280 and 390 pixels in English and Japanese.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startFresh, startBrowser, signIn, seriousViolations, shots } from './harness.mjs';

const admin = { email: 'admin@secretariat.example', password: 'the first admin password' };
const editor = { email: 'hanako@kodomo.example', password: 'hanako long password' };
let server;
let browser;
let secretariat;
/** Pages of the back office to check and photograph: [name, path]. */
const visited = [];

before(async () => {
  server = await startFresh(admin);
  browser = await startBrowser();
  secretariat = await signIn(browser, server.base, admin, { viewport: { width: 1280, height: 900 } });
});

after(async () => {
  await browser?.close();
  server?.stop();
});

/** Clicks and waits for the page it leads to; returns its response. */
async function go(page, selector) {
  const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
  return response;
}

/** Fills a form's fields by id. */
async function fill(page, fields) {
  for (const [id, value] of Object.entries(fields)) await page.fill(`#${id}`, value);
}

test('the secretariat sets up a campaign with its pillars, levels and deadline', async () => {
  await secretariat.goto(`${server.base}/`);
  await go(secretariat, 'header a[href="/admin"]');
  visited.push(['admin', '/admin']);
  await go(secretariat, 'main a[href="/admin/initiatives"]');
  await go(secretariat, 'a[href="/admin/initiatives/new"]');
  await fill(secretariat, {
    title_en: '2027 Action Pledges', title_ja: '2027年アクション・プレッジ', submission_deadline: '2099-12-31', periods: '2027',
    f0_key: 'pillar', f0_en: 'Pillar', f0_ja: '柱', f0_values: 'act | Act | 行動\ninspire | Inspire | 啓発\nscale-up | Scale up | 拡大',
  });
  await go(secretariat, 'form.stack button[type=submit]');
  assert.match(secretariat.url(), /\/admin\/initiatives\/\d+\?saved=1$/);
  visited.push(['admin-initiative', new URL(secretariat.url()).pathname]);
  // A second facet row appears once the first is saved.
  await fill(secretariat, { f1_key: 'level', f1_en: 'Level', f1_ja: 'レベル', f1_values: 'national | National | 国\norganisational | Organisational | 組織' });
  await go(secretariat, 'form.stack button[type=submit]');
  const form = await (await browser.newContext()).newPage();
  const response = await form.goto(`${server.base}/initiatives/2027-action-pledges/pledge?lang=ja`);
  assert.equal(response.status(), 200, 'the campaign takes pledges');
  assert.match(await form.textContent('main'), /行動[\s\S]*組織/);
});

test('an organisation is added and an editor invited for it, who sets a password from the e-mail', async () => {
  await secretariat.goto(`${server.base}/admin/organisations/new`);
  visited.push(['admin-organisation-new', '/admin/organisations/new']);
  await fill(secretariat, { name_en: 'Kodomo Net', name_ja: 'こどもネット', abbreviations: 'KN', country: 'JP' });
  await go(secretariat, 'form.stack button[type=submit]');
  assert.match(secretariat.url(), /\/admin\/organisations\/\d+\?saved=1$/);
  await secretariat.goto(`${server.base}/admin/accounts/new`);
  visited.push(['admin-account-new', '/admin/accounts/new']);
  await fill(secretariat, { email: editor.email, name: 'Hanako', organisation: 'kodomo-net' });
  await secretariat.selectOption('#role', 'editor');
  await secretariat.selectOption('#lang', 'ja');
  await go(secretariat, 'form.stack button[type=submit]');
  assert.match(await secretariat.textContent('.notice'), /invitation has been sent/);
  await secretariat.goto(`${server.base}/admin/outbox`);
  const body = await secretariat.locator('article.message', { hasText: editor.email }).textContent();
  assert.match(body, /招待/, 'in the language chosen for her');
  const link = body.match(/\/welcome\/[0-9a-f]{64}/)[0];
  const hanako = await (await browser.newContext()).newPage();
  await hanako.goto(`${server.base}${link}`);
  await fill(hanako, { password: editor.password, password_again: editor.password });
  await go(hanako, 'form.stack button[type=submit]');
  assert.match(hanako.url(), /\/login\?welcome=1$/);
  await fill(hanako, { email: editor.email, password: editor.password });
  await go(hanako, 'form.stack button[type=submit]');
  assert.match(await hanako.textContent('header'), /Hanako/);
});

let pledgeOfKodomo;

test('pledges come in through the public form; a new organisation is public only once approved', async () => {
  const visitor = await (await browser.newContext()).newPage();
  for (const [org, newOrg, title] of [['', 'Umi no Kai', 'Teach fishing families about child labour'], ['kodomo-net', '', 'Train 1,000 teachers']]) {
    await visitor.goto(`${server.base}/initiatives/2027-action-pledges/pledge`);
    if (org) await visitor.fill('#organisation', org);
    if (newOrg) await visitor.fill('#new_organisation', newOrg);
    await fill(visitor, { title, pledge: 'We will do it this year.', contact_name: 'Aiko', contact_email: 'aiko@example.org' });
    await visitor.check('input[name=pillar][value=act]');
    await go(visitor, 'form.stack button[type=submit]');
    assert.match(visitor.url(), /\/track\/\d+\//);
  }
  const anyone = await (await browser.newContext()).newPage();
  await anyone.goto(`${server.base}/organisations`);
  assert.doesNotMatch(await anyone.textContent('main'), /Umi no Kai/, 'not public before review');
  // The queue, with both pledges in it, fits a phone.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
  await phone.addCookies(await secretariat.context().cookies());
  const queue = await phone.newPage();
  await queue.goto(`${server.base}/review`);
  assert.ok(await queue.evaluate(() => document.documentElement.scrollWidth) <= 390, 'the review queue fits a phone');
  await queue.screenshot({ path: join(shots, 'review-queue-phone-en.png'), fullPage: true });
  assert.deepEqual(await seriousViolations(queue), [], 'review queue: axe-core');
  await phone.close();
  await secretariat.goto(`${server.base}/review`);
  for (const title of ['Teach fishing families', 'Train 1,000 teachers']) {
    await go(secretariat, `article.review:has-text("${title}") button[value=approve]`);
  }
  await anyone.goto(`${server.base}/organisations`);
  assert.match(await anyone.textContent('main'), /Umi no Kai/, 'public once its pledge is approved');
  await anyone.goto(`${server.base}/initiatives/2027-action-pledges`);
  pledgeOfKodomo = (await anyone.locator('a', { hasText: 'Train 1,000 teachers' }).getAttribute('href')).split('/').pop();
});

test('an indicator counts the figures of approved reports, and the chart moves', async () => {
  await secretariat.goto(`${server.base}/admin/indicators/new`);
  visited.push(['admin-indicator-new', '/admin/indicators/new']);
  await fill(secretariat, {
    name_en: 'Teachers trained', name_ja: '研修を受けた教員', initiative: '2027-action-pledges', commitment: pledgeOfKodomo,
    unit: 'teachers', counts: 'teachers', t0_value: '1000', t0_deadline: '2027-12-31', o0_value: '100', o0_date: '2027-01-31',
  });
  await go(secretariat, 'form.stack button[type=submit]');
  assert.match(secretariat.url(), /\/admin\/indicators\/\d+\?saved=1$/);
  const anyone = await (await browser.newContext()).newPage();
  await anyone.goto(`${server.base}/commitments/${pledgeOfKodomo}`);
  assert.match(await anyone.locator('figure.chart svg').getAttribute('aria-label'), /100 \/ 1000/);

  // The round opens: Hanako is written to, with the link to her report form.
  await secretariat.goto(`${server.base}/initiatives/2027-action-pledges/coverage`);
  await secretariat.fill('#round-period', '2027');
  await go(secretariat, 'button[value=open]');
  assert.match(await secretariat.textContent('.notice'), /1 message/);
  await secretariat.goto(`${server.base}/admin/outbox`);
  const told = await secretariat.locator('article.message', { hasText: '2027' }).filter({ hasText: editor.email }).first().textContent();
  assert.match(told, new RegExp(`${server.base}/report/${pledgeOfKodomo}`));
  // She has not reported yet: a reminder reaches her.
  await secretariat.goto(`${server.base}/initiatives/2027-action-pledges/coverage?period=2027`);
  visited.push(['coverage', '/initiatives/2027-action-pledges/coverage?period=2027']);
  await go(secretariat, 'form[action$="/remind"] button');
  assert.match(await secretariat.textContent('.notice'), /1 message/);
  await secretariat.goto(`${server.base}/admin/outbox`);
  assert.match(await secretariat.locator('article.message', { hasText: editor.email }).first().textContent(), /リマインダー/);

  const hanako = await signIn(browser, server.base, editor);
  await hanako.goto(`${server.base}/report/${pledgeOfKodomo}`);
  await hanako.selectOption('#period', '2027');
  await fill(hanako, { narrative: 'We trained 280 teachers in three prefectures.', figures: '280 | teachers' });
  await go(hanako, 'form.stack button[type=submit]');
  await secretariat.goto(`${server.base}/review`);
  await go(secretariat, 'article.review:has-text("280 teachers") button[value=approve]');
  await anyone.reload();
  assert.match(await anyone.locator('figure.chart svg').getAttribute('aria-label'), /280 \/ 1000/, 'the chart moved');
});

test('an event, a platform member, a merge, a renamed measure and a restore', async () => {
  await secretariat.goto(`${server.base}/admin/events/new`);
  visited.push(['admin-event-new', '/admin/events/new']);
  await fill(secretariat, { title_en: 'Stakeholder Forum', starts: '2027-06-12', place: 'Tokyo', organisers: 'kodomo-net', co_organisers: 'umi-no-kai', attendance: '120' });
  await go(secretariat, 'form.stack button[type=submit]');
  const calendar = await secretariat.evaluate(async (url) => (await fetch(url)).text(), `${server.base}/events.ics`);
  assert.match(calendar, /Stakeholder Forum/);

  // A platform, and Kodomo Net recorded as its member.
  await secretariat.goto(`${server.base}/admin/initiatives/new`);
  await secretariat.selectOption('#kind', 'platform');
  await fill(secretariat, { title_en: 'Kids Platform' });
  await go(secretariat, 'form.stack button[type=submit]');
  await secretariat.goto(`${server.base}/admin/organisations`);
  visited.push(['admin-organisations', '/admin/organisations']);
  await go(secretariat, 'a:text-is("Kodomo Net")');
  visited.push(['admin-organisation', new URL(secretariat.url()).pathname]);
  await fill(secretariat, { m0_target: 'kids-platform', m0_since: '2027-04-01' });
  await go(secretariat, 'form.stack button[type=submit]');
  const anyone = await (await browser.newContext()).newPage();
  await anyone.goto(`${server.base}/initiatives/kids-platform`);
  assert.match(await anyone.textContent('#platform-members'), /1 member/);

  // Umi no Kai turns out to be Kodomo Net: merged, its pledge moves.
  await secretariat.goto(`${server.base}/admin/organisations`);
  await go(secretariat, 'a:text-is("Umi no Kai")');
  await secretariat.fill('#into', 'kodomo-net');
  await secretariat.check('#confirm');
  await go(secretariat, 'form[action$="/merge"] button');
  await anyone.goto(`${server.base}/organisations/kodomo-net`);
  assert.match(await anyone.textContent('main'), /Teach fishing families/);

  // An action plan's measure, renamed in the framework editor.
  await secretariat.goto(`${server.base}/admin/initiatives/new`);
  await secretariat.selectOption('#kind', 'action_plan');
  await fill(secretariat, { title_en: 'Basic Plan' });
  await go(secretariat, 'form.stack button[type=submit]');
  const planId = secretariat.url().match(/initiatives\/(\d+)/)[1];
  await secretariat.goto(`${server.base}/admin/initiatives/${planId}/framework`);
  await fill(secretariat, { n0_number: '1', n0_en: 'Prevention' });
  await go(secretariat, 'form.stack button[type=submit]');
  await fill(secretariat, { n1_number: 'i', n1_en: 'Awarness raising' });
  await secretariat.selectOption('#n1_parent', '1');
  await go(secretariat, 'form.stack button[type=submit]');
  visited.push(['admin-framework', `/admin/initiatives/${planId}/framework`]);
  await fill(secretariat, { n1_en: 'Awareness-raising' });
  await go(secretariat, 'form.stack button[type=submit]');
  await anyone.goto(`${server.base}/initiatives/basic-plan`);
  assert.match(await anyone.textContent('div.framework'), /1-\(i\)\s*Awareness-raising/);

  // The history shows old and new; a restore asks first, and keeps the rest.
  await secretariat.goto(`${server.base}/history/${planId}`);
  visited.push(['history', `/history/${planId}`]);
  assert.match(await secretariat.textContent('main'), /Awarness raising[\s\S]*Awareness-raising/);
  await go(secretariat, 'a[href$="/restore?version=3"]');
  visited.push(['restore', `/history/${planId}/restore?version=2`]);
  assert.match(await secretariat.textContent('main'), /Pillars and measures[\s\S]*Awareness-raising[\s\S]*Awarness raising/);
  await go(secretariat, 'form[action$="/restore"] button');
  await anyone.goto(`${server.base}/initiatives/basic-plan`);
  assert.match(await anyone.textContent('div.framework'), /Awarness raising/, 'the earlier version is back');
});

test('the new pages have no serious accessibility problems, and are photographed in both languages', async () => {
  const cookies = await secretariat.context().cookies();
  for (const [lang, locale] of [['en', 'en-GB'], ['ja', 'ja-JP']]) {
    for (const [size, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
      const context = await browser.newContext({ viewport, locale, isMobile: size === 'phone' });
      await context.addCookies(cookies);
      const page = await context.newPage();
      for (const [name, path] of visited) {
        const response = await page.goto(`${server.base}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
        assert.equal(response.status(), 200, path);
        await page.screenshot({ path: join(shots, `${name}-${size}-${lang}.png`), fullPage: size === 'phone' });
        if (size === 'desktop') assert.deepEqual(await seriousViolations(page), [], `${name} (${lang}): axe-core`);
        if (size === 'phone') {
          // A phone widens its layout to what overflows: compare with the 390 pixels asked for.
          const width = await page.evaluate(() => document.documentElement.scrollWidth);
          assert.ok(width <= viewport.width, `${name} (${lang}) fits a phone: ${width}px wide`);
        }
      }
      await context.close();
    }
  }
});
