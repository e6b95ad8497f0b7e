//! The footer HTML snippet built from a record: the filing number linked to the MIIT system,
//! and the 公安 number linked to the MPS system when the record has one. Every value is
//! HTML-escaped here; nothing else in the product produces HTML from data.

use serde::{Deserialize, Serialize};

use crate::core::number::{FilingNumber, MpsNumber};
use crate::core::record::Record;

/// The address the filing number must link to.
pub const MIIT_URL: &str = "https://beian.miit.gov.cn/";

/// The address a 公安 number links to, before the 14 digits.
pub const MPS_QUERY_PREFIX: &str = "https://beian.mps.gov.cn/#/query/webSearch?code=";

/// Which filing number the snippet shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SnippetNumber {
    /// RULES.md's default: the site number, except the entity number for 粤 filings.
    #[default]
    Auto,
    /// The site (网站) number.
    Site,
    /// The entity (主体) number.
    Entity,
}

/// What the user chose for the snippet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SnippetOptions {
    /// Which number to show.
    pub number: SnippetNumber,
    /// Whether to add the 公安 line when the record has one.
    pub include_mps: bool,
}

impl Default for SnippetOptions {
    fn default() -> Self {
        SnippetOptions {
            number: SnippetNumber::Auto,
            include_mps: true,
        }
    }
}

/// A ready-to-paste footer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Snippet {
    /// The HTML to paste before `</body>`.
    pub html: String,
    /// The filing number it shows (canonical form).
    pub number: String,
    /// The 公安 number it shows, if any.
    pub mps: Option<String>,
}

/// Escape text for HTML content and double-quoted attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Pick the filing number the snippet shows for `site` (an index into `record.sites`).
pub fn snippet_number(
    record: &Record,
    site: Option<usize>,
    choice: SnippetNumber,
) -> Option<FilingNumber> {
    let site_number = site
        .and_then(|i| record.sites.get(i))
        .and_then(|s| s.number.clone())
        .or_else(|| record.sites.iter().find_map(|s| s.number.clone()));
    let entity = record
        .entity
        .clone()
        .or_else(|| site_number.as_ref().map(FilingNumber::entity));
    match choice {
        SnippetNumber::Site => site_number.or(entity),
        SnippetNumber::Entity => entity,
        SnippetNumber::Auto => {
            let guangdong = entity.as_ref().is_some_and(|e| e.province == '粤');
            if guangdong {
                entity
            } else {
                site_number.or(entity)
            }
        }
    }
}

/// Build the footer for `site` of `record`; `None` when the record has no filing number.
pub fn footer_snippet(
    record: &Record,
    site: Option<usize>,
    options: SnippetOptions,
) -> Option<Snippet> {
    let number = snippet_number(record, site, options.number)?.canonical();
    let mps: Option<MpsNumber> = site
        .and_then(|i| record.sites.get(i))
        .and_then(|s| s.mps.clone())
        .or_else(|| record.mps.clone())
        .filter(|_| options.include_mps);
    let mut html =
        String::from("<div style=\"text-align:center;padding:12px 0;font-size:13px;\">\n");
    html.push_str(&format!(
        "  <a href=\"{}\" target=\"_blank\" rel=\"noopener noreferrer\">{}</a>\n",
        escape_html(MIIT_URL),
        escape_html(&number)
    ));
    if let Some(mps) = &mps {
        html.push_str(&format!(
            "  <br>\n  <a href=\"{}{}\" target=\"_blank\" rel=\"noopener noreferrer\">{}</a>\n",
            escape_html(MPS_QUERY_PREFIX),
            escape_html(&mps.digits),
            escape_html(&mps.canonical())
        ));
    }
    html.push_str("</div>");
    Some(Snippet {
        html,
        number,
        mps: mps.map(|m| m.canonical()),
    })
}
