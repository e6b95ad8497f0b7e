//! The headless browser: starts the installed Chromium (never downloads one) with the CLI's
//! flags, in a process group of its own with a fresh profile, and drives it over the DevTools
//! protocol through `chromiumoxide` (why that crate: docs/DECISIONS.md). It knows nothing of
//! beian-check's rules or of the collector (that is `page_read`); it only opens tabs, navigates
//! them, runs protocol commands and answers a tab's requests for one origin itself
//! (`Tab::answer_requests`, for `check FILE --as URL`). What is ours here: the flags, the wait
//! for a page (as the popup waits), and stopping the browser and its profile on a signal.
//!
//! chromiumoxide is async; the rest of the CLI is plain threads. A small tokio runtime owned by
//! `Browser` runs the protocol connection, and every call blocks on it (`Runtime::block_on`
//! from several threads at once is supported).

use std::future::Future;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine;
use chromiumoxide::cdp::browser_protocol::fetch::{
    EnableParams, EventRequestPaused, FulfillRequestParams, HeaderEntry, RequestPattern,
    RequestStage,
};
use chromiumoxide::cdp::browser_protocol::page::{
    CreateIsolatedWorldParams, EventDomContentEventFired, NavigateParams,
};
use chromiumoxide::cdp::browser_protocol::target::CreateTargetParams;
use chromiumoxide::cdp::js_protocol::runtime::{EvaluateParams, ExecutionContextId};
use chromiumoxide::handler::viewport::Viewport;
use chromiumoxide::handler::HandlerConfig;
use chromiumoxide::{Command as CdpCommand, Page};
use futures::StreamExt;
use serde_json::Value;

/// The browser used when `--browser` is not given: Debian's Chromium, which `build.sh` installs.
pub const DEFAULT_BROWSER: &str = "/usr/bin/chromium";

/// A response the CLI makes up for an intercepted request (see `Tab::answer_requests`).
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// `Content-Type`.
    pub content_type: &'static str,
    /// The body.
    pub body: Vec<u8>,
}

/// Answers a request (method, URL) of an intercepted origin.
pub type Responder = Arc<dyn Fn(&str, &str) -> Reply + Send + Sync>;

/// How long to wait for the load event once the document is parsed (DOMContentLoaded): a page
/// whose load never comes (a resource that never finishes) is read after this.
const LOAD_GRACE: Duration = Duration::from_secs(5);

/// How long the browser has to start and tell where it listens.
const LAUNCH_TIMEOUT: Duration = Duration::from_secs(20);

/// The default wait for one protocol command.
const CALL_TIMEOUT: Duration = Duration::from_secs(30);

/// A running headless browser.
pub struct Browser {
    runtime: tokio::runtime::Runtime,
    cdp: chromiumoxide::Browser,
    /// The browser's process (taken when it is stopped).
    child: Option<Child>,
    profile: PathBuf,
}

/// A tab of the browser, in a window of its own.
pub struct Tab<'a> {
    browser: &'a Browser,
    page: Page,
    /// The task answering intercepted requests, if any.
    answering: Option<tokio::task::JoinHandle<()>>,
}

/// The flags the CLI starts the browser with (besides the profile and the host rules).
const FLAGS: &[&str] = &[
    "--headless",
    // The DevTools endpoint on a free loopback port, written to the profile's
    // `DevToolsActivePort` (chromiumoxide speaks the protocol over WebSocket, not the pipe).
    "--remote-debugging-address=127.0.0.1",
    "--remote-debugging-port=0",
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
    // An audit's pages load side by side, and a page's timers must run as in a tab in front
    // (the collector waits with them): no throttling of tabs behind.
    "--disable-background-timer-throttling",
    "--disable-backgrounding-occluded-windows",
    "--disable-renderer-backgrounding",
];

/// The WebSocket address in a `DevToolsActivePort` file (port, then path), once written whole.
fn devtools_address(file: &str) -> Option<String> {
    let mut lines = file.lines();
    let port: u16 = lines.next()?.trim().parse().ok()?;
    let path = lines.next()?.trim();
    path.starts_with("/devtools/browser/")
        .then(|| format!("ws://127.0.0.1:{port}{path}"))
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
        let mut cmd = Command::new(path);
        cmd.args(FLAGS)
            .arg(format!("--user-data-dir={}", profile.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if !resolver_rules.is_empty() {
            cmd.arg(format!("--host-resolver-rules={resolver_rules}"));
        }
        cmd.arg("about:blank");
        // SAFETY: only async-signal-safe calls between fork and exec: setpgid(2), so the
        // browser and its helper processes form a group stopped as one, and sigprocmask(2), so
        // the browser gets the signals `stop_on_signals` blocks here.
        unsafe {
            cmd.pre_exec(|| {
                libc::setpgid(0, 0);
                let set = stop_signals();
                libc::sigprocmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
                Ok(())
            });
        }
        let child = cmd
            .spawn()
            .map_err(|e| format!("cannot start the browser {path}: {e}"))?;
        RUNNING.lock().unwrap().push((child.id(), profile.clone()));
        let mut starting = Starting {
            child: Some(child),
            profile: profile.clone(),
        };
        let address = starting.address(path)?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        let config = HandlerConfig {
            // A certificate error is the site's outcome (the audit reports it), never skipped.
            ignore_https_errors: false,
            viewport: Some(Viewport {
                width: 1280,
                height: 800,
                device_scale_factor: Some(1.0),
                emulating_mobile: false,
                is_landscape: false,
                has_touch: false,
            }),
            // The CLI times its own waits (`--timeout`, the popup's read timeout): the crate's
            // own limit must not come first.
            request_timeout: Duration::from_secs(600),
            ..HandlerConfig::default()
        };
        let (cdp, mut handler) = runtime
            .block_on(chromiumoxide::Browser::connect_with_config(address, config))
            .map_err(|e| format!("cannot connect to the browser {path}: {e}"))?;
        runtime.spawn(async move { while handler.next().await.is_some() {} });
        Ok(Browser {
            runtime,
            cdp,
            child: starting.child.take(),
            profile,
        })
    }

    /// Run `future` to its end on the browser's runtime, giving up after `timeout` (`what`
    /// names it in the error).
    fn block<T, E: std::fmt::Display>(
        &self,
        what: &str,
        timeout: Duration,
        future: impl Future<Output = Result<T, E>>,
    ) -> Result<T, String> {
        self.runtime
            .block_on(async { tokio::time::timeout(timeout, future).await })
            .map_err(|_| format!("timeout: {what}"))?
            .map_err(|e| e.to_string())
    }

    /// Open a new blank tab at 1280x800.
    pub fn new_tab(&self) -> Result<Tab<'_>, String> {
        // Each page in a window of its own, in front there, as the page a popup checks.
        let mut params = CreateTargetParams::new("about:blank");
        params.new_window = Some(true);
        let page = self.block(
            "a new tab",
            Duration::from_secs(20),
            self.cdp.new_page(params),
        )?;
        Ok(Tab {
            browser: self,
            page,
            answering: None,
        })
    }
}

/// A browser started but not yet connected to: stopped again if it never gets there.
struct Starting {
    child: Option<Child>,
    profile: PathBuf,
}

impl Starting {
    /// The DevTools address the browser writes to its profile once it listens.
    fn address(&mut self, path: &str) -> Result<String, String> {
        let file = self.profile.join("DevToolsActivePort");
        let deadline = Instant::now() + LAUNCH_TIMEOUT;
        while Instant::now() < deadline {
            if let Some(address) = std::fs::read_to_string(&file)
                .ok()
                .and_then(|text| devtools_address(&text))
            {
                return Ok(address);
            }
            if let Some(Ok(Some(status))) = self.child.as_mut().map(Child::try_wait) {
                return Err(format!("the browser {path} stopped at once ({status})"));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Err(format!("the browser {path} did not start"))
    }
}

impl Drop for Starting {
    fn drop(&mut self) {
        if let Some(child) = self.child.take() {
            stop(child, &self.profile, Duration::ZERO);
        }
    }
}

/// Wait up to `grace` for `child` (the browser) to exit, then kill its process group, reap it
/// and remove its profile.
fn stop(mut child: Child, profile: &Path, grace: Duration) {
    let deadline = Instant::now() + grace;
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    // SAFETY: a plain system call on the process group of the browser we started.
    unsafe { libc::kill(-(child.id() as libc::pid_t), libc::SIGKILL) };
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(profile);
    RUNNING
        .lock()
        .unwrap()
        .retain(|(pid, _)| *pid != child.id());
}

impl Drop for Browser {
    fn drop(&mut self) {
        let cdp = &mut self.cdp;
        let _ = self
            .runtime
            .block_on(async { tokio::time::timeout(Duration::from_secs(2), cdp.close()).await });
        if let Some(child) = self.child.take() {
            stop(child, &self.profile, Duration::from_secs(3));
        }
    }
}

/// Set once a signal stops the run: what fails from then on failed because of it.
static STOPPING: AtomicBool = AtomicBool::new(false);

/// Whether a signal is stopping the run (an outcome now is not the page's: do not record it).
pub fn stopping() -> bool {
    STOPPING.load(Ordering::SeqCst)
}

/// The browsers running now (process id, profile folder), for `stop_on_signals`.
static RUNNING: Mutex<Vec<(u32, PathBuf)>> = Mutex::new(Vec::new());

/// SIGINT and SIGTERM.
fn stop_signals() -> libc::sigset_t {
    // SAFETY: sigemptyset initialises the set before sigaddset reads it; all three are
    // async-signal-safe (this also runs between fork and exec).
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGINT);
        libc::sigaddset(&mut set, libc::SIGTERM);
        set
    }
}

/// Take SIGINT and SIGTERM (Ctrl+C, a CI job cancelled) on a thread of their own: stop the
/// running browsers, remove their profiles and exit with 128 + the signal, as shells report it.
/// What an audit wrote stays (each site is written as it finishes). Call first in `main`,
/// before any other thread starts, so every thread inherits the blocked signals.
pub fn stop_on_signals() {
    let set = stop_signals();
    // SAFETY: `set` is initialised; blocking the signals here makes sigwait below the only
    // place they are delivered.
    unsafe { libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut()) };
    std::thread::spawn(move || {
        let mut signal = 0;
        // SAFETY: `set` and `signal` are valid for the call.
        if unsafe { libc::sigwait(&set, &mut signal) } != 0 {
            return;
        }
        STOPPING.store(true, Ordering::SeqCst);
        for (pid, profile) in RUNNING.lock().unwrap().drain(..) {
            // SAFETY: plain system calls on the process group of a browser we started.
            unsafe {
                libc::kill(-(pid as libc::pid_t), libc::SIGKILL);
                libc::waitpid(pid as libc::pid_t, std::ptr::null_mut(), 0);
            }
            // Its helpers may still be going away: try again briefly.
            for _ in 0..20 {
                if std::fs::remove_dir_all(&profile).is_ok() || !profile.exists() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        std::process::exit(128 + signal);
    });
}

impl Tab<'_> {
    /// Run protocol command `command` in this tab; its result.
    pub fn execute<C: CdpCommand>(&self, command: C) -> Result<C::Response, String> {
        self.execute_within(command, CALL_TIMEOUT)
    }

    /// Run protocol command `command` in this tab, waiting up to `timeout` for its result.
    pub fn execute_within<C: CdpCommand>(
        &self,
        command: C,
        timeout: Duration,
    ) -> Result<C::Response, String> {
        let what = command.identifier();
        self.browser
            .block(&what, timeout, self.page.execute(command))
            .map(|response| response.result)
    }

    /// A new isolated world in the tab's main frame, as an extension's content scripts get one:
    /// the page's own scripts can neither see nor change what runs there. Returns its execution
    /// context id, for `evaluate`.
    pub fn isolated_world(&self, name: &str) -> Result<ExecutionContextId, String> {
        let frame = self
            .browser
            .block("the main frame", CALL_TIMEOUT, self.page.mainframe())?
            .ok_or("no main frame")?;
        let mut params = CreateIsolatedWorldParams::new(frame);
        params.world_name = Some(name.to_string());
        Ok(self.execute(params)?.execution_context_id)
    }

    /// Answer this tab's requests whose URL matches `pattern` (CDP's `Fetch` patterns: `*` any
    /// text) with `responder`, before they reach the network: the page is the browser's at that
    /// address, `https` included, and no name is resolved.
    pub fn answer_requests(&mut self, pattern: &str, responder: Responder) -> Result<(), String> {
        let mut paused = self.browser.block(
            "listening for requests",
            CALL_TIMEOUT,
            self.page.event_listener::<EventRequestPaused>(),
        )?;
        let page = self.page.clone();
        self.answering = Some(self.browser.runtime.spawn(async move {
            while let Some(request) = paused.next().await {
                let reply = responder(&request.request.method, &request.request.url);
                let mut fulfil =
                    FulfillRequestParams::new(request.request_id.clone(), reply.status);
                fulfil.response_headers = Some(vec![
                    HeaderEntry::new("Content-Type", reply.content_type),
                    HeaderEntry::new("Cache-Control", "no-store"),
                ]);
                fulfil.body = Some(
                    base64::engine::general_purpose::STANDARD
                        .encode(&reply.body)
                        .into(),
                );
                let _ = page.execute(fulfil).await;
            }
        }));
        self.execute(EnableParams {
            patterns: Some(vec![RequestPattern {
                url_pattern: Some(pattern.to_string()),
                request_stage: Some(RequestStage::Request),
                ..RequestPattern::default()
            }]),
            ..EnableParams::default()
        })?;
        Ok(())
    }

    /// Navigate to `url` and wait for its load event, up to `timeout`; once the document is
    /// parsed, wait at most `LOAD_GRACE` more for it (a resource that never finishes must not
    /// stop the check). Returns the network error text when the page could not be loaded
    /// (`net::ERR_NAME_NOT_RESOLVED`, ...).
    pub fn navigate(&self, url: &str, timeout: Duration) -> Result<(), String> {
        let page = &self.page;
        let waited = async {
            let mut parsed = page
                .event_listener::<EventDomContentEventFired>()
                .await
                .map_err(|e| e.to_string())?;
            // chromiumoxide answers `Page.navigate` once the page and its frames have loaded
            // (their `load` lifecycle event), or at once with the error text.
            let navigation = page.execute(NavigateParams::new(url));
            tokio::pin!(navigation);
            let deadline = tokio::time::sleep(timeout);
            tokio::pin!(deadline);
            let mut is_parsed = false;
            loop {
                tokio::select! {
                    answer = &mut navigation => {
                        let answer = answer.map_err(|e| e.to_string())?;
                        return match answer.result.error_text {
                            Some(error) if !error.is_empty() => Err(error),
                            _ => Ok(()),
                        };
                    }
                    Some(_) = parsed.next(), if !is_parsed => {
                        is_parsed = true;
                        let grace = tokio::time::Instant::now() + LOAD_GRACE;
                        if grace < deadline.deadline() {
                            deadline.as_mut().reset(grace);
                        }
                    }
                    // Parsed, but its load never came within the grace: read what is there.
                    () = &mut deadline => return if is_parsed {
                        Ok(())
                    } else {
                        Err("timeout: the page did not finish loading".to_string())
                    },
                }
            }
        };
        self.browser.runtime.block_on(waited)
    }

    /// Evaluate `expression` in the page (in execution context `context`, or the page's own
    /// when `None`), awaiting a promise, and return its value as JSON.
    pub fn evaluate(
        &self,
        expression: &str,
        context: Option<ExecutionContextId>,
        timeout: Duration,
    ) -> Result<Value, String> {
        let mut params = EvaluateParams::new(expression);
        params.await_promise = Some(true);
        params.return_by_value = Some(true);
        params.context_id = context;
        let result = self.execute_within(params, timeout)?;
        if let Some(details) = result.exception_details {
            let text = details
                .exception
                .and_then(|e| e.description)
                .unwrap_or(details.text);
            return Err(text);
        }
        Ok(result.result.value.unwrap_or(Value::Null))
    }
}

impl Drop for Tab<'_> {
    fn drop(&mut self) {
        if let Some(task) = self.answering.take() {
            task.abort();
        }
        let page = self.page.clone();
        let _ = self
            .browser
            .block("closing a tab", Duration::from_secs(5), page.close());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_devtools_address_is_read_once_written_whole() {
        assert_eq!(
            devtools_address("41235\n/devtools/browser/6f0c-11\n").as_deref(),
            Some("ws://127.0.0.1:41235/devtools/browser/6f0c-11")
        );
        assert_eq!(devtools_address(""), None);
        assert_eq!(devtools_address("41235\n"), None);
        assert_eq!(devtools_address("41235\n/devtools/page/1\n"), None);
        assert_eq!(devtools_address("port\n/devtools/browser/1\n"), None);
    }
}
