//! `check ./public/index.html --as https://www.example.cn/`: a static build opened at its live
//! address. The browser's requests for the `--as` origin never reach the network: the CLI
//! answers them from the folder (`Tab::answer_requests`), so there is no server or port, and an
//! `https` address is https in the browser too. The `--as` URL shows the given file (a folder:
//! its `index.html`); the folder is the folder of that URL, so relative links and other pages
//! under it load as they will live; paths outside it, and outside the folder, are not found.
//! GET and HEAD only.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use super::browser::{Reply, Responder};

/// A folder on disk shown at an address.
pub struct StaticSite {
    /// The folder that the `--as` URL's folder maps to.
    folder: PathBuf,
    /// The file shown at the `--as` URL itself.
    page: PathBuf,
    /// `scheme://host[:port]` of the `--as` URL.
    origin: String,
    /// The `--as` URL's path.
    path: String,
}

impl StaticSite {
    /// `target` (an HTML file, or a folder with an `index.html`) shown at `as_url`.
    pub fn new(target: &Path, as_url: &str) -> Result<StaticSite, String> {
        let (scheme, rest) = as_url
            .split_once("://")
            .filter(|(s, _)| matches!(s.to_ascii_lowercase().as_str(), "http" | "https"))
            .ok_or(format!("--as needs an http(s) URL, not {as_url}"))?;
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(end);
        if authority.is_empty() || authority.contains(['@', '*']) {
            return Err(format!("--as needs an http(s) URL, not {as_url}"));
        }
        let path = tail.split(['?', '#']).next().unwrap_or("");
        let path = if path.is_empty() { "/" } else { path };
        let (folder, page) = if target.is_dir() {
            (target.to_path_buf(), target.join("index.html"))
        } else {
            let folder = target.parent().unwrap_or(Path::new(".")).to_path_buf();
            (folder, target.to_path_buf())
        };
        if !page.is_file() {
            return Err(format!("{}: no such file", page.display()));
        }
        Ok(StaticSite {
            folder,
            page,
            origin: format!(
                "{}://{}",
                scheme.to_ascii_lowercase(),
                authority.to_ascii_lowercase()
            ),
            path: path.to_string(),
        })
    }

    /// The URL the browser opens.
    pub fn url(&self) -> String {
        format!("{}{}", self.origin, self.path)
    }

    /// The `Fetch` pattern of the requests this site answers: its whole origin.
    pub fn pattern(&self) -> String {
        format!("{}/*", self.origin)
    }

    /// The answer to a request for `url`.
    pub fn reply(&self, method: &str, url: &str) -> Reply {
        if !matches!(method, "GET" | "HEAD") {
            return Reply {
                status: 405,
                content_type: "text/plain",
                body: Vec::new(),
            };
        }
        let path = url
            .strip_prefix(&self.origin)
            .unwrap_or("/")
            .split(['?', '#'])
            .next()
            .unwrap_or("/");
        let file = if path == self.path {
            Some(self.page.clone())
        } else {
            let base = &self.path[..self.path.rfind('/').map_or(0, |i| i + 1)];
            path.strip_prefix(base)
                .and_then(|relative| file_for(&self.folder, relative))
        };
        match file.and_then(|f| std::fs::read(&f).ok().map(|body| (f, body))) {
            Some((file, body)) => Reply {
                status: 200,
                content_type: content_type(&file),
                body: if method == "HEAD" { Vec::new() } else { body },
            },
            None => Reply {
                status: 404,
                content_type: "text/plain; charset=utf-8",
                body: b"not found".to_vec(),
            },
        }
    }

    /// The site as a responder for `Tab::answer_requests`.
    pub fn responder(self: &Arc<Self>) -> Responder {
        let site = self.clone();
        Arc::new(move |method, url| site.reply(method, url))
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The file under `root` for the percent-encoded relative path `relative`, if it is inside.
fn file_for(root: &Path, relative: &str) -> Option<PathBuf> {
    let decoded = percent_decode(relative)?;
    let mut file = root.to_path_buf();
    for part in Path::new(decoded.trim_start_matches('/')).components() {
        match part {
            Component::Normal(p) => file.push(p),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    file.is_file().then_some(file)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/correct-footer")
    }

    #[test]
    fn paths_stay_inside_the_folder() {
        let root = fixture();
        assert!(file_for(&root, "page.html").is_some());
        assert!(file_for(&root, "/page.html").is_some());
        assert!(file_for(&root, "../correct-footer/page.html").is_none());
        assert!(file_for(&root, "%2e%2e/correct-footer/page.html").is_none());
        assert!(file_for(&root, "missing.html").is_none());
    }

    #[test]
    fn the_as_address_shows_the_file_and_its_folder_the_rest() {
        let page = fixture().join("page.html");
        let site = StaticSite::new(&page, "https://WWW.Example.cn/shop/").unwrap();
        assert_eq!(site.url(), "https://www.example.cn/shop/");
        assert_eq!(site.pattern(), "https://www.example.cn/*");
        let status = |url: &str| site.reply("GET", url).status;
        assert_eq!(status("https://www.example.cn/shop/"), 200);
        assert_eq!(status("https://www.example.cn/shop/?utm=1"), 200);
        assert_eq!(status("https://www.example.cn/shop/record.txt"), 200);
        assert_eq!(
            site.reply("GET", "https://www.example.cn/shop/record.txt")
                .content_type,
            "text/plain; charset=utf-8"
        );
        assert_eq!(status("https://www.example.cn/"), 404);
        assert_eq!(status("https://www.example.cn/shop/../page.html"), 404);
        assert_eq!(
            site.reply("POST", "https://www.example.cn/shop/").status,
            405
        );
        assert!(site
            .reply("HEAD", "https://www.example.cn/shop/")
            .body
            .is_empty());
        assert!(StaticSite::new(&page, "ftp://www.example.cn/").is_err());
        assert!(StaticSite::new(&fixture(), "https://www.example.cn/").is_err());
    }
}
