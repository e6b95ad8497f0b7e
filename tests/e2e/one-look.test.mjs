// One look (issue #13): the popup and the www page share their stylesheet
// (extension/shared/common.css) and their common page parts (extension/shared/parts/, put in
// place by build.sh) instead of copying them. This test fails when a run of six or more lines is
// copied between the pages' own files or from a shared file into one of them, either to the
// letter or with only names, strings and numbers changed (the same shape).
//
// Lines are compared as the `duplicates` tool of the workplace compares them: white space folded;
// blank lines, comment lines and lines of mere punctuation passed over; a window of six lines is
// compared by shape only when it holds enough to be more than boilerplate (24 tokens, two lines
// that read as statements or rules).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

import { ROOT } from './lib/fixtures.mjs';

const WINDOW = 6;
const MIN_TOKENS = 4;
const MIN_STATEMENTS = 2;
const NO_SUBSTANCE = /^[\s{}()[\];,:.]*$/;
const TOKEN = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[A-Za-z_][A-Za-z0-9_]*|[0-9][0-9a-fA-FxX_.]*|\S/g;
const STATEMENT_WORDS = new Set(['if', 'for', 'while', 'return', 'let', 'var', 'const', 'else', 'try', 'catch', 'throw', 'await']);

/** A line as compared: white space folded, or '' for a line that does not count. */
function norm(line) {
  const s = line.split(/\s+/).filter(Boolean).join(' ');
  if (s.length < 3 || s.length > 2000 || NO_SUBSTANCE.test(s)) return '';
  if (['/*', '*', "'''", '"""'].some((m) => s.startsWith(m)) && !s.startsWith('*/')) return '';
  return s;
}

/** The line's shape (names as x, strings as s, numbers as 0) and whether it reads as a statement. */
function shape(line) {
  const toks = line.match(TOKEN) ?? [];
  const kind = (t) => (/^[A-Za-z_]/.test(t) ? 'x' : /^["']/.test(t) ? 's' : /^[0-9]/.test(t) ? '0' : t);
  const shp = toks.map(kind);
  const first = toks.find((t) => /^[A-Za-z_]/.test(t));
  const lone = (k) => k + 1 >= shp.length || !'=>'.includes(shp[k + 1]);
  const statement =
    shp[0] !== '#' &&
    ((first !== undefined && STATEMENT_WORDS.has(first)) ||
      shp.some((t, k) => t === '=' && lone(k) && (k === 0 || !'=!<>'.includes(shp[k - 1]))) ||
      shp.length >= 8);
  return { key: shp.join(' '), count: shp.length, statement };
}

/** Every window of WINDOW counted lines of `text`: its exact key, its shape key (or ''), its lines. */
function windows(text) {
  const rows = [];
  text.split('\n').forEach((line, i) => {
    const s = norm(line);
    if (s) rows.push({ s, ...shape(s), line: i + 1 });
  });
  const out = [];
  for (let i = 0; i + WINDOW <= rows.length; i++) {
    const chunk = rows.slice(i, i + WINDOW);
    const count = chunk.reduce((n, r) => n + r.count, 0);
    const statements = chunk.filter((r) => r.statement).length;
    const slight = count < MIN_TOKENS * WINDOW || statements < MIN_STATEMENTS;
    out.push({
      exact: chunk.map((r) => r.s).join('\n'),
      shaped: slight ? '' : chunk.map((r) => r.key).join('\n'),
      from: chunk[0].line,
      to: chunk[WINDOW - 1].line,
    });
  }
  return out;
}

/**
 * The runs of WINDOW or more lines that the texts `a` and `b` share, identical or of the same
 * shape: `[{ a: [from, to], b: [from, to], shape }]`, overlapping windows merged.
 */
export function sharedRuns(a, b) {
  const seen = new Map();
  for (const w of windows(b)) {
    for (const key of [`=${w.exact}`, w.shaped && `~${w.shaped}`].filter(Boolean)) {
      if (!seen.has(key)) seen.set(key, []);
      seen.get(key).push(w);
    }
  }
  const runs = [];
  for (const w of windows(a)) {
    for (const [key, kind] of [[`=${w.exact}`, false], [w.shaped && `~${w.shaped}`, true]]) {
      for (const v of (key && seen.get(key)) || []) {
        const run = runs.find((r) => r.a[0] < w.from && w.from <= r.a[1] + 1 && r.b[0] < v.from && v.from <= r.b[1] + 1);
        if (run) {
          run.a[1] = Math.max(run.a[1], w.to);
          run.b[1] = Math.max(run.b[1], v.to);
          run.shape &&= kind;
        } else if (!runs.some((r) => r.a[0] === w.from && r.b[0] === v.from)) {
          runs.push({ a: [w.from, w.to], b: [v.from, v.to], shape: kind });
        }
      }
    }
  }
  return runs;
}

const read = (file) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const partsDir = 'extension/shared/parts';
const GROUPS = {
  stylesheets: ['extension/popup/popup.css', 'www/www.css', 'extension/shared/common.css'],
  pages: ['extension/popup/popup.html', 'www/index.html', ...fs.readdirSync(path.join(ROOT, partsDir)).map((f) => `${partsDir}/${f}`)],
};

describe('one look: nothing copied between the popup and the www page', () => {
  test('the check finds a copied run, and a renamed one by its shape', () => {
    const block = ['.chip {', '  display: inline-flex;', '  align-items: center;', '  padding: 1px 8px 1px 6px;', '  font-size: 12px;', '  border-radius: 999px;', '  color: var(--skip);', '}'];
    const around = (lines) => ['.a { color: red; }', ...lines, '.b { color: blue; }'].join('\n');
    assert.deepEqual(sharedRuns(around(block), `.x {}\n.y {}\n${block.join('\n')}`), [{ a: [2, 8], b: [3, 9], shape: false }]);
    const renamed = block.map((l) => l.replace('chip', 'badge').replace('12px', '13px').replace('skip', 'muted'));
    const runs = sharedRuns(around(block), around(renamed));
    assert.equal(runs.length, 1);
    assert.equal(runs[0].shape, true);
    assert.deepEqual(sharedRuns(around(block), ['.q { top: 0; }', ...block.slice(1, 6)].join('\n')), [], 'five lines are not a run');
  });

  for (const [group, files] of Object.entries(GROUPS)) {
    test(`${group}: no run of ${WINDOW} or more lines shared between ${files.length} files`, () => {
      const found = [];
      for (let i = 0; i < files.length; i++) {
        for (let j = i + 1; j < files.length; j++) {
          for (const r of sharedRuns(read(files[i]), read(files[j]))) {
            found.push(`${files[i]}:${r.a.join('-')} ~ ${files[j]}:${r.b.join('-')}${r.shape ? ' (same shape)' : ''}`);
          }
        }
      }
      assert.deepEqual(found, []);
    });
  }
});
