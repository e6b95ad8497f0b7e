//! The `number` check: a visible copy of the filed number is on the page. Settles on the copy
//! (`subject`) that the `link` and `placement` checks then judge.

use crate::core::checks::context::CheckContext;
use crate::core::checks::link::link_rank;
use crate::core::checks::page_numbers::PageNumber;
use crate::core::facts::TextSource;
use crate::core::number::{AnyNumber, FilingKind, FilingNumber};
use crate::core::report::{CheckResult, Evidence, Reason};

/// How one number on the page relates to the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberRelation {
    /// The record's site number.
    Site,
    /// The record's entity number.
    Entity,
    /// An App / mini-program / quick-app filing of the record's entity.
    ServiceOfEntity,
    /// A real filing number that is not the record's (wrong suffix, another entity, a typo).
    Other,
    /// Shaped like an ICP number but not a real filing (joke, placeholder, no province).
    NotReal,
    /// Not an ICP filing at all (a licence, a 公安 number).
    Unrelated,
}

/// Relate a page number to the record's site and entity numbers.
pub fn relate(
    number: &AnyNumber,
    site: Option<&FilingNumber>,
    entity: Option<&FilingNumber>,
) -> NumberRelation {
    match number {
        AnyNumber::Filing(f) if !f.known_province() => NumberRelation::NotReal,
        AnyNumber::Filing(f) => {
            if site.is_some_and(|s| s == f) {
                NumberRelation::Site
            } else if f.kind() == FilingKind::Entity && entity.is_some_and(|e| e == f) {
                NumberRelation::Entity
            } else if matches!(f.kind(), FilingKind::Service(_))
                && entity.is_some_and(|e| *e == f.entity())
            {
                NumberRelation::ServiceOfEntity
            } else {
                NumberRelation::Other
            }
        }
        AnyNumber::NotReal { .. } => NumberRelation::NotReal,
        // A licence is the filing number only for operators whose record uses it as one.
        AnyNumber::Licence(licence) => match licence.as_filing() {
            Some(f) => match relate(&AnyNumber::Filing(f), site, entity) {
                related @ (NumberRelation::Site
                | NumberRelation::Entity
                | NumberRelation::ServiceOfEntity) => related,
                _ => NumberRelation::Unrelated,
            },
            None => NumberRelation::Unrelated,
        },
        AnyNumber::Mps(_) => NumberRelation::Unrelated,
    }
}

/// The `number` check's result and the copy of the number the later checks judge.
pub struct NumberOutcome<'a> {
    /// The check result.
    pub result: CheckResult,
    /// The visible ICP number the page shows for this filing (or, failing that, the visible
    /// ICP number it shows instead), if any.
    pub subject: Option<&'a PageNumber>,
}

fn source_code(source: TextSource) -> &'static str {
    match source {
        TextSource::Node => "node",
        TextSource::Alt => "alt",
        TextSource::TitleAttr => "title_attr",
        TextSource::Pseudo => "pseudo",
    }
}

/// Run the check.
pub fn check<'a>(ctx: &'a CheckContext) -> NumberOutcome<'a> {
    let site = ctx.site_number();
    let entity = ctx.entity_number();
    if site.is_none() && entity.is_none() {
        return NumberOutcome {
            result: CheckResult::new(Reason::NumberNoRecord, Evidence::default()),
            subject: None,
        };
    }
    let expected = site
        .map(FilingNumber::canonical)
        .or(entity.as_ref().map(FilingNumber::canonical));
    let related: Vec<(&PageNumber, NumberRelation)> = ctx
        .numbers
        .iter()
        .map(|n| (n, relate(&n.number, site, entity.as_ref())))
        .filter(|(_, r)| *r != NumberRelation::Unrelated)
        .collect();
    // Among several visible copies, judge the best-linked one, then the lowest on the page.
    let best = |relation: NumberRelation| -> Option<&'a PageNumber> {
        related
            .iter()
            .filter(|(n, r)| *r == relation && n.is_visible())
            .map(|(n, _)| *n)
            .min_by(|a, b| {
                link_rank(ctx, a)
                    .cmp(&link_rank(ctx, b))
                    .then(b.rect.y.total_cmp(&a.rect.y))
            })
    };
    let evidence_for = |n: &PageNumber| Evidence {
        found: Some(n.raw.clone()),
        expected: expected.clone(),
        location: Some(ctx.view.location(n.element, n.rect)),
        ..Default::default()
    };
    if let Some(n) = best(NumberRelation::Site) {
        return NumberOutcome {
            result: CheckResult::new(Reason::NumberSiteFound, evidence_for(n)),
            subject: Some(n),
        };
    }
    if let Some(n) = best(NumberRelation::Entity) {
        let guangdong = entity.as_ref().is_some_and(|e| e.province == '粤');
        let reason = if ctx.options.strict_site_number && !guangdong && site.is_some() {
            Reason::NumberSiteRequired
        } else {
            Reason::NumberEntityFound
        };
        return NumberOutcome {
            result: CheckResult::new(reason, evidence_for(n)),
            subject: Some(n),
        };
    }
    let is_match = |r: NumberRelation| matches!(r, NumberRelation::Site | NumberRelation::Entity);
    let others: Vec<String> = {
        let mut seen = Vec::new();
        for (n, r) in &related {
            if *r == NumberRelation::Other && n.is_visible() && !seen.contains(&n.raw) {
                seen.push(n.raw.clone());
            }
        }
        seen
    };
    if let Some((n, _)) = related
        .iter()
        .find(|(n, r)| is_match(*r) && n.source == TextSource::Node)
    {
        let mut evidence = evidence_for(n);
        evidence.value = n.hidden.map(|h| h.code().to_string());
        evidence.others = others;
        return NumberOutcome {
            result: CheckResult::new(Reason::NumberHiddenOnly, evidence),
            subject: None,
        };
    }
    if let Some((n, _)) = related.iter().find(|(_, r)| is_match(*r)) {
        let mut evidence = evidence_for(n);
        evidence.value = Some(source_code(n.source).to_string());
        evidence.others = others;
        return NumberOutcome {
            result: CheckResult::new(Reason::NumberImageOnly, evidence),
            subject: None,
        };
    }
    if let Some(n) = best(NumberRelation::Other) {
        let mut evidence = evidence_for(n);
        evidence.others = others;
        return NumberOutcome {
            result: CheckResult::new(Reason::NumberOtherOnly, evidence),
            subject: Some(n),
        };
    }
    if let Some(n) = best(NumberRelation::ServiceOfEntity) {
        return NumberOutcome {
            result: CheckResult::new(Reason::NumberAppOnly, evidence_for(n)),
            subject: Some(n),
        };
    }
    if let Some(n) = best(NumberRelation::NotReal) {
        return NumberOutcome {
            result: CheckResult::new(Reason::NumberPlaceholderOnly, evidence_for(n)),
            subject: None,
        };
    }
    NumberOutcome {
        result: CheckResult::new(
            Reason::NumberMissing,
            Evidence {
                expected,
                ..Default::default()
            },
        ),
        subject: None,
    }
}
