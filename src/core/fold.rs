//! Character folding shared by the number grammar and text comparisons: full-width to
//! half-width forms, the many Unicode spaces, and invisible format characters (zero-width,
//! bidi marks). Owns nothing else.

/// Map a full-width ASCII variant (`０`, `Ａ`, `－`) and the dash look-alikes to their ASCII form;
/// other characters are returned unchanged.
pub fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' => '-',
        _ => c,
    }
}

/// Whether `c` is an invisible format character that may sit inside a number unseen:
/// zero-width spaces and joiners, word joiner, BOM, soft hyphen, and bidi marks/controls.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{180E}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{206F}'
        | '\u{FEFF}')
}

/// Whether `c` is any kind of space (ASCII, NBSP, ideographic, the U+2000 block).
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{00A0}' || c == '\u{3000}'
}
