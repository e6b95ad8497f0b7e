// Generated homepages for the browser benchmark: a shop's homepage of an exact number of
// elements, made of what real Chinese homepages are made of (a header with a nav, a banner,
// product grids of linked cards, news lists with dates, article blocks with inline markup and
// nested wrappers), a statistics script, with the footer and its filing number at the very end.
//
//   generatePage(elements) -> { html, elements, texts, links }
//
// Deterministic: the same size always gives the same bytes, so runs compare.

/** The site the pages pretend to be; the record below is its filing. */
export const HOST = 'www.example-shop.cn';
export const RECORD = [
  '主办单位名称：北京示例科技有限公司',
  '主办单位性质：企业',
  '主体备案号：京ICP备12345678号',
  '网站名称：示例商城',
  '网站域名：example-shop.cn',
  '网站备案号：京ICP备12345678号-1',
  '审核日期：2023-05-18',
].join('\n');

const STYLE = `
  body { margin: 0; font: 14px/1.6 "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; color: #333; background: #f5f5f5; }
  a { color: inherit; text-decoration: none; }
  .wrap { width: 1200px; margin: 0 auto; }
  header { background: #c81623; color: #fff; }
  header .wrap { display: flex; align-items: center; justify-content: space-between; height: 60px; }
  .logo { font-size: 24px; font-weight: bold; }
  nav a { margin-left: 24px; }
  .banner { height: 300px; background: linear-gradient(120deg, #f66, #fc9); color: #fff; display: flex; align-items: center; justify-content: center; font-size: 32px; }
  section { margin: 24px 0; background: #fff; padding: 16px; }
  section h2 { margin: 0 0 12px; font-size: 20px; }
  .grid { display: flex; flex-wrap: wrap; gap: 12px; }
  .card { width: 224px; border: 1px solid #eee; padding: 8px; }
  .card img { display: block; width: 208px; height: 120px; background: #ddd; }
  .card h3 { margin: 6px 0; font-size: 15px; }
  .card p { margin: 0; color: #666; font-size: 12px; }
  .price { color: #c81623; font-weight: bold; }
  .news li { display: flex; justify-content: space-between; }
  .news .date { color: #999; }
  .article p { text-indent: 2em; }
  .tag { display: inline-block; padding: 0 6px; background: #fee; color: #c81623; font-size: 12px; }
  footer { background: #222; color: #aaa; text-align: center; padding: 24px 0; font-size: 13px; }
  footer p { margin: 4px 0; }
`;

const PRODUCTS = ['有机大米', '东北木耳', '新疆红枣', '云南普洱', '西湖龙井', '五常香米', '宁夏枸杞', '赣南脐橙'];
const NEWS = ['示例商城春季大促全面开启', '关于调整部分商品配送时效的公告', '新品上市：高山云雾茶', '会员积分规则更新说明'];
const SENTENCES = [
  '我们坚持产地直采，从源头把控品质，',
  '全国大部分地区次日送达，支持七天无理由退换，',
  '每一件商品都经过严格的质量检测，',
  '客服团队全年无休，竭诚为您服务。',
];

/**
 * A homepage of exactly `elements` elements (counting html, head, body and everything in them).
 * Returns the HTML and what it holds.
 */
export function generatePage(elements) {
  const out = [];
  let count = 0; // elements written so far
  let texts = 0; // non-blank text nodes written so far
  let links = 0;
  const open = (tag, attrs = '') => {
    count++;
    out.push(`<${tag}${attrs}>`);
  };
  const leaf = (tag, text, attrs = '') => {
    count++;
    texts++;
    out.push(`<${tag}${attrs}>${text}</${tag}>`);
  };
  const link = (href, text, attrs = '') => {
    links++;
    leaf('a', text, ` href="${href}"${attrs}`);
  };

  // The footer's size, so the body stops early enough for it to fit.
  const FOOTER = 8;

  open('html', ' lang="zh-CN"');
  open('head');
  out.push('<meta charset="utf-8">');
  count++;
  leaf('title', '示例商城 - 正品低价 品质生活');
  open('style');
  out.push(STYLE, '</style>');
  // The statistics snippet nearly every Chinese homepage carries. A page with scripts is watched
  // for a moment while it is read (extension/page/collector.js), as real homepages are.
  open('script');
  out.push('var _hmt = _hmt || [];</script></head>');
  open('body');
  open('header');
  open('div', ' class="wrap"');
  leaf('div', '示例商城', ' class="logo"');
  open('nav');
  for (const [href, label] of [['/', '首页'], ['/category', '全部分类'], ['/new', '新品'], ['/sale', '促销'], ['/help', '帮助中心']]) {
    link(href, label);
  }
  out.push('</nav></div></header>');
  leaf('div', '年中大促 · 满299减50', ' class="banner"');
  open('main', ' class="wrap"');

  const room = () => elements - FOOTER - count;
  let item = 0;
  let kind = 0;
  // One block after another until the next would not fit; then single elements fill the rest.
  for (;;) {
    kind = (kind + 1) % 3;
    if (kind === 0 && room() >= 3 + 8 * 7) {
      // A product grid: section > h2 + div.grid > 8 x (div.card > a > img + h3 + p + span.price)
      open('section');
      leaf('h2', `精选推荐 ${item}`);
      open('div', ' class="grid"');
      for (let k = 0; k < 8; k++, item++) {
        const name = PRODUCTS[item % PRODUCTS.length];
        open('div', ' class="card"');
        open('a', ` href="/item/${item}" target="_blank"`);
        links++;
        count++;
        out.push(`<img src="data:," alt="${name}">`);
        leaf('h3', `${name} 500g装`);
        leaf('p', '产地直发，新鲜到家');
        leaf('span', `¥${(19.9 + (item % 50)).toFixed(1)}`, ' class="price"');
        out.push('</a></div>');
      }
      out.push('</div></section>');
    } else if (kind === 1 && room() >= 3 + 6 * 3) {
      // A news list: section > h2 + ul > 6 x (li > a + span.date)
      open('section', ' class="news"');
      leaf('h2', '新闻动态');
      open('ul');
      for (let k = 0; k < 6; k++, item++) {
        open('li');
        link(`/news/${item}`, NEWS[item % NEWS.length]);
        leaf('span', `2024-0${1 + (item % 9)}-${10 + (item % 18)}`, ' class="date"');
        out.push('</li>');
      }
      out.push('</ul></section>');
    } else if (kind === 2 && room() >= 4 + 3 * 5) {
      // An article block: section > div > div.article > 3 x (p > text + strong + text + em + a.tag)
      open('section');
      open('div');
      open('div', ' class="article"');
      leaf('h2', '关于我们');
      for (let k = 0; k < 3; k++, item++) {
        open('p');
        texts++;
        out.push(SENTENCES[item % 4]);
        leaf('strong', '正品保障');
        texts++;
        out.push(SENTENCES[(item + 1) % 4]);
        leaf('em', '品质生活');
        link(`/tag/${item}`, '了解更多', ' class="tag"');
        out.push('</p>');
      }
      out.push('</div></div></section>');
    } else if (room() > 0) {
      if (room() >= 3 + 8 * 7 || room() >= 3 + 6 * 3 || room() >= 4 + 3 * 5) continue;
      leaf('span', '热卖', ' class="tag"');
    } else {
      break;
    }
  }
  out.push('</main>');

  // The footer: FOOTER elements, the filing number linked to the MIIT system last.
  open('footer');
  leaf('p', '地址：北京市海淀区示例路1号 电话：010-1234 5678');
  leaf('p', 'Copyright © 2024 北京示例科技有限公司 版权所有');
  open('p');
  link('/about', '关于我们');
  texts++;
  out.push(' | ');
  link('/contact', '联系我们');
  out.push('</p>');
  open('p');
  link('https://beian.miit.gov.cn/', '京ICP备12345678号-1', ' target="_blank" rel="noopener"');
  out.push('</p></footer></body></html>');
  if (count !== elements) throw new Error(`generated ${count} elements, wanted ${elements}`);
  return { html: `<!DOCTYPE html>\n${out.join('')}\n`, elements: count, texts, links };
}
