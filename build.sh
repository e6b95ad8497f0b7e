#!/usr/bin/env bash
# build.sh: the one entry point of beian-check.
#
#   ./build.sh          set up what is missing, then build dist/chrome, dist/firefox, their zips,
#                       dist/www (the static checker page) and dist/cli/beian-check (the native
#                       command-line checker, Linux)
#   ./build.sh test     set up, build, then rustfmt, clippy, cargo test, a bounded fuzz run of the
#                       parsers, web-ext lint and the browser tests (Chromium and Firefox ESR) on
#                       a test build in dist-test/, the CLI's among them (tests/e2e/cli.test.mjs)
#   ./build.sh --test   set up, then build only the test build (dist-test/), dist/www and dist/cli
#   ./build.sh serve [port]  build dist/www (the static checker page) and serve it on
#                       http://127.0.0.1:<port>/ (default 8080)
#   ./build.sh screenshots  regenerate docs/screenshots/ (the README's screenshots)
#   ./build.sh bench    the benchmarks (issue #8, not part of `test`): the core natively on generated
#                       facts (cargo bench), then a check in headless Chromium on generated pages of
#                       1k to 300k elements against the floor (bench/browser-bench.mjs; extra
#                       arguments go to it, e.g. --sizes 1000,10000 --reps 3), the core's side in
#                       the wasm (bench/wasm-speed.mjs) and the reads in Firefox ESR
#                       (bench/firefox-reads.mjs); results in target/bench/, figures and method
#                       in BENCHMARKS.md
#   ./build.sh help     this text
#
# Setup installs only what is missing (apt packages, the wasm32 target, wasm-bindgen-cli at the
# version in Cargo.lock, npm packages from package-lock.json) and is quick when all is present.
# Release packages never get host permissions; only the test build in dist-test/ does, so the
# browser tests can open the popup as a tab on any fixture page.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
ROOT=$PWD

# DIST_DIR moves the release output (the reproducibility test builds a second copy elsewhere).
DIST=$(realpath -m "${DIST_DIR:-dist}")
DIST_TEST=$ROOT/dist-test
BROWSERS=(chrome firefox)
WASM_TARGET=wasm32-unknown-unknown
APT_PACKAGES=(chromium chromium-driver firefox-esr fonts-wqy-microhei jq zip libxml2-utils)
# Zip entries get this timestamp so two builds give identical bytes (1980-01-01, the earliest
# time a zip can hold). Override with SOURCE_DATE_EPOCH: https://reproducible-builds.org/specs/source-date-epoch/
: "${SOURCE_DATE_EPOCH:=315532800}"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

as_root() {
    if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

# The [package] version in Cargo.toml: the only place the version is written.
cargo_version() {
    awk -F'"' '/^\[/ { section = $0 } section == "[package]" && /^version *=/ { print $2; exit }' Cargo.toml
}

# The version of the wasm-bindgen crate in Cargo.lock; wasm-bindgen-cli must match it exactly.
locked_wasm_bindgen_version() {
    awk -F'"' '$0 == "name = \"wasm-bindgen\"" { getline; print $2; exit }' Cargo.lock
}

# ---------------------------------------------------------------------------------------------
# Setup
# ---------------------------------------------------------------------------------------------

setup_apt() {
    local missing=()
    have chromium || missing+=(chromium)
    have chromedriver || missing+=(chromium-driver)
    have firefox-esr || missing+=(firefox-esr)
    have jq || missing+=(jq)
    have zip || missing+=(zip)
    have xmllint || missing+=(libxml2-utils) # the CLI test validates its JUnit output
    [[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]] || missing+=(fonts-wqy-microhei)
    have node && have npm || missing+=(nodejs npm)
    if ((${#missing[@]} == 0)); then
        return
    fi
    say "apt: installing (missing: ${missing[*]})"
    local packages=("${APT_PACKAGES[@]}")
    have node && have npm || packages+=(nodejs npm)
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${packages[@]}"
}

setup_rust() {
    have cargo || die "cargo is missing: install Rust with rustup (https://rustup.rs)"
    if ! rustup target list --installed | grep -qx "$WASM_TARGET"; then
        say "rustup: adding $WASM_TARGET"
        rustup target add "$WASM_TARGET"
    fi
    local want have_version=""
    want=$(locked_wasm_bindgen_version)
    [[ -n $want ]] || die "no wasm-bindgen in Cargo.lock"
    if have wasm-bindgen; then
        have_version=$(wasm-bindgen --version | awk '{ print $2 }')
    fi
    if [[ $have_version != "$want" ]]; then
        say "cargo: installing wasm-bindgen-cli $want (have: ${have_version:-none}; takes about 2 minutes)"
        # Not --locked: its lockfile pins a dependency version the registry no longer serves.
        cargo install wasm-bindgen-cli --version "$want"
    fi
}

setup_npm() {
    if [[ -d node_modules && node_modules/.package-lock.json -nt package-lock.json ]]; then
        return
    fi
    say "npm: installing from package-lock.json"
    # puppeteer-core never downloads a browser; the variable guards against a future dependency
    # that would. The tests use the Debian browsers in /usr/bin.
    PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund
}

setup() {
    setup_apt
    setup_rust
    setup_npm
}

# ---------------------------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------------------------

# Compile the core to wasm and generate its JS glue into target/bindgen/.
build_wasm() {
    say "cargo: building wasm (release, $(rustc --version))"
    # Panic locations embed source paths; map the machine-specific ones to fixed names so the
    # same source and toolchain give the same .wasm wherever it is built (REVIEWERS.md).
    local remap="--remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}=/cargo --remap-path-prefix=$ROOT=/beian-check"
    RUSTFLAGS="${RUSTFLAGS:-} $remap" cargo build --release --target "$WASM_TARGET"
    rm -rf target/bindgen
    # Names and producer notes only help debuggers; dropping them keeps the package small.
    wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section \
        --out-dir target/bindgen \
        "target/$WASM_TARGET/release/beian_check.wasm"
}

# The page parts the popup and the www page share, written once in extension/shared/parts/
# (issue #13): in popup.html and www/index.html a mark <!-- @@part:<name>@@ --> becomes
# <name>.html, each of its lines indented as the mark is. fill_parts IN prints IN filled in;
# PARTS_JQ is the jq filter, for a page that has marks of its own to fill too, and part_args
# the jq arguments it needs.
PARTS_JQ='gsub("(?<indent>[ ]*)<!-- @@part:(?<name>[a-z0-9-]+)@@ -->";
    .indent as $i | $i + ($ARGS.named["part:" + .name] // error("no part \(.name)") | rtrimstr("\n") | gsub("\n"; "\n" + $i)))'
part_args() {
    local part
    for part in extension/shared/parts/*.html; do
        [[ -e $part ]] || continue
        printf '%s\0' --rawfile "part:$(basename "$part" .html)" "$part"
    done
}
fill_parts() {
    local args
    mapfile -d '' args < <(part_args)
    jq -Rrs "${args[@]}" "$PARTS_JQ" "$1" || die "$1: a part mark names no part"
}

# Write one unpacked extension to $1 for browser $2; $3 is an extra jq filter for the manifest
# (the test build adds host permissions with it; release builds pass ".").
assemble_extension() {
    local out=$1 browser=$2 extra=$3 version
    version=$(cargo_version)
    rm -rf "$out"
    mkdir -p "$out"
    cp -R extension/. "$out/"
    # Manifest sources are merged below; icon sources and the scripts that draw them stay home.
    rm -f "$out"/manifest*.json
    rm -rf "$out/shared/parts"
    fill_parts extension/popup/popup.html >"$out/popup/popup.html"
    if grep -q '@@' "$out/popup/popup.html"; then die "popup.html: a @@ mark was not replaced"; fi
    if [[ -d $out/icons ]]; then
        find "$out/icons" -type f ! -name '*.png' ! -name '*.svg' -delete
    fi
    mkdir -p "$out/wasm"
    cp target/bindgen/beian_check.js target/bindgen/beian_check_bg.wasm "$out/wasm/"
    jq -s --arg version "$version" \
        ".[0] * .[1] | {manifest_version, name, version: \$version} + . | $extra" \
        extension/manifest.json "extension/manifest.$browser.json" >"$out/manifest.json"
    # Same permissions whatever the umask or checkout, so the zips are the same everywhere.
    chmod -R u=rwX,go=rX "$out"
}

# Zip directory $1 into $2 reproducibly: sorted entries, fixed timestamps, no extra fields.
zip_reproducibly() {
    local dir=$1 archive=$2
    rm -f "$archive"
    find "$dir" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
    (cd "$dir" && find . -type f | sed 's|^\./||' | LC_ALL=C sort |
        TZ=UTC zip -q -X -D -@ "$archive")
}

build_release() {
    local version browser
    version=$(cargo_version)
    mkdir -p "$DIST"
    for browser in "${BROWSERS[@]}"; do
        say "packaging ${DIST#"$ROOT"/}/$browser (version $version)"
        assemble_extension "$DIST/$browser" "$browser" "."
        zip_reproducibly "$DIST/$browser" "$DIST/beian-check-$browser-$version.zip"
    done
    build_www
}

# Write dist/www, the static checker page (issue #6): www/ plus what it shares with the
# extension, copied into place from the one source (collector, renderer, stylesheet, page parts,
# locales, wasm). The icons go into index.html as data: URLs (its policy loads no image by URL;
# see index.html).
build_www() {
    local out=$DIST/www icon icons=() parts
    say "assembling ${out#"$ROOT"/} (the static checker page)"
    rm -rf "$out"
    mkdir -p "$out/shared" "$out/page" "$out/wasm"
    cp -R www/. "$out/"
    cp extension/shared/*.js extension/shared/*.css "$out/shared/"
    cp extension/page/collector.js "$out/page/"
    cp -R extension/_locales "$out/"
    cp target/bindgen/beian_check.js target/bindgen/beian_check_bg.wasm "$out/wasm/"
    for icon in extension/icons/*.png; do
        icons+=(--arg "${icon##*/}" "data:image/png;base64,$(base64 -w0 "$icon")")
    done
    # index.html's marks: @@version@@ becomes the version (for the exported report),
    # @@icon:<file>@@ that icon's data: URL; @@<lang>:<key>@@ the
    # message (HTML-escaped), for the note shown when the script cannot start (the page opened
    # as a local file), which has no script to word it.
    mapfile -d '' parts < <(part_args)
    jq -Rrs "${parts[@]}" --slurpfile zh extension/_locales/zh_CN/messages.json \
        --slurpfile en extension/_locales/en/messages.json "${icons[@]}" --arg version "$(cargo_version)" \
        "$PARTS_JQ"'
         | {zh_CN: $zh[0], en: $en[0]} as $m
         | gsub("@@version@@"; $version)
         | gsub("@@icon:(?<file>[A-Za-z0-9.-]+)@@"; $ARGS.named[.file] // error("no icon \(.file)"))
         | gsub("@@(?<lang>zh_CN|en):(?<key>[A-Za-z0-9_]+)@@";
                $m[.lang][.key].message // error("no message \(.lang):\(.key)") | @html)' \
        www/index.html >"$out/index.html" || die "www/index.html: a @@ mark has no value"
    if grep -q '@@' "$out/index.html"; then die "www/index.html: a @@ mark was not replaced"; fi
    chmod -R u=rwX,go=rX "$out"
}

# The test build: the release build plus host access to every site, for automation only.
build_test_packages() {
    local browser
    mkdir -p "$DIST_TEST"
    for browser in "${BROWSERS[@]}"; do
        say "packaging dist-test/$browser (host permissions for automation)"
        assemble_extension "$DIST_TEST/$browser" "$browser" '.host_permissions = ["<all_urls>"]'
    done
}

# The native command-line checker (issue #14, src/cli/) to dist/cli/beian-check.
build_cli() {
    say "cargo: building ${DIST#"$ROOT"/}/cli/beian-check (profile cli, --features cli)"
    cargo build --profile cli --features cli --bin beian-check
    mkdir -p "$DIST/cli"
    cp target/cli/beian-check "$DIST/cli/beian-check"
}

build() {
    build_wasm
    build_release
    build_cli
    local version
    version=$(cargo_version)
    say "built: ${DIST#"$ROOT"/}/{chrome,firefox} and their zips, ${DIST#"$ROOT"/}/www (version $version)"
    local wasm=$DIST/chrome/wasm/beian_check_bg.wasm
    say "wasm: $(wc -c <"$wasm") bytes, $(gzip -9c "$wasm" | wc -c) bytes gzipped"
}

# ---------------------------------------------------------------------------------------------
# Test
# ---------------------------------------------------------------------------------------------

RESULTS=()
PASSED=0
FAILED=0

# Run one named step, record its outcome, and keep going so the summary shows every step.
step() {
    local name=$1 start status
    shift
    say "test: $name"
    start=$SECONDS
    if "$@"; then
        status=pass
        PASSED=$((PASSED + 1))
    else
        status=FAIL
        FAILED=$((FAILED + 1))
    fi
    RESULTS+=("$(printf '%-5s %-44s %4ds' "$status" "$name" $((SECONDS - start)))")
}

summary() {
    echo
    say "summary"
    printf '    %s\n' "${RESULTS[@]}"
    echo "steps: $PASSED passed, $FAILED failed"
}

lint_firefox_package() {
    npx --no-install web-ext lint --source-dir "$DIST/firefox" --warnings-as-errors --output text
}

run_tests() {
    step "rustfmt" cargo fmt --check
    step "clippy (native)" cargo clippy --features cli --all-targets -- -D warnings
    step "clippy (wasm32)" cargo clippy --target "$WASM_TARGET" --lib -- -D warnings
    step "cargo test" cargo test --features cli
    # Fixed seed and count (tests/fuzz.rs says why not cargo-fuzz); FUZZ_ITERATIONS overrides.
    # Same features as the step before, so it reuses that build instead of compiling the crate
    # again without `cli`.
    step "fuzz: number, url, record, facts parsers; megabyte inputs" \
        env FUZZ_ITERATIONS="${FUZZ_ITERATIONS:-20000}" cargo test --features cli --test fuzz -- --ignored
    step "web-ext lint dist/firefox" lint_firefox_package
    # Two test files at a time (each its own process and browser): they spend most of their
    # time waiting on pages, timers and quiet periods, not on the CPU. E2E_CONCURRENCY overrides.
    step "browser tests (node --test tests/e2e/, ${E2E_CONCURRENCY:-2} files at a time)" \
        node --test --test-concurrency="${E2E_CONCURRENCY:-2}" tests/e2e/
    summary
    ((FAILED == 0))
}

usage() {
    sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
}

case "${1:-}" in
    "")
        setup
        build
        ;;
    test)
        setup
        build
        build_test_packages
        run_tests
        ;;
    --test)
        setup
        build_wasm
        build_test_packages
        build_www
        build_cli
        ;;
    serve)
        port=${2:-8080}
        [[ $port =~ ^[0-9]+$ ]] && ((port <= 65535)) || die "serve: not a port: $port"
        setup
        build_wasm
        build_www
        exec node tests/e2e/lib/www-server.mjs "$DIST/www" "$port"
        ;;
    screenshots)
        setup
        build_wasm
        build_test_packages
        build_www
        node tests/e2e/screenshots.mjs
        node tests/e2e/www-screenshots.mjs
        ;;
    bench)
        setup
        build_wasm
        build_test_packages
        mkdir -p target/bench
        say "bench: the core, natively (cargo bench --bench core_check)"
        cargo bench --bench core_check | tee target/bench/core.md
        say "bench: a check in Chromium against the floor (bench/browser-bench.mjs)"
        node bench/browser-bench.mjs --json target/bench/browser.json "${@:2}" | tee target/bench/browser.md
        say "bench: the core's side of a page read in the built wasm (bench/wasm-speed.mjs)"
        node bench/wasm-speed.mjs --wasm dist-test/chrome/wasm | tee target/bench/wasm-speed.md
        say "bench: the page read in Firefox ESR (bench/firefox-reads.mjs)"
        node bench/firefox-reads.mjs | tee target/bench/firefox.md
        ;;
    help | -h | --help)
        usage
        ;;
    *)
        usage >&2
        die "unknown command: $1"
        ;;
esac
