//! Renders a report (the JSON the Rust core returns) into DOM elements: the overall verdict,
//! one row per check with its reason, fix and evidence, the notices and the record diagnostics.
//!
//! Shared by the popup and the www page. It builds elements with `createElement` and sets text
//! with `textContent` only: page- and record-derived strings never become HTML. It decides
//! nothing about the rules; verdicts, reasons and evidence come from the core unchanged, and
//! words come from the locale messages (`reason_<code>`, `fix_<code>`, `check_<id>`, ...).

/** Display order of verdicts when failing rows come first. */
export const VERDICT_RANK = { fail: 0, warn: 1, pass: 2, skip: 3 };

/** A short mark per verdict, shown next to the text label (never colour alone). */
export const VERDICT_MARK = { pass: '✓', warn: '!', fail: '✕', skip: '–' };

/**
 * Create an element. `props` sets properties (`className`, `hidden`, ...) except `dataset`
 * (an object) and `attrs` (attributes); children are nodes or strings (as text nodes).
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null) continue;
    if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'attrs') for (const [name, v] of Object.entries(value)) el.setAttribute(name, v);
    else el[key] = value;
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return el;
}

/** Remove every child of `el`. */
export function clear(el) {
  el.replaceChildren();
}

/**
 * Reasons whose evidence `value` is a code with its own message: the key is prefix + code
 * (`hidden_by_display_none`, `text_source_alt`).
 */
const VALUE_CODE_PREFIX = { number_hidden_only: 'hidden_by_', number_image_only: 'text_source_' };

/**
 * The placeholder values a reason or fix message may use, from a check's evidence:
 * `found`, `expected`, `value` (in words when it is a code), and `where` (the element path).
 */
export function evidenceValues(evidence = {}, reason = '', i18n = null) {
  let value = evidence.value;
  const prefix = VALUE_CODE_PREFIX[reason];
  if (prefix && value && i18n && i18n.has(prefix + value)) value = i18n.t(prefix + value);
  return {
    found: evidence.found,
    expected: evidence.expected,
    value,
    where: evidence.location ? evidence.location.path : undefined,
  };
}

/** Quote pairs that may wrap a placeholder in a message (the highlight replaces them). */
const QUOTE_PAIRS = { '“': '”', '"': '"', '‘': '’', '「': '」' };

/**
 * Fill `el` with a message, the substituted values wrapped in `<span class="value">` so they
 * stand out from the wording. A quote pair around a value is dropped: the highlight already
 * marks where the value starts and ends (plain text from `i18n.t` keeps the quotes).
 * Placeholders named in `plain` (values already put into words) are not highlighted.
 * Returns `el`.
 */
export function fillMessage(el, i18n, key, values, plain = new Set()) {
  const parts = i18n.parts(key, values).map((p) => (plain.has(p.name) ? { text: p.text } : { ...p }));
  parts.forEach((part, i) => {
    const before = parts[i - 1];
    const after = parts[i + 1];
    if (!part.name || !before || !after || before.name || after.name) return;
    const open = before.text.slice(-1);
    if (QUOTE_PAIRS[open] && after.text.startsWith(QUOTE_PAIRS[open])) {
      before.text = before.text.slice(0, -1);
      after.text = after.text.slice(1);
    }
  });
  clear(el);
  for (const part of parts) {
    if (part.name) el.append(h('span', { className: 'value', dataset: { name: part.name } }, part.text));
    else if (part.text) el.append(part.text);
  }
  return el;
}

/** The checks of a report, failing first (`order: 'severity'`) or as reported (`'report'`). */
export function orderedChecks(report, order = 'severity') {
  const checks = Array.isArray(report.checks) ? report.checks.slice() : [];
  if (order === 'severity') {
    // Array.prototype.sort is stable, so report order holds within one verdict.
    checks.sort((a, b) => (VERDICT_RANK[a.verdict] ?? 9) - (VERDICT_RANK[b.verdict] ?? 9));
  }
  return checks;
}

/** How many checks have each verdict. */
export function countVerdicts(report) {
  const counts = { fail: 0, warn: 0, pass: 0, skip: 0 };
  for (const check of report.checks || []) {
    if (Object.hasOwn(counts, check.verdict)) counts[check.verdict]++;
  }
  return counts;
}

/** A verdict chip: mark plus text label. */
export function verdictChip(i18n, verdict) {
  return h(
    'span',
    { className: 'chip', dataset: { verdict } },
    h('span', { className: 'chip-mark', attrs: { 'aria-hidden': 'true' } }, VERDICT_MARK[verdict] || '?'),
    i18n.t(`verdict_${verdict}`),
  );
}

/**
 * Show the overall verdict in `el` (sets `data-verdict`): a mark, the verdict sentence and
 * the count of checks per verdict.
 */
export function renderOverall(el, report, i18n) {
  const verdict = report.overall;
  delete el.dataset.state;
  el.dataset.verdict = verdict;
  const counts = countVerdicts(report);
  const tally = h('p', { className: 'overall-counts' });
  for (const v of ['fail', 'warn', 'pass', 'skip']) {
    if (counts[v] === 0) continue;
    tally.append(h('span', { className: 'count', dataset: { verdict: v } }, i18n.t(`count_${v}`, { count: counts[v] })));
  }
  const generator = generatorText(report);
  el.replaceChildren(
    h('span', { className: 'overall-mark', attrs: { 'aria-hidden': 'true' } }, VERDICT_MARK[verdict] || '?'),
    h(
      'div',
      { className: 'overall-body' },
      h('p', { className: 'overall-title' }, i18n.t(`overall_${verdict}`)),
      tally,
      generator &&
        h('p', { className: 'overall-generator', dataset: { generator: report.generator.id } }, i18n.t('generator_line', { generator })),
    ),
  );
}

/**
 * The page's generator as the core named it, e.g. `Hexo 7.3.0 · next`, or '' when unknown.
 * Data only (names, version, theme id): the words around it come from `generator_line`.
 */
export function generatorText(report) {
  const g = report && report.generator;
  if (!g || !g.name) return '';
  return [g.version ? `${g.name} ${g.version}` : g.name, g.theme].filter(Boolean).join(' · ');
}

/**
 * Show a state that is not a verdict (`idle`, `checking`, `error`) in the overall element;
 * removes `data-verdict`.
 */
export function renderOverallState(el, state, i18n) {
  delete el.dataset.verdict;
  el.dataset.state = state;
  const mark = { idle: '…', checking: '', error: '!' }[state] ?? '';
  el.replaceChildren(
    h('span', { className: 'overall-mark', attrs: { 'aria-hidden': 'true' } }, mark),
    h('div', { className: 'overall-body' }, h('p', { className: 'overall-title' }, i18n.t(`overall_${state}`))),
  );
}

/** The "where" of a location: the element path and, when known, the landmark's name. */
function whereNode(location, i18n) {
  const node = h('span', { className: 'where' }, h('code', {}, location.path || '?'));
  if (location.landmark) {
    const key = `landmark_${location.landmark}`;
    const name = i18n.has(key) ? i18n.t(key) : location.landmark;
    node.append(' ', h('span', { className: 'landmark' }, name));
  }
  return node;
}

/**
 * The expandable details of a check (found, where, expected, value, others), or null.
 * Rows that passed or were skipped get details only when they add something the sentence
 * does not already say (a location, other findings, a value the message did not use).
 */
function detailsNode(check, i18n, values, usedNames) {
  const ev = check.evidence || {};
  const settled = check.verdict === 'pass' || check.verdict === 'skip';
  const adds =
    !!ev.location ||
    (Array.isArray(ev.others) && ev.others.length > 0) ||
    ['found', 'expected', 'value'].some((name) => ev[name] && !usedNames.has(name));
  if (settled && !adds) return null;
  const rows = [];
  const row = (key, ...content) => rows.push(h('dt', {}, i18n.t(key)), h('dd', {}, ...content));
  if (ev.found) row('detail_found', h('code', {}, ev.found));
  if (ev.location) row('detail_where', whereNode(ev.location, i18n));
  if (ev.expected) row('detail_expected', h('code', {}, ev.expected));
  if (ev.value) row('detail_value', h('code', {}, values.value));
  if (Array.isArray(ev.others) && ev.others.length > 0) {
    row('detail_others', h('ul', { className: 'others' }, ev.others.map((o) => h('li', {}, h('code', {}, String(o))))));
  }
  if (rows.length === 0) return null;
  return h('details', { className: 'check-details' }, h('summary', {}, i18n.t('detail_toggle')), h('dl', {}, rows));
}

/**
 * One check as a list item carrying `data-check`, `data-verdict` and `data-reason`.
 * @param {object} check a `CheckResult` from the report.
 * @param {I18n} i18n
 */
export function renderCheckRow(check, i18n) {
  const values = evidenceValues(check.evidence, check.reason, i18n);
  const plain = new Set(VALUE_CODE_PREFIX[check.reason] ? ['value'] : []);
  const nameId = `check-name-${check.id}`;
  const row = h('li', {
    className: 'check',
    dataset: { check: check.id, verdict: check.verdict, reason: check.reason },
    attrs: { 'aria-labelledby': nameId },
  });
  row.append(
    h(
      'div',
      { className: 'check-head' },
      h('h3', { className: 'check-name', id: nameId }, i18n.t(`check_${check.id}`)),
      verdictChip(i18n, check.verdict),
    ),
    fillMessage(h('p', { className: 'check-reason' }), i18n, `reason_${check.reason}`, values, plain),
  );
  const usedNames = new Set(i18n.parts(`reason_${check.reason}`, values).map((p) => p.name).filter(Boolean));
  const fixKey = `fix_${check.reason}`;
  if ((check.verdict === 'fail' || check.verdict === 'warn') && i18n.has(fixKey)) {
    const fix = h('p', { className: 'check-fix' }, h('strong', { className: 'fix-label' }, i18n.t('fix_label')));
    const text = fillMessage(h('span', {}), i18n, fixKey, values, plain);
    fix.append(text);
    row.append(fix);
  }
  const generatorFix = check.generatorFix;
  if ((check.verdict === 'fail' || check.verdict === 'warn') && generatorFix && i18n.has(generatorFix.key)) {
    // The same fix in the terms of the site's generator and theme (the file, setting and value).
    const fix = h(
      'p',
      { className: 'check-fix check-fix-generator', dataset: { generatorFix: generatorFix.key } },
      h('strong', { className: 'fix-label' }, i18n.t('fix_generator_label', generatorFix.values)),
    );
    fix.append(fillMessage(h('span', {}), i18n, generatorFix.key, generatorFix.values));
    row.append(fix);
  }
  const details = detailsNode(check, i18n, values, usedNames);
  if (details) row.append(details);
  return row;
}

/**
 * Fill `list` (an `<ol>`/`<ul>`) with one row per check.
 * @param {object} [options]
 * @param {'severity'|'report'} [options.order='severity'] failing rows first, or report order.
 * @param {(row: HTMLElement, check: object) => void} [options.decorate] adds controls to a row.
 */
export function renderChecks(list, report, i18n, options = {}) {
  const rows = orderedChecks(report, options.order || 'severity').map((check) => {
    const row = renderCheckRow(check, i18n);
    if (options.decorate) options.decorate(row, check);
    return row;
  });
  list.replaceChildren(...rows);
}

/** The values a notice message uses (the chosen site's name for `site_chosen_by_domain`). */
function noticeValues(report) {
  const sites = (report.record && report.record.sites) || [];
  const site = Number.isInteger(report.site) ? sites[report.site] : null;
  return { site: site ? site.name || (site.domains || [])[0] || site.numberRaw : undefined };
}

/** Fill `list` with the report's notices; hides it when there are none. */
export function renderNotices(list, report, i18n) {
  const notices = Array.isArray(report.notices) ? report.notices : [];
  const values = noticeValues(report);
  list.replaceChildren(
    ...notices.map((code) => h('li', { dataset: { notice: code } }, i18n.t(`notice_${code}`, values))),
  );
  list.hidden = notices.length === 0;
}

/**
 * Fill `container` with the record's unused lines (line number, issue, text); hides it when
 * every line was used.
 */
export function renderDiagnostics(container, record, i18n) {
  const diagnostics = (record && Array.isArray(record.diagnostics) && record.diagnostics) || [];
  clear(container);
  container.hidden = diagnostics.length === 0;
  if (diagnostics.length === 0) return;
  container.append(
    h('p', { className: 'diagnostics-title' }, i18n.t('record_diagnostics_title', { count: diagnostics.length })),
    h(
      'ul',
      {},
      diagnostics.map((d) =>
        h(
          'li',
          { dataset: { line: String(d.line), issue: d.issue } },
          h('span', { className: 'issue' }, i18n.t(`record_issue_${d.issue}`, { line: d.line })),
          h('code', {}, d.text),
        ),
      ),
    ),
  );
}

/** The record format's name, e.g. "“标签：值”文本", or '' for an empty record. */
export function recordFormatText(record, i18n) {
  if (!record || !record.format || record.format === 'empty') return '';
  return i18n.t('record_format_label', { format: i18n.t(`record_format_${record.format}`) });
}

/**
 * Copy `text` to the clipboard; falls back to selecting `element`'s text (or, without an
 * element, a temporary off-screen text box holding `text`) and the legacy copy command where
 * the async clipboard is unavailable. Resolves to whether it worked.
 */
export async function copyText(text, element) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch (e) {
    // Fall back below (no clipboard permission, or an insecure context).
  }
  let scratch = null;
  try {
    const selection = getSelection();
    if (!element) {
      scratch = h('textarea', { value: text, readOnly: true, className: 'visually-hidden', attrs: { 'aria-hidden': 'true' } });
      document.body.append(scratch);
      scratch.select();
    } else {
      const range = document.createRange();
      range.selectNodeContents(element);
      selection.removeAllRanges();
      selection.addRange(range);
    }
    return document.execCommand('copy');
  } catch (e) {
    return false;
  } finally {
    scratch?.remove();
  }
}

/** The canonical text of a 公安 number object of the record (`{province, digits}`). */
function mpsText(mps) {
  return mps && mps.digits ? `${mps.province || ''}公网安备${mps.digits}号` : '';
}

/** A date and time in the UI language, with the time zone. */
function formatTime(date, tag) {
  try {
    return new Intl.DateTimeFormat(tag, {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
    }).format(date);
  } catch (e) {
    return date.toISOString();
  }
}

/**
 * The report as plain text in the UI language: the page, the record, the overall verdict,
 * then each check (failing first) with its finding, its fix and where it is on the page. Made
 * to paste into a support ticket or a hosting provider's review (复查) request.
 * @param {object} report the core's report.
 * @param {I18n} i18n
 * @param {object} [meta]
 * @param {Date} [meta.checkedAt] when the check ran.
 * @param {string} [meta.version] the product version.
 * @param {string} [meta.snippet] the footer HTML to append.
 * @param {boolean} [meta.strictSiteNumber] whether the strict setting was on.
 * @returns {string}
 */
export function reportText(report, i18n, meta = {}) {
  const lines = [];
  const field = (labelKey, value) => {
    if (value === undefined || value === null || value === '') return;
    lines.push(i18n.t('report_label_value', { label: i18n.t(labelKey), value: String(value) }));
  };
  const indent = (text) => `    ${text}`;
  lines.push(i18n.t('report_heading'), '');

  const page = report.page || {};
  field('report_label_page', page.url);
  field('report_label_title', page.title);
  field('report_label_generator', generatorText(report));
  if (meta.checkedAt instanceof Date) field('report_label_time', formatTime(meta.checkedAt, i18n.tag));
  if (meta.strictSiteNumber) field('report_label_options', i18n.t('ui_strict_site_number'));

  const record = report.record || {};
  const sites = Array.isArray(record.sites) ? record.sites : [];
  const site = Number.isInteger(report.site) ? sites[report.site] : null;
  field('report_label_unit', record.unitName);
  field('report_label_entity', record.entityRaw);
  if (site) {
    field('report_label_site_number', site.numberRaw);
    field('report_label_site_name', site.name);
    field('report_label_domains', (site.domains || []).join(', '));
  }
  field('report_label_mps', mpsText((site && site.mps) || record.mps));

  lines.push('');
  field('report_label_overall', i18n.t(`overall_${report.overall}`));
  const counts = countVerdicts(report);
  lines.push(
    ['fail', 'warn', 'pass', 'skip']
      .filter((v) => counts[v] > 0)
      .map((v) => i18n.t(`count_${v}`, { count: counts[v] }))
      .join(' · '),
  );

  for (const check of orderedChecks(report, 'severity')) {
    const values = evidenceValues(check.evidence, check.reason, i18n);
    const ev = check.evidence || {};
    lines.push('', `[${VERDICT_MARK[check.verdict] || '?'} ${i18n.t(`verdict_${check.verdict}`)}] ${i18n.t(`check_${check.id}`)}`);
    lines.push(indent(i18n.t(`reason_${check.reason}`, values)));
    const fixKey = `fix_${check.reason}`;
    if ((check.verdict === 'fail' || check.verdict === 'warn') && i18n.has(fixKey)) {
      lines.push(indent(i18n.t('report_label_value', { label: i18n.t('fix_label'), value: i18n.t(fixKey, values) })));
    }
    const generatorFix = check.generatorFix;
    if ((check.verdict === 'fail' || check.verdict === 'warn') && generatorFix && i18n.has(generatorFix.key)) {
      lines.push(indent(`${i18n.t('fix_generator_label', generatorFix.values)}${i18n.t(generatorFix.key, generatorFix.values)}`));
    }
    if (ev.location && ev.location.path) {
      const key = `landmark_${ev.location.landmark}`;
      const landmark = ev.location.landmark ? ` (${i18n.has(key) ? i18n.t(key) : ev.location.landmark})` : '';
      lines.push(indent(i18n.t('report_label_value', { label: i18n.t('detail_where'), value: ev.location.path + landmark })));
    }
    if (Array.isArray(ev.others) && ev.others.length > 0) {
      lines.push(indent(i18n.t('report_label_value', { label: i18n.t('detail_others'), value: ev.others.join(', ') })));
    }
  }

  const notices = Array.isArray(report.notices) ? report.notices : [];
  if (notices.length > 0) {
    const values = noticeValues(report);
    lines.push('', i18n.t('ui_notices'));
    for (const code of notices) lines.push(indent(i18n.t(`notice_${code}`, values)));
  }

  if (meta.snippet) lines.push('', i18n.t('report_snippet'), meta.snippet);
  lines.push('', i18n.t('report_generated', { version: meta.version || '' }));
  return `${lines.join('\n')}\n`;
}
