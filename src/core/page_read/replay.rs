//! Reading complete facts the way the collector reads a live page: the first read made from
//! them, and every request answered from them. The page-read tests run every fixture of facts
//! through it and compare the report with the one the whole facts give; the benchmark times the
//! core's side of a read with it.

use crate::core::facts::{GeneratorMarks, PageFacts, TextSource};
use crate::core::page_read::{
    wire::{MeasuredElement, MeasuredLink, MeasuredText},
    Inspection, MeasureRequest, Measured, ReadError, TextRead, TextReadWire,
};

/// The first read the collector would send for a page with these facts.
pub fn text_read_of(facts: &PageFacts) -> TextReadWire {
    let join = |values: &mut dyn Iterator<Item = String>| values.collect::<Vec<_>>().join(",");
    let mut tag_names: Vec<String> = Vec::new();
    let tags = join(&mut facts.elements.iter().map(|el| {
        let i = tag_names
            .iter()
            .position(|t| *t == el.tag)
            .unwrap_or_else(|| {
                tag_names.push(el.tag.clone());
                tag_names.len() - 1
            });
        i.to_string()
    }));
    let parents = join(&mut facts.elements.iter().enumerate().map(|(i, el)| {
        el.parent
            .filter(|p| *p < i)
            .map_or(0, |p| i - p)
            .to_string()
    }));
    let mut previous = 0i64;
    let owners = join(&mut facts.texts.iter().map(|t| {
        let delta = t.element as i64 - previous;
        previous = t.element as i64;
        delta.to_string()
    }));
    let lengths = join(
        &mut facts
            .texts
            .iter()
            .map(|t| t.text.encode_utf16().count().to_string()),
    );
    let sources = join(&mut facts.texts.iter().enumerate().filter_map(|(i, t)| {
        let code = match t.source {
            TextSource::Node => return None,
            TextSource::Alt => 1,
            TextSource::TitleAttr => 2,
            TextSource::Pseudo => 3,
        };
        Some(format!("{i}:{code}"))
    }));
    TextReadWire {
        url: facts.url.clone(),
        title: facts.title.clone(),
        lang: facts.lang.clone(),
        text: facts.texts.iter().map(|t| t.text.as_str()).collect(),
        lengths,
        owners,
        sources,
        tag_names,
        tags,
        parents,
        link_elements: join(&mut facts.links.iter().map(|l| l.element.to_string())),
        link_hrefs: facts.links.iter().map(|l| l.raw_href.clone()).collect(),
        frames: facts.frames.clone(),
        generator_marks: GeneratorMarks {
            names: facts
                .elements
                .iter()
                .flat_map(|el| [el.id.clone(), el.class.clone()])
                .filter(|name| !name.is_empty())
                .collect(),
            ..facts.generator_marks.clone()
        },
        collector: facts.collector.clone(),
    }
}

/// What the collector would answer to `request` on a page with these facts.
pub fn measure(facts: &PageFacts, request: &MeasureRequest) -> Measured {
    Measured {
        viewport: request.page.then_some(facts.viewport),
        document: request.page.then_some(facts.document),
        scroll: request.page.then_some(facts.scroll),
        http_status: if request.page {
            facts.http_status
        } else {
            None
        },
        elements: request
            .elements
            .iter()
            .filter_map(|&id| {
                Some(MeasuredElement {
                    index: id,
                    fact: facts.elements.get(id)?.clone(),
                })
            })
            .collect(),
        texts: request
            .texts
            .iter()
            .filter_map(|&id| {
                Some(MeasuredText {
                    index: id,
                    rect: facts.texts.get(id)?.rect,
                })
            })
            .collect(),
        links: request
            .links
            .iter()
            .filter_map(|&id| {
                let link = facts.links.iter().find(|l| l.element == id)?;
                Some(MeasuredLink {
                    index: id,
                    href: link.href.clone(),
                    raw_href: link.raw_href.clone(),
                    onclick: link.onclick,
                    target: link.target.clone(),
                })
            })
            .collect(),
        elapsed_ms: 0.0,
    }
}

/// The first read for a page with these facts as it travels: its JSON text.
pub fn text_read_json_of(facts: &PageFacts) -> String {
    serde_json::to_string(&text_read_of(facts)).unwrap_or_default()
}

/// Read `facts` in two steps, the first read crossing as JSON text as the collector's does;
/// the inspection, ready to judge.
pub fn replay(facts: &PageFacts) -> Result<Inspection, ReadError> {
    let mut inspection = Inspection::new(TextRead::from_json(&text_read_json_of(facts))?);
    while let Some(request) = inspection.request() {
        inspection.add(measure(facts, &request));
    }
    Ok(inspection)
}
