//! beian-check: checks a homepage against the ICP filing (备案) display rules.
//!
//! - `core`: every decision, pure Rust, natively testable.
//! - `web`: the wasm-bindgen boundary (wasm32 only).

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod web;
