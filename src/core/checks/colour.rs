//! Reading the computed CSS colours browsers report (`rgb()`, `rgba()`, `transparent`,
//! `color(srgb …)`) and comparing them. Owns nothing else.

/// A colour with channels 0-255 and alpha 0-1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgba {
    /// Red.
    pub r: f64,
    /// Green.
    pub g: f64,
    /// Blue.
    pub b: f64,
    /// Alpha.
    pub a: f64,
}

/// The initial canvas colour behind a page that paints no background.
pub const CANVAS_WHITE: Rgba = Rgba {
    r: 255.0,
    g: 255.0,
    b: 255.0,
    a: 1.0,
};

/// Largest per-channel difference at which text is taken to be the colour of its background:
/// a reviewer cannot read `#fefefe` on `#ffffff` either.
pub const SAME_COLOUR_TOLERANCE: f64 = 10.0;

/// Parse a computed colour; `None` for forms we do not read (then nothing is concluded).
pub fn parse_colour(text: &str) -> Option<Rgba> {
    let t = text.trim().to_ascii_lowercase();
    if t == "transparent" {
        return Some(Rgba {
            r: 0.0,
            g: 0.0,
            b: 0.0,
            a: 0.0,
        });
    }
    let (inner, scale) =
        if let Some(rest) = t.strip_prefix("rgba(").or_else(|| t.strip_prefix("rgb(")) {
            (rest.strip_suffix(')')?, 1.0)
        } else if let Some(rest) = t.strip_prefix("color(srgb") {
            (rest.strip_suffix(')')?, 255.0)
        } else {
            return None;
        };
    let parts: Vec<&str> = inner
        .split([',', ' ', '/'])
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() < 3 || parts.len() > 4 {
        return None;
    }
    let channel = |p: &str| -> Option<f64> {
        if let Some(pc) = p.strip_suffix('%') {
            pc.parse::<f64>().ok().map(|v| v * 2.55)
        } else {
            p.parse::<f64>().ok().map(|v| v * scale)
        }
    };
    let alpha = match parts.get(3) {
        Some(p) => match p.strip_suffix('%') {
            Some(pc) => pc.parse::<f64>().ok()? / 100.0,
            None => p.parse::<f64>().ok()?,
        },
        None => 1.0,
    };
    let c = Rgba {
        r: channel(parts[0])?,
        g: channel(parts[1])?,
        b: channel(parts[2])?,
        a: alpha,
    };
    [c.r, c.g, c.b, c.a]
        .iter()
        .all(|v| v.is_finite())
        .then_some(c)
}

impl Rgba {
    /// Whether two opaque-enough colours are indistinguishable to a reader.
    pub fn looks_like(&self, other: &Rgba) -> bool {
        (self.r - other.r).abs() <= SAME_COLOUR_TOLERANCE
            && (self.g - other.g).abs() <= SAME_COLOUR_TOLERANCE
            && (self.b - other.b).abs() <= SAME_COLOUR_TOLERANCE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_computed_forms() {
        type Channels = (f64, f64, f64, f64);
        let cases: &[(&str, Option<Channels>)] = &[
            ("rgb(255, 255, 255)", Some((255.0, 255.0, 255.0, 1.0))),
            ("rgba(0, 0, 0, 0)", Some((0.0, 0.0, 0.0, 0.0))),
            ("rgba(10, 20, 30, 0.5)", Some((10.0, 20.0, 30.0, 0.5))),
            ("rgb(10 20 30 / 50%)", Some((10.0, 20.0, 30.0, 0.5))),
            ("color(srgb 1 0 0.5)", Some((255.0, 0.0, 127.5, 1.0))),
            ("transparent", Some((0.0, 0.0, 0.0, 0.0))),
            ("RGB(1,2,3)", Some((1.0, 2.0, 3.0, 1.0))),
            ("red", None),
            ("rgb(1,2)", None),
            ("rgb(a,b,c)", None),
            ("", None),
        ];
        for (input, want) in cases {
            let got = parse_colour(input).map(|c| (c.r, c.g, c.b, c.a));
            assert_eq!(got, *want, "{input}");
        }
    }

    #[test]
    fn near_colours_look_alike() {
        let white = parse_colour("rgb(255,255,255)").unwrap();
        assert!(white.looks_like(&parse_colour("rgb(250, 250, 250)").unwrap()));
        assert!(!white.looks_like(&parse_colour("rgb(230, 230, 230)").unwrap()));
    }
}
