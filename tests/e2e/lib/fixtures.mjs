// The fixture cases in tests/fixtures/<case>/: one source of truth per case.
//
// Each case directory holds `page.html` (the homepage under test), `record.txt` (the filing
// record as a webmaster pastes it), optionally more pages (`<name>.html`, served at
// `/<name>.html`) and response headers (`headers.json`), and `expected.json`:
//   { "host": "www.example.cn",                 the host the page is served under
//     "checks": { "<check id>": ["<verdict>", "<reason code>"], ... },
//     "evidence": { "<check id>": { "<field>": <value> } },  optional; e.g. number.value
//     "overall": "<verdict>",                    optional
//     "notices": ["<notice>", ...],              optional; exactly the notices the popup shows
//     "popupWindow": true,                       optional; open the popup in a window of its own,
//                                                so the page stays in front with its timers
//                                                running (browsers clamp those of a tab behind),
//                                                and run the case alone (see `byTimers`)
//     "snippetNumber": "<number>" }              optional; default: the record's 网站备案号
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const FIXTURES = path.join(ROOT, 'tests/fixtures');

/**
 * The folder of tests/fixtures/ that holds the generator pages (issue #15): one
 * `<theme>.html` each, one `record.txt` and one `expected.json` for all; see generators.test.mjs.
 */
export const GENERATOR_FIXTURES = 'generators';

/** The value of label `label` in a `标签：值` record (full-width or ASCII colon). */
export function recordValue(record, label) {
  for (const line of record.split(/\r?\n/)) {
    const m = line.match(/^\s*([^:：]+?)\s*[:：]\s*(.*?)\s*$/);
    if (m && m[1] === label) return m[2];
  }
  return undefined;
}

/**
 * Split `cases` into those that may run side by side and those whose page timers matter
 * (`popupWindow`), which must run alone: a tab another case opens meanwhile can land in front of
 * theirs, and Firefox then clamps the page's timers to one a second (a ticker stops looking
 * restless; seen in CI).
 */
export function byTimers(cases) {
  return {
    together: cases.filter((c) => !c.expected.popupWindow),
    alone: cases.filter((c) => c.expected.popupWindow),
  };
}

/** Every case, sorted by name. Throws when a case is incomplete or two share a host. */
export function loadCases() {
  const cases = fs
    .readdirSync(FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== GENERATOR_FIXTURES)
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const dir = path.join(FIXTURES, name);
      const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'));
      const record = fs.readFileSync(path.join(dir, 'record.txt'), 'utf8');
      const snippetNumber = expected.snippetNumber ?? recordValue(record, '网站备案号');
      if (!expected.host || !expected.checks || !snippetNumber) {
        throw new Error(`fixture ${name}: expected.json needs host, checks and a snippet number`);
      }
      return {
        name,
        dir,
        host: expected.host,
        url: `http://${expected.host}/`,
        html: fs.readFileSync(path.join(dir, 'page.html')),
        record,
        expected,
        snippetNumber,
      };
    });
  const hosts = new Set();
  for (const c of cases) {
    if (hosts.has(c.host)) throw new Error(`fixture ${c.name}: host ${c.host} used twice`);
    hosts.add(c.host);
  }
  return cases;
}
