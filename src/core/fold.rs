//! Character folding shared by the number grammar and text comparisons: full-width to
//! half-width forms, the many Unicode spaces, and invisible format characters (zero-width,
//! bidi marks). Owns nothing else.

/// Map a full-width ASCII variant (`０`, `Ａ`, `－`) and the dash look-alikes to their ASCII form;
/// other characters are returned unchanged.
pub fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        '\u{2010}'..='\u{2015}'
        | '\u{2212}'
        | '\u{2E3A}'
        | '\u{2E3B}'
        | '\u{FE58}'
        | '\u{FE63}' => '-',
        _ => c,
    }
}

/// Whether `c` is an invisible format character that may sit inside a number unseen:
/// zero-width spaces and joiners, word joiner, BOM, soft hyphen, bidi marks/controls,
/// variation selectors, tag characters and the Hangul fillers that render as nothing.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{206F}'
        | '\u{3164}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FEFF}'
        | '\u{FFA0}'
        | '\u{E0001}'
        | '\u{E0020}'..='\u{E007F}'
        | '\u{E0100}'..='\u{E01EF}')
}

/// Whether `c` is any kind of space (ASCII, NBSP, ideographic, the U+2000 block).
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{00A0}' || c == '\u{3000}'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_folds_full_width_ascii_and_dashes() {
        let table = [
            ('０', '0'),
            ('９', '9'),
            ('Ａ', 'A'),
            ('ｘ', 'x'),
            ('Ｉ', 'I'),
            ('＊', '*'),
            ('～', '~'),
            ('！', '!'),
            ('－', '-'),
            ('\u{2010}', '-'),
            ('\u{2011}', '-'),
            ('–', '-'),
            ('—', '-'),
            ('―', '-'),
            ('\u{2212}', '-'),
            ('\u{2E3A}', '-'),
            ('\u{FE58}', '-'),
            ('\u{FE63}', '-'),
            ('\u{3000}', ' '),
        ];
        for (from, to) in table {
            assert_eq!(fold_width(from), to, "fold_width({:?})", from);
        }
    }

    #[test]
    fn width_leaves_other_characters() {
        for c in [
            '0',
            'a',
            '-',
            '京',
            '号',
            '\u{FF5F}',
            '\u{FF00}',
            '\u{00A0}',
            'é',
            '\u{1F600}',
        ] {
            assert_eq!(fold_width(c), c, "fold_width({:?})", c);
        }
    }

    #[test]
    fn invisible_characters() {
        let invisible = [
            '\u{00AD}',
            '\u{034F}',
            '\u{061C}',
            '\u{115F}',
            '\u{180E}',
            '\u{200B}',
            '\u{200C}',
            '\u{200D}',
            '\u{200E}',
            '\u{200F}',
            '\u{202A}',
            '\u{202E}',
            '\u{2060}',
            '\u{2064}',
            '\u{2066}',
            '\u{2069}',
            '\u{3164}',
            '\u{FE0F}',
            '\u{FEFF}',
            '\u{E0041}',
            '\u{E0100}',
        ];
        for c in invisible {
            assert!(is_invisible(c), "{:?} should be invisible", c);
        }
        let visible = [
            'a', '0', ' ', '\u{00A0}', '\u{0301}', '京', '-', '\u{2065}', '\u{FE10}',
        ];
        for c in visible {
            assert!(!is_invisible(c), "{:?} should be visible", c);
        }
    }

    #[test]
    fn spaces() {
        let spaces = [
            ' ', '\t', '\n', '\r', '\u{00A0}', '\u{1680}', '\u{2000}', '\u{2007}', '\u{200A}',
            '\u{2028}', '\u{202F}', '\u{205F}', '\u{3000}',
        ];
        for c in spaces {
            assert!(is_space(c), "{:?} should be a space", c);
        }
        for c in ['a', '\u{200B}', '\u{FEFF}', '_', '-', '京'] {
            assert!(!is_space(c), "{:?} should not be a space", c);
        }
    }
}
