//! `CheckContext`: the inputs every check reads, prepared once: the page view, the numbers on
//! the page, the record, the site of the record the page is checked against, and the options.

use crate::core::checks::page_numbers::{page_numbers, PageNumber};
use crate::core::checks::page_view::PageView;
use crate::core::number::{FilingKind, FilingNumber};
use crate::core::record::{Record, SiteRecord};
use crate::core::report::CheckOptions;
use crate::core::url::{parse_url, UrlParts};

/// Everything a check may read.
pub struct CheckContext<'a> {
    /// The page as a reader sees it.
    pub view: PageView<'a>,
    /// Every number on the page, in document order.
    pub numbers: Vec<PageNumber>,
    /// The parsed record.
    pub record: &'a Record,
    /// Index into `record.sites` of the site the page is checked against.
    pub site: Option<usize>,
    /// The user's options.
    pub options: CheckOptions,
    /// The page URL, when it is an absolute URL.
    pub url: Option<UrlParts>,
}

impl<'a> CheckContext<'a> {
    /// Prepare the context; `site` is chosen by the page's host (see `choose_site`).
    pub fn new(view: PageView<'a>, record: &'a Record, options: CheckOptions) -> CheckContext<'a> {
        let numbers = page_numbers(&view);
        let url = parse_url(&view.facts.url);
        let site = choose_site(record, url.as_ref().map_or("", |u| u.host.as_str()));
        CheckContext {
            view,
            numbers,
            record,
            site,
            options,
            url,
        }
    }

    /// The site record the page is checked against.
    pub fn site_record(&self) -> Option<&'a SiteRecord> {
        self.site.and_then(|i| self.record.sites.get(i))
    }

    /// The site (网站) filing number the page should show.
    pub fn site_number(&self) -> Option<&'a FilingNumber> {
        self.site_record()
            .and_then(|s| s.number.as_ref())
            .filter(|n| n.kind() == FilingKind::Site)
    }

    /// The entity (主体) filing number: the record's, or the entity part of the site number.
    pub fn entity_number(&self) -> Option<FilingNumber> {
        self.record.entity.clone().or_else(|| {
            self.site_record()
                .and_then(|s| s.number.as_ref())
                .map(FilingNumber::entity)
        })
    }

    /// The filed site name.
    pub fn site_name(&self) -> Option<&'a str> {
        self.site_record()
            .and_then(|s| s.name.as_deref())
            .map(str::trim)
            .filter(|n| !n.is_empty())
    }
}

/// The site whose domain covers `host`; otherwise the first site (the `domain` check then
/// says the record is for another site).
pub fn choose_site(record: &Record, host: &str) -> Option<usize> {
    record.site_for_host(host).or(if record.sites.is_empty() {
        None
    } else {
        Some(0)
    })
}
