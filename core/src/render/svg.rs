//! A small, fast SVG writer: every piece of text that does not come from this module's callers
//! as trusted markup goes through [`escape_into`], and numbers are written with a fixed number
//! of decimals so that the output is byte-identical for the same input on every platform.

/// Appends `s` to `out` escaped for use in XML text and in double- or single-quoted attribute
/// values. Characters XML 1.0 does not allow at all (C0 controls other than tab, newline and
/// carriage return, U+FFFE, U+FFFF) are dropped, so no input can make the document ill-formed.
pub(crate) fn escape_into(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if !SPECIAL[usize::from(bytes[i])] {
            i += 1;
            continue;
        }
        // Everything to escape or drop is ASCII, except U+FFFE and U+FFFF (EF BF BE, EF BF BF).
        let (replacement, len) = match bytes[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&#39;", 1),
            0xef if bytes.get(i + 1) == Some(&0xbf) && matches!(bytes.get(i + 2), Some(0xbe | 0xbf)) => ("", 3),
            0xef => {
                i += 1;
                continue;
            }
            _ => ("", 1),
        };
        out.push_str(&s[start..i]);
        out.push_str(replacement);
        i += len;
        start = i;
    }
    out.push_str(&s[start..]);
}

/// Bytes that [`escape_into`] must look at: markup characters, C0 controls other than tab,
/// newline and carriage return, and the lead byte of U+FFFE/U+FFFF.
const SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = !matches!(b, 0x09 | 0x0a | 0x0d);
        b += 1;
    }
    table[b'&' as usize] = true;
    table[b'<' as usize] = true;
    table[b'>' as usize] = true;
    table[b'"' as usize] = true;
    table[b'\'' as usize] = true;
    table[0xef] = true;
    table
};

/// Appends an unsigned integer in decimal.
pub(crate) fn push_uint(out: &mut String, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&buf[i..]).unwrap_or("0"));
}

/// Appends `v` rounded to one decimal, without a trailing `.0` and never as `-0`.
pub(crate) fn push_num(out: &mut String, v: f64) {
    let tenths = (v * 10.0).round();
    let tenths = if tenths.is_finite() { tenths as i64 } else { 0 };
    if tenths < 0 {
        out.push('-');
    }
    let a = tenths.unsigned_abs();
    push_uint(out, a / 10);
    if a % 10 != 0 {
        out.push('.');
        out.push(char::from(b'0' + (a % 10) as u8));
    }
}

/// An SVG document being written.
pub(crate) struct Svg {
    pub(crate) out: String,
}

impl Svg {
    pub(crate) fn with_capacity(capacity: usize) -> Svg {
        Svg {
            out: String::with_capacity(capacity),
        }
    }

    /// Trusted markup, written as is.
    #[inline]
    pub(crate) fn raw(&mut self, s: &str) -> &mut Self {
        self.out.push_str(s);
        self
    }

    /// Text content, escaped.
    #[inline]
    pub(crate) fn text(&mut self, s: &str) -> &mut Self {
        escape_into(&mut self.out, s);
        self
    }

    /// A number with at most one decimal.
    #[inline]
    pub(crate) fn num(&mut self, v: f64) -> &mut Self {
        push_num(&mut self.out, v);
        self
    }

    /// An unsigned integer.
    #[inline]
    pub(crate) fn int(&mut self, v: u64) -> &mut Self {
        push_uint(&mut self.out, v);
        self
    }

    /// ` name="value"` with the value escaped.
    #[inline]
    pub(crate) fn attr(&mut self, name: &str, value: &str) -> &mut Self {
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        escape_into(&mut self.out, value);
        self.out.push('"');
        self
    }

    /// ` name="number"`.
    #[inline]
    pub(crate) fn attr_num(&mut self, name: &str, v: f64) -> &mut Self {
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        push_num(&mut self.out, v);
        self.out.push('"');
        self
    }

    /// Lets `f` write into this document (keeps builder chains going).
    #[inline]
    pub(crate) fn call(&mut self, f: impl FnOnce(&mut Self)) -> &mut Self {
        f(self);
        self
    }

    /// `<title>text</title>`, the tooltip of the enclosing element.
    pub(crate) fn title(&mut self, s: &str) -> &mut Self {
        self.raw("<title>").text(s).raw("</title>")
    }

    /// `<text x y …>content</text>`; `extra` is trusted attribute markup (may be empty).
    pub(crate) fn text_at(&mut self, x: f64, y: f64, extra: &str, content: &str) -> &mut Self {
        self.raw("<text").attr_num("x", x).attr_num("y", y).raw(extra).raw(">");
        self.text(content).raw("</text>")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_forbidden_characters() {
        let mut s = String::new();
        escape_into(&mut s, "a<b>&\"c'\u{1}\n\u{FFFF}ä");
        assert_eq!(s, "a&lt;b&gt;&amp;&quot;c&#39;\nä");
    }

    #[test]
    fn numbers_have_one_fixed_decimal() {
        let mut s = String::new();
        for v in [0.0, -0.04, 1.25, -3.5, 12.0, 959.96, f64::NAN, 1234567.0] {
            push_num(&mut s, v);
            s.push(' ');
        }
        assert_eq!(s, "0 0 1.3 -3.5 12 960 0 1234567 ");
    }
}
