//! Tags computed at ingest: computer vision (`cv`), GANs (`gan`) and the
//! neural architectures a paper names. Every rule lives in the tables at the
//! top of this file; add an alias or a word there and nothing else changes.

use std::sync::OnceLock;

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind, PatternID, StartKind};
use serde::{Deserialize, Serialize};

/// Categories that make a paper `cv` on their own (anywhere in its list).
pub const CV_CATEGORIES: &[&str] = &["cs.CV", "eess.IV"];

/// Categories that make a paper a machine-learning paper, so that image
/// vocabulary in its title or abstract makes it `cv`.
pub const ML_CATEGORIES: &[&str] = &["cs.LG", "stat.ML", "cs.NE", "cs.AI"];

/// Words that make a paper a machine-learning paper whatever its categories.
pub const ML_WORDS: &[&str] = &[
    "neural network",
    "neural networks",
    "neural net",
    "deep learning",
    "machine learning",
    "deep network",
    "deep networks",
    "convolutional",
    "CNN",
    "CNNs",
];

/// Image vocabulary that is clear on its own: one is enough.
pub const STRONG_IMAGE_WORDS: &[&str] = &[
    "computer vision",
    "image classification",
    "image recognition",
    "image segmentation",
    "semantic segmentation",
    "instance segmentation",
    "object detection",
    "object recognition",
    "face recognition",
    "face detection",
    "image generation",
    "image synthesis",
    "image captioning",
    "image retrieval",
    "image restoration",
    "image denoising",
    "super-resolution",
    "pose estimation",
    "optical flow",
    "visual question answering",
    "ImageNet",
    "CIFAR",
    "MNIST",
    "MS COCO",
    "Pascal VOC",
];

/// Image vocabulary that counts when two different ones appear.
pub const WEAK_IMAGE_WORDS: &[&str] = &[
    "image", "images", "pixel", "pixels", "video", "videos", "visual", "camera", "photo", "photos",
    "scene", "scenes",
];

/// Phrases that make a paper `gan`; `GAN`, `GANs` and `...GAN` model names
/// (`CycleGAN`, `WGAN-GP`) are recognised as words besides these.
pub const GAN_PHRASES: &[&str] = &[
    "generative adversarial network",
    "generative adversarial networks",
    "generative adversarial net",
    "generative adversarial nets",
    "adversarial generative network",
];

/// All-capital words ending in `GAN` that are not GAN models.
const NOT_GAN_WORDS: &[&str] = &[
    "ORGAN", "ORGANS", "SLOGAN", "MORGAN", "HOGAN", "LOGAN", "MEGAN", "REAGAN", "DUGAN",
];

/// Canonical architecture names and their aliases. An alias with a space
/// matches in any letter case; one without must match its capitals exactly
/// (so `DARTS` is not "darts" and `Inception` is not "inception"). A match
/// may be followed by a version or size (`ResNet-50`, `VGG16`,
/// `MobileNetV2`, `Inception-v3`) or a plural `s`.
pub const ARCHITECTURES: &[(&str, &[&str])] = &[
    ("AlexNet", &["AlexNet"]),
    ("VGG", &["VGG", "VGGNet", "VGG-Net"]),
    ("GoogLeNet", &["GoogLeNet", "GoogleNet"]),
    ("Inception", &["Inception", "Inception-ResNet"]),
    ("Xception", &["Xception"]),
    (
        "ResNet",
        &[
            "ResNet",
            "residual network",
            "residual networks",
            "residual neural network",
            "deep residual learning",
        ],
    ),
    ("ResNeXt", &["ResNeXt"]),
    (
        "Wide ResNet",
        &[
            "Wide ResNet",
            "wide residual network",
            "wide residual networks",
            "WRN",
        ],
    ),
    (
        "DenseNet",
        &["DenseNet", "densely connected convolutional network"],
    ),
    ("SqueezeNet", &["SqueezeNet"]),
    ("MobileNet", &["MobileNet"]),
    ("ShuffleNet", &["ShuffleNet"]),
    ("NASNet", &["NASNet"]),
    ("AmoebaNet", &["AmoebaNet"]),
    (
        "PNASNet",
        &["PNASNet", "progressive neural architecture search"],
    ),
    ("ENAS", &["ENAS", "efficient neural architecture search"]),
    ("DARTS", &["DARTS", "differentiable architecture search"]),
    ("EfficientNet", &["EfficientNet"]),
    ("RegNet", &["RegNet"]),
    (
        "SENet",
        &[
            "SENet",
            "squeeze-and-excitation network",
            "squeeze-and-excitation networks",
        ],
    ),
    ("Highway Network", &["highway network", "highway networks"]),
    (
        "CapsNet",
        &[
            "CapsNet",
            "capsule network",
            "capsule networks",
            "dynamic routing between capsules",
        ],
    ),
    ("U-Net", &["U-Net", "UNet", "U-net"]),
    ("UNet++", &["UNet++", "U-Net++"]),
    ("SegNet", &["SegNet"]),
    (
        "FCN",
        &[
            "FCN",
            "fully convolutional network",
            "fully convolutional networks",
        ],
    ),
    ("DeepLab", &["DeepLab"]),
    ("PSPNet", &["PSPNet", "pyramid scene parsing network"]),
    ("Mask R-CNN", &["Mask R-CNN", "Mask RCNN"]),
    ("Faster R-CNN", &["Faster R-CNN", "Faster RCNN"]),
    ("Fast R-CNN", &["Fast R-CNN", "Fast RCNN"]),
    ("R-CNN", &["R-CNN", "RCNN"]),
    ("YOLO", &["YOLO", "you only look once"]),
    (
        "SSD",
        &[
            "single shot multibox detector",
            "single shot detector",
            "single-shot detector",
        ],
    ),
    ("RetinaNet", &["RetinaNet"]),
    (
        "FPN",
        &["FPN", "feature pyramid network", "feature pyramid networks"],
    ),
    ("LeNet", &["LeNet"]),
    ("LSTM", &["LSTM", "long short-term memory"]),
    (
        "GRU",
        &["GRU", "gated recurrent unit", "gated recurrent units"],
    ),
    ("Transformer", &["Transformer"]),
    ("BERT", &["BERT"]),
    ("GPT", &["GPT"]),
    ("ViT", &["ViT", "vision transformer", "vision transformers"]),
    ("Swin Transformer", &["Swin Transformer"]),
    ("WaveNet", &["WaveNet"]),
    ("PixelCNN", &["PixelCNN"]),
    ("PixelRNN", &["PixelRNN"]),
    (
        "VAE",
        &[
            "VAE",
            "variational autoencoder",
            "variational auto-encoder",
            "variational autoencoders",
        ],
    ),
    (
        "DCGAN",
        &["DCGAN", "deep convolutional generative adversarial"],
    ),
    ("StyleGAN", &["StyleGAN"]),
    ("CycleGAN", &["CycleGAN"]),
    ("pix2pix", &["pix2pix", "Pix2Pix"]),
    ("BigGAN", &["BigGAN"]),
    (
        "WGAN",
        &[
            "WGAN",
            "Wasserstein GAN",
            "Wasserstein generative adversarial",
        ],
    ),
    ("Stacked Hourglass", &["stacked hourglass"]),
    ("PointNet", &["PointNet"]),
    (
        "GCN",
        &[
            "GCN",
            "graph convolutional network",
            "graph convolutional networks",
        ],
    ),
    (
        "GAT",
        &["graph attention network", "graph attention networks"],
    ),
    (
        "Seq2Seq",
        &["seq2seq", "Seq2Seq", "sequence-to-sequence model"],
    ),
    (
        "NeRF",
        &["NeRF", "neural radiance field", "neural radiance fields"],
    ),
    (
        "Neural ODE",
        &["neural ODE", "neural ordinary differential equation"],
    ),
    ("Pointer Network", &["pointer network", "pointer networks"]),
    ("Neural Turing Machine", &["neural Turing machine"]),
    ("Siamese Network", &["Siamese network", "Siamese networks"]),
    ("RBM", &["RBM", "restricted Boltzmann machine"]),
    (
        "Deep Belief Network",
        &["deep belief network", "deep belief networks"],
    ),
];

/// The tags of one paper, with the reasons `show` prints.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Tags {
    /// Computer-vision or image related.
    pub cv: bool,
    /// Why the paper is `cv` (the category, or the words found).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cv_reason: Option<String>,
    /// About generative adversarial networks.
    pub gan: bool,
    /// Why the paper is `gan` (the words found).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gan_reason: Option<String>,
    /// Canonical names of the architectures named, in order of first mention.
    pub architectures: Vec<String>,
}

#[derive(Clone, Copy)]
enum Rule {
    Architecture(u16),
    MlWord,
    StrongImage,
    WeakImage,
    GanPhrase,
}

struct Pattern {
    text: &'static str,
    rule: Rule,
    exact_case: bool,
}

struct Tagger {
    /// Every pattern, case-insensitive, leftmost-longest.
    automaton: DFA,
    start: StateID,
    /// Bytes no pattern contains (in either case): no match spans one.
    separator: [bool; 256],
    /// What a cursor with nothing left to do walks in lockstep with the
    /// others: a separator, so it stays in the start state.
    idle: [u8; 512],
    patterns: Vec<Pattern>,
}

/// One match: which text (0 the title, 1 the abstract), pattern, start, end.
type Found = (usize, PatternID, usize, usize);

/// One scan of a piece of text for leftmost-longest, non-overlapping
/// matches, as `aho_corasick`'s `find_iter` does it.
#[derive(Clone, Copy)]
struct Cursor {
    /// Which text: 0 the title, 1 the abstract.
    text: usize,
    at: usize,
    end: usize,
    state: StateID,
    /// The longest match so far, waiting for the automaton to rule out a
    /// longer one.
    pending: Option<(PatternID, usize)>,
}

impl Tagger {
    /// Abstracts shorter than this are walked in one piece.
    const SPLIT_FROM: usize = 256;

    /// Every leftmost-longest match in each text (the title, the abstract),
    /// in order, not overlapping: those of `aho_corasick`'s `find_iter`.
    ///
    /// The automaton's walk is a chain of dependent table lookups, one per
    /// byte. So the abstract is cut into three pieces at bytes no pattern
    /// contains (no match spans a cut, so the matches are those of one walk
    /// over the whole text), and the title and the three pieces are walked
    /// in lockstep: the four chains overlap in the CPU, close to four times
    /// the speed of one walk.
    fn find_all(&self, texts: [&[u8]; 2], found: &mut Vec<Found>) {
        found.clear();
        let cursor = |text, at, end| Cursor {
            text,
            at,
            end,
            state: self.start,
            pending: None,
        };
        let bytes = texts[1];
        let cuts = if bytes.len() >= Self::SPLIT_FROM {
            // Just after the separator nearest before `target` (after
            // `from`), else the first one after it.
            let cut = |from: usize, target: usize| {
                let is_separator = |b: &u8| self.separator[*b as usize];
                match bytes[from..target].iter().rposition(is_separator) {
                    Some(offset) => from + offset + 1,
                    None => bytes[target..]
                        .iter()
                        .position(is_separator)
                        .map_or(bytes.len(), |offset| target + offset + 1),
                }
            };
            let third = bytes.len() / 3;
            let a = cut(0, third);
            let b = cut(a, (2 * third).max(a));
            (0 < a && a < b && b < bytes.len()).then_some([a, b])
        } else {
            None
        };
        let mut cursors = match cuts {
            Some([a, b]) => [
                cursor(0, 0, texts[0].len()),
                cursor(1, 0, a),
                cursor(1, a, b),
                cursor(1, b, bytes.len()),
            ],
            // A short abstract in one piece; two cursors have nothing to do.
            None => [
                cursor(0, 0, texts[0].len()),
                cursor(1, 0, bytes.len()),
                cursor(1, 0, 0),
                cursor(1, 0, 0),
            ],
        };
        self.walk_four(texts, &mut cursors, found);
        found.sort_unstable_by_key(|&(text, _, start, _)| (text, start));
    }

    /// Handles the special state `cursor` just entered at `cursor.at` (the
    /// byte consumed); returns false when the cursor's piece is finished.
    #[inline]
    fn special(&self, cursor: &mut Cursor, found: &mut Vec<Found>) -> bool {
        let dfa = &self.automaton;
        if dfa.is_dead(cursor.state) {
            // No longer match is possible: report the pending one and go on
            // after it, as `find_iter` does.
            if self.report(cursor, found) {
                return true;
            }
            cursor.at = cursor.end;
            return false;
        }
        if dfa.is_match(cursor.state) {
            cursor.pending = Some((dfa.match_pattern(cursor.state, 0), cursor.at + 1));
        }
        cursor.at += 1;
        true
    }

    /// Reports the cursor's pending match, if any, and restarts the cursor
    /// at its end; returns whether there was one.
    fn report(&self, cursor: &mut Cursor, found: &mut Vec<Found>) -> bool {
        let Some((pattern, end)) = cursor.pending.take() else {
            return false;
        };
        let start = end - self.automaton.pattern_len(pattern);
        found.push((cursor.text, pattern, start, end));
        cursor.at = end;
        cursor.state = self.start;
        true
    }

    /// Walks four cursors in lockstep to the ends of their pieces. A cursor
    /// that is done walks an idle piece of separators (staying in the start
    /// state) until the others are done too.
    fn walk_four(&self, texts: [&[u8]; 2], cursors: &mut [Cursor; 4], found: &mut Vec<Found>) {
        let dfa = &self.automaton;
        let mut active = [true; 4];
        loop {
            // Cursors at the end of their piece report their match and go
            // on after it, or are done.
            for (cursor, active) in cursors.iter_mut().zip(active.iter_mut()) {
                while *active && cursor.at == cursor.end {
                    if !self.report(cursor, found) {
                        *active = false;
                        cursor.state = self.start;
                    }
                }
            }
            let Some(steps) = cursors
                .iter()
                .zip(active)
                .filter(|(_, active)| *active)
                .map(|(cursor, _)| (cursor.end - cursor.at).min(self.idle.len()))
                .min()
            else {
                return;
            };
            let piece = |k: usize| match active[k] {
                true => &texts[cursors[k].text][cursors[k].at..cursors[k].at + steps],
                false => &self.idle[..steps],
            };
            let (p0, p1, p2, p3) = (piece(0), piece(1), piece(2), piece(3));
            // Locals, so that the four states stay in registers.
            let [mut s0, mut s1, mut s2, mut s3] = cursors.map(|c| c.state);
            let mut i = 0;
            while i < steps {
                s0 = dfa.next_state(Anchored::No, s0, p0[i]);
                s1 = dfa.next_state(Anchored::No, s1, p1[i]);
                s2 = dfa.next_state(Anchored::No, s2, p2[i]);
                s3 = dfa.next_state(Anchored::No, s3, p3[i]);
                i += 1;
                if dfa.is_special(s0) | dfa.is_special(s1) | dfa.is_special(s2) | dfa.is_special(s3)
                {
                    break;
                }
            }
            // Every active cursor consumed `i` bytes; the last one may have
            // entered a special state.
            for (k, state) in [s0, s1, s2, s3].into_iter().enumerate() {
                let cursor = &mut cursors[k];
                cursor.state = state;
                if !active[k] {
                    continue;
                }
                cursor.at += i - 1;
                if dfa.is_special(state) {
                    if !self.special(cursor, found) {
                        active[k] = false;
                        cursor.state = self.start;
                    }
                } else {
                    cursor.at += 1;
                }
            }
        }
    }
}

fn tagger() -> &'static Tagger {
    static TAGGER: OnceLock<Tagger> = OnceLock::new();
    TAGGER.get_or_init(|| {
        let mut patterns = Vec::new();
        let mut push = |text: &'static str, rule: Rule, exact_case: bool| {
            patterns.push(Pattern {
                text,
                rule,
                exact_case,
            })
        };
        for (index, (_, aliases)) in ARCHITECTURES.iter().enumerate() {
            for alias in *aliases {
                push(
                    alias,
                    Rule::Architecture(index as u16),
                    !alias.contains(' '),
                );
            }
        }
        for word in ML_WORDS {
            push(
                word,
                Rule::MlWord,
                word.bytes().all(|b| b.is_ascii_uppercase()),
            );
        }
        for word in STRONG_IMAGE_WORDS {
            push(word, Rule::StrongImage, false);
        }
        for word in WEAK_IMAGE_WORDS {
            push(word, Rule::WeakImage, false);
        }
        for phrase in GAN_PHRASES {
            push(phrase, Rule::GanPhrase, false);
        }
        let automaton = DFA::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Unanchored)
            .prefilter(false)
            .build(patterns.iter().map(|p| p.text))
            .expect("tagging patterns build");
        let start = automaton
            .start_state(Anchored::No)
            .expect("an unanchored automaton has an unanchored start");
        let mut separator = [true; 256];
        for byte in patterns.iter().flat_map(|p| p.text.bytes()) {
            separator[byte.to_ascii_lowercase() as usize] = false;
            separator[byte.to_ascii_uppercase() as usize] = false;
        }
        let idle_byte = (0..=u8::MAX)
            .find(|&b| separator[b as usize])
            .expect("some byte is in no pattern");
        Tagger {
            automaton,
            start,
            separator,
            idle: [idle_byte; 512],
            patterns,
        }
    })
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// Whether what follows an architecture alias keeps it a whole name:
/// nothing, punctuation, a size or version (`-50`, `16`, `V2`, `-v3`), or a
/// plural `s`.
fn architecture_tail_ok(rest: &[u8]) -> bool {
    match rest {
        [] => true,
        [b's', tail @ ..] => tail.first().is_none_or(|b| !is_word_byte(*b)),
        [b, ..] if b.is_ascii_digit() => true,
        [b'v' | b'V', d, ..] if d.is_ascii_digit() => true,
        [b, ..] => !is_word_byte(*b),
    }
}

fn plain_tail_ok(rest: &[u8]) -> bool {
    rest.first().is_none_or(|b| !is_word_byte(*b))
}

/// Computes the tags of a paper from its categories, title and abstract.
pub fn tag(categories: &[String], title: &str, abstract_text: &str) -> Tags {
    let tagger = tagger();
    let mut architectures: Vec<u16> = Vec::new();
    let mut ml_word = false;
    let mut strong: Vec<&'static str> = Vec::new();
    let mut weak: Vec<&'static str> = Vec::new();
    let mut gan_words: Vec<String> = Vec::new();

    let mut matches = Vec::new();
    tagger.find_all([title.as_bytes(), abstract_text.as_bytes()], &mut matches);
    // The title, then the abstract: no name spans the two.
    let (in_title, in_abstract) = matches.split_at(matches.partition_point(|m| m.0 == 0));
    for (text, matches) in [(title, in_title), (abstract_text, in_abstract)] {
        let bytes = text.as_bytes();
        for &(_, pattern, start, end) in matches {
            let pattern = &tagger.patterns[pattern.as_usize()];
            let matched = &bytes[start..end];
            if pattern.exact_case && matched != pattern.text.as_bytes() {
                continue;
            }
            if start > 0 && is_word_byte(bytes[start - 1]) {
                continue;
            }
            let rest = &bytes[end..];
            match pattern.rule {
                Rule::Architecture(index)
                    if architecture_tail_ok(rest) && !architectures.contains(&index) =>
                {
                    architectures.push(index);
                }
                Rule::MlWord if plain_tail_ok(rest) => ml_word = true,
                Rule::StrongImage if architecture_tail_ok(rest) => {
                    let canonical = pattern.text;
                    if !strong.contains(&canonical) {
                        strong.push(canonical);
                    }
                }
                Rule::WeakImage if plain_tail_ok(rest) && !weak.contains(&pattern.text) => {
                    weak.push(pattern.text);
                }
                Rule::GanPhrase if architecture_tail_ok(rest) => {
                    let phrase = "generative adversarial network".to_string();
                    if !gan_words.contains(&phrase) {
                        gan_words.push(phrase);
                    }
                }
                _ => {}
            }
        }
        for word in gan_model_words(text) {
            if !gan_words.contains(&word) {
                gan_words.push(word);
            }
        }
    }

    let gan = !gan_words.is_empty();
    let cv_category = categories
        .iter()
        .find(|c| CV_CATEGORIES.contains(&c.as_str()));
    let ml_category = categories
        .iter()
        .find(|c| ML_CATEGORIES.contains(&c.as_str()));
    let is_ml = ml_category.is_some() || ml_word || gan;
    let (cv, cv_reason) = if let Some(category) = cv_category {
        (true, Some(format!("category {category}")))
    } else if is_ml && (!strong.is_empty() || weak.len() >= 2) {
        let mut words: Vec<&str> = strong.clone();
        words.extend(weak.iter().copied());
        let why = match ml_category {
            Some(category) => format!("machine-learning paper ({category})"),
            None => "machine-learning paper (by its words)".to_string(),
        };
        (true, Some(format!("words: {}; {why}", words.join(", "))))
    } else {
        (false, None)
    };
    Tags {
        cv,
        cv_reason,
        gan,
        gan_reason: gan.then(|| format!("words: {}", gan_words.join(", "))),
        architectures: architectures
            .into_iter()
            .map(|index| ARCHITECTURES[index as usize].0.to_string())
            .collect(),
    }
}

/// `GAN`, `GANs` and model names ending in `GAN` (`CycleGAN`, `WGAN-GP`,
/// `3D-GAN`), as whole words, case-sensitive.
fn gan_model_words(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut words = Vec::new();
    static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"GAN"));
    for pos in FINDER.find_iter(bytes) {
        let mut start = pos;
        while start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'-') {
            start -= 1;
        }
        while start < pos && bytes[start] == b'-' {
            start += 1;
        }
        let mut end = pos + 3;
        if bytes.get(end) == Some(&b's') {
            end += 1;
        }
        if bytes.get(end).is_some_and(|b| is_word_byte(*b)) {
            continue;
        }
        let word = &text[start..end];
        let prefix = &text[start..pos];
        let upper = word.trim_end_matches('s');
        if NOT_GAN_WORDS.contains(&upper) {
            continue;
        }
        // A long all-capital prefix is a word in capitals ("SLOGAN"), not a
        // model; model prefixes are short (`DC`, `WGAN`) or mixed case.
        let letters = prefix.bytes().filter(u8::is_ascii_alphabetic).count();
        let all_upper = prefix.bytes().all(|b| !b.is_ascii_lowercase());
        if all_upper && letters > 5 {
            continue;
        }
        let word = word.trim_end_matches('-').to_string();
        if !words.contains(&word) {
            words.push(word);
        }
    }
    words
}

/// Canonical architecture name for a user's spelling (`amoebanet`,
/// `ResNet-50`), case-insensitively; `None` when it names none.
pub fn canonical_architecture(name: &str) -> Option<&'static str> {
    let name = name.trim();
    for (canonical, aliases) in ARCHITECTURES {
        if canonical.eq_ignore_ascii_case(name)
            || aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
        {
            return Some(canonical);
        }
    }
    // A variant of a known name: `resnet-50`, `amoebanet-a`, `vgg16`.
    let lower = name.to_ascii_lowercase();
    for (canonical, aliases) in ARCHITECTURES {
        for known in std::iter::once(canonical).chain(aliases.iter()) {
            let known = known.to_ascii_lowercase();
            if let Some(rest) = lower.strip_prefix(&known) {
                let rest = rest.trim_start_matches(['-', '_', ' ']);
                if !rest.is_empty()
                    && rest.len() <= 4
                    && rest.chars().all(|c| c.is_ascii_alphanumeric())
                    && (rest.len() == 1 || rest.chars().any(|c| c.is_ascii_digit()))
                {
                    return Some(canonical);
                }
            }
        }
    }
    let found = tag(&[], name, "").architectures;
    found.first().and_then(|first| {
        ARCHITECTURES
            .iter()
            .find(|(c, _)| c == first)
            .map(|(c, _)| *c)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_spellings_resolve_to_canonical_names() {
        for (spelling, canonical) in [
            ("resnet-50", Some("ResNet")),
            ("AmoebaNet-A", Some("AmoebaNet")),
            ("vgg16", Some("VGG")),
            ("capsule network", Some("CapsNet")),
            ("marbles", None),
        ] {
            assert_eq!(canonical_architecture(spelling), canonical, "{spelling}");
        }
    }

    fn cats(list: &[&str]) -> Vec<String> {
        list.iter().map(|c| c.to_string()).collect()
    }

    fn archs(title: &str, abstract_text: &str) -> Vec<String> {
        tag(&[], title, abstract_text).architectures
    }

    #[test]
    fn architectures_by_alias_in_order_of_mention() {
        assert_eq!(
            archs(
                "Regularized evolution",
                "We evolve AmoebaNet-A and compare with ResNet-50."
            ),
            vec!["AmoebaNet", "ResNet"]
        );
        assert_eq!(archs("Deep residual networks", ""), vec!["ResNet"]);
        assert_eq!(archs("A capsule network for digits", ""), vec!["CapsNet"]);
        assert_eq!(
            archs("VGG16 and DenseNet-121 and MobileNetV2", ""),
            vec!["VGG", "DenseNet", "MobileNet"]
        );
        assert_eq!(
            archs("Faster R-CNN beats R-CNN", ""),
            vec!["Faster R-CNN", "R-CNN"]
        );
        assert_eq!(archs("UNet++ is not U-Net", ""), vec!["UNet++", "U-Net"]);
        assert_eq!(archs("ResNeXt", ""), vec!["ResNeXt"]);
        assert_eq!(
            archs("Inception-v3 and Transformers", ""),
            vec!["Inception", "Transformer"]
        );
    }

    #[test]
    fn architecture_words_need_exact_case_and_boundaries() {
        assert!(archs("Playing darts since its inception", "").is_empty());
        assert!(archs("PreResNetwork", "").is_empty());
        assert!(archs("the transformer station", "").is_empty());
        assert_eq!(archs("DARTS: differentiable search", ""), vec!["DARTS"]);
    }

    #[test]
    fn curated_list_is_large_and_canonical_names_resolve() {
        assert!(ARCHITECTURES.len() >= 40);
        for (canonical, _) in ARCHITECTURES {
            assert_eq!(
                canonical_architecture(canonical),
                Some(*canonical),
                "{canonical}"
            );
        }
        assert_eq!(canonical_architecture("amoebanet"), Some("AmoebaNet"));
        assert_eq!(canonical_architecture("ResNet-50"), Some("ResNet"));
        assert_eq!(canonical_architecture("nothing"), None);
    }

    #[test]
    fn gan_by_phrase_word_and_model_name() {
        let t = tag(&[], "Generative Adversarial Networks for art", "");
        assert!(t.gan);
        assert!(t
            .gan_reason
            .unwrap()
            .contains("generative adversarial network"));
        assert!(tag(&[], "Training GANs", "").gan);
        assert!(tag(&[], "A GAN", "").gan);
        let t = tag(&[], "CycleGAN and WGAN-GP", "");
        assert!(t.gan);
        let reason = t.gan_reason.unwrap();
        assert!(
            reason.contains("CycleGAN") && reason.contains("WGAN"),
            "{reason}"
        );
        assert!(!tag(&[], "Organ transplants in Michigan", "").gan);
        assert!(!tag(&[], "THE SLOGAN AND THE ORGAN", "").gan);
        assert!(!tag(&[], "Gantt charts", "").gan);
    }

    #[test]
    fn cv_by_category_or_image_words_of_ml_papers() {
        let t = tag(&cats(&["cs.CV"]), "Anything", "");
        assert!(t.cv);
        assert_eq!(t.cv_reason.as_deref(), Some("category cs.CV"));
        assert!(tag(&cats(&["math.OC", "eess.IV"]), "x", "").cv);
        let t = tag(&cats(&["cs.LG"]), "Better image classification", "");
        assert!(t.cv);
        assert!(t.cv_reason.unwrap().contains("image classification"));
        assert!(tag(&cats(&["cs.LG"]), "Learning from images", "with pixels").cv);
        assert!(!tag(&cats(&["cs.LG"]), "Learning from images", "").cv);
        // Image words without machine learning are not enough.
        assert!(!tag(&cats(&["astro-ph"]), "Images of galaxies", "pixel counts").cv);
        assert!(
            tag(
                &cats(&["physics.optics"]),
                "A convolutional neural network",
                "for images and video"
            )
            .cv
        );
    }

    /// The lockstep walk finds exactly what `aho_corasick`'s own
    /// leftmost-longest `find_iter` finds in each text, piece cuts and all.
    mod lockstep {
        use super::super::*;
        use proptest::prelude::*;

        fn reference(text: &[u8], index: usize) -> Vec<Found> {
            let tagger = tagger();
            let automaton = aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                .build(tagger.patterns.iter().map(|p| p.text))
                .unwrap();
            automaton
                .find_iter(text)
                .map(|m| (index, m.pattern(), m.start(), m.end()))
                .collect()
        }

        /// Texts made of pattern words in any case, plain words and the
        /// bytes around them, long enough to be cut.
        fn text() -> impl Strategy<Value = String> {
            let pieces = prop_oneof![
                4 => proptest::sample::select(
                    tagger().patterns.iter().map(|p| p.text).collect::<Vec<_>>()
                )
                .prop_map(str::to_string),
                2 => "[a-zA-Z]{1,9}",
                3 => proptest::sample::select(vec![" ", " ", ", ", ". ", "-", "(", ")", "2", "s", "\n", "é"])
                    .prop_map(str::to_string),
            ];
            (proptest::collection::vec(pieces, 0..160), any::<bool>()).prop_map(
                |(pieces, upper)| {
                    let text = pieces.concat();
                    if upper {
                        text.to_uppercase()
                    } else {
                        text
                    }
                },
            )
        }

        proptest! {
            #[test]
            fn finds_what_find_iter_finds(title in text(), abstract_text in text()) {
                let mut found = Vec::new();
                tagger().find_all([title.as_bytes(), abstract_text.as_bytes()], &mut found);
                let mut expected = reference(title.as_bytes(), 0);
                expected.extend(reference(abstract_text.as_bytes(), 1));
                prop_assert_eq!(found, expected);
            }
        }
    }
}
