//! `parse_record` on realistic pastes of every record format of RULES.md ("The record"): each
//! case compares a compact summary of the whole `Record`, so any change in what is read, where
//! it goes, or which lines are reported fails the case.

use beian_check::core::number::LicenceNumber;
use beian_check::core::record::{
    parse_record, parse_record_unbounded, LineIssue, Record, RecordFormat,
};

/// One line per thing read, in a fixed order; absent fields are left out.
fn summary(rec: &Record) -> String {
    let mut out = vec![format!("format: {}", enum_str(&rec.format))];
    if let Some(entity) = &rec.entity {
        let mut line = format!("entity: {}", entity.canonical());
        if let Some(raw) = rec
            .entity_raw
            .as_ref()
            .filter(|r| **r != entity.canonical())
        {
            line.push_str(&format!(" (raw {raw})"));
        }
        out.push(line);
    } else if let Some(raw) = &rec.entity_raw {
        out.push(format!("entity raw: {raw}"));
    }
    if let Some(unit) = &rec.unit_name {
        out.push(format!("unit: {unit}"));
    }
    if let Some(nature) = &rec.nature {
        out.push(format!("nature: {nature}"));
    }
    for licence in &rec.licences {
        out.push(format!("licence: {}", licence_str(licence)));
    }
    if let Some(mps) = &rec.mps {
        out.push(format!("mps: {}", mps.canonical()));
    }
    for site in &rec.sites {
        let mut parts = Vec::new();
        match (&site.number, &site.number_raw) {
            (Some(n), Some(raw)) if *raw != n.canonical() => {
                parts.push(format!("{} (raw {raw})", n.canonical()))
            }
            (Some(n), _) => parts.push(n.canonical()),
            (None, Some(raw)) => parts.push(format!("raw {raw}")),
            (None, None) => parts.push("-".to_string()),
        }
        if let Some(name) = &site.name {
            parts.push(format!("name {name}"));
        }
        if !site.domains.is_empty() {
            parts.push(format!("domains {}", site.domains.join(" ")));
        }
        if let Some(home) = &site.home_url {
            parts.push(format!("home {home}"));
        }
        if let Some(approved) = &site.approved {
            parts.push(format!("approved {approved}"));
        }
        if let Some(mps) = &site.mps {
            parts.push(format!("mps {}", mps.canonical()));
        }
        out.push(format!("site: {}", parts.join(" | ")));
    }
    for d in &rec.diagnostics {
        let line = format!("diag {} {}: {}", d.line, enum_str(&d.issue), d.text);
        out.push(line.trim_end().to_string());
    }
    out.join("\n")
}

fn enum_str<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn licence_str(l: &LicenceNumber) -> String {
    let mut s = format!("{}{}-{}", l.province, l.class, l.digits);
    if let Some(suffix) = &l.suffix {
        s.push('-');
        s.push_str(suffix);
    }
    s
}

/// Trim the common indentation of an expected summary written inline.
fn expected(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// (case name, paste, expected summary)
const CASES: &[(&str, &str, &str)] = &[
    // ---- MIIT detail page copied as text ----
    (
        "detail: Chrome copy, tabs, CRLF, BOM, trailing tabs",
        "\u{feff}ICP备案主体信息\r\n\
         ICP备案/许可证号\t京ICP证030173号\t\r\n\
         审核通过日期\t2019-05-16\r\n\
         主办单位名称\t北京百度网讯科技有限公司\t\r\n\
         主办单位性质\t企业\r\n\
         \r\n\
         ICP备案服务信息\r\n\
         网站备案/许可证号\t京ICP证030173号-1\r\n\
         审核通过日期\t2023-03-09\r\n\
         网站名称\t百度\r\n\
         网站首页网址\twww.baidu.com\r\n\
         网站域名\tbaidu.com hao123.com\r\n\
         服务前置审批项\t\r\n\
         是否限制接入\t否\r\n",
        "format: miit_detail
         entity: 京ICP证030173号
         unit: 北京百度网讯科技有限公司
         nature: 企业
         site: 京ICP证030173号-1 | name 百度 | domains baidu.com hao123.com | home www.baidu.com | approved 2023-03-09",
    ),
    (
        "detail: Firefox copy, label and value on alternating lines, blank lines",
        "ICP备案主体信息\n\nICP备案/许可证号\n\n浙ICP备2021012345号\n\n审核通过日期\n2021-06-01\n\
         主办单位名称\n杭州某某网络科技有限公司\n主办单位性质\n企业\n\n网站信息\n\
         网站备案/许可证号\n浙ICP备2021012345号-2\n网站名称\n某某在线\n网站首页网址\n\
         https://www.mouonline.cn/\n网站域名\nmouonline.cn\n\n前置审批项\n\n是否限制接入\n否\n",
        "format: miit_detail
         entity: 浙ICP备2021012345号
         unit: 杭州某某网络科技有限公司
         nature: 企业
         site: 浙ICP备2021012345号-2 | name 某某在线 | domains mouonline.cn | home https://www.mouonline.cn/",
    ),
    (
        "detail: 服务 synonyms (服务备案号, 服务名称, 服务首页地址, 审核日期)",
        "ICP备案服务信息\n服务备案号\t沪ICP备18012345号-3\n服务名称\t某某文档中心\n\
         服务首页地址\tdocs.example.org\n审核日期\t2024-01-12\n",
        "format: miit_detail
         entity: 沪ICP备18012345号
         site: 沪ICP备18012345号-3 | name 某某文档中心 | domains docs.example.org | home docs.example.org | approved 2024-01-12",
    ),
    (
        "detail: four cells per row (table copied with two columns of pairs)",
        "主办单位名称\t成都某某有限公司\t主办单位性质\t企业\n\
         ICP备案/许可证号\t蜀ICP备19001234号\t审核通过日期\t2019-08-08\n\
         网站名称\t某某官网\t网站备案/许可证号\t蜀ICP备19001234号-1\n\
         前置审批项\t\t是否限制接入\t否\n",
        "format: miit_detail
         entity: 蜀ICP备19001234号
         unit: 成都某某有限公司
         nature: 企业
         site: 蜀ICP备19001234号-1 | name 某某官网 | approved 2019-08-08",
    ),
    (
        "detail: tabs turned into spaces",
        "主办单位名称    深圳某某科技有限公司\n主办单位性质  企业\n网站备案/许可证号  粤ICP备20012345号-1\n\
         网站名称  某某 Blog\n网站域名  mou-blog.com   www.mou-blog.com\n",
        "format: miit_detail
         entity: 粤ICP备20012345号
         unit: 深圳某某科技有限公司
         nature: 企业
         site: 粤ICP备20012345号-1 | name 某某 Blog | domains mou-blog.com www.mou-blog.com",
    ),
    (
        "detail: page chrome that is not understood is reported by line",
        "ICP/IP地址/域名信息备案管理系统\n备案详情\nICP备案主体信息\nICP备案/许可证号\t京ICP备12005138号\n\
         主办单位名称\t某某\n主办单位性质\t个人\n温馨提示：请核对信息\n详情\n",
        "format: miit_detail
         entity: 京ICP备12005138号
         unit: 某某
         nature: 个人
         diag 1 not_understood: ICP/IP地址/域名信息备案管理系统
         diag 7 not_understood: 温馨提示：请核对信息",
    ),
    (
        "detail: domains one per line after the label",
        "网站备案/许可证号\n京ICP备11018762号-11\n网站域名\nexample.cn\nexample.com.cn\nEXAMPLE.NET\n网站名称\n示例\n",
        "format: miit_detail
         entity: 京ICP备11018762号
         site: 京ICP备11018762号-11 | name 示例 | domains example.cn example.com.cn example.net",
    ),
    (
        "detail: two detail pages of one entity pasted one after another",
        "ICP备案主体信息\nICP备案/许可证号\t鄂ICP备17001234号\n主办单位名称\t武汉某某有限公司\n\
         ICP备案服务信息\n网站备案/许可证号\t鄂ICP备17001234号-1\n网站名称\t主站\n网站域名\ta.com\n\
         ICP备案主体信息\nICP备案/许可证号\t鄂ICP备17001234号\n主办单位名称\t武汉某某有限公司\n\
         ICP备案服务信息\n网站备案/许可证号\t鄂ICP备17001234号-2\n网站名称\t商城\n网站域名\tb.com\n",
        "format: miit_detail
         entity: 鄂ICP备17001234号
         unit: 武汉某某有限公司
         site: 鄂ICP备17001234号-1 | name 主站 | domains a.com
         site: 鄂ICP备17001234号-2 | name 商城 | domains b.com",
    ),
    // ---- MIIT list rows ----
    (
        "list: header row and two sites",
        "序号\t主办单位名称\t主办单位性质\t服务备案号\t网站名称\t网站首页网址\t审核日期\t是否限制接入\t操作\n\
         1\t广州某某科技有限公司\t企业\t粤ICP备12345678号-1\t某某官网\twww.a.com\t2023-05-01\t否\t详情\n\
         2\t广州某某科技有限公司\t企业\t粤ICP备12345678号-2\t某某商城\tshop.b.cn\t2023-05-02\t否\t详情\n",
        "format: miit_list
         entity: 粤ICP备12345678号
         unit: 广州某某科技有限公司
         nature: 企业
         site: 粤ICP备12345678号-1 | name 某某官网 | domains www.a.com | home www.a.com | approved 2023-05-01
         site: 粤ICP备12345678号-2 | name 某某商城 | domains shop.b.cn | home shop.b.cn | approved 2023-05-02",
    ),
    (
        "list: rows without the header, CRLF and trailing tabs",
        "1\t南京某某信息技术有限公司\t企业\t苏ICP备2022012345号-1\t某某云\tmouyun.com\t2022-10-10\t否\t详情\t\r\n\
         2\t南京某某信息技术有限公司\t企业\t苏ICP备2022012345号-3\t某某社区\thttps://bbs.mouyun.com\t2023-01-05\t否\t详情\t\r\n",
        "format: miit_list
         entity: 苏ICP备2022012345号
         unit: 南京某某信息技术有限公司
         nature: 企业
         site: 苏ICP备2022012345号-1 | name 某某云 | domains mouyun.com | approved 2022-10-10
         site: 苏ICP备2022012345号-3 | name 某某社区 | domains bbs.mouyun.com | home https://bbs.mouyun.com | approved 2023-01-05",
    ),
    (
        "list: one row per domain of the same site merges",
        "序号\t主办单位名称\t主办单位性质\t网站备案号\t网站名称\t域名\t审核日期\t是否限制接入\t操作\n\
         1\t某某\t个人\t闽ICP备16001234号-1\t某某的博客\tmoumou.me\t2016-02-02\t否\t详情\n\
         2\t某某\t个人\t闽ICP备16001234号-1\t某某的博客\tmoumou.cn\t2016-02-02\t否\t详情\n\
         3\t某某\t个人\t闽ICP备16001234号-1\t某某的博客\tmoumou.me\t2016-02-02\t否\t详情\n",
        "format: miit_list
         entity: 闽ICP备16001234号
         unit: 某某
         nature: 个人
         site: 闽ICP备16001234号-1 | name 某某的博客 | domains moumou.me moumou.cn | approved 2016-02-02",
    ),
    (
        "list: header with a column the parser does not know is reported once",
        "序号\t主办单位名称\t服务备案号\t网站名称\t网站负责人手机\n1\t某某公司\t晋ICP备15001234号-2\t某某\t\n",
        "format: miit_list
         entity: 晋ICP备15001234号
         unit: 某某公司
         site: 晋ICP备15001234号-2 | name 某某
         diag 1 not_understood: 序号 主办单位名称 服务备案号 网站名称 网站负责人手机",
    ),
    (
        "list: row that does not fit the header is read by content",
        "序号\t主办单位名称\t主办单位性质\t服务备案号\t审核日期\n\
         1\t某某公司\t企业\t京ICP备10001234号-5\tm.example.com\t2020-01-01\t否\n",
        "format: miit_list
         entity: 京ICP备10001234号
         unit: 某某公司
         nature: 企业
         site: 京ICP备10001234号-5 | domains m.example.com | approved 2020-01-01",
    ),
    (
        "list: row copied with spaces instead of tabs",
        "1 某某网络有限公司 企业 豫ICP备2026018839号-1 某某导航 www.daohang.cn 2026-01-20 否 详情\n",
        "format: miit_list
         entity: 豫ICP备2026018839号
         unit: 某某网络有限公司
         nature: 企业
         site: 豫ICP备2026018839号-1 | name 某某导航 | domains www.daohang.cn | home www.daohang.cn | approved 2026-01-20",
    ),
    (
        "list: a junk tab line among rows",
        "1\t某某公司\t企业\t湘ICP备14001234号-1\t某某\twww.a.cn\t2014-01-01\t否\t详情\n\
         共 1 条\t上一页\t下一页\n",
        "format: miit_list
         entity: 湘ICP备14001234号
         unit: 某某公司
         nature: 企业
         site: 湘ICP备14001234号-1 | name 某某 | domains www.a.cn | home www.a.cn | approved 2014-01-01
         diag 2 not_understood: 共 1 条 上一页 下一页",
    ),
    // ---- 标签：值 lines ----
    (
        "labelled: console style, full-width colons, one pair per line",
        "备案号：京ICP备11018762号-11\n网站名称：某某官网\n网站域名：example.com\n\
         主办单位：北京某某科技有限公司\n单位性质：企业\n审核通过时间：2023-04-01 10:20:30\n",
        "format: labelled
         entity: 京ICP备11018762号
         unit: 北京某某科技有限公司
         nature: 企业
         site: 京ICP备11018762号-11 | name 某某官网 | domains example.com | approved 2023-04-01 10:20:30",
    ),
    (
        "labelled: several pairs per line, ASCII colons, spaces",
        "主办单位名称: 某某工作室  主办单位性质: 个人   ICP备案/许可证号: 赣ICP备18001234号\n\
         网站备案号: 赣ICP备18001234号-1   网站名称: 某某工作室   网站首页地址: http://www.mou.studio\n",
        "format: labelled
         entity: 赣ICP备18001234号
         unit: 某某工作室
         nature: 个人
         site: 赣ICP备18001234号-1 | name 某某工作室 | domains www.mou.studio | home http://www.mou.studio",
    ),
    (
        "labelled: pairs separated by ；and tabs",
        "主办单位名称：某某有限公司；主办单位性质：企业；服务备案号：琼ICP备2020001234号-1\t服务名称：某某",
        "format: labelled
         entity: 琼ICP备2020001234号
         unit: 某某有限公司
         nature: 企业
         site: 琼ICP备2020001234号-1 | name 某某",
    ),
    (
        "labelled: pairs with no separator at all",
        "主办单位名称：某某科技网站名称：某某科技官网网站备案号：黔ICP备2019001234号-2",
        "format: labelled
         entity: 黔ICP备2019001234号
         unit: 某某科技
         site: 黔ICP备2019001234号-2 | name 某某科技官网",
    ),
    (
        "labelled: lookup site style, colon then tab",
        "主办单位名称：\t北京某某有限公司\n主办单位性质：\t企业\n网站备案/许可证号：\t京ICP备05012345号-3\n\
         网站名称：\t某某\n网站首页网址：\twww.mou.com.cn\n审核时间：\t2021-12-30\n",
        "format: labelled
         entity: 京ICP备05012345号
         unit: 北京某某有限公司
         nature: 企业
         site: 京ICP备05012345号-3 | name 某某 | domains www.mou.com.cn | home www.mou.com.cn | approved 2021-12-30",
    ),
    (
        "labelled: colon at the end, value on the next line",
        "网站名称：\n某某商城\n网站备案号：\n\n鲁ICP备17001234号-4\n",
        "format: labelled
         entity: 鲁ICP备17001234号
         site: 鲁ICP备17001234号-4 | name 某某商城",
    ),
    (
        "labelled: two sites in one paste",
        "主体备案号：渝ICP备2021001234号\n主办单位名称：重庆某某有限公司\n\n\
         网站名称：某某主站\n网站域名：mou.com\n网站备案号：渝ICP备2021001234号-1\n\n\
         网站名称：某某商城\n网站域名：shop.mou.net, mou.shop\n网站备案号：渝ICP备2021001234号-2\n",
        "format: labelled
         entity: 渝ICP备2021001234号
         unit: 重庆某某有限公司
         site: 渝ICP备2021001234号-1 | name 某某主站 | domains mou.com
         site: 渝ICP备2021001234号-2 | name 某某商城 | domains shop.mou.net mou.shop",
    ),
    (
        "labelled: entity filled from the site number",
        "网站备案/许可证号：陕ICP备2023001234号-1\n网站名称：某某",
        "format: labelled
         entity: 陕ICP备2023001234号
         site: 陕ICP备2023001234号-1 | name 某某",
    ),
    (
        "labelled: generic 备案号 with an entity number",
        "备案号：津ICP备08001234号\n单位名称：天津某某",
        "format: labelled
         entity: 津ICP备08001234号
         unit: 天津某某",
    ),
    (
        "labelled: licence and entity given by the licence",
        "ICP经营许可证：粤B2-20090059\nICP备案/许可证号：粤B2-20090059\n服务备案号：粤B2-20090059-5\n网站名称：腾讯网",
        "format: labelled
         entity: 粤B2-20090059
         licence: 粤B2-20090059
         licence: 粤B2-20090059-5
         site: 粤B2-20090059-5 | name 腾讯网",
    ),
    (
        "labelled: home address with scheme, port and path gives the domain",
        "网站首页地址：https://WWW.Example.com:8443/index.html?from=miit#top\n网站名称：示例",
        "format: labelled
         site: - | name 示例 | domains www.example.com | home https://WWW.Example.com:8443/index.html?from=miit#top",
    ),
    (
        "labelled: 公网安备 without a site and 公安备案号 with one",
        "京公网安备 11010802020287号\n网站名称：甲\n网站备案号：京ICP备11018762号-1\n公安备案号：京公网安备11010802020288号\n",
        "format: labelled
         entity: 京ICP备11018762号
         mps: 京公网安备11010802020287号
         site: 京ICP备11018762号-1 | name 甲 | mps 京公网安备11010802020288号",
    ),
    (
        "labelled: decorated labels and headers",
        "【主体信息】\n*主办单位名称：某某\n【网站信息】\n*网站名称 ：某某站\n* 网站域名 ： mou.site",
        "format: labelled
         unit: 某某
         site: - | name 某某站 | domains mou.site",
    ),
    (
        "labelled: spaces inside labels and full-width value characters",
        "网站 名称 ： 某某\n网站备案号 ：桂ICP备１９００１２３４号－１\n",
        "format: labelled
         entity: 桂ICP备19001234号
         site: 桂ICP备19001234号-1 (raw 桂ICP备１９００１２３４号－１) | name 某某",
    ),
    (
        "labelled: values that cannot be read are reported",
        "网站备案号：无\n主体备案号：萌ICP备20205201号\n网站域名：不知道\n网站名称：某某",
        "format: labelled
         entity raw: 萌ICP备20205201号
         site: - | name 某某
         diag 1 bad_value: 网站备案号：无
         diag 2 bad_value: 主体备案号：萌ICP备20205201号
         diag 3 bad_value: 网站域名：不知道",
    ),
    (
        "labelled: a placeholder site number is kept as written with its site",
        "网站名称：某某\n网站备案号：京ICP备xxxxxxxx号-1\n",
        "format: labelled
         site: raw 京ICP备xxxxxxxx号-1 | name 某某
         diag 2 bad_value: 网站备案号：京ICP备xxxxxxxx号-1",
    ),
    (
        "labelled: a number cut out of a longer token is not read",
        "网站备案号：京ICP备11018762号-10001\n网站备案号：京ICP备11018762号-1（主站）\n",
        "format: labelled
         entity: 京ICP备11018762号
         site: 京ICP备11018762号-1
         diag 1 bad_value: 网站备案号：京ICP备11018762号-10001",
    ),
    (
        "labelled: a second, different entity number is reported",
        "主体备案号：冀ICP备16001234号\n主体备案号：冀ICP备16009999号\n",
        "format: labelled
         entity: 冀ICP备16001234号
         diag 2 bad_value: 主体备案号：冀ICP备16009999号",
    ),
    (
        "labelled: domains separated by spaces, commas, 、 and semicolons",
        "网站域名：a.com, b.com；c.com d.com、e.com;F.COM，g.com",
        "format: labelled
         site: - | domains a.com b.com c.com d.com e.com f.com g.com",
    ),
    (
        "labelled: one bad domain among good ones",
        "域名：a.cn 暂无 b.cn",
        "format: labelled
         site: - | domains a.cn b.cn
         diag 1 bad_value: 域名：a.cn 暂无 b.cn",
    ),
    (
        "labelled: text before the first label is reported, the pairs are used",
        "请核对以下信息 网站名称：某某",
        "format: labelled
         site: - | name 某某
         diag 1 not_understood: 请核对以下信息 网站名称：某某",
    ),
    (
        "labelled: known labels that are not used are understood",
        "主办单位所在地：北京市\n是否限制接入：否\n前置审批项：无\n网站负责人：张三\n网站名称：某某",
        "format: labelled
         site: - | name 某某",
    ),
    (
        "labelled: App number given as the site number",
        "服务备案号：京ICP备11018762号-2A\n服务名称：某某App",
        "format: labelled
         entity: 京ICP备11018762号
         site: 京ICP备11018762号-2A | name 某某App",
    ),
    // ---- MIIT API JSON ----
    (
        "json: one object",
        r#"{"domain":"baidu.com","domainId":1,"homeUrl":"www.baidu.com","mainLicence":"京ICP证030173号","natureName":"企业","serviceLicence":"京ICP证030173号-1","serviceName":"百度","unitName":"北京百度网讯科技有限公司","updateRecordTime":"2023-03-09 10:00:00","limitAccess":"否"}"#,
        "format: json
         entity: 京ICP证030173号
         unit: 北京百度网讯科技有限公司
         nature: 企业
         site: 京ICP证030173号-1 | name 百度 | domains baidu.com | home www.baidu.com | approved 2023-03-09 10:00:00",
    ),
    (
        "json: array of two sites",
        "[\n  {\"unitName\": \"某某\", \"mainLicence\": \"皖ICP备18001234号\", \"serviceLicence\": \"皖ICP备18001234号-1\", \"domain\": \"a.cn\"},\n  {\"unitName\": \"某某\", \"mainLicence\": \"皖ICP备18001234号\", \"serviceLicence\": \"皖ICP备18001234号-2\", \"domain\": \"b.cn\"}\n]\n",
        "format: json
         entity: 皖ICP备18001234号
         unit: 某某
         site: 皖ICP备18001234号-1 | domains a.cn
         site: 皖ICP备18001234号-2 | domains b.cn",
    ),
    (
        "json: the API response, params.list, one entry per domain",
        r#"{"code":200,"msg":"操作成功","params":{"endRow":1,"firstPage":1,"list":[{"contentTypeName":"","domain":"qq.com","domainId":1,"leaderName":"","limitAccess":"否","mainId":1,"mainLicence":"粤B2-20090059","natureName":"企业","serviceId":1,"serviceLicence":"粤B2-20090059-5","unitName":"深圳市腾讯计算机系统有限公司","updateRecordTime":"2022-09-06 15:51:52"},{"domain":"tencent.com","mainLicence":"粤B2-20090059","natureName":"企业","serviceLicence":"粤B2-20090059-5","unitName":"深圳市腾讯计算机系统有限公司","updateRecordTime":"2022-09-06 15:51:52"}],"total":2},"success":true}"#,
        "format: json
         entity: 粤B2-20090059
         unit: 深圳市腾讯计算机系统有限公司
         nature: 企业
         licence: 粤B2-20090059
         licence: 粤B2-20090059-5
         site: 粤B2-20090059-5 | domains qq.com tencent.com | approved 2022-09-06 15:51:52",
    ),
    (
        "json: params holding one object",
        r#"{"code":200,"params":{"unitName":"某某","natureName":"个人","mainLicence":"吉ICP备19001234号","serviceLicence":"吉ICP备19001234号-1","serviceName":"某某小站","domain":"mou.top"}}"#,
        "format: json
         entity: 吉ICP备19001234号
         unit: 某某
         nature: 个人
         site: 吉ICP备19001234号-1 | name 某某小站 | domains mou.top",
    ),
    (
        "json: Chinese keys",
        r#"{"主办单位名称":"某某","网站备案号":"黑ICP备2020001234号-1","网站域名":["a.cn","b.cn"]}"#,
        "format: json
         entity: 黑ICP备2020001234号
         unit: 某某
         site: 黑ICP备2020001234号-1 | domains a.cn b.cn",
    ),
    (
        "json: malformed, reported on the line of the error",
        "{\n  \"unitName\": \"某某\",\n  \"mainLicence\": \"京ICP备11018762号\"\n  \"domain\": \"a.cn\"\n}\n",
        "format: json
         diag 4 bad_json: \"domain\": \"a.cn\"",
    ),
    (
        "json: cut off",
        "{\"unitName\": \"某某\", \"mainLi",
        "format: json
         diag 1 bad_json: {\"unitName\": \"某某\", \"mainLi",
    ),
    (
        "json: valid object followed by garbage",
        "{\"serviceLicence\": \"京ICP备11018762号-1\"}\n谢谢\n",
        "format: json
         entity: 京ICP备11018762号
         site: 京ICP备11018762号-1
         diag 2 bad_json: 谢谢",
    ),
    (
        "json: no record keys",
        "{\"code\": 401, \"msg\": \"验证码错误\"}",
        "format: json
         diag 1 not_understood: {\"code\": 401, \"msg\": \"验证码错误\"}",
    ),
    (
        "json: a bad value is reported on its line",
        "[\n {\"serviceLicence\": \"京ICP备11018762号-1\"},\n {\"serviceLicence\": \"京ICP备1101876X号-2\"}\n]",
        "format: json
         entity: 京ICP备11018762号
         site: 京ICP备11018762号-1
         diag 3 bad_value: serviceLicence: 京ICP备1101876X号-2",
    ),
    (
        "text that opens with [ but is not JSON",
        "[ICP备案主体信息]\n主办单位名称\t某某\n",
        "format: miit_detail
         unit: 某某",
    ),
    // ---- bare numbers ----
    ("bare: site number", "京ICP备11018762号-11\n", "format: bare_number
         entity: 京ICP备11018762号
         site: 京ICP备11018762号-11"),
    ("bare: entity number", "  粤ICP备2024312345号  ", "format: bare_number
         entity: 粤ICP备2024312345号"),
    (
        "bare: loose form, full-width and spaces, no 号",
        "苏ICP备 ２０２３００１２３４－３",
        "format: bare_number
         entity: 苏ICP备2023001234号
         site: 苏ICP备2023001234号-3 (raw 苏ICP备 ２０２３００１２３４－３)",
    ),
    ("bare: licence", "粤B2-20090059", "format: bare_number
         licence: 粤B2-20090059"),
    ("bare: 公安 number", "京公网安备 11010802020287号", "format: bare_number
         mps: 京公网安备11010802020287号"),
    (
        "bare: entity and site on two lines",
        "京ICP备11018762号\r\n京ICP备11018762号-3\r\n",
        "format: bare_number
         entity: 京ICP备11018762号
         site: 京ICP备11018762号-3",
    ),
    (
        "bare: a copied footer uses the numbers and reports the line",
        "© 2024 某某公司 版权所有 京ICP备11018762号-1 京公网安备 11010802020287号",
        "format: bare_number
         entity: 京ICP备11018762号
         site: 京ICP备11018762号-1 | mps 京公网安备11010802020287号
         diag 1 not_understood: © 2024 某某公司 版权所有 京ICP备11018762号-1 京公网安备 11010802020287号",
    ),
    (
        "bare: a domain and a number",
        "京ICP备11018762号-1\nhttps://www.example.com/\n",
        "format: bare_number
         entity: 京ICP备11018762号
         site: 京ICP备11018762号-1 | domains www.example.com",
    ),
    ("bare: placeholder number", "粤ICP备xxxxxxxx号", "format: bare_number
         diag 1 bad_value: 粤ICP备xxxxxxxx号"),
    // ---- nothing usable ----
    ("empty", "", "format: empty"),
    ("only spaces and blank lines", " \r\n\t\n\u{3000}\n", "format: empty"),
    (
        "junk lines with their numbers",
        "你好\n\nhello world\n12345\n",
        "format: empty
         diag 1 not_understood: 你好
         diag 3 not_understood: hello world
         diag 4 not_understood: 12345",
    ),
    (
        "binary junk",
        "\u{0}\u{1}\u{2}PK\u{3}\u{4}\u{fffd}\u{fffd}\n\u{7f}",
        "format: empty
         diag 1 not_understood: PK \u{fffd}\u{fffd}
         diag 2 not_understood: ",
    ),
    (
        "CRLF line endings count each line once",
        "网站名称：甲\r\n\r\n垃圾\r\n网站域名：a.cn\r\n还是垃圾\r\n",
        "format: labelled
         site: - | name 甲 | domains a.cn
         diag 3 not_understood: 垃圾
         diag 5 not_understood: 还是垃圾",
    ),
    (
        "lone CR line endings count lines",
        "网站名称：甲\r垃圾\r网站域名：a.cn",
        "format: labelled
         site: - | name 甲 | domains a.cn
         diag 2 not_understood: 垃圾",
    ),
];

#[test]
fn parses_every_case() {
    let mut failures = Vec::new();
    for (name, text, want) in CASES {
        let got = summary(&parse_record(text));
        let want = expected(want);
        if got != want {
            failures.push(format!("--- {name}\nwant:\n{want}\ngot:\n{got}\n"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

/// Every label synonym of RULES.md (and the common variants consoles use), each with a value,
/// ASCII and full-width colons, tab-separated and on its own line: where the value lands.
#[test]
fn every_label_synonym() {
    const SYNONYMS: &[(&str, &str, &str)] = &[
        (
            "备案/许可证号",
            "京ICP备11018762号",
            "entity: 京ICP备11018762号",
        ),
        (
            "ICP备案/许可证号",
            "京ICP备11018762号",
            "entity: 京ICP备11018762号",
        ),
        (
            "主体备案号",
            "京ICP备11018762号",
            "entity: 京ICP备11018762号",
        ),
        (
            "主体备案/许可证号",
            "京ICP备11018762号",
            "entity: 京ICP备11018762号",
        ),
        (
            "网站备案/许可证号",
            "京ICP备11018762号-2",
            "site: 京ICP备11018762号-2",
        ),
        (
            "服务备案号",
            "京ICP备11018762号-2",
            "site: 京ICP备11018762号-2",
        ),
        (
            "网站备案号",
            "京ICP备11018762号-2",
            "site: 京ICP备11018762号-2",
        ),
        ("备案号", "京ICP备11018762号-2", "site: 京ICP备11018762号-2"),
        (
            "ICP备案号",
            "京ICP备11018762号",
            "entity: 京ICP备11018762号",
        ),
        ("网站名称", "某某", "site: - | name 某某"),
        ("服务名称", "某某", "site: - | name 某某"),
        ("网站域名", "a.cn", "site: - | domains a.cn"),
        ("域名", "a.cn", "site: - | domains a.cn"),
        ("网站首页地址", "a.cn", "site: - | domains a.cn | home a.cn"),
        ("网站首页网址", "a.cn", "site: - | domains a.cn | home a.cn"),
        ("服务首页地址", "a.cn", "site: - | domains a.cn | home a.cn"),
        ("首页地址", "a.cn", "site: - | domains a.cn | home a.cn"),
        (
            "审核通过日期",
            "2024-01-02",
            "site: - | name 甲 | approved 2024-01-02",
        ),
        (
            "审核日期",
            "2024-01-02",
            "site: - | name 甲 | approved 2024-01-02",
        ),
        (
            "审核通过时间",
            "2024-01-02",
            "site: - | name 甲 | approved 2024-01-02",
        ),
        ("主办单位名称", "某某公司", "unit: 某某公司"),
        ("主办单位", "某某公司", "unit: 某某公司"),
        ("主办单位性质", "企业", "nature: 企业"),
        ("单位性质", "企业", "nature: 企业"),
        (
            "公安备案号",
            "京公网安备11010802020287号",
            "mps: 京公网安备11010802020287号",
        ),
        (
            "公网安备",
            "京公网安备11010802020287号",
            "mps: 京公网安备11010802020287号",
        ),
        ("经营许可证", "粤B2-20090059", "licence: 粤B2-20090059"),
    ];
    let mut failures = Vec::new();
    for (label, value, want) in SYNONYMS {
        // The date needs a site to belong to; give it a name first.
        let prefix = if want.contains("approved") {
            "网站名称：甲\n"
        } else {
            ""
        };
        let texts = [
            format!("{prefix}{label}：{value}"),
            format!("{prefix}{label}:{value}"),
            format!("{prefix}{label}\t{value}"),
            format!("{prefix}{label}\n{value}"),
        ];
        for text in texts {
            let got = summary(&parse_record(&text));
            let rest: Vec<&str> = got.lines().skip(1).collect();
            let has = rest.iter().any(|l| l == want)
                || (want.starts_with("site: ") && rest.iter().any(|l| l.starts_with(want)));
            let entity_from_site = want.starts_with("site: 京") && rest.len() == 2;
            let clean = !got.contains("diag ");
            if !(has && clean && (rest.len() == 1 || entity_from_site)) {
                failures.push(format!("{text:?}: want {want}\ngot:\n{got}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn format_is_reported() {
    let cases: &[(&str, RecordFormat)] = &[
        ("", RecordFormat::Empty),
        ("京ICP备11018762号", RecordFormat::BareNumber),
        ("网站名称：甲", RecordFormat::Labelled),
        ("网站名称\t甲", RecordFormat::MiitDetail),
        (
            "1\t某某\t企业\t京ICP备11018762号-1\t甲\ta.cn\t2024-01-01\t否\t详情",
            RecordFormat::MiitList,
        ),
        ("{\"domain\":\"a.cn\"}", RecordFormat::Json),
        ("{\"domain\":", RecordFormat::Json),
    ];
    for (text, want) in cases {
        assert_eq!(parse_record(text).format, *want, "{text:?}");
    }
}

#[test]
fn site_for_host_picks_the_covering_site() {
    let rec = parse_record(
        "网站名称：主站\n网站域名：example.com\n网站备案号：京ICP备11018762号-1\n\
         网站名称：商城\n网站域名：www.shop.cn\n网站备案号：京ICP备11018762号-2\n",
    );
    assert_eq!(rec.sites.len(), 2);
    let cases: &[(&str, Option<usize>)] = &[
        ("example.com", Some(0)),
        ("www.example.com", Some(0)),
        ("WWW.Example.COM.", Some(0)),
        ("blog.example.com", Some(0)),
        ("example.com:8080", Some(0)),
        ("badexample.com", None),
        ("example.com.evil.cn", None),
        ("www.shop.cn", Some(1)),
        ("shop.cn", Some(1)),
        ("m.shop.cn", Some(1)),
        ("other.cn", None),
        ("", None),
    ];
    for (host, want) in cases {
        assert_eq!(rec.site_for_host(host), *want, "{host:?}");
    }
    // One site: it is the one, covering or not (the `domain` check then says it does not).
    let one = parse_record("网站域名：a.cn\n网站名称：甲");
    assert_eq!(one.site_for_host("b.cn"), Some(0));
    // Several sites without domains: the first.
    let bare = parse_record("京ICP备11018762号-1\n京ICP备11018762号-2");
    assert_eq!(bare.sites.len(), 2);
    assert_eq!(bare.site_for_host("a.cn"), Some(0));
    // No site at all.
    assert_eq!(
        parse_record("京ICP备11018762号").site_for_host("a.cn"),
        None
    );
}

#[test]
fn record_round_trips_through_json() {
    for (name, text, _) in CASES {
        let rec = parse_record(text);
        let json = serde_json::to_string(&rec).expect(name);
        let back: Record = serde_json::from_str(&json).expect(name);
        assert_eq!(back, rec, "{name}");
    }
    let json = serde_json::to_value(parse_record("网站名称：甲\n垃圾")).unwrap_or_default();
    assert_eq!(json["sites"][0]["name"], "甲");
    assert_eq!(json["diagnostics"][0]["line"], 2);
    assert_eq!(json["diagnostics"][0]["issue"], "not_understood");
    assert_eq!(json["format"], "labelled");
}

/// A JSON record's values may hold line breaks and bidi controls; the names, address and date
/// the report and its text export show are one line each, capped (issue #16: forged lines), and
/// so is the text of a line the parser did not use.
#[test]
fn record_text_is_one_line() {
    let forged = r"某某\n\n[✓ 通过] 网站备案号\u2028\u202e伪造"; // JSON escapes
    let text = format!(
        r#"{{"unitName":"{forged}","natureName":"{forged}","serviceName":"{forged}","homeUrl":"www.a.cn\r\n[✓]","updateRecordTime":"2023\n[✓]","serviceLicence":"京ICP备11018762号-1","domain":"a.cn"}}"#
    );
    let rec = parse_record(&text);
    let site = &rec.sites[0];
    let shown = [
        rec.unit_name.as_deref(),
        rec.nature.as_deref(),
        site.name.as_deref(),
        site.home_url.as_deref(),
        site.approved.as_deref(),
    ];
    for value in shown {
        let value = value.expect("read");
        assert!(
            !value
                .chars()
                .any(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{202e}')),
            "{value:?}"
        );
    }
    assert_eq!(site.name.as_deref(), Some("某某 [✓ 通过] 网站备案号 伪造"));
    assert_eq!(site.home_url.as_deref(), Some("www.a.cn [✓]"));
    let long = format!(
        "网站名称：{}\n垃圾\u{202e}{}",
        "长".repeat(2_000),
        "x".repeat(500)
    );
    let rec = parse_record(&long);
    assert_eq!(
        rec.sites[0].name.as_ref().map(|n| n.chars().count()),
        Some(500)
    );
    let diagnostic = &rec.diagnostics[0].text;
    assert!(!diagnostic.contains('\u{202e}') && diagnostic.chars().count() <= 200);
}

#[test]
fn deeply_nested_json_is_bad_json() {
    for depth in [129, 1_000, 100_000] {
        let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let rec = parse_record_unbounded(&text);
        assert_eq!(rec.format, RecordFormat::Json);
        assert_eq!(rec.diagnostics.len(), 1, "depth {depth}");
        assert_eq!(rec.diagnostics[0].issue, LineIssue::BadJson);
        let text = format!("{}{}", "{\"a\":".repeat(depth), "}".repeat(depth));
        let rec = parse_record_unbounded(&text);
        assert_eq!(
            rec.diagnostics[0].issue,
            LineIssue::BadJson,
            "depth {depth}"
        );
    }
    // Nesting the parser accepts is walked without recursion.
    let text = format!(
        "{}{{\"serviceLicence\":\"京ICP备11018762号-1\"}}{}",
        "[".repeat(100),
        "]".repeat(100)
    );
    assert_eq!(parse_record_unbounded(&text).sites.len(), 1);
}

/// About 5 MB of each kind of paste: the result is right (the time limit is the test runner's).
/// The parser itself, past the size limit `parse_record` enforces (issue #16).
#[test]
fn huge_pastes() {
    const SIZE: usize = 5 << 20;

    let row = "1\t某某科技有限公司\t企业\t京ICP备11018762号-1\t某某\tA.example.com\t2023-05-01\t否\t详情\r\n";
    let text = row.repeat(SIZE / row.len());
    let rec = parse_record_unbounded(&text);
    assert_eq!(rec.format, RecordFormat::MiitList);
    assert_eq!(rec.sites.len(), 1);
    assert_eq!(rec.sites[0].domains, ["a.example.com"]);
    assert!(rec.diagnostics.is_empty());

    let mut text = String::new();
    let mut n = 0;
    while text.len() < SIZE {
        n += 1;
        let entity = 10_000_000 + n / 1000;
        let seq = n % 1000 + 1;
        text.push_str(&format!(
            "网站名称：站{n}\n网站备案号：京ICP备{entity}号-{seq}\n"
        ));
    }
    let rec = parse_record_unbounded(&text);
    assert_eq!(rec.sites.len(), n);
    assert_eq!(
        rec.sites[n - 1].name.as_deref(),
        Some(format!("站{n}").as_str())
    );

    let junk = "这一行看不懂 ∶ ：:\t\t".repeat(SIZE / 40);
    let rec = parse_record_unbounded(&junk);
    assert_eq!(rec.diagnostics.len(), 1);
    assert_eq!(rec.diagnostics[0].text.chars().count(), 200);

    let lines = "看不懂\n".repeat(SIZE / 10);
    let rec = parse_record_unbounded(&lines);
    assert_eq!(rec.diagnostics.len(), SIZE / 10);
    assert_eq!(rec.diagnostics.last().map(|d| d.line), Some(SIZE / 10));

    let pairs = "域名：a.cn".repeat(SIZE / 12);
    let rec = parse_record_unbounded(&pairs);
    assert_eq!(rec.sites.len(), 1);
    assert_eq!(rec.sites[0].domains, ["a.cn"]);

    let colons = "：".repeat(SIZE / 3);
    assert_eq!(parse_record_unbounded(&colons).diagnostics.len(), 1);

    let item = r#"{"serviceLicence":"京ICP备11018762号-1","domain":"a.cn","unitName":"某某"},"#;
    let json = format!("[{}{{}}]", item.repeat(SIZE / item.len()));
    let rec = parse_record_unbounded(&json);
    assert_eq!(rec.format, RecordFormat::Json);
    assert_eq!(rec.sites.len(), 1);
    assert!(rec.diagnostics.is_empty());

    let bad = r#"{"serviceLicence":"京ICP备xxxxxxxx号-1"},"#;
    let json = format!("[\n{}{{}}]", bad.repeat(SIZE / bad.len()));
    let rec = parse_record_unbounded(&json);
    assert_eq!(rec.diagnostics.len(), SIZE / bad.len());
    assert!(rec
        .diagnostics
        .iter()
        .all(|d| d.issue == LineIssue::BadValue && d.line == 2));

    let digits = "京ICP备".to_string() + &"1".repeat(SIZE);
    assert_eq!(parse_record_unbounded(&digits).diagnostics.len(), 1);
}

/// Random pastes built from the pieces real pastes are made of never panic, and every
/// diagnostic points at a real line.
#[test]
fn random_pastes_never_panic() {
    const PIECES: &[&str] = &[
        "网站名称",
        "域名",
        "备案号",
        "主办单位名称",
        "ICP备案主体信息",
        "服务备案号",
        "：",
        ":",
        "\t",
        "\n",
        "\r\n",
        "\r",
        " ",
        "　",
        "京ICP备11018762号",
        "-1",
        "-2A",
        "号",
        "a.cn",
        "https://",
        "www.",
        "/",
        "{",
        "}",
        "[",
        "]",
        "\"",
        ",",
        "\"domain\"",
        "\"params\"",
        "详情",
        "企业",
        "2024-01-01",
        "京公网安备",
        "11010802020287",
        "粤B2-20090059",
        "\u{feff}",
        "\u{200b}",
        "é",
        "\u{0}",
        "０",
        "－",
        "；",
        "、",
        "xxxxxxxx",
        "萌",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..3000 {
        let len = (next() % 60) as usize;
        let mut text = String::new();
        for _ in 0..len {
            text.push_str(PIECES[(next() % PIECES.len() as u64) as usize]);
        }
        let rec = parse_record(&text);
        let lines = text.split('\n').count() + text.matches('\r').count();
        for d in &rec.diagnostics {
            assert!(d.line >= 1 && d.line <= lines, "{text:?}: {d:?}");
        }
        let _ = rec.site_for_host("a.cn");
    }
}
