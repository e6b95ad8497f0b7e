// Generators and themes (issue #15) in both browsers, through the test build's popup and through
// the www page (dist/www, the page's source pasted with its URL and the record): each page
// of tests/fixtures/generators/ is built from its theme's own footer markup; expected.json says,
// per page, the generator the report names (`generator` in #report-json, the line under the
// verdict) and, per check, the verdict, the reason and the generator fix key the row shows
// (`generatorFix.key`, `[data-generator-fix]`), or null for none.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { launch, TEST_BUILD } from './lib/browsers.mjs';
import { FIXTURES, GENERATOR_FIXTURES } from './lib/fixtures.mjs';
import { enterRecord, openPopupForTab, readReport } from './lib/popup.mjs';
import { startFixtureServer } from './lib/server.mjs';
import { checkFixtureOnWww, openWww, WWW_DIR } from './lib/www-page.mjs';
import { startWwwServer } from './lib/www-server.mjs';

const DIR = path.join(FIXTURES, GENERATOR_FIXTURES);
const RECORD = fs.readFileSync(path.join(DIR, 'record.txt'), 'utf8');
const EXPECTED = JSON.parse(fs.readFileSync(path.join(DIR, 'expected.json'), 'utf8'));

/** One case per page, each under a host of its own within the record's domain. */
const CASES = Object.entries(EXPECTED).map(([name, expected]) => {
  const host = `${name}.qingshantea.cn`;
  return { name, host, url: `http://${host}/`, html: fs.readFileSync(path.join(DIR, `${name}.html`)), record: RECORD, expected };
});

test('every page has an expectation and every expectation a page', () => {
  const pages = fs.readdirSync(DIR).filter((f) => f.endsWith('.html')).map((f) => f.slice(0, -5)).sort();
  assert.deepEqual(pages, Object.keys(EXPECTED).sort());
});

/** What the popup shows of the generator: the line under the verdict and each row's fix key. */
function readGeneratorView(popup) {
  return popup.evaluate((win) => {
    const doc = win.document;
    const line = doc.querySelector('#overall .overall-generator');
    return {
      line: line ? { id: line.dataset.generator, text: line.textContent } : null,
      fixes: Object.fromEntries(
        [...doc.querySelectorAll('[data-check]')].map((row) => {
          const fix = row.querySelector('[data-generator-fix]');
          return [row.dataset.check, fix ? { key: fix.dataset.generatorFix, text: fix.textContent } : null];
        }),
      ),
    };
  });
}

/** Assert what `target` (the popup or the www page, after a check) shows for `fixture`. */
async function assertGeneratorReport(target, fixture) {
  const seen = await readReport(target);
  assert.equal(seen.state, 'ready', `${fixture.name}: ${seen.errorText ?? ''}`);
  const report = JSON.parse(seen.json);
  const { expected, name } = fixture;
  assert.deepEqual(report.generator, expected.generator, `${name}: generator`);
  if (expected.overall) assert.equal(report.overall, expected.overall, `${name}: overall`);
  const view = await readGeneratorView(target);
  if (expected.generator) {
    assert.equal(view.line?.id, expected.generator.id, `${name}: generator line`);
    assert.ok(view.line.text.includes(expected.generator.name), `${name}: ${view.line.text}`);
  } else {
    assert.equal(view.line, null, `${name}: no generator line`);
  }
  const checks = new Map(report.checks.map((c) => [c.id, c]));
  for (const [id, [verdict, reason, key]] of Object.entries(expected.checks)) {
    const check = checks.get(id);
    assert.deepEqual(
      { verdict: check.verdict, reason: check.reason, key: check.generatorFix?.key ?? null },
      { verdict, reason, key },
      `${name}: ${id} (evidence: ${JSON.stringify(check.evidence)})`,
    );
    assert.equal(view.fixes[id]?.key ?? null, key, `${name}: row ${id} shows its generator fix`);
    if (key) {
      // The sentence is filled: no placeholder left and no value missing (shown as "—").
      assert.doesNotMatch(view.fixes[id].text, /\$[A-Z_]+\$|—/, `${name}: ${view.fixes[id].text}`);
    }
  }
}

for (const browserName of ['chromium', 'firefox']) {
  describe(`${browserName}: generator fixes in the popup (test build) and on the www page`, () => {
    let server;
    let www;
    let session;

    before(async () => {
      server = await startFixtureServer(CASES);
      www = await startWwwServer(WWW_DIR);
      session = await launch(browserName, { extensionDir: TEST_BUILD[browserName], hosts: server.hosts, port: server.port });
    });

    after(async () => {
      await session?.close();
      await www?.close();
      await server?.close();
    });

    describe('every page', { concurrency: 4 }, () => {
      for (const fixture of CASES) {
        test(`${fixture.name}: names the generator and gives the fix in its terms`, async () => {
          const tab = await session.openFixture(fixture);
          let popup;
          try {
            popup = await openPopupForTab(session, await session.tabIdOf(fixture.url));
            await enterRecord(popup, fixture.record, 'type');
            await assertGeneratorReport(popup, fixture);
          } finally {
            await popup?.close();
            await tab.close();
          }
        });

        test(`${fixture.name}: the www page says the same`, async () => {
          const page = await openWww(session.browser, www.url);
          try {
            await checkFixtureOnWww(page, fixture, { click: true });
            await assertGeneratorReport(page, fixture);
          } finally {
            await page.close();
          }
        });
      }
    });
  });
}
