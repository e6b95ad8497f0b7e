//! A small Chrome DevTools Protocol client over `--remote-debugging-pipe`: starts the installed
//! Chromium (never downloads one), sends commands as NUL-terminated JSON on fd 3 and reads
//! answers and events from fd 4. It knows nothing of beian-check's rules or of the collector
//! (that is `page_read`); it only opens tabs, navigates them and evaluates scripts.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The browser used when `--browser` is not given: Debian's Chromium, which `build.sh` installs.
pub const DEFAULT_BROWSER: &str = "/usr/bin/chromium";

type Waiters = Arc<Mutex<HashMap<u64, Sender<Value>>>>;
type Listeners = Arc<Mutex<HashMap<String, Sender<Value>>>>;

/// A running headless browser.
pub struct Browser {
    child: Child,
    writer: Mutex<File>,
    waiters: Waiters,
    listeners: Listeners,
    next_id: AtomicU64,
    profile: std::path::PathBuf,
}

/// A tab of the browser, attached through a flat CDP session.
pub struct Tab<'a> {
    browser: &'a Browser,
    target_id: String,
    session: String,
    events: Receiver<Value>,
}

fn pipe() -> std::io::Result<(OwnedFd, OwnedFd)> {
    let mut fds = [0; 2];
    // SAFETY: `fds` is a valid array of two ints, as pipe(2) requires.
    if unsafe { libc::pipe(fds.as_mut_ptr()) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: pipe(2) succeeded, so both descriptors are open and owned by nobody else.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

impl Browser {
    /// Start `path` headless at a 1280x800 window with a fresh profile; `resolver_rules` go to
    /// `--host-resolver-rules` (empty: none).
    pub fn launch(path: &str, resolver_rules: &str) -> Result<Browser, String> {
        static LAUNCHES: AtomicU64 = AtomicU64::new(0);
        let profile = std::env::temp_dir().join(format!(
            "beian-check-{}-{}",
            std::process::id(),
            LAUNCHES.fetch_add(1, Ordering::Relaxed)
        ));
        let (to_browser_read, to_browser_write) = pipe().map_err(|e| e.to_string())?;
        let (from_browser_read, from_browser_write) = pipe().map_err(|e| e.to_string())?;
        let mut cmd = Command::new(path);
        cmd.args([
            "--headless",
            "--remote-debugging-pipe",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--hide-scrollbars",
            "--mute-audio",
            "--window-size=1280,800",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
        if !resolver_rules.is_empty() {
            cmd.arg(format!("--host-resolver-rules={resolver_rules}"));
        }
        cmd.arg("about:blank");
        let read_fd = to_browser_read.as_raw_fd();
        let write_fd = from_browser_write.as_raw_fd();
        // SAFETY: only async-signal-safe dup2(2) calls between fork and exec; the browser
        // expects its end of the pipe on fds 3 (commands in) and 4 (answers out).
        unsafe {
            cmd.pre_exec(move || {
                if libc::dup2(read_fd, 3) < 0 || libc::dup2(write_fd, 4) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = cmd
            .spawn()
            .map_err(|e| format!("cannot start the browser {path}: {e}"))?;
        drop(to_browser_read);
        drop(from_browser_write);
        let waiters: Waiters = Arc::default();
        let listeners: Listeners = Arc::default();
        let reader = BufReader::new(File::from(from_browser_read));
        {
            let waiters = waiters.clone();
            let listeners = listeners.clone();
            std::thread::spawn(move || route_messages(reader, waiters, listeners));
        }
        Ok(Browser {
            child,
            writer: Mutex::new(File::from(to_browser_write)),
            waiters,
            listeners,
            next_id: AtomicU64::new(1),
            profile,
        })
    }

    /// Send `method` (to `session`, or the browser when `None`) and wait up to `timeout` for
    /// its result; a protocol error comes back as `Err` with its message.
    pub fn call(
        &self,
        session: Option<&str>,
        method: &str,
        params: Value,
        timeout: Duration,
    ) -> Result<Value, String> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = channel();
        self.waiters.lock().unwrap().insert(id, tx);
        let mut message = json!({"id": id, "method": method, "params": params});
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        let mut bytes = serde_json::to_vec(&message).map_err(|e| e.to_string())?;
        bytes.push(0);
        self.writer
            .lock()
            .unwrap()
            .write_all(&bytes)
            .map_err(|e| format!("the browser closed: {e}"))?;
        let answer = rx.recv_timeout(timeout);
        self.waiters.lock().unwrap().remove(&id);
        let answer = answer.map_err(|e| match e {
            RecvTimeoutError::Timeout => format!("timeout: {method}"),
            RecvTimeoutError::Disconnected => "the browser closed".to_string(),
        })?;
        match answer.get("error") {
            Some(error) => Err(error["message"].as_str().unwrap_or("error").to_string()),
            None => Ok(answer["result"].clone()),
        }
    }

    /// Open a new blank tab at 1280x800 and attach to it.
    pub fn new_tab(&self) -> Result<Tab<'_>, String> {
        let t = Duration::from_secs(20);
        let target = self.call(
            None,
            "Target.createTarget",
            json!({"url": "about:blank"}),
            t,
        )?;
        let target_id = target["targetId"].as_str().unwrap_or_default().to_string();
        let attached = self.call(
            None,
            "Target.attachToTarget",
            json!({"targetId": target_id, "flatten": true}),
            t,
        )?;
        let session = attached["sessionId"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let (tx, events) = channel();
        self.listeners.lock().unwrap().insert(session.clone(), tx);
        let tab = Tab {
            browser: self,
            target_id,
            session,
            events,
        };
        tab.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": false}),
        )?;
        tab.call("Page.enable", json!({}))?;
        Ok(tab)
    }
}

/// Read NUL-terminated JSON messages and hand each to whoever waits for it.
fn route_messages(mut reader: BufReader<File>, waiters: Waiters, listeners: Listeners) {
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_until(0, &mut buf) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        if buf.last() == Some(&0) {
            buf.pop();
        }
        let Ok(message) = serde_json::from_slice::<Value>(&buf) else {
            continue;
        };
        if let Some(id) = message.get("id").and_then(Value::as_u64) {
            if let Some(tx) = waiters.lock().unwrap().remove(&id) {
                let _ = tx.send(message);
            }
        } else if let Some(session) = message.get("sessionId").and_then(Value::as_str) {
            if let Some(tx) = listeners.lock().unwrap().get(session) {
                let _ = tx.send(message);
            }
        }
    }
    // The browser is gone: wake everyone still waiting.
    waiters.lock().unwrap().clear();
    listeners.lock().unwrap().clear();
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.call(None, "Browser.close", json!({}), Duration::from_secs(2));
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

impl Tab<'_> {
    /// Send `method` to this tab.
    pub fn call(&self, method: &str, params: Value) -> Result<Value, String> {
        self.browser
            .call(Some(&self.session), method, params, Duration::from_secs(30))
    }

    /// Navigate to `url` and wait for its load event, up to `timeout`. Returns the network
    /// error text when the page could not be loaded (`net::ERR_NAME_NOT_RESOLVED`, ...).
    pub fn navigate(&self, url: &str, timeout: Duration) -> Result<(), String> {
        while self.events.try_recv().is_ok() {}
        let started = Instant::now();
        let result = self.call("Page.navigate", json!({"url": url}))?;
        if let Some(error) = result.get("errorText").and_then(Value::as_str) {
            if !error.is_empty() {
                return Err(error.to_string());
            }
        }
        loop {
            let left = timeout.saturating_sub(started.elapsed());
            if left.is_zero() {
                return Err("timeout: the page did not finish loading".to_string());
            }
            match self.events.recv_timeout(left) {
                Ok(event) if event["method"] == "Page.loadEventFired" => return Ok(()),
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => {
                    return Err("timeout: the page did not finish loading".to_string())
                }
                Err(RecvTimeoutError::Disconnected) => return Err("the browser closed".to_string()),
            }
        }
    }

    /// Evaluate `expression` in the page, awaiting a promise, and return its value as JSON.
    pub fn evaluate(&self, expression: &str, timeout: Duration) -> Result<Value, String> {
        let result = self.browser.call(
            Some(&self.session),
            "Runtime.evaluate",
            json!({"expression": expression, "awaitPromise": true, "returnByValue": true}),
            timeout,
        )?;
        if let Some(details) = result.get("exceptionDetails") {
            let text = details["exception"]["description"]
                .as_str()
                .or_else(|| details["text"].as_str())
                .unwrap_or("exception");
            return Err(text.to_string());
        }
        Ok(result["result"]["value"].clone())
    }
}

impl Drop for Tab<'_> {
    fn drop(&mut self) {
        self.browser.listeners.lock().unwrap().remove(&self.session);
        let _ = self.browser.call(
            None,
            "Target.closeTarget",
            json!({"targetId": self.target_id}),
            Duration::from_secs(5),
        );
    }
}
