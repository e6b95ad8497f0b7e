// The command-line checker (issue #14), run as a user runs it: dist/cli/beian-check (built by
// ./build.sh) against the fixture pages, served under their own host names (--connect-to).
//
// - One audit of every fixture at -j 4, plus one unreachable and one non-HTML entry, with
//   --out: every fixture's report against its expected.json, the errors, the files written,
//   the exit status, then --resume (only the two errored entries are checked again).
// - Parity: for every fixture the test build's popup (Chromium, opened as a tab, as in
//   lib/suite.mjs) gives the same report JSON (`#report-json`) as the CLI, and `footer URL`
//   prints the popup's `#snippet`. Both are checked against expected.json first, so a shared
//   mistake cannot pass as parity.
// - `check` on every fixture (4 at a time, beside the parity tests) gives the audit's JSON and
//   the exit status of its verdict; on one fixture per verdict every exit status (0, 1 with
//   --fail-on warn, 2, 3).
// - A static folder with --as, --resolve, the JUnit output validated by xmllint against the
//   published schema tests/schemas/junit-10.xsd (Jenkins xUnit plugin, MIT), CSV, text in
//   both languages, colour and NO_COLOR, --shard, footer.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { launch, TEST_BUILD } from './lib/browsers.mjs';
import { byTimers, loadCases, ROOT } from './lib/fixtures.mjs';
import { assertReport, enterRecord, openPopupForTab, readReport } from './lib/popup.mjs';
import { startFixtureServer } from './lib/server.mjs';

const BIN = path.join(ROOT, 'dist/cli/beian-check');
/**
 * The published JUnit XML schema Jenkins' xUnit plugin validates with: junit-10.xsd of
 * https://github.com/jenkinsci/xunit-plugin at commit 031e285ef3b60dee7aaf36e9096d7dcd95ffae83
 * (src/main/resources/org/jenkinsci/plugins/xunit/types/model/xsd/junit-10.xsd), MIT licence,
 * Copyright (c) 2014 Gregory Boissinot; committed unchanged but for a header naming its source.
 */
const SCHEMA = path.join(ROOT, 'tests/schemas/junit-10.xsd');
const LOCALES = Object.fromEntries(
  ['en', 'zh_CN'].map((l) => [l, JSON.parse(fs.readFileSync(path.join(ROOT, `extension/_locales/${l}/messages.json`), 'utf8'))]),
);
/** A name that never resolves (RFC 2606), and the non-HTML entry's host. */
const UNREACHABLE = 'http://unreachable.invalid/';
const DATA_HOST = 'data.example.cn';
/** Exit status by overall verdict (without --fail-on warn). */
const EXIT = { pass: 0, skip: 0, warn: 0, fail: 2 };
/** The fixture of each verdict that `check` runs on. */
const SAMPLE = { pass: 'correct-footer', warn: 'link-http', fail: 'old-miit-address' };

if (!fs.existsSync(BIN)) throw new Error(`${BIN} is not built: run ./build.sh (or ./build.sh --test)`);

/**
 * Run the binary; resolves to { code, stdout, stderr }. English, no colour and no locale from
 * the machine unless `env` says otherwise; `input` goes to stdin.
 */
function run(args, { input, env = {}, shell = false } = {}) {
  const fullEnv = { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: 'C.UTF-8', NO_COLOR: '1', ...env };
  for (const [k, v] of Object.entries(fullEnv)) if (v === undefined) delete fullEnv[k];
  // `shell`: under `script`, so stdout is a terminal (for colour).
  const [file, argv] = shell
    ? ['script', ['-qec', [BIN, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' '), '/dev/null']]
    : [BIN, args];
  return new Promise((resolve, reject) => {
    // stdin only when there is input: a command that never reads it may exit before it is written.
    const child = spawn(file, argv, { env: fullEnv, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (input !== undefined) {
      child.stdin.on('error', () => {}); // the exit status and output tell what happened
      child.stdin.end(input);
    }
  });
}

/** The JSON of a `--format json` run, or a failure that shows what the run printed. */
function json(result) {
  try {
    return JSON.parse(result.stdout);
  } catch (e) {
    assert.fail(`not JSON (exit ${result.code}): ${result.stdout.slice(0, 300)} ${result.stderr.slice(0, 300)}`);
  }
}

/** Assert a CLI report (parsed JSON) against the fixture's expected.json. */
function assertCliReport(report, fixture) {
  const { expected, name } = fixture;
  const checks = new Map(report.checks.map((c) => [c.id, c]));
  for (const [id, want] of Object.entries(expected.checks)) {
    const c = checks.get(id);
    assert.deepEqual([c?.verdict, c?.reason], want, `${name}: ${id} (evidence: ${JSON.stringify(c?.evidence)})`);
  }
  for (const [id, fields] of Object.entries(expected.evidence ?? {})) {
    const evidence = checks.get(id)?.evidence ?? {};
    for (const [field, want] of Object.entries(fields)) assert.deepEqual(evidence[field], want, `${name}: ${id} evidence.${field}`);
  }
  if (expected.overall) assert.equal(report.overall, expected.overall, `${name}: overall`);
  if (expected.notices) assert.deepEqual([...report.notices].sort(), [...expected.notices].sort(), `${name}: notices`);
  assert.ok(report.snippet?.html.includes(fixture.snippetNumber), `${name}: snippet lacks ${fixture.snippetNumber}`);
  assert.equal(report.page.url, fixture.url, `${name}: page.url`);
}

/** The popup's report for `fixture` (test build, popup opened as a tab on the fixture's page). */
async function popupReport(session, fixture) {
  const pageTab = await session.openFixture(fixture);
  let popup;
  try {
    popup = await openPopupForTab(session, await session.tabIdOf(fixture.url), { window: Boolean(fixture.expected.popupWindow) });
    await enterRecord(popup, fixture.record, 'check');
    return await readReport(popup);
  } finally {
    await popup?.close();
    await pageTab.close();
  }
}

/**
 * The server of DATA_HOST: `/stalled.html` is `page` with an image that never arrives (so the
 * load event never fires), anything else JSON (the audit's non-HTML entry).
 */
async function startDataServer(page) {
  const server = http.createServer((req, res) => {
    if (req.url === '/hang.png') return; // never answered
    if (req.url === '/stalled.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page.toString('utf8').replace('</body>', '<img src="/hang.png" alt=""></body>'));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"not":"a page"}\n');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}

/** Validate XML text against the JUnit schema; returns xmllint's verdict (true when valid). */
function validJunit(xml, dir) {
  const file = path.join(dir, `junit-${process.hrtime.bigint()}.xml`);
  fs.writeFileSync(file, xml);
  try {
    execFileSync('xmllint', ['--noout', '--schema', SCHEMA, file], { stdio: 'pipe' });
    return true;
  } catch (e) {
    return false;
  }
}

describe('cli: dist/cli/beian-check', () => {
  const cases = loadCases();
  const byName = new Map(cases.map((c) => [c.name, c]));
  const recordFile = (fixture) => path.join(fixture.dir, 'record.txt');
  let fixtures;
  let data;
  let session;
  let tmp;
  let routes;
  let audit;
  let sitesFile;
  let outDir;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'beian-cli-'));
    fixtures = await startFixtureServer(cases);
    data = await startDataServer(byName.get(SAMPLE.pass).html);
    routes = [
      ...fixtures.hosts.flatMap((h) => ['--connect-to', `${h}:80:127.0.0.1:${fixtures.port}`]),
      '--connect-to',
      `${DATA_HOST}:80:127.0.0.1:${data.port}`,
    ];
    // Every fixture, then one unreachable and one non-HTML entry, their records given as text.
    const correct = byName.get(SAMPLE.pass);
    sitesFile = path.join(tmp, 'sites.jsonl');
    fs.writeFileSync(
      sitesFile,
      [
        ...cases.map((c) => ({ url: c.url, record: recordFile(c) })),
        { url: UNREACHABLE, record: correct.record },
        { url: `http://${DATA_HOST}/`, record: correct.record },
      ]
        .map((s) => JSON.stringify(s))
        .join('\n'),
    );
    outDir = path.join(tmp, 'out');
    // Finished before the popup's browser starts: the two side by side on a busy machine made
    // the collector's 3 s settle limit (notice page_unsettled) a matter of luck.
    audit = run(['audit', sitesFile, '-j', '4', '--format', 'json', '--out', outDir, ...routes]);
    await audit;
    session = await launch('chromium', { extensionDir: TEST_BUILD.chromium, hosts: fixtures.hosts, port: fixtures.port });
  });

  after(async () => {
    await session?.close();
    await fixtures?.close();
    await data?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** The audit's JSON lines by URL. */
  async function auditLines() {
    const { stdout } = await audit;
    return new Map(stdout.trim().split('\n').map((l) => JSON.parse(l)).map((l) => [l.url, l]));
  }

  test('audit -j 4 --out: one line per site, an error line each for unreachable and non-HTML, exit 3', async () => {
    const result = await audit;
    assert.equal(result.code, 3, `exit status (stderr: ${result.stderr.slice(-500)})`);
    const lines = await auditLines();
    assert.equal(lines.size, cases.length + 2);
    const unreachable = lines.get(UNREACHABLE);
    assert.equal(unreachable.overall, 'error');
    assert.match(unreachable.error, /ERR_NAME_NOT_RESOLVED/);
    const nonHtml = lines.get(`http://${DATA_HOST}/`);
    assert.equal(nonHtml.overall, 'error');
    assert.match(nonHtml.error, /not HTML: application\/json/);
    for (const fixture of cases) {
      const line = lines.get(fixture.url);
      assert.ok(line.report, `${fixture.name}: ${line.error}`);
      assert.equal(line.overall, line.report.overall);
    }
    // The summary table counts every site.
    assert.match(result.stderr, new RegExp(`total\\s+${cases.length + 2}\\b`));
    assert.match(result.stderr, /error\s+2\b/);
    // --out: a report file per site and an index of all of them, each as the line printed.
    const index = JSON.parse(fs.readFileSync(path.join(outDir, 'index.json'), 'utf8'));
    assert.equal(index.length, cases.length + 2);
    for (const entry of index) {
      const written = JSON.parse(fs.readFileSync(path.join(outDir, entry.file), 'utf8'));
      assert.deepEqual(written, lines.get(entry.url));
      assert.equal(entry.overall, written.overall);
    }
  });

  const sameAsThePopup = (fixture) =>
    test(fixture.name, async () => {
      const [seen, lines] = await Promise.all([popupReport(session, fixture), auditLines()]);
      const line = lines.get(fixture.url);
      assert.ok(line.report, `${fixture.name}: ${line.error}`);
      assertCliReport(line.report, fixture);
      const fromPopup = assertReport(seen, fixture);
      assert.deepEqual(line.report, fromPopup, `${fixture.name}: CLI and popup reports differ`);
      const footer = await run(['footer', fixture.url, '--record', recordFile(fixture)]);
      assert.equal(footer.code, 0, footer.stderr);
      assert.equal(footer.stdout, `${seen.snippet}\n`, `${fixture.name}: footer differs from #snippet`);
      // `check` on its own: the audit's report, and the exit status of its verdict. After the
      // popup, not beside it, so each reads the page under the load it has always had.
      const checked = await run(['check', fixture.url, '--record', recordFile(fixture), '--format', 'json', ...routes]);
      assert.deepEqual(json(checked), line.report, `${fixture.name}: check differs from audit`);
      assert.equal(checked.code, EXIT[line.report.overall], `${fixture.name}: exit status`);
    });
  const { together, alone } = byTimers(cases);
  describe('every fixture: the audit as expected, the same JSON and snippet as the popup, check as the audit', { concurrency: 4 }, () =>
    together.forEach(sameAsThePopup),
  );
  describe('every fixture whose page timers matter, alone: the same', () => alone.forEach(sameAsThePopup));

  test('audit --resume checks only what did not finish, and exits with the worst of all', async () => {
    await audit;
    const again = await run(['audit', sitesFile, '-j', '4', '--format', 'json', '--out', outDir, '--resume', ...routes]);
    const urls = again.stdout.trim().split('\n').map((l) => JSON.parse(l).url).sort();
    assert.deepEqual(urls, [`http://${DATA_HOST}/`, UNREACHABLE].sort());
    assert.equal(again.code, 3);
    const index = JSON.parse(fs.readFileSync(path.join(outDir, 'index.json'), 'utf8'));
    assert.equal(index.length, cases.length + 2, 'index.json: one entry per site, the latest');
  });

  test('audit stopped by SIGTERM keeps what finished, leaves no browser or profile behind; --resume does the rest', async () => {
    const some = cases.slice(0, 6);
    const sites = path.join(tmp, 'stopped-sites.jsonl');
    fs.writeFileSync(sites, some.map((c) => JSON.stringify({ url: c.url, record: recordFile(c) })).join('\n'));
    const out = path.join(tmp, 'stopped');
    const args = ['audit', sites, '--format', 'json', '--out', out, ...routes];
    const child = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let printed = '';
    child.stdout.setEncoding('utf8').on('data', (d) => {
      printed += d;
      if (printed.includes('\n')) child.kill('SIGTERM');
    });
    const code = await new Promise((resolve) => child.on('close', (c, signal) => resolve(c ?? signal)));
    assert.equal(code, 128 + os.constants.signals.SIGTERM);
    const finished = fs.readFileSync(path.join(out, 'index.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.ok(finished.length >= 1 && finished.length < some.length, `finished ${finished.length}`);
    assert.deepEqual(finished.filter((e) => e.overall === 'error'), [], 'the stop was recorded as a site error');
    const leftover = (() => {
      try {
        return execFileSync('pgrep', ['-f', `beian-check-${child.pid}-`], { encoding: 'utf8' });
      } catch (e) {
        return ''; // pgrep exits 1 when nothing matches
      }
    })();
    assert.equal(leftover, '', 'a browser outlived the stopped run');
    assert.deepEqual(fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith(`beian-check-${child.pid}-`)), [], 'profile left behind');
    const resumed = await run([...args, '--resume']);
    assert.equal(resumed.stdout.trim().split('\n').length, some.length - finished.length);
    const index = JSON.parse(fs.readFileSync(path.join(out, 'index.json'), 'utf8'));
    assert.deepEqual(index.map((e) => e.url).sort(), some.map((c) => c.url).sort());
  });

  test('check: exit 0 pass, 0 warn (1 with --fail-on warn), 2 fail, 3 unreachable or bad usage; the JSON is the audit\'s', async () => {
    const lines = await auditLines();
    const check = (name, extra = []) => {
      const fixture = byName.get(name);
      return run(['check', fixture.url, '--record', '-', '--format', 'json', ...extra, ...routes], { input: fixture.record });
    };
    // Three browsers at a time: more side by side made a busy 2-core machine time pages out.
    const [pass, warn, warnFails] = await Promise.all([check(SAMPLE.pass), check(SAMPLE.warn), check(SAMPLE.warn, ['--fail-on', 'warn'])]);
    const [fail, unreachable, usage] = await Promise.all([
      check(SAMPLE.fail),
      run(['check', UNREACHABLE, '--record', recordFile(byName.get(SAMPLE.pass)), '--format', 'json']),
      run(['check', UNREACHABLE]),
    ]);
    for (const [verdict, result, code] of [['pass', pass, 0], ['warn', warn, 0], ['warn', warnFails, 1], ['fail', fail, 2]]) {
      const fixture = byName.get(SAMPLE[verdict]);
      assert.equal(result.code, code, `${fixture.name}: exit status (${result.stdout.slice(0, 300)} ${result.stderr})`);
      const report = json(result);
      assert.equal(report.overall, verdict);
      assert.deepEqual(report, lines.get(fixture.url).report, `${fixture.name}: check and audit differ`);
    }
    assert.equal(unreachable.code, 3);
    assert.match(json(unreachable).error, /ERR_NAME_NOT_RESOLVED/);
    assert.equal(usage.code, 3);
    assert.match(usage.stderr, /--record/);
  });

  test('check reads a page whose load event never comes, once it is parsed', async () => {
    const fixture = byName.get(SAMPLE.pass);
    const started = Date.now();
    const result = await run(['check', `http://${DATA_HOST}/stalled.html`, '--record', recordFile(fixture), '--format', 'json', '--timeout', '60', ...routes]);
    assert.notEqual(result.code, 3, result.stdout + result.stderr);
    const number = json(result).checks.find((c) => c.id === 'number');
    assert.deepEqual([number.verdict, number.reason], ['pass', 'number_site_found']);
    assert.ok(Date.now() - started < 45_000, 'waited for the timeout instead of reading the parsed page');
  });

  test('check --resolve HOST:PORT:ADDR opens HOST on PORT at ADDR, as curl does', async () => {
    const fixture = byName.get(SAMPLE.pass);
    const url = `http://${fixture.host}:${fixtures.port}/`;
    const [resolved, otherPort] = await Promise.all([
      run(['check', url, '--record', recordFile(fixture), '--format', 'json', '--resolve', `${fixture.host}:${fixtures.port}:127.0.0.1`]),
      // The rule is for that port only: port 80 of the same host is not mapped.
      run(['check', fixture.url, '--record', recordFile(fixture), '--format', 'json', '--resolve', `${fixture.host}:${fixtures.port}:127.0.0.1`]),
    ]);
    assert.equal(resolved.code, 0, resolved.stderr);
    const report = json(resolved);
    assert.equal(report.page.url, url);
    assert.deepEqual(report.checks.find((c) => c.id === 'link').verdict, 'pass');
    assert.equal(otherPort.code, 3);
  });

  test('check FILE|FOLDER --as URL: a static build checked at its live address', async () => {
    const fixture = byName.get(SAMPLE.pass);
    const site = path.join(tmp, 'public');
    fs.mkdirSync(path.join(site, 'about'), { recursive: true });
    fs.writeFileSync(path.join(site, 'index.html'), fixture.html);
    fs.writeFileSync(path.join(site, 'about', 'index.html'), fixture.html);
    const record = recordFile(fixture);
    const [file, folder, inner, elsewhere] = await Promise.all([
      run(['check', path.join(site, 'index.html'), '--as', `https://${fixture.host}/`, '--record', record, '--format', 'json']),
      run(['check', site, '--as', `http://${fixture.host}/`, '--record', record, '--format', 'json']),
      run(['check', path.join(site, 'about'), '--as', `https://${fixture.host}/about/`, '--record', record, '--format', 'json']),
      run(['check', site, '--as', 'https://www.not-filed.cn/', '--record', record, '--format', 'json']),
    ]);
    for (const [result, url] of [[file, `https://${fixture.host}/`], [folder, `http://${fixture.host}/`]]) {
      assert.equal(result.code, 0, result.stderr);
      const report = json(result);
      assert.equal(report.page.url, url);
      assertCliReport({ ...report, page: { ...report.page, url: fixture.url } }, fixture);
    }
    // The domain and homepage checks mean what they will mean live.
    const verdicts = (result) => Object.fromEntries(json(result).checks.map((c) => [c.id, c.reason]));
    assert.equal(inner.code, 0, inner.stderr);
    assert.equal(verdicts(inner).homepage, 'homepage_not_root');
    assert.equal(elsewhere.code, 2, elsewhere.stderr);
    assert.equal(verdicts(elsewhere).domain, 'domain_other_site');
  });

  test('--format junit is valid JUnit XML (the published junit-10.xsd), check and audit', async () => {
    const fixture = byName.get(SAMPLE.fail);
    const sites = path.join(tmp, 'junit-sites.csv');
    fs.writeFileSync(sites, `url,record\n${fixture.url},${recordFile(fixture)}\n${UNREACHABLE},${recordFile(fixture)}\n`);
    const [checked, audited] = await Promise.all([
      run(['check', fixture.url, '--record', recordFile(fixture), '--format', 'junit', ...routes]),
      run(['audit', sites, '--format', 'junit', '--fail-on', 'warn', ...routes]),
    ]);
    assert.equal(checked.code, 2);
    assert.ok(validJunit(checked.stdout, tmp), checked.stdout);
    assert.ok(validJunit(audited.stdout, tmp), audited.stdout);
    assert.equal(audited.code, 3);
    // The schema can fail: a suite without its counts is refused.
    assert.ok(!validJunit(checked.stdout.replace(/ tests="\d+"/, ''), tmp), 'xmllint accepted a suite without tests=');
    // One test case per check; failures and skips as the report has them.
    const report = (await auditLines()).get(fixture.url).report;
    const count = (verdict) => report.checks.filter((c) => c.verdict === verdict).length;
    assert.equal((checked.stdout.match(/<testcase /g) ?? []).length, report.checks.length);
    assert.equal((checked.stdout.match(/<failure /g) ?? []).length, count('fail'));
    assert.match(checked.stdout, new RegExp(`failures="${count('fail')}"`));
    assert.equal((checked.stdout.match(/<skipped /g) ?? []).length, count('skip'));
    assert.equal((audited.stdout.match(/<testsuite /g) ?? []).length, 2);
    assert.match(audited.stdout, /<error message="[^"]*ERR_NAME_NOT_RESOLVED/);
  });

  test('--format csv and text: one row per check; text in each language, colour only on a terminal', async () => {
    const fixture = byName.get(SAMPLE.fail);
    const args = ['check', fixture.url, '--record', recordFile(fixture), ...routes];
    const [csv, en, zh, zhFromEnv, terminal, terminalNoColour] = await Promise.all([
      run([...args, '--format', 'csv']),
      run([...args, '--lang', 'en']),
      run([...args, '--lang', 'zh']),
      run(args, { env: { LANG: 'zh_CN.UTF-8' } }),
      run(args, { shell: true, env: { NO_COLOR: undefined } }),
      run(args, { shell: true, env: { NO_COLOR: '1' } }),
    ]);
    const report = (await auditLines()).get(fixture.url).report;
    const rows = csv.stdout.trim().split('\n');
    assert.equal(rows[0], 'url,check,verdict,reason,found,expected,message');
    assert.deepEqual(
      rows.slice(1).map((r) => r.split(',').slice(0, 4)),
      report.checks.map((c) => [fixture.url, c.id, c.verdict, c.reason]),
    );
    for (const [result, locale] of [[en, 'en'], [zh, 'zh_CN'], [zhFromEnv, 'zh_CN']]) {
      assert.equal(result.code, 2);
      const m = LOCALES[locale];
      assert.ok(result.stdout.includes(m.overall_fail.message.split('\n')[0]), `${locale}: ${result.stdout}`);
      for (const c of report.checks) assert.ok(result.stdout.includes(m[`check_${c.id}`].message), `${locale}: check_${c.id}`);
      assert.ok(!result.stdout.includes('\x1b['), `${locale}: colour when stdout is not a terminal`);
    }
    assert.ok(terminal.stdout.includes('\x1b[31m'), `no colour on a terminal: ${JSON.stringify(terminal.stdout.slice(0, 200))}`);
    assert.ok(!terminalNoColour.stdout.includes('\x1b['), 'colour despite NO_COLOR');
  });

  test('audit --shard K/N: the shards split the list, each site in exactly one', async () => {
    const sites = path.join(tmp, 'shard-sites.csv');
    const urls = ['a', 'b', 'c', 'd', 'e'].map((h) => `http://${h}.invalid/`);
    fs.writeFileSync(sites, `url,record\n${urls.map((u) => `${u},"网站备案号：京ICP备11018762号-1"`).join('\n')}\n`);
    const shards = await Promise.all([1, 2].map((k) => run(['audit', sites, '--shard', `${k}/2`, '--format', 'json'])));
    const seen = shards.map((r) => r.stdout.trim().split('\n').map((l) => JSON.parse(l).url).sort());
    assert.deepEqual(seen, [[urls[0], urls[2], urls[4]], [urls[1], urls[3]]]);
    const bad = await run(['audit', sites, '--shard', '3/2']);
    assert.equal(bad.code, 3);
  });

  test('footer: the snippet, with --entity, the 公安 number unless --no-mps, --format json, the record on stdin', async () => {
    const correct = byName.get(SAMPLE.pass);
    const mps = byName.get('mps-linked');
    const [site, entity, withMps, withoutMps, asJson, none] = await Promise.all([
      run(['footer', '--record', '-'], { input: correct.record }),
      run(['footer', '--record', recordFile(correct), '--entity']),
      run(['footer', mps.url, '--record', recordFile(mps)]),
      run(['footer', mps.url, '--record', recordFile(mps), '--no-mps']),
      run(['footer', '--record', recordFile(correct), '--format', 'json']),
      run(['footer', '--record', '-'], { input: '网站名称：没有号码\n' }),
    ]);
    assert.match(site.stdout, /浙ICP备2021034567号-1/);
    assert.match(site.stdout, /href="https:\/\/beian\.miit\.gov\.cn\/"/);
    assert.match(entity.stdout, /浙ICP备2021034567号</);
    assert.match(withMps.stdout, /京公网安备11010802045678号/);
    assert.match(withMps.stdout, /beian\.mps\.gov\.cn/);
    assert.doesNotMatch(withoutMps.stdout, /公网安备/);
    assert.deepEqual(JSON.parse(asJson.stdout).number, '浙ICP备2021034567号-1');
    assert.equal(JSON.parse(asJson.stdout).html, site.stdout.trimEnd());
    assert.equal(none.code, 3);
  });
});
