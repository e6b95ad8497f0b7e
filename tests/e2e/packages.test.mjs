// Invariants of the built packages (issue #4), checked on dist/ as a store reviewer gets it:
// no host permissions, no remote code, no web_accessible_resources, a CSP with only 'self' and
// 'wasm-unsafe-eval', the version from Cargo.toml, complete locales, and zips that two builds
// make byte for byte the same. The test build in dist-test/ differs only by host permissions.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';

import { ROOT } from './lib/fixtures.mjs';

const BROWSERS = ['chrome', 'firefox'];
const PERMISSIONS = ['activeTab', 'scripting', 'storage'];

const read = (...parts) => fs.readFileSync(path.join(ROOT, ...parts), 'utf8');
const readJson = (...parts) => JSON.parse(read(...parts));
const manifestOf = (dir, browser) => readJson(dir, browser, 'manifest.json');

/** Every file under `dir`, relative to it, sorted. */
function filesUnder(dir) {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath ?? d.path, d.name)))
    .sort();
}

function cargoVersion() {
  const pkg = read('Cargo.toml').split(/^\[/m).find((s) => s.startsWith('package]'));
  return pkg.match(/^version\s*=\s*"([^"]+)"/m)[1];
}

/** snake_case of a Rust variant name, as serde's rename_all = "snake_case" writes it. */
const snake = (name) => name.replace(/(?<!^)([A-Z])/g, '_$1').toLowerCase();

/** The unit variants of `pub enum <name>` in Rust source `rust`. */
function enumVariants(rust, name) {
  const body = rust.match(new RegExp(`pub enum ${name} \\{([\\s\\S]*?)\\n\\}`))[1];
  return [...body.matchAll(/^\s*([A-Z][A-Za-z0-9]*),\s*$/gm)].map((m) => m[1]);
}

/**
 * Locale keys the code needs: literal keys in the extension's HTML and JS, plus the families
 * the report renderer builds from the core's codes (src/core/report.rs: every reason `x` has
 * `reason_x`, and `fix_x` for warn and fail; src/core/generator/fixes.rs: its `gfix_` keys).
 */
function keysUsed() {
  const keys = new Set();
  const extension = path.join(ROOT, 'extension');
  for (const file of filesUnder(extension).filter((f) => /\.(js|html|json)$/.test(f) && !f.startsWith('_locales'))) {
    const text = fs.readFileSync(path.join(extension, file), 'utf8');
    for (const m of text.matchAll(/data-i18n(?:-[a-z-]+)?="([A-Za-z0-9_]+)"/g)) keys.add(m[1]);
    for (const m of text.matchAll(/\bi18n\.(?:t|has|parts)\(\s*'([A-Za-z0-9_]+)'/g)) keys.add(m[1]);
    for (const m of text.matchAll(/__MSG_([A-Za-z0-9_]+)__/g)) keys.add(m[1]);
  }
  const report = read('src/core/report.rs');
  for (const m of report.matchAll(/^\s*[A-Z]\w* = "([a-z_]+)": (Pass|Warn|Fail|Skip),/gm)) {
    keys.add(`reason_${m[1]}`);
    if (m[2] === 'Warn' || m[2] === 'Fail') keys.add(`fix_${m[1]}`);
  }
  for (const m of report.matchAll(/CheckId::\w+ => "([a-z_]+)"/g)) keys.add(`check_${m[1]}`);
  for (const v of enumVariants(report, 'Verdict')) keys.add(`verdict_${snake(v)}`);
  for (const v of enumVariants(report, 'Notice')) keys.add(`notice_${snake(v)}`);
  // The generator fixes table (src/core/generator/fixes.rs) names its sentences' keys.
  for (const m of read('src/core/generator/fixes.rs').matchAll(/"(gfix_[a-z0-9_]+)"/g)) keys.add(m[1]);
  const recordDir = path.join(ROOT, 'src/core/record');
  const record = filesUnder(recordDir).map((f) => read('src/core/record', f)).join('\n');
  for (const v of enumVariants(record, 'RecordFormat')) keys.add(`record_format_${snake(v)}`);
  for (const v of enumVariants(record, 'LineIssue')) keys.add(`record_issue_${snake(v)}`);
  return keys;
}

describe('release packages', () => {
  for (const browser of BROWSERS) {
    describe(`dist/${browser}`, () => {
      const manifest = manifestOf('dist', browser);

      test('asks for no host access and only the permissions it needs', () => {
        assert.deepEqual([...manifest.permissions].sort(), PERMISSIONS);
        for (const key of ['host_permissions', 'optional_host_permissions', 'optional_permissions', 'content_scripts', 'externally_connectable']) {
          assert.equal(manifest[key], undefined, key);
        }
      });

      test('has no web_accessible_resources', () => {
        assert.equal(manifest.web_accessible_resources, undefined);
      });

      test("allows scripts from only 'self' and 'wasm-unsafe-eval'", () => {
        const csp = manifest.content_security_policy.extension_pages;
        const directives = new Map(
          csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...sources]) => [name, sources]),
        );
        assert.deepEqual(directives.get('script-src'), ["'self'", "'wasm-unsafe-eval'"]);
        for (const [name, sources] of directives) {
          for (const source of sources) assert.ok(["'self'", "'wasm-unsafe-eval'", "'none'"].includes(source), `${name} ${source}`);
        }
      });

      test('carries the version of Cargo.toml', () => {
        assert.equal(manifest.version, cargoVersion());
        assert.equal(readJson('extension/manifest.json').version, undefined, 'no version in the manifest source');
      });

      test('loads no remote code', () => {
        const dir = path.join(ROOT, 'dist', browser);
        for (const file of filesUnder(dir).filter((f) => /\.(m?js|html)$/.test(f))) {
          const text = fs.readFileSync(path.join(dir, file), 'utf8');
          assert.doesNotMatch(text, /<script[^>]+src=["']?(?:https?:)?\/\//i, `${file}: remote <script>`);
          assert.doesNotMatch(text, /\b(?:import|from)\s*\(?\s*["'`](?:https?:)?\/\//, `${file}: remote import`);
          assert.doesNotMatch(text, /\bimportScripts\s*\(|\beval\s*\(|\bnew\s+Function\s*\(/, `${file}: code from strings`);
        }
      });

      test('ships every file the manifest names', () => {
        const dir = path.join(ROOT, 'dist', browser);
        const named = [manifest.action.default_popup, ...Object.values(manifest.icons), ...Object.values(manifest.action.default_icon)];
        for (const file of named) assert.ok(fs.existsSync(path.join(dir, file)), file);
        assert.ok(fs.existsSync(path.join(dir, 'wasm/beian_check_bg.wasm')));
        assert.ok(!filesUnder(dir).some((f) => /^manifest\.(chrome|firefox)\.json$/.test(f)), 'manifest sources shipped');
      });

      test('the test build differs only by host permissions', () => {
        const testManifest = manifestOf('dist-test', browser);
        assert.deepEqual(testManifest.host_permissions, ['<all_urls>']);
        delete testManifest.host_permissions;
        assert.deepEqual(testManifest, manifest);
      });
    });
  }

  test('Firefox-only keys stay in the Firefox package', () => {
    assert.equal(manifestOf('dist', 'chrome').browser_specific_settings, undefined);
    const gecko = manifestOf('dist', 'firefox').browser_specific_settings.gecko;
    assert.ok(gecko.id && gecko.strict_min_version);
    assert.deepEqual(gecko.data_collection_permissions, { required: ['none'] });
  });
});

describe('locales', () => {
  const dir = path.join(ROOT, 'extension/_locales');
  const locales = fs.readdirSync(dir).sort();
  const keysOf = (locale) => Object.keys(JSON.parse(fs.readFileSync(path.join(dir, locale, 'messages.json'), 'utf8'))).sort();

  test('zh_CN (the default) and en exist', () => {
    assert.deepEqual(locales, ['en', 'zh_CN']);
  });

  test('every locale has the same keys', () => {
    const reference = keysOf('zh_CN');
    for (const locale of locales) assert.deepEqual(keysOf(locale), reference, locale);
  });

  test('every key the code uses exists in every locale', () => {
    const used = [...keysUsed()].sort();
    for (const locale of locales) {
      const have = new Set(keysOf(locale));
      assert.deepEqual(used.filter((k) => !have.has(k)), [], `${locale} lacks keys`);
    }
  });
});

test('two builds give byte-identical zips', () => {
  const again = fs.mkdtempSync(path.join(os.tmpdir(), 'beian-dist-'));
  try {
    execFileSync('bash', [path.join(ROOT, 'build.sh')], {
      cwd: ROOT,
      env: { ...process.env, DIST_DIR: again },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const zips = BROWSERS.map((b) => `beian-check-${b}-${cargoVersion()}.zip`);
    for (const zip of zips) {
      assert.ok(fs.readFileSync(path.join(again, zip)).equals(fs.readFileSync(path.join(ROOT, 'dist', zip))), `${zip} differs`);
    }
  } finally {
    fs.rmSync(again, { recursive: true, force: true });
  }
});
