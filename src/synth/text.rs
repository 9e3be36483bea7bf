//! The words of the synthetic arXiv: the project's own vocabulary, the
//! yearly shares of categories, GAN papers and architecture mentions, and
//! the landmark papers at their real ids (with synthetic titles).

use std::io::Write;

use rand_xoshiro::Xoshiro256PlusPlus;

use super::{below, uniform};
use crate::id::Month;

/// A landmark paper: its real id and the architecture it introduced.
#[derive(Debug, Clone, Copy)]
pub struct Landmark {
    /// Real arXiv id.
    pub id: &'static str,
    /// The architecture as the text writes it (a tagger alias).
    pub written: &'static str,
    /// The canonical name the tagger gives.
    pub architecture: &'static str,
    /// Primary category.
    pub category: &'static str,
}

impl Landmark {
    /// The id's month.
    pub fn month(&self) -> Month {
        Month::from_yymm(self.id[..4].parse().expect("landmark ids are new-style"))
            .expect("landmark month")
    }

    /// The id's submission number.
    pub fn number(&self) -> u32 {
        self.id[5..].parse().expect("landmark number")
    }
}

const fn landmark(
    id: &'static str,
    written: &'static str,
    architecture: &'static str,
    category: &'static str,
) -> Landmark {
    Landmark {
        id,
        written,
        architecture,
        category,
    }
}

/// About thirty landmark papers at their real ids naming their real
/// architectures. Titles and abstracts are synthetic.
pub const LANDMARKS: &[Landmark] = &[
    landmark("1409.1556", "VGG-16", "VGG", "cs.CV"),
    landmark("1409.4842", "GoogLeNet", "GoogLeNet", "cs.CV"),
    landmark("1505.04597", "U-Net", "U-Net", "cs.CV"),
    landmark("1506.01497", "Faster R-CNN", "Faster R-CNN", "cs.CV"),
    landmark("1506.02640", "YOLO", "YOLO", "cs.CV"),
    landmark("1505.00387", "Highway Networks", "Highway Network", "cs.LG"),
    landmark("1511.06434", "DCGAN", "DCGAN", "cs.LG"),
    landmark("1512.00567", "Inception-v3", "Inception", "cs.CV"),
    landmark("1512.03385", "ResNet-152", "ResNet", "cs.CV"),
    landmark("1602.07360", "SqueezeNet", "SqueezeNet", "cs.CV"),
    landmark("1605.07146", "Wide ResNet", "Wide ResNet", "cs.CV"),
    landmark("1608.06993", "DenseNet", "DenseNet", "cs.CV"),
    landmark("1610.02357", "Xception", "Xception", "cs.CV"),
    landmark("1611.05431", "ResNeXt", "ResNeXt", "cs.CV"),
    landmark("1611.07004", "pix2pix", "pix2pix", "cs.CV"),
    landmark("1701.07875", "WGAN", "WGAN", "stat.ML"),
    landmark("1703.06870", "Mask R-CNN", "Mask R-CNN", "cs.CV"),
    landmark("1703.10593", "CycleGAN", "CycleGAN", "cs.CV"),
    landmark("1704.04861", "MobileNet", "MobileNet", "cs.CV"),
    landmark("1706.03762", "Transformer", "Transformer", "cs.CL"),
    landmark("1707.01083", "ShuffleNet", "ShuffleNet", "cs.CV"),
    landmark("1707.07012", "NASNet-A", "NASNet", "cs.CV"),
    landmark("1708.02002", "RetinaNet", "RetinaNet", "cs.CV"),
    landmark("1710.09829", "CapsNet", "CapsNet", "cs.CV"),
    landmark("1802.01548", "AmoebaNet-A", "AmoebaNet", "cs.NE"),
    landmark("1802.03268", "ENAS", "ENAS", "cs.LG"),
    landmark("1806.09055", "DARTS", "DARTS", "cs.LG"),
    landmark("1809.11096", "BigGAN", "BigGAN", "cs.LG"),
    landmark("1810.04805", "BERT", "BERT", "cs.CL"),
    landmark("1812.04948", "StyleGAN", "StyleGAN", "cs.NE"),
    landmark("1905.11946", "EfficientNet-B7", "EfficientNet", "cs.LG"),
    landmark("2010.11929", "ViT", "ViT", "cs.CV"),
];

/// Architectures ordinary papers mention, as written, from the month they
/// became known (YYMM).
const MENTIONS: &[(&str, u32)] = &[
    ("LSTM", 704),
    ("RBM", 704),
    ("LeNet-5", 704),
    ("AlexNet", 1301),
    ("VGG-16", 1410),
    ("VGG19", 1410),
    ("GoogLeNet", 1410),
    ("U-Net", 1506),
    ("Faster R-CNN", 1507),
    ("YOLO", 1507),
    ("ResNet-50", 1601),
    ("ResNet-101", 1601),
    ("residual network", 1601),
    ("Inception-v3", 1601),
    ("DCGAN", 1512),
    ("DenseNet", 1609),
    ("SegNet", 1601),
    ("Mask R-CNN", 1704),
    ("MobileNet", 1705),
    ("Transformer", 1707),
    ("CycleGAN", 1704),
    ("WGAN-GP", 1704),
    ("capsule network", 1711),
    ("NASNet", 1708),
    ("AmoebaNet", 1803),
    ("DARTS", 1807),
    ("BERT", 1811),
    ("StyleGAN", 1901),
    ("EfficientNet", 1906),
    ("ViT", 2011),
    ("Swin Transformer", 2104),
];

const FORENAMES: &[&str] = &[
    "Ada", "Bo", "Chen", "Dara", "Emil", "Fatima", "Goran", "Hana", "Ivo", "Jun", "Kira", "Luis",
    "Mina", "Nils", "Olu", "Priya", "Quinn", "Rafa", "Sven", "Tao", "Uma", "Vera", "Wen", "Xiu",
    "Yara", "Zeno", "A. B.", "C.", "J. R.", "M.",
];

const SYLLABLES: &[&str] = &[
    "bar", "ko", "len", "mi", "nor", "pal", "qui", "ros", "sta", "tem", "ul", "vin", "wex", "yo",
    "zan", "dre", "fol", "gri", "hast", "jor",
];

const ADJECTIVES: &[&str] = &[
    "sparse",
    "robust",
    "scalable",
    "adaptive",
    "hierarchical",
    "efficient",
    "provable",
    "stochastic",
    "distributed",
    "lightweight",
    "contrastive",
    "probabilistic",
    "modular",
    "invariant",
    "implicit",
    "recurrent",
    "convex",
    "federated",
];

const NOUNS: &[&str] = &[
    "estimators",
    "embeddings",
    "codes",
    "schedulers",
    "kernels",
    "protocols",
    "priors",
    "encoders",
    "graphs",
    "samplers",
    "bounds",
    "solvers",
    "policies",
    "filters",
    "sketches",
];

const TASKS_GENERAL: &[&str] = &[
    "channel coding",
    "graph partitioning",
    "query optimisation",
    "sequence alignment",
    "spectral clustering",
    "load balancing",
    "program synthesis",
    "theorem proving",
    "dark matter halos",
    "spin chains",
    "lattice gauge models",
    "tumour growth",
    "option pricing",
    "knot invariants",
    "quantum error correction",
];

const TASKS_ML: &[&str] = &[
    "few-shot learning",
    "language modelling",
    "speech recognition",
    "reinforcement learning",
    "anomaly detection",
    "recommendation",
    "time series forecasting",
    "domain adaptation",
];

const TASKS_IMAGE: &[&str] = &[
    "image classification",
    "object detection",
    "semantic segmentation",
    "image retrieval",
    "pose estimation",
    "image super-resolution",
    "face recognition",
    "video understanding",
];

const SENTENCES: &[&str] = &[
    "We study {adj} {noun} for {task} under realistic budgets.",
    "Existing approaches to {task} rely on {adj} assumptions that rarely hold in practice.",
    "Our analysis shows that {adj} {noun} close most of the gap at a fraction of the cost.",
    "We prove a bound on the error of {adj} {noun} that is tight up to constants.",
    "Experiments on three synthetic benchmarks confirm the predicted scaling.",
    "The method needs no tuning beyond a single temperature parameter.",
    "We release the invented datasets and every script used in this study.",
    "A careful ablation separates the effect of {adj} {noun} from that of the training schedule.",
    "Compared with the strongest baseline, the approach is both simpler and faster.",
    "We discuss when {adj} {noun} fail and how to detect such cases early.",
    "Our results suggest that {task} benefits from {adj} {noun} more than previously thought.",
];

/// The category mix of a year: (categories, weight). Shares of cs.CV,
/// cs.LG and the other cs categories grow over the years, as on arXiv.
fn categories(rng: &mut Xoshiro256PlusPlus, month: Month) -> (&'static str, Kind) {
    let t = ((month.year() as f64 - 2007.0) / 13.0).clamp(0.0, 1.0);
    let eess = if month.year() >= 2017 { 0.012 } else { 0.0 };
    let table: [(&str, Kind, f64); 12] = [
        ("cs.CV", Kind::Image, 0.012 + 0.078 * t),
        ("cs.CV cs.LG", Kind::Image, 0.004 + 0.03 * t),
        ("eess.IV cs.CV", Kind::Image, eess),
        ("cs.LG stat.ML", Kind::Ml, 0.01 + 0.09 * t),
        ("cs.CL", Kind::Ml, 0.006 + 0.03 * t),
        ("cs.AI", Kind::Ml, 0.01 + 0.015 * t),
        ("cs.IT math.IT", Kind::General, 0.03 + 0.01 * t),
        ("cs.DS", Kind::General, 0.02 + 0.02 * t),
        ("cs.NI", Kind::General, 0.02 + 0.02 * t),
        ("math.PR", Kind::General, 0.28 - 0.08 * t),
        ("hep-th", Kind::General, 0.3 - 0.12 * t),
        ("astro-ph.GA", Kind::General, 0.3 - 0.1 * t),
    ];
    let total: f64 = table.iter().map(|r| r.2).sum();
    let mut u = uniform(rng) * total;
    for (categories, kind, weight) in table {
        if u < weight {
            return (categories, kind);
        }
        u -= weight;
    }
    ("hep-th", Kind::General)
}

/// What a paper is about, for its words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Image,
    Ml,
    General,
}

/// The share of image and ML papers about GANs: none before the first GAN
/// paper (1406), then the wave of 2017-2019.
fn gan_share(month: Month) -> f64 {
    match month.yymm() {
        ..1406 => 0.0,
        1406..1601 => 0.01,
        1601..1701 => 0.04,
        1701..1801 => 0.09,
        1801..2001 => 0.12,
        2001..2101 => 0.09,
        _ => 0.06,
    }
}

/// The share of image and ML papers naming an architecture.
fn mention_share(month: Month, kind: Kind) -> f64 {
    let base = match month.year() {
        ..2012 => 0.02,
        2012..2015 => 0.08,
        2015..2017 => 0.2,
        _ => 0.3,
    };
    match kind {
        Kind::Image => base,
        Kind::Ml => base * 0.5,
        Kind::General => 0.0,
    }
}

fn pick<'a>(rng: &mut Xoshiro256PlusPlus, list: &[&'a str]) -> &'a str {
    list[below(rng, list.len())]
}

fn fill(template: &str, adj: &str, noun: &str, task: &str) -> String {
    template
        .replace("{adj}", adj)
        .replace("{noun}", noun)
        .replace("{task}", task)
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn keyname(rng: &mut Xoshiro256PlusPlus) -> String {
    let parts = 2 + below(rng, 2);
    let name: String = (0..parts).map(|_| pick(rng, SYLLABLES)).collect();
    capitalise(&name)
}

fn days_in(month: Month) -> u32 {
    match month.month() {
        2 if month.year().is_multiple_of(4) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Writes one `<record>` (ending in `</record>\n`).
pub(super) fn record(
    out: &mut Vec<u8>,
    rng: &mut Xoshiro256PlusPlus,
    month: Month,
    number: u32,
    count: u32,
    landmark: Option<&Landmark>,
) {
    let id = format!(
        "{:04}.{:0width$}",
        month.yymm(),
        number,
        width = month.number_digits()
    );
    let day = 1 + ((number - 1) as u64 * days_in(month) as u64 / count.max(1) as u64) as u32;
    let created = format!(
        "{:04}-{:02}-{:02}",
        month.year(),
        month.month(),
        day.min(days_in(month))
    );
    let (categories, kind) = match landmark {
        Some(l) => (l.category, Kind::Image),
        None => categories(rng, month),
    };
    let task = match kind {
        Kind::Image => pick(rng, TASKS_IMAGE),
        Kind::Ml => pick(rng, TASKS_ML),
        Kind::General => pick(rng, TASKS_GENERAL),
    };
    let adj = pick(rng, ADJECTIVES);
    let noun = pick(rng, NOUNS);
    let gan = kind != Kind::General && uniform(rng) < gan_share(month);
    let mention = match landmark {
        Some(l) => Some(l.written),
        None if kind != Kind::General && uniform(rng) < mention_share(month, kind) => {
            let known: Vec<&str> = MENTIONS
                .iter()
                .filter(|(_, since)| month.yymm() >= *since)
                .map(|(name, _)| *name)
                .collect();
            (!known.is_empty()).then(|| pick(rng, &known))
        }
        None => None,
    };
    let title = match (landmark, gan) {
        (Some(l), _) => format!(
            "A synthetic stand-in for the {} paper: {adj} {noun} for {task}",
            l.written
        ),
        (None, true) => format!(
            "{}GAN: adversarial {noun} for {task}",
            capitalise(pick(rng, SYLLABLES))
        ),
        (None, false) => format!("{} {noun} for {task}", capitalise(adj)),
    };
    let sentences = 5 + below(rng, 5);
    let mut abstract_text = String::with_capacity(1200);
    for i in 0..sentences {
        if i > 0 {
            abstract_text.push(' ');
        }
        let sentence = fill(
            pick(rng, SENTENCES),
            pick(rng, ADJECTIVES),
            pick(rng, NOUNS),
            task,
        );
        abstract_text.push_str(&sentence);
        if i == 1 {
            if let Some(written) = mention {
                abstract_text.push_str(&format!(
                    " We build on {written} and keep its training recipe unchanged."
                ));
            }
            if gan {
                abstract_text
                    .push_str(" A generative adversarial network supplies the invented samples.");
            }
        }
    }
    // Wrap the abstract at about 80 columns, as arXiv does.
    let mut wrapped = String::with_capacity(abstract_text.len() + 32);
    let mut column = 0;
    for word in abstract_text.split(' ') {
        if column + word.len() > 79 && column > 0 {
            wrapped.push('\n');
            column = 0;
        } else if column > 0 {
            wrapped.push(' ');
            column += 1;
        }
        wrapped.push_str(word);
        column += word.len();
    }
    let authors = 1 + below(rng, 3) + below(rng, 4);
    let datestamp_day = (day + below(rng, 20) as u32).min(days_in(month));
    let _ = write!(
        out,
        "<record>\n<header>\n <identifier>oai:arXiv.org:{id}</identifier>\n <datestamp>{:04}-{:02}-{:02}</datestamp>\n \
         <setSpec>{}</setSpec>\n</header>\n<metadata>\n <arXiv xmlns=\"http://arxiv.org/OAI/arXiv/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://arxiv.org/OAI/arXiv/ \
         http://arxiv.org/OAI/arXiv.xsd\">\n <id>{id}</id><created>{created}</created><authors>",
        month.year(),
        month.month(),
        datestamp_day,
        set_spec(categories),
    );
    for _ in 0..authors {
        let _ = write!(
            out,
            "<author><keyname>{}</keyname><forenames>{}</forenames></author>",
            keyname(rng),
            pick(rng, FORENAMES)
        );
    }
    let _ = write!(
        out,
        "</authors><title>{title}</title><categories>{categories}</categories><comments>{} pages, {} figures; synthetic record</comments>\
         <license>http://arxiv.org/licenses/nonexclusive-distrib/1.0/</license><abstract>  {wrapped}\n</abstract></arXiv>\n</metadata>\n</record>\n",
        4 + below(rng, 20),
        below(rng, 12),
    );
}

fn set_spec(categories: &str) -> &'static str {
    let primary = categories.split(' ').next().unwrap_or_default();
    match primary.split('.').next().unwrap_or_default() {
        "cs" => "cs",
        "math" => "math",
        "stat" => "stat",
        "eess" => "eess",
        _ => "physics",
    }
}
