//! A tiny static file server on 127.0.0.1 for `check ./folder/index.html --as URL`: the browser
//! reaches it under the `--as` host through `--host-resolver-rules`. GET and HEAD only; paths
//! never leave the folder.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};

/// Serve `root` on an ephemeral port of 127.0.0.1 from a background thread; returns the port.
/// `page`, when given, is served for requests of `/` (the `--as` address opens that file).
pub fn serve_folder(root: PathBuf, page: Option<PathBuf>) -> std::io::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            let page = page.clone();
            std::thread::spawn(move || {
                let _ = answer(stream, &root, page.as_deref());
            });
        }
    });
    Ok(port)
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

/// The file under `root` for request target `target` (origin or absolute form), if safe.
fn file_for(root: &Path, target: &str) -> Option<PathBuf> {
    let path = match target.find("://") {
        Some(i) => target[i + 3..]
            .find('/')
            .map_or("/", |j| &target[i + 3 + j..]),
        None => target,
    };
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_decode(path)?;
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

fn answer(stream: TcpStream, root: &Path, page: Option<&Path>) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
    }
    let mut parts = request.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let mut out = stream;
    let is_root = file_for(root, target).is_none_or(|f| f == root.join("index.html"))
        && target
            .split(['?', '#'])
            .next()
            .is_some_and(|t| t.ends_with('/'));
    let file = match page {
        Some(page) if is_root => Some(page.to_path_buf()),
        _ => file_for(root, target),
    };
    let (status, kind, body) = match (method, file) {
        ("GET" | "HEAD", Some(file)) => ("200 OK", content_type(&file), std::fs::read(&file)?),
        ("GET" | "HEAD", None) => ("404 Not Found", "text/plain", b"not found".to_vec()),
        _ => ("405 Method Not Allowed", "text/plain", Vec::new()),
    };
    write!(
        out,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    if method != "HEAD" {
        out.write_all(&body)?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_folder() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/correct-footer");
        assert!(file_for(&root, "/page.html").is_some());
        assert!(file_for(&root, "http://www.example.cn/page.html?x=1").is_some());
        assert!(file_for(&root, "/../correct-footer/page.html").is_none());
        assert!(file_for(&root, "/%2e%2e/correct-footer/page.html").is_none());
        assert!(file_for(&root, "/missing.html").is_none());
    }
}
