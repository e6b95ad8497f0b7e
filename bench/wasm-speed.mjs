// The core's side of a page read, timed in Node on the built wasm (issue #11): making the
// `PageRead` from a first read of N elements (unpacking it and finding the candidates), the
// measuring rounds' bookkeeping (answered here with plain facts) and the judging. It is what
// `opt-level` changes, so `./build.sh bench` reports it for the build it made and
// BENCHMARKS.md compares the levels.
//
//   node bench/wasm-speed.mjs [--wasm dist-test/chrome/wasm] [--sizes 10000,100000,300000] [--reps 7]
import fs from 'node:fs';
import path from 'node:path';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((out, arg, i, all) => (arg.startsWith('--') ? [...out, [arg.slice(2), all[i + 1]]] : out), []),
);
const DIR = path.resolve(args.wasm ?? 'dist-test/chrome/wasm');
const SIZES = (args.sizes ?? '10000,100000,300000').split(',').map(Number);
const REPS = Number(args.reps ?? 7);
const RECORD = '网站名称：示例商城\n网站域名：example-shop.cn\n网站备案号：京ICP备12345678号-1\n';

/** A first read of `elements` elements: article blocks (div > p > span + a), then the footer. */
function firstRead(elements) {
  const tagNames = ['html', 'body', 'div', 'p', 'span', 'a', 'footer'];
  const tags = [0, 1];
  const parents = [0, 1];
  const texts = [];
  const owners = [];
  const linkElements = [];
  const linkHrefs = [];
  while (tags.length < elements - 3) {
    const div = tags.length;
    tags.push(2, 3, 4, 5);
    parents.push(div - 1 >= 1 ? div - 1 : 1, 1, 2, 2); // div under body; p, span, a under div/p
    parents[div] = div - 1; // back to body: index - 1 is body only for the first; fix below
    parents[div] = div - 1 === 1 ? 1 : div - 1;
    texts.push(`第${div}条 新闻标题，价格 ¥${div % 997} 元，发布于 2026-12-0${div % 9}`, `详情 ${div}`);
    owners.push(div + 2, div + 3);
    linkElements.push(div + 3);
    linkHrefs.push(`/news/${div}.html`);
  }
  // Parents as distances: every div hangs under body (index 1).
  for (let i = 2; i < tags.length; i += 4) {
    parents[i] = i - 1;
    parents[i + 1] = 1;
    parents[i + 2] = 1;
    parents[i + 3] = 2;
  }
  const footer = tags.length;
  tags.push(6, 5);
  parents.push(footer - 1, 1);
  texts.push('京ICP备12345678号-1');
  owners.push(footer + 1);
  linkElements.push(footer + 1);
  linkHrefs.push('https://beian.miit.gov.cn/');
  let previous = 0;
  return {
    token: 't',
    url: 'https://www.example-shop.cn/',
    title: '示例商城',
    lang: 'zh-CN',
    text: texts.join(''),
    lengths: texts.map((t) => t.length).join(','),
    owners: owners.map((o) => { const d = o - previous; previous = o; return d; }).join(','),
    sources: '',
    tagNames,
    tags: tags.join(','),
    parents: parents.map((p, i) => (i === 0 ? 0 : p)).join(','),
    linkElements: linkElements.join(','),
    linkHrefs,
    frames: [],
    collector: { nodesVisited: tags.length, elapsedMs: 0, truncated: false, unsettled: false, watching: false },
  };
}

/** Answer a request as a plain page would: every element visible, every text on its line. */
function answer(request, read) {
  const y = (i) => 20 * i;
  return {
    viewport: request.page ? { w: 1280, h: 800 } : undefined,
    document: request.page ? { w: 1280, h: 20 * read.pieces + 100 } : undefined,
    scroll: request.page ? { x: 0, y: 0 } : undefined,
    elements: request.elements.map((index) => ({ index, display: index % 4 === 0 ? 'inline' : 'block' })),
    texts: request.texts.map((index) => ({ index, rect: { x: 540, y: y(index), w: 200, h: 16 } })),
    links: request.links.map((index) => ({ index, href: 'https://beian.miit.gov.cn/', rawHref: 'https://beian.miit.gov.cn/' })),
    elapsedMs: 0,
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const glue = await import(path.join(DIR, 'beian_check.js'));
glue.initSync({ module: fs.readFileSync(path.join(DIR, 'beian_check_bg.wasm')) });
console.log(`wasm ${DIR}: ${fs.statSync(path.join(DIR, 'beian_check_bg.wasm')).size} bytes`);
console.log('| elements | first read (chars) | pick (new PageRead) | rounds | judge (first check) | re-check |');
console.log('|---:|---:|---:|---:|---:|---:|');
for (const size of SIZES) {
  const text = firstRead(size);
  const wire = JSON.stringify(text); // as the collector sends it
  const picks = [];
  const judges = [];
  const rechecks = [];
  let rounds = 0;
  for (let r = 0; r < REPS + 1; r++) {
    let t = performance.now();
    const read = new glue.PageRead(wire);
    const pick = performance.now() - t;
    for (let q = read.request(); q; q = read.request()) read.measured(answer(q, read));
    rounds = read.rounds;
    t = performance.now();
    const report = read.check(RECORD, {});
    const judge = performance.now() - t;
    t = performance.now();
    read.check(`${RECORD}\n`, {});
    const recheck = performance.now() - t;
    if (report.overall !== 'pass') throw new Error(`expected pass, got ${JSON.stringify(report.checks.map((c) => c.reason))}`);
    read.free();
    if (r > 0) {
      picks.push(pick);
      judges.push(judge);
      rechecks.push(recheck);
    }
  }
  const chars = wire.length;
  console.log(`| ${size.toLocaleString('en')} | ${chars.toLocaleString('en')} | ${median(picks).toFixed(1)} | ${rounds} | ${median(judges).toFixed(2)} | ${median(rechecks).toFixed(2)} |`);
}
