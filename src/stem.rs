//! The `en_stem` analyzer with a memo of stems.
//!
//! Indexing spends about a third of tantivy's time in the English Snowball
//! stemmer, once per word of every title and abstract, although the words
//! of a corpus repeat: a few hundred thousand distinct words make up tens of
//! millions of occurrences. [`MemoStemmer`] stems each distinct word once
//! per thread and looks the rest up. On a miss it asks tantivy's own
//! [`Stemmer`], so its output is tantivy's `en_stem`, token for token; an
//! index written with either reads with either.

use std::cell::RefCell;

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{
    Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
    Token, TokenFilter, TokenStream, Tokenizer,
};

/// The name the analyzer is registered under: tantivy's own name for the
/// same analysis, so indexes made before the memo read unchanged.
pub const EN_STEM: &str = "en_stem";

/// The most words one thread remembers; past it, new words are stemmed
/// without being remembered (a bound on memory, not a limit on input).
const MAX_WORDS: usize = 1 << 18;

/// tantivy's `en_stem` (simple tokenizer, tokens over 40 bytes dropped,
/// lower case, English stemmer), stemming through the memo.
pub fn en_stem() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(MemoStemmer)
        .build()
}

/// A token filter that stems English words like [`Stemmer`], remembering
/// each word's stem in a memo of the thread that indexes it.
#[derive(Clone, Copy, Debug, Default)]
pub struct MemoStemmer;

impl TokenFilter for MemoStemmer {
    type Tokenizer<T: Tokenizer> = MemoStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> MemoStemmerFilter<T> {
        MemoStemmerFilter { inner: tokenizer }
    }
}

/// The tokenizer [`MemoStemmer`] makes of another.
#[derive(Clone)]
pub struct MemoStemmerFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for MemoStemmerFilter<T> {
    type TokenStream<'a> = MemoStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        MemoStemmerStream {
            tail: self.inner.token_stream(text),
        }
    }
}

/// The token stream of [`MemoStemmerFilter`].
pub struct MemoStemmerStream<T> {
    tail: T,
}

impl<T: TokenStream> TokenStream for MemoStemmerStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        MEMO.with_borrow_mut(|memo| memo.stem(&mut token.text));
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::new(Memo::default());
}

/// One thread's stems, by word.
struct Memo {
    stems: FxHashMap<Box<str>, Box<str>>,
    /// tantivy's stemmer, for the words not seen yet.
    stemmer: TextAnalyzer,
}

impl Default for Memo {
    fn default() -> Memo {
        Memo {
            stems: FxHashMap::default(),
            stemmer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(Language::English))
                .build(),
        }
    }
}

impl Memo {
    /// Replaces `word` with its stem.
    fn stem(&mut self, word: &mut String) {
        if let Some(stem) = self.stems.get(word.as_str()) {
            if **stem != **word {
                word.clear();
                word.push_str(stem);
            }
            return;
        }
        let mut stream = self.stemmer.token_stream(word);
        let stem = if stream.advance() {
            std::mem::take(&mut stream.token_mut().text)
        } else {
            word.clone()
        };
        drop(stream);
        if self.stems.len() < MAX_WORDS {
            self.stems
                .insert(word.as_str().into(), stem.as_str().into());
        }
        *word = stem;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        }
        out
    }

    fn stock() -> TextAnalyzer {
        tantivy::tokenizer::TokenizerManager::default()
            .get("en_stem")
            .expect("tantivy registers en_stem")
    }

    #[test]
    fn the_memo_gives_tantivys_tokens_the_first_time_and_the_second() {
        let text = "Generative Adversarial Networks generate generated images; \
                    residual networks, running runners ran. Résumés naïvely \
                    STEMMING stemmed stems x y 3D-GANs";
        let mut memo = en_stem();
        let expected = tokens(&mut stock(), text);
        assert!(expected.iter().any(|(t, ..)| t == "generat"));
        assert_eq!(tokens(&mut memo, text), expected);
        assert_eq!(tokens(&mut memo, text), expected, "served from the memo");
    }

    proptest::proptest! {
        #[test]
        fn the_memo_agrees_with_tantivy_on_any_text(
            words in proptest::collection::vec("[a-zA-Z]{1,12}|[a-z]{1,5}(ing|ed|s|ies|ational|ness)", 0..40)
        ) {
            let text = words.join(" ");
            let mut memo = en_stem();
            let expected = tokens(&mut stock(), &text);
            proptest::prop_assert_eq!(tokens(&mut memo, &text), expected.clone());
            proptest::prop_assert_eq!(tokens(&mut memo, &text), expected);
        }
    }
}
