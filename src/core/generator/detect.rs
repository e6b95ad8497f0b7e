//! Telling the generator and theme from the page: a table of signatures, read in order.
//!
//! A page's own `<meta name="generator">` wins; where it is absent, the first generator or
//! theme whose marks (asset paths, element classes or ids, credit links) the page carries.
//! Every pattern is matched case-insensitively; sources for each row are in docs/GENERATORS.md.

use crate::core::facts::PageFacts;
use crate::core::generator::Generator;

/// One way a generator or theme shows itself on a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// `<meta name="generator">` whose content starts with this name; the version follows it.
    Meta(&'static str),
    /// A script or stylesheet URL containing this (lower case).
    Asset(&'static str),
    /// A link's resolved `href` containing this (lower case).
    Link(&'static str),
    /// An element whose `id` or one of whose classes is exactly this.
    Element(&'static str),
}

/// How one generator shows itself.
#[derive(Debug, Clone, Copy)]
pub struct GeneratorSignature {
    /// Lower-case id.
    pub id: &'static str,
    /// Display name.
    pub name: &'static str,
    /// Its marks, any one of which is enough.
    pub marks: &'static [Mark],
    /// The asset path segment that precedes a theme's folder (`/wp-content/themes/`): the
    /// folder's name is the theme when no theme signature matches.
    pub theme_path: Option<&'static str>,
}

/// How one theme of a generator shows itself.
#[derive(Debug, Clone, Copy)]
pub struct ThemeSignature {
    /// The generator's id.
    pub generator: &'static str,
    /// Lower-case theme id.
    pub id: &'static str,
    /// Display name.
    pub name: &'static str,
    /// Its marks, any one of which is enough (these also tell the generator).
    pub marks: &'static [Mark],
}

use Mark::{Asset, Element, Link, Meta};

/// The generators beian-check knows, in the order they are tried.
pub const GENERATORS: &[GeneratorSignature] = &[
    GeneratorSignature {
        id: "hexo",
        name: "Hexo",
        marks: &[Meta("Hexo")],
        theme_path: None,
    },
    GeneratorSignature {
        id: "wordpress",
        name: "WordPress",
        marks: &[
            Meta("WordPress"),
            Asset("/wp-content/"),
            Asset("/wp-includes/"),
        ],
        theme_path: Some("/wp-content/themes/"),
    },
    GeneratorSignature {
        id: "hugo",
        name: "Hugo",
        marks: &[Meta("Hugo")],
        theme_path: None,
    },
    GeneratorSignature {
        id: "halo",
        name: "Halo",
        marks: &[Meta("Halo")],
        theme_path: Some("/themes/theme-"),
    },
    GeneratorSignature {
        id: "typecho",
        name: "Typecho",
        marks: &[Meta("Typecho"), Asset("/usr/themes/")],
        theme_path: Some("/usr/themes/"),
    },
    GeneratorSignature {
        id: "vitepress",
        name: "VitePress",
        marks: &[Meta("VitePress")],
        theme_path: None,
    },
    GeneratorSignature {
        id: "vuepress",
        name: "VuePress",
        marks: &[Meta("VuePress")],
        theme_path: None,
    },
    GeneratorSignature {
        id: "docusaurus",
        name: "Docusaurus",
        marks: &[Meta("Docusaurus")],
        theme_path: None,
    },
    GeneratorSignature {
        id: "jekyll",
        name: "Jekyll",
        marks: &[Meta("Jekyll")],
        theme_path: None,
    },
    GeneratorSignature {
        id: "zblogphp",
        name: "Z-BlogPHP",
        marks: &[Meta("Z-BlogPHP"), Asset("/zb_users/")],
        theme_path: Some("/zb_users/theme/"),
    },
    GeneratorSignature {
        id: "discuz",
        name: "Discuz!",
        marks: &[Meta("Discuz!"), Link("www.discuz.net")],
        theme_path: None,
    },
    GeneratorSignature {
        id: "dedecms",
        name: "DedeCMS",
        marks: &[Meta("DedeCMS"), Link("www.dedecms.com")],
        theme_path: None,
    },
];

/// The themes beian-check knows, in the order they are tried.
pub const THEMES: &[ThemeSignature] = &[
    ThemeSignature {
        generator: "hexo",
        id: "next",
        name: "NexT",
        marks: &[
            Asset("/next-boot.js"),
            Link("theme-next.js.org"),
            Link("github.com/next-theme/hexo-theme-next"),
            Link("github.com/theme-next/hexo-theme-next"),
            Link("github.com/iissnan/hexo-theme-next"),
        ],
    },
    ThemeSignature {
        generator: "hexo",
        id: "fluid",
        name: "Fluid",
        marks: &[
            Link("github.com/fluid-dev/hexo-theme-fluid"),
            Asset("hexo-theme-fluid"),
        ],
    },
    ThemeSignature {
        generator: "hexo",
        id: "butterfly",
        name: "Butterfly",
        marks: &[
            Link("github.com/jerryc127/hexo-theme-butterfly"),
            Asset("hexo-theme-butterfly"),
            Element("framework-info"),
        ],
    },
    ThemeSignature {
        generator: "hugo",
        id: "stack",
        name: "Stack",
        marks: &[Link("github.com/caijimmy/hugo-theme-stack")],
    },
    ThemeSignature {
        generator: "hugo",
        id: "papermod",
        name: "PaperMod",
        marks: &[Link("github.com/adityatelange/hugo-papermod")],
    },
    ThemeSignature {
        generator: "halo",
        id: "earth",
        name: "Earth",
        marks: &[Asset("/themes/theme-earth/")],
    },
];

/// The generator (and theme) of the page, or `None` when nothing tells it.
pub fn detect(facts: &PageFacts) -> Option<Generator> {
    let page = Page::new(facts);
    let (signature, version) = page.meta_generator().or_else(|| {
        let by_marks = GENERATORS
            .iter()
            .find(|g| g.marks.iter().any(|m| page.has(*m)));
        let by_theme = || {
            THEMES
                .iter()
                .find(|t| t.marks.iter().any(|m| page.has(*m)))
                .and_then(|t| generator_signature(t.generator))
        };
        by_marks.or_else(by_theme).map(|g| (g, None))
    })?;
    Some(Generator {
        id: signature.id.to_string(),
        name: signature.name.to_string(),
        version,
        theme: page.theme(signature),
    })
}

/// The signature of generator `id`.
pub fn generator_signature(id: &str) -> Option<&'static GeneratorSignature> {
    GENERATORS.iter().find(|g| g.id == id)
}

/// The display name of theme `theme` of generator `generator`: the table's, else the id.
pub fn theme_name(generator: &str, theme: &str) -> String {
    THEMES
        .iter()
        .find(|t| t.generator == generator && t.id == theme)
        .map_or_else(|| theme.to_string(), |t| t.name.to_string())
}

/// The page's marks, lower-cased once.
struct Page<'a> {
    facts: &'a PageFacts,
    assets: Vec<String>,
    links: Vec<String>,
}

impl<'a> Page<'a> {
    fn new(facts: &'a PageFacts) -> Page<'a> {
        Page {
            facts,
            assets: facts
                .generator_marks
                .assets
                .iter()
                .map(|a| a.to_lowercase())
                .collect(),
            links: facts.links.iter().map(|l| l.href.to_lowercase()).collect(),
        }
    }

    fn has(&self, mark: Mark) -> bool {
        match mark {
            Meta(name) => self
                .meta_generators()
                .any(|c| meta_version(c, name).is_some()),
            Asset(part) => self.assets.iter().any(|a| a.contains(part)),
            Link(part) => self.links.iter().any(|l| l.contains(part)),
            Element(name) => self.facts.elements.iter().any(|e| {
                e.id.trim().eq_ignore_ascii_case(name)
                    || e.class
                        .split_whitespace()
                        .any(|c| c.eq_ignore_ascii_case(name))
            }),
        }
    }

    /// The contents of the page's `<meta name="generator">` tags, in document order.
    fn meta_generators(&self) -> impl Iterator<Item = &str> {
        self.facts
            .generator_marks
            .metas
            .iter()
            .filter(|m| m.name.trim().eq_ignore_ascii_case("generator"))
            .map(|m| m.content.as_str())
    }

    /// The first generator meta tag naming a known generator, with the version it states.
    fn meta_generator(&self) -> Option<(&'static GeneratorSignature, Option<String>)> {
        self.meta_generators().find_map(|content| {
            GENERATORS.iter().find_map(|g| {
                g.marks.iter().find_map(|m| match m {
                    Meta(name) => meta_version(content, name).map(|v| (g, v)),
                    _ => None,
                })
            })
        })
    }

    /// The theme: a known theme's marks, else the folder name under the generator's theme path.
    fn theme(&self, generator: &GeneratorSignature) -> Option<String> {
        THEMES
            .iter()
            .filter(|t| t.generator == generator.id)
            .find(|t| t.marks.iter().any(|m| self.has(*m)))
            .map(|t| t.id.to_string())
            .or_else(|| {
                let path = generator.theme_path?;
                self.assets.iter().find_map(|a| theme_folder(a, path))
            })
    }
}

/// `Some(version)` when `content` names `name` (case-insensitive, followed by the end, a space
/// or punctuation other than a letter or digit); the version is the next word when it looks like
/// one (`7.3.0`, `v1.6.3` -> `1.6.3`, `X3.5`).
fn meta_version(content: &str, name: &str) -> Option<Option<String>> {
    let content = content.trim_start();
    let head = content.get(..name.len())?;
    if !head.eq_ignore_ascii_case(name) {
        return None;
    }
    let rest = &content[name.len()..];
    if rest.chars().next().is_some_and(|c| c.is_alphanumeric()) {
        return None;
    }
    let word = rest
        .trim_start_matches(|c: char| c.is_whitespace() || c == '_' || c == '-')
        .split(|c: char| c.is_whitespace() || c == ';' || c == ',' || c == '(')
        .next()
        .unwrap_or("");
    let word = word
        .strip_prefix(['v', 'V'])
        .filter(|w| w.starts_with(|c: char| c.is_ascii_digit()))
        .unwrap_or(word);
    let looks_like_version = word.chars().any(|c| c.is_ascii_digit())
        && word.len() <= 32
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+' | '_'));
    Some(looks_like_version.then(|| word.to_string()))
}

/// The folder name after `path` in a lower-cased asset URL (`/wp-content/themes/astra/x.css`
/// -> `astra`), when it is a plain name.
fn theme_folder(asset: &str, path: &str) -> Option<String> {
    let start = asset.find(path)? + path.len();
    let folder = asset[start..].split('/').next()?;
    let plain = !folder.is_empty()
        && folder.len() <= 40
        && folder
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    plain.then(|| folder.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_read_from_the_word_after_the_name() {
        assert_eq!(
            meta_version("Hexo 7.3.0", "Hexo"),
            Some(Some("7.3.0".into()))
        );
        assert_eq!(
            meta_version("VitePress v1.6.3", "VitePress"),
            Some(Some("1.6.3".into()))
        );
        assert_eq!(
            meta_version("Discuz! X3.5", "Discuz!"),
            Some(Some("X3.5".into()))
        );
        assert_eq!(
            meta_version("WordPress 6.5.2", "wordpress"),
            Some(Some("6.5.2".into()))
        );
        assert_eq!(meta_version("Z-BlogPHP", "Z-BlogPHP"), Some(None));
        assert_eq!(meta_version("Hexo is great", "Hexo"), Some(None));
        assert_eq!(meta_version("Hexography 1.0", "Hexo"), None);
        assert_eq!(meta_version("Hugo", "Hugo 0.1"), None);
    }

    #[test]
    fn theme_folders_are_plain_names() {
        assert_eq!(
            theme_folder(
                "https://x.cn/wp-content/themes/twentyfifteen/style.css?ver=1",
                "/wp-content/themes/"
            ),
            Some("twentyfifteen".into())
        );
        assert_eq!(
            theme_folder("https://x.cn/wp-content/themes/", "/wp-content/themes/"),
            None
        );
        assert_eq!(
            theme_folder(
                "https://x.cn/wp-content/themes/a%20b/s.css",
                "/wp-content/themes/"
            ),
            None
        );
    }
}
