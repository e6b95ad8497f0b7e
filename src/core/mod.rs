//! The pure core: every decision beian-check makes. No browser APIs here (the web-sys,
//! js-sys and wasm-bindgen crates are not even dependencies on native targets).

pub mod checks;
pub mod facts;
pub mod fold;
pub mod generator;
pub mod number;
pub mod page_read;
pub mod record;
pub mod report;
pub mod site_key;
pub mod snippet;
pub mod url;
