//! Roman numerals as measures are numbered: `(i)` to `(xxxix)`.

/// The value of a lower-case roman numeral, if it is one.
pub fn value(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 8 {
        return None;
    }
    let mut total = 0;
    let mut prev = 0;
    for c in s.chars().rev() {
        let v = match c {
            'i' => 1,
            'v' => 5,
            'x' => 10,
            'l' => 50,
            _ => return None,
        };
        if v < prev {
            total -= v;
        } else {
            total += v;
            prev = v;
        }
    }
    // Only canonical spellings: "iiii" or "vx" are not numbers here.
    (to_roman(total) == s).then_some(total)
}

pub fn to_roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 7] = [(50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")];
    let mut out = String::new();
    for (v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_numerals_measures_use() {
        for (s, n) in [("i", 1), ("iv", 4), ("ix", 9), ("xiv", 14), ("xviii", 18), ("xxi", 21)] {
            assert_eq!(value(s), Some(n), "{s}");
            assert_eq!(to_roman(n), s);
        }
        for s in ["", "iiii", "vx", "abc", "I"] {
            assert_eq!(value(s), None, "{s}");
        }
    }
}
