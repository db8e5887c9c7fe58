//! A claim line's grouping fields ([`Line`]), for the fast path of [`super::canonical`], and a
//! hand-written reader of the plainest lines in front of their typed serde read: the grouping
//! fields only, strings without escapes, integers without a sign where none is needed, `null`
//! where a field may be absent. [`scan_line`] gives the [`Line`] the serde read gives, or
//! `None`, and then the serde read runs as before (`the_scan_reads_a_line_as_serde_does`
//! checks this on the golden lines and on mutated ones, `a_scanned_line_is_the_line_serde_reads`
//! on generated ones). Reading a claim line fell from about 12,100 instructions to 8,700
//! (callgrind, 10,000 golden lines). A code object in its compact form (`{"code":"…","poa":"…"}`)
//! is then read without the general object walk, and strings end a word at a time: the scan
//! of a `benches/compare` line fell from 5,900 instructions to 4,300.

use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::Value;

use super::json_text::plain_string_len;

/// A claim line's fields, read by [`scan_line`] or by serde.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct Line<'a> {
    #[serde(default)]
    pub(super) id: Option<Value>,
    #[serde(default)]
    pub(super) version: Option<u16>,
    #[serde(default, borrow)]
    pub(super) discharge_date: Option<&'a str>,
    #[serde(default)]
    pub(super) age: Option<i64>,
    #[serde(default)]
    pub(super) sex: Option<u8>,
    #[serde(default)]
    pub(super) discharge_status: Option<i64>,
    #[serde(default, borrow)]
    pub(super) pdx: Option<Dx<'a>>,
    #[serde(default, borrow)]
    pub(super) admit_dx: Option<Dx<'a>>,
    #[serde(default, borrow)]
    pub(super) sdx: Option<Vec<Dx<'a>>>,
    #[serde(default, borrow)]
    pub(super) procedures: Option<Vec<Px<'a>>>,
    #[serde(default, borrow)]
    pub(super) hospital_status: Option<&'a str>,
    // Pricing fields: known to the claim format, not read by the grouper.
    #[serde(default, rename = "drg")]
    _drg: Option<IgnoredAny>,
    #[serde(default, rename = "length_of_stay")]
    _length_of_stay: Option<IgnoredAny>,
    #[serde(default, rename = "total_charges")]
    _total_charges: Option<IgnoredAny>,
    #[serde(default, rename = "ccn")]
    _ccn: Option<IgnoredAny>,
    #[serde(default, rename = "provider")]
    _provider: Option<IgnoredAny>,
    #[serde(default, rename = "review_code")]
    _review_code: Option<IgnoredAny>,
    #[serde(default, rename = "covered_days")]
    _covered_days: Option<IgnoredAny>,
    #[serde(default, rename = "lifetime_reserve_days")]
    _lifetime_reserve_days: Option<IgnoredAny>,
    #[serde(default, rename = "condition_codes")]
    _condition_codes: Option<IgnoredAny>,
    #[serde(default, rename = "diagnosis_codes")]
    _diagnosis_codes: Option<IgnoredAny>,
    #[serde(default, rename = "procedure_codes")]
    _procedure_codes: Option<IgnoredAny>,
    /// A CSV row's columns the claim format does not read, echoed (a JSON `null` included,
    /// as the full reader echoes it).
    #[serde(default, deserialize_with = "present")]
    pub(super) passthrough: Option<Value>,
}

/// A field that is present, whatever its value (`null` too).
pub(super) fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct Dx<'a> {
    #[serde(default, borrow)]
    pub(super) code: Option<&'a str>,
    #[serde(default, borrow)]
    pub(super) poa: Option<&'a str>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct Px<'a> {
    #[serde(default, borrow)]
    pub(super) code: Option<&'a str>,
}

/// `text` read as a [`Line`] of the grouping fields; `None` for anything else (an escape, a
/// pricing field, `passthrough`, a fraction, a repeated key, bad JSON).
pub(super) fn scan_line(text: &str) -> Option<Line<'_>> {
    let mut s = Scan { text, at: 0 };
    let mut line = Line::default();
    let mut seen = 0u16;
    s.object(|s, key| {
        let bit = match key {
            "id" => 0,
            "version" => 1,
            "discharge_date" => 2,
            "age" => 3,
            "sex" => 4,
            "discharge_status" => 5,
            "pdx" => 6,
            "admit_dx" => 7,
            "sdx" => 8,
            "procedures" => 9,
            "hospital_status" => 10,
            _ => return None,
        };
        // serde refuses a repeated field.
        if seen & (1 << bit) != 0 {
            return None;
        }
        seen |= 1 << bit;
        match bit {
            0 => line.id = s.or_null(Scan::id)?,
            1 => line.version = s.or_null(|s| u16::try_from(s.unsigned()?).ok())?,
            2 => line.discharge_date = s.or_null(Scan::string)?,
            3 => line.age = s.or_null(Scan::signed)?,
            4 => line.sex = s.or_null(|s| u8::try_from(s.unsigned()?).ok())?,
            5 => line.discharge_status = s.or_null(Scan::signed)?,
            6 => line.pdx = s.or_null(Scan::dx)?,
            7 => line.admit_dx = s.or_null(Scan::dx)?,
            8 => line.sdx = s.or_null(|s| s.array(Scan::dx))?,
            9 => line.procedures = s.or_null(|s| s.array(Scan::px))?,
            _ => line.hospital_status = s.or_null(Scan::string)?,
        }
        Some(())
    })?;
    s.blanks();
    (s.at == text.len()).then_some(line)
}

/// A position in a line's text, and readers of the plainest JSON values (shared with the
/// price line's scan, [`super::price_scan`]).
pub(super) struct Scan<'a> {
    pub(super) text: &'a str,
    pub(super) at: usize,
}

impl<'a> Scan<'a> {
    pub(super) fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    /// Skip JSON whitespace, as serde_json does.
    pub(super) fn blanks(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    /// `byte`, after blanks.
    pub(super) fn expect(&mut self, byte: u8) -> Option<()> {
        self.blanks();
        (self.peek()? == byte).then(|| self.at += 1)
    }

    /// A literal `null` (after blanks) is `Some(None)`; otherwise what `read` reads.
    pub(super) fn or_null<T>(
        &mut self,
        read: impl FnOnce(&mut Self) -> Option<T>,
    ) -> Option<Option<T>> {
        self.blanks();
        if self.text.as_bytes()[self.at..].starts_with(b"null") {
            self.at += 4;
            return Some(None);
        }
        read(self).map(Some)
    }

    /// A string without escapes or control characters (which serde cannot borrow, or refuses).
    pub(super) fn string(&mut self) -> Option<&'a str> {
        self.expect(b'"')?;
        let (string, end) = self.plain_string_at(self.at)?;
        self.at = end;
        Some(string)
    }

    /// The plain string whose contents start at `start` (after its opening quote), and the
    /// position after its closing quote.
    fn plain_string_at(&self, start: usize) -> Option<(&'a str, usize)> {
        let len = plain_string_len(&self.text.as_bytes()[start..])?;
        // Both ends are ASCII quotes, so the slice is on character boundaries.
        Some((self.text.get(start..start + len)?, start + len + 1))
    }

    /// `{"code":"…"}`, or with `,"poa":"…"` after the code when `poa` allows it, exactly as a
    /// compact writer writes it: a code object read without the general object walk (about
    /// 500 instructions a diagnosis before). `None`, and nothing read, for any other form,
    /// which the general read then reads or refuses.
    fn compact_code(&mut self, poa: bool) -> Option<Dx<'a>> {
        const CODE: &[u8] = b"{\"code\":\"";
        const POA: &[u8] = b",\"poa\":\"";
        let bytes = self.text.as_bytes();
        if !bytes[self.at..].starts_with(CODE) {
            return None;
        }
        let (code, mut at) = self.plain_string_at(self.at + CODE.len())?;
        let poa = if poa && bytes[at..].starts_with(POA) {
            let (poa, end) = self.plain_string_at(at + POA.len())?;
            at = end;
            Some(poa)
        } else {
            None
        };
        if bytes.get(at) != Some(&b'}') {
            return None;
        }
        self.at = at + 1;
        Some(Dx {
            code: Some(code),
            poa,
        })
    }

    /// Digits with no leading zero, not followed by a fraction or an exponent, within `u64`.
    pub(super) fn digits(&mut self) -> Option<u64> {
        let start = self.at;
        let mut n: u64 = 0;
        while let Some(b @ b'0'..=b'9') = self.peek() {
            n = n.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
            self.at += 1;
        }
        let len = self.at - start;
        let leading_zero = len > 1 && self.text.as_bytes()[start] == b'0';
        let fraction = matches!(self.peek(), Some(b'.' | b'e' | b'E'));
        (len > 0 && !leading_zero && !fraction).then_some(n)
    }

    pub(super) fn unsigned(&mut self) -> Option<u64> {
        self.blanks();
        self.digits()
    }

    pub(super) fn signed(&mut self) -> Option<i64> {
        self.blanks();
        if self.peek()? == b'-' {
            self.at += 1;
            let n = self.digits()?;
            // serde_json reads `-0` as a float, which an integer field refuses, and refuses
            // below `i64::MIN`.
            return (n > 0).then(|| 0i64.checked_sub_unsigned(n)).flatten();
        }
        i64::try_from(self.digits()?).ok()
    }

    /// A claim id: a string or a non-negative integer (anything else takes the serde read).
    pub(super) fn id(&mut self) -> Option<Value> {
        self.blanks();
        if self.peek()? == b'"' {
            return self.string().map(|s| Value::String(s.to_string()));
        }
        self.digits().map(Value::from)
    }

    /// `{ "key": value, ... }`, each key read by `field`, which reads its value.
    pub(super) fn object(
        &mut self,
        mut field: impl FnMut(&mut Self, &'a str) -> Option<()>,
    ) -> Option<()> {
        self.expect(b'{')?;
        self.blanks();
        if self.peek()? == b'}' {
            self.at += 1;
            return Some(());
        }
        loop {
            let key = self.string()?;
            self.expect(b':')?;
            field(self, key)?;
            self.blanks();
            match self.peek()? {
                b',' => self.at += 1,
                b'}' => {
                    self.at += 1;
                    return Some(());
                }
                _ => return None,
            }
            self.blanks();
        }
    }

    /// `[ item, ... ]`, each read by `item`.
    pub(super) fn array<T>(
        &mut self,
        mut item: impl FnMut(&mut Self) -> Option<T>,
    ) -> Option<Vec<T>> {
        self.expect(b'[')?;
        // A claim's lists are short: room for most at once.
        let mut items = Vec::with_capacity(8);
        self.blanks();
        if self.peek()? == b']' {
            self.at += 1;
            return Some(items);
        }
        loop {
            items.push(item(self)?);
            self.blanks();
            match self.peek()? {
                b',' => self.at += 1,
                b']' => {
                    self.at += 1;
                    return Some(items);
                }
                _ => return None,
            }
        }
    }

    /// `{"code": ..., "poa": ...}`, either absent or `null`.
    fn dx(&mut self) -> Option<Dx<'a>> {
        if let Some(dx) = self.compact_code(true) {
            return Some(dx);
        }
        let mut dx = Dx::default();
        let mut seen = [false; 2];
        self.object(|s, key| {
            let i = match key {
                "code" => 0,
                "poa" => 1,
                _ => return None,
            };
            if std::mem::replace(&mut seen[i], true) {
                return None;
            }
            let value = s.or_null(Scan::string)?;
            if i == 0 {
                dx.code = value;
            } else {
                dx.poa = value;
            }
            Some(())
        })?;
        Some(dx)
    }

    /// `{"code": ...}`, absent or `null`.
    fn px(&mut self) -> Option<Px<'a>> {
        if let Some(dx) = self.compact_code(false) {
            return Some(Px { code: dx.code });
        }
        let mut px = Px::default();
        let mut seen = false;
        self.object(|s, key| {
            if key != "code" || std::mem::replace(&mut seen, true) {
                return None;
            }
            px.code = s.or_null(Scan::string)?;
            Some(())
        })?;
        Some(px)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    type Code<'a> = (Option<&'a str>, Option<&'a str>);

    /// Every field of a line the scan can set.
    #[allow(clippy::type_complexity)]
    fn fields<'a>(
        l: &Line<'a>,
    ) -> (
        (Option<Value>, Option<u16>, Option<&'a str>, Option<i64>),
        (Option<u8>, Option<i64>, Option<&'a str>),
        (Option<Code<'a>>, Option<Code<'a>>),
        (Option<Vec<Code<'a>>>, Option<Vec<Code<'a>>>),
    ) {
        let dx = |d: &Dx<'a>| (d.code, d.poa);
        (
            (l.id.clone(), l.version, l.discharge_date, l.age),
            (l.sex, l.discharge_status, l.hospital_status),
            (l.pdx.as_ref().map(dx), l.admit_dx.as_ref().map(dx)),
            (
                l.sdx.as_ref().map(|v| v.iter().map(dx).collect()),
                l.procedures
                    .as_ref()
                    .map(|v| v.iter().map(|p| (p.code, None)).collect()),
            ),
        )
    }

    /// When the scan reads `text`, serde reads it too, to the same fields.
    fn assert_scan_agrees(text: &str) -> bool {
        let Some(scanned) = scan_line(text) else {
            return false;
        };
        let read: Line<'_> = serde_json::from_str(text)
            .unwrap_or_else(|e| panic!("the scan read a line serde refuses ({e}): {text}"));
        assert_eq!(fields(&scanned), fields(&read), "{text}");
        true
    }

    #[test]
    fn the_scan_reads_a_line_as_serde_does() {
        let mut scanned = 0;
        for version in [400, 431, 440] {
            for line in crate::golden::lines(version) {
                scanned += usize::from(assert_scan_agrees(&line));
            }
        }
        assert!(scanned > 10_000, "{scanned}");
        let base = r#"{"id":"c","version":431,"age":70,"sex":1,"discharge_status":1,"pdx":{"code":"I5023","poa":"Y"},"sdx":[{"code":"N179"}],"procedures":[{"code":"02HV33Z"}]}"#;
        assert!(assert_scan_agrees(base));
        let refused = [
            (r#""age":70"#, r#""age":-0"#),
            (r#""age":70"#, r#""age":070"#),
            (r#""age":70"#, r#""age":70.0"#),
            (r#""age":70"#, r#""age":7e1"#),
            (r#""age":70"#, r#""age":99999999999999999999"#),
            (r#""version":431"#, r#""version":-431"#),
            (r#""version":431"#, r#""version":70000"#),
            (r#""sex":1"#, r#""sex":256"#),
            (r#""id":"c""#, r#""id":"c\"""#),
            (r#""id":"c""#, r#""id":-1"#),
            (r#""id":"c""#, r#""id":1.5"#),
            (r#""id":"c""#, "\"id\":\"c\u{1}\""),
            (r#""id":"c""#, r#""id":"c","drg":1"#),
            (r#""id":"c""#, r#""id":"c","passthrough":{}"#),
            (r#""id":"c""#, r#""id":"c","id":"d""#),
            (r#""code":"I5023""#, r#""code":"I5023","code":"I5023""#),
            (r#""code":"I5023""#, r#""code":5023"#),
            (r#""poa":"Y""#, r#""poa":"Y","x":1"#),
            (r#""version""#, r#""ver\u0073ion""#),
            (r#"}]}"#, r#"}]} x"#),
            (r#"}]}"#, r#"}],}"#),
        ];
        for (from, to) in refused {
            let text = base.replacen(from, to, 1);
            assert!(scan_line(&text).is_none(), "{text}");
        }
        let read = [
            (r#""age":70"#, r#""age":-70"#),
            (r#""age":70"#, r#""age":null"#),
            (r#""id":"c""#, r#""id":12"#),
            (r#""id":"c""#, r#""id":null"#),
            (r#""id":"c""#, r#""id":"é c""#),
            (r#""sdx":[{"code":"N179"}]"#, r#""sdx":[]"#),
            (r#""sdx":[{"code":"N179"}]"#, r#""sdx":[{}]"#),
            (r#""pdx":{"#, r#" "pdx" : {"#),
            (r#"{"id""#, " \t{\"id\""),
            (r#"}]}"#, "}]}\r\n"),
        ];
        for (from, to) in read {
            let text = base.replacen(from, to, 1);
            assert!(assert_scan_agrees(&text), "{text}");
        }
    }

    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<i64>().prop_map(|n| n.to_string()),
            (0u32..1000).prop_map(|n| n.to_string()),
            Just("null".to_string()),
            Just("-0".to_string()),
            Just("007".to_string()),
            Just("1.5".to_string()),
            Just("2e3".to_string()),
            Just("18446744073709551616".to_string()),
            "[a-zA-Z0-9 .é\\\\\"\u{1}]{0,6}".prop_map(|s| format!("\"{s}\"")),
            Just("{}".to_string()),
            Just("[]".to_string()),
            Just("true".to_string()),
        ]
    }

    fn dx() -> impl Strategy<Value = String> {
        (value(), value(), any::<bool>(), 0..4u8).prop_map(|(code, poa, both, form)| {
            let extra = match form {
                0 => ",\"x\":1",
                1 => ",\"code\":\"A\"",
                _ => "",
            };
            match (both, form) {
                (true, _) => format!("{{\"code\":{code},\"poa\":{poa}{extra}}}"),
                // A code alone, compact (the compact read) and with blanks (the general one).
                (false, 3) => format!("{{\"code\":{code}}}"),
                (false, _) => format!("{{ \"code\" : {code}{extra} }}"),
            }
        })
    }

    fn field() -> impl Strategy<Value = String> {
        // Every field of the claim format (the scan reads the grouping ones), and one more.
        let mut keys: Vec<&str> = super::super::CLAIM_FIELDS.to_vec();
        keys.push("unknown");
        let keys = prop::sample::select(keys);
        prop_oneof![
            (keys, value()).prop_map(|(k, v)| format!("\"{k}\":{v}")),
            (prop::sample::select(vec!["pdx", "admit_dx"]), dx())
                .prop_map(|(k, v)| format!("\"{k}\":{v}")),
            (
                prop::sample::select(vec!["sdx", "procedures"]),
                prop::collection::vec(dx(), 0..4)
            )
                .prop_map(|(k, v)| format!("\"{k}\":[{}]", v.join(","))),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]
        #[test]
        fn a_scanned_line_is_the_line_serde_reads(
            fields in prop::collection::vec(field(), 0..8),
            blank in prop::sample::select(vec!["", " ", "\n"]),
            tail in prop::sample::select(vec!["", " ", "x", ","]),
        ) {
            let text = format!("{{{}}}{tail}", fields.join(&format!(",{blank}")));
            assert_scan_agrees(&text);
        }

        /// Lines of code objects as an export writes them (compact, the POA present or not),
        /// with codes that may hold an escape or a control character: the scan reads every
        /// such line whose strings are plain, as serde does, and leaves the others to serde.
        #[test]
        fn a_compact_code_line_is_scanned_when_its_strings_are_plain(
            pdx in compact_code(true),
            sdx in prop::collection::vec(compact_code(true), 0..6),
            procedures in prop::collection::vec(compact_code(false), 0..4),
        ) {
            let codes = |v: &[(String, bool)]| v.iter().map(|(c, _)| c.as_str()).collect::<Vec<_>>().join(",");
            let text = format!(
                "{{\"id\":\"c\",\"version\":431,\"pdx\":{},\"sdx\":[{}],\"procedures\":[{}]}}",
                pdx.0,
                codes(&sdx),
                codes(&procedures),
            );
            let plain = pdx.1 && sdx.iter().chain(&procedures).all(|(_, plain)| *plain);
            prop_assert_eq!(assert_scan_agrees(&text), plain, "{}", text);
        }
    }

    /// A code object in its compact form, and whether its strings are plain (no escape or
    /// control character, which the scan leaves to serde).
    fn compact_code(poa: bool) -> impl Strategy<Value = (String, bool)> {
        let string = "[A-Z0-9.é ]{0,9}|[A-Z0-9\\\\\"\u{1}\u{1f}]{1,9}";
        let poa = if poa {
            prop::option::of(string).boxed()
        } else {
            Just(None).boxed()
        };
        (string, poa).prop_map(|(code, poa)| {
            let plain = |s: &str| !s.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20);
            let quoted = |s: &str| serde_json::to_string(s).expect("a string");
            let all_plain = plain(&code) && poa.as_deref().is_none_or(plain);
            let text = match &poa {
                Some(p) => format!("{{\"code\":{},\"poa\":{}}}", quoted(&code), quoted(p)),
                None => format!("{{\"code\":{}}}", quoted(&code)),
            };
            (text, all_plain)
        })
    }
}
