//! Turning a file's bytes into text. Japanese offices often save Shift_JIS
//! or UTF-16; both are detected and converted (with encoding_rs). Anything
//! that is not text is refused with a message that says how to fix it.

use std::borrow::Cow;

use encoding_rs::{SHIFT_JIS, UTF_16BE, UTF_16LE};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// The encoding the file was in: "UTF-8", "UTF-16LE", "Shift_JIS", ...
    pub encoding: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("the file is empty")]
    Empty,
    #[error(
        "this is a binary file (a NUL byte at offset {0}), not text: export the document as text (or give the PDF)"
    )]
    Binary(usize),
    #[error(
        "the text is not UTF-8, UTF-16 or Shift_JIS (the first byte that fits none is at offset {0}): save it as UTF-8 (Excel: \"CSV UTF-8\"; Notepad: Save as, Encoding UTF-8) and try again"
    )]
    Unknown(usize),
}

fn has_japanese(text: &str) -> bool {
    text.chars().any(|c| matches!(c as u32, 0x3040..=0x30FF | 0x4E00..=0x9FFF))
}

/// UTF-16 without a byte-order mark shows as every other byte zero.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let pairs = bytes.len() / 2;
    let zero_even = bytes.iter().step_by(2).filter(|b| **b == 0).count();
    let zero_odd = bytes.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    if zero_odd * 10 >= pairs * 3 && zero_even == 0 {
        Some(UTF_16LE)
    } else if zero_even * 10 >= pairs * 3 && zero_odd == 0 {
        Some(UTF_16BE)
    } else {
        None
    }
}

fn strict(encoding: &'static encoding_rs::Encoding, bytes: &[u8]) -> Option<String> {
    encoding.decode_without_bom_handling_and_without_replacement(bytes).map(Cow::into_owned)
}

pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    // Empty once decoded: white space of any kind (a vertical tab, an
    // ideographic space, a byte-order mark and nothing after it).
    let decoded = decode_any(bytes)?;
    if decoded.text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok(decoded)
}

fn decode_any(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(DecodeError::Empty);
    }
    let found = |text: String, encoding| Ok(Decoded { text, encoding });
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(rest) {
            Ok(t) => found(t.to_owned(), "UTF-8"),
            Err(e) => Err(DecodeError::Unknown(3 + e.valid_up_to())),
        };
    }
    for (bom, enc, name) in [(&b"\xFF\xFE"[..], UTF_16LE, "UTF-16LE"), (&b"\xFE\xFF"[..], UTF_16BE, "UTF-16BE")] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            return strict(enc, rest).map_or(Err(DecodeError::Unknown(2)), |t| found(t, name));
        }
    }
    if let Some(enc) = utf16_without_bom(bytes)
        && let Some(t) = strict(enc, bytes)
    {
        return found(t, enc.name());
    }
    if let Some(nul) = bytes.iter().position(|b| *b == 0) {
        return Err(DecodeError::Binary(nul));
    }
    match std::str::from_utf8(bytes) {
        Ok(t) => found(t.to_owned(), "UTF-8"),
        Err(e) => match strict(SHIFT_JIS, bytes) {
            // Latin-1 bytes can happen to form Shift_JIS pairs; real
            // Shift_JIS text from a Japanese office contains Japanese.
            Some(t) if has_japanese(&t) => found(t, "Shift_JIS"),
            _ => Err(DecodeError::Unknown(e.valid_up_to())),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const JA: &str = "子供の性被害防止プランの実施状況\n1. 啓発\n";

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode(JA.as_bytes()).unwrap(), Decoded { text: JA.into(), encoding: "UTF-8" });
        let with_bom = [&b"\xEF\xBB\xBF"[..], JA.as_bytes()].concat();
        assert_eq!(decode(&with_bom).unwrap().text, JA);
    }

    #[test]
    fn shift_jis_is_converted() {
        let (bytes, _, _) = SHIFT_JIS.encode(JA);
        assert!(std::str::from_utf8(&bytes).is_err());
        assert_eq!(decode(&bytes).unwrap(), Decoded { text: JA.into(), encoding: "Shift_JIS" });
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let le: Vec<u8> = JA.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = "Basic Plan\n".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(
            decode(&[&b"\xFF\xFE"[..], &le].concat()).unwrap(),
            Decoded { text: JA.into(), encoding: "UTF-16LE" }
        );
        assert_eq!(decode(&be).unwrap(), Decoded { text: "Basic Plan\n".into(), encoding: "UTF-16BE" });
    }

    #[test]
    fn empty_binary_and_garbled_input_is_refused() {
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        assert_eq!(decode(b" \n\t"), Err(DecodeError::Empty));
        assert_eq!(decode(b"\x0b"), Err(DecodeError::Empty), "a vertical tab is white space too");
        assert_eq!(decode("\u{3000}\n".as_bytes()), Err(DecodeError::Empty));
        assert_eq!(decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), Err(DecodeError::Binary(8)));
        assert_eq!(decode(b"caf\xe9 au lait\n"), Err(DecodeError::Unknown(3)));
        assert!(decode(b"\xff\xfe\x00").is_err());
        let message = decode(b"abc\xff\xff").unwrap_err().to_string();
        assert!(message.contains("save it as UTF-8"), "{message}");
    }
}
