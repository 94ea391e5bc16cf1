//! A tokenizer for English and Japanese in one index, with no dictionary to
//! download: words of Latin script are lower-cased whole; runs of Japanese
//! (kanji, kana) become overlapping character bigrams, as Elasticsearch's
//! `cjk` analyzer does. 子供の性被害 → 子供 供の の性 性被 被害, so a query for
//! 子供 or 被害 finds it, and a longer query matches as a phrase of bigrams.

use pledgebook_core::validation::is_cjk;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

pub const NAME: &str = "pledgebook";

#[derive(Debug, Clone, Default)]
pub struct BigramTokenizer;

#[derive(Debug)]
pub struct Tokens {
    tokens: Vec<Token>,
    index: usize,
}

impl TokenStream for Tokens {
    fn advance(&mut self) -> bool {
        self.index += 1;
        self.index <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.index - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.index - 1]
    }
}

fn push(tokens: &mut Vec<Token>, from: usize, to: usize, text: String) {
    let position = tokens.len();
    tokens.push(Token { offset_from: from, offset_to: to, position, text, position_length: 1 });
}

/// The tokens of `text`, in order.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |i: usize| chars.get(i + 1).map_or(text.len(), |(o, _)| *o);
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if is_cjk(c) && !matches!(c, '\u{3000}'..='\u{303F}') {
            let mut j = i;
            while j + 1 < chars.len() && is_cjk(chars[j + 1].1) && !matches!(chars[j + 1].1, '\u{3000}'..='\u{303F}') {
                j += 1;
            }
            if i == j {
                push(&mut out, start, end_of(i), c.to_string());
            } else {
                for k in i..j {
                    push(&mut out, chars[k].0, end_of(k + 1), format!("{}{}", chars[k].1, chars[k + 1].1));
                }
            }
            i = j + 1;
        } else if c.is_alphanumeric() {
            let mut j = i;
            while j + 1 < chars.len() && chars[j + 1].1.is_alphanumeric() && !is_cjk(chars[j + 1].1) {
                j += 1;
            }
            push(&mut out, start, end_of(j), text[start..end_of(j)].to_lowercase());
            i = j + 1;
        } else {
            i += 1;
        }
    }
    out
}

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = Tokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Tokens {
        Tokens { tokens: tokens(text), index: 0 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        tokens(s).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn japanese_becomes_bigrams_and_english_words() {
        assert_eq!(texts("子供の性被害"), ["子供", "供の", "の性", "性被", "被害"]);
        assert_eq!(texts("SDG 8.7 と子供"), ["sdg", "8", "7", "と子", "子供"]);
        assert_eq!(texts("Awareness-Raising"), ["awareness", "raising"]);
        assert_eq!(texts("県"), ["県"]);
        assert_eq!(texts("学習会。参加者"), ["学習", "習会", "参加", "加者"], "punctuation splits runs");
    }

    #[test]
    fn offsets_point_into_the_text() {
        let text = "ILO 子供";
        for t in tokens(text) {
            assert_eq!(text[t.offset_from..t.offset_to].to_lowercase(), t.text);
        }
    }
}
