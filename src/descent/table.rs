//! The identifier space as a compact table: for every calendar month from
//! `first` to `last`, `N(m)` and one byte per submission number saying
//! whether a paper is there and whether it is image-related, plus the index
//! of its first architecture. A step reads one byte.

use crate::id::Month;

/// Flag: a live paper is at this point.
pub const PRESENT: u8 = 1;
/// Flag: the paper is image-related (`cv` or `gan`).
pub const IMAGE: u8 = 2;
/// Flag: the paper is tagged `gan`.
pub const GAN: u8 = 4;
/// Flag: the paper is tagged `cv`.
pub const CV: u8 = 8;

/// No architecture tagged.
pub const NO_ARCHITECTURE: u16 = u16::MAX;

/// One paper as the table needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TablePaper {
    /// Month of the id.
    pub month: Month,
    /// Submission number.
    pub number: u32,
    /// Tagged `cv`.
    pub cv: bool,
    /// Tagged `gan`.
    pub gan: bool,
    /// First architecture name, if any.
    pub architecture: Option<String>,
}

/// The identifier space of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpaceTable {
    first: Month,
    /// `N(m)` per month index.
    counts: Vec<u32>,
    /// Offset of each month's first entry in `flags`.
    offsets: Vec<u32>,
    /// For each month index, the nearest earlier month index with a paper
    /// (`u32::MAX` when none): where a descent from `n == 1` goes.
    previous_nonempty: Vec<u32>,
    flags: Vec<u8>,
    architectures: Vec<u16>,
    architecture_names: Vec<String>,
}

impl SpaceTable {
    /// Builds the table from papers (new-style ids only), clipped to
    /// `from..=until`. `first` and `last` are the earliest and latest months
    /// holding a paper inside the clip. `None` when no paper is left.
    pub fn build(
        papers: &[TablePaper],
        from: Option<Month>,
        until: Option<Month>,
    ) -> Option<SpaceTable> {
        let inside = |p: &&TablePaper| {
            from.is_none_or(|f| p.month >= f) && until.is_none_or(|u| p.month <= u) && p.number > 0
        };
        let first = papers.iter().filter(inside).map(|p| p.month).min()?;
        let last = papers.iter().filter(inside).map(|p| p.month).max()?;
        let months = (last.0 - first.0 + 1) as usize;
        let mut counts = vec![0u32; months];
        for paper in papers.iter().filter(inside) {
            let index = (paper.month.0 - first.0) as usize;
            counts[index] = counts[index].max(paper.number);
        }
        let mut offsets = Vec::with_capacity(months);
        let mut total = 0u32;
        for count in &counts {
            offsets.push(total);
            total += count;
        }
        let mut flags = vec![0u8; total as usize];
        let mut architectures = vec![NO_ARCHITECTURE; total as usize];
        let mut architecture_names: Vec<String> = Vec::new();
        for paper in papers.iter().filter(inside) {
            let index = (paper.month.0 - first.0) as usize;
            let entry = (offsets[index] + paper.number - 1) as usize;
            flags[entry] = PRESENT
                | if paper.cv || paper.gan { IMAGE } else { 0 }
                | if paper.gan { GAN } else { 0 }
                | if paper.cv { CV } else { 0 };
            if let Some(name) = &paper.architecture {
                let code = match architecture_names.iter().position(|n| n == name) {
                    Some(code) => code,
                    None => {
                        architecture_names.push(name.clone());
                        architecture_names.len() - 1
                    }
                };
                architectures[entry] = code as u16;
            }
        }
        let mut previous_nonempty = Vec::with_capacity(months);
        let mut last_nonempty = u32::MAX;
        for (index, count) in counts.iter().enumerate() {
            previous_nonempty.push(last_nonempty);
            if *count > 0 {
                last_nonempty = index as u32;
            }
        }
        Some(SpaceTable {
            first,
            counts,
            offsets,
            previous_nonempty,
            flags,
            architectures,
            architecture_names,
        })
    }

    /// Earliest month.
    pub fn first(&self) -> Month {
        self.first
    }

    /// Latest month.
    pub fn last(&self) -> Month {
        Month(self.first.0 + self.counts.len() as u32 - 1)
    }

    /// Number of calendar months `first..=last`.
    pub fn months(&self) -> u32 {
        self.counts.len() as u32
    }

    /// `N(m)` by month index (0 is `first`).
    #[inline]
    pub fn count(&self, month_index: u32) -> u32 {
        self.counts[month_index as usize]
    }

    /// `N(m)` for every month index.
    pub fn counts(&self) -> &[u32] {
        &self.counts
    }

    /// The flags at a point (0 when out of range).
    #[inline]
    pub fn flags(&self, month_index: u32, number: u32) -> u8 {
        let count = self.counts[month_index as usize];
        if number == 0 || number > count {
            return 0;
        }
        self.flags[(self.offsets[month_index as usize] + number - 1) as usize]
    }

    /// The position of a present point in the flat table (for per-paper
    /// counters).
    #[inline]
    pub fn entry(&self, month_index: u32, number: u32) -> usize {
        (self.offsets[month_index as usize] + number - 1) as usize
    }

    /// Number of entries (points with `n <= N(m)`).
    pub fn entries(&self) -> usize {
        self.flags.len()
    }

    /// The point of a flat entry.
    pub fn point_of_entry(&self, entry: usize) -> (u32, u32) {
        let month_index = self.offsets.partition_point(|&o| o as usize <= entry) - 1;
        // Skip empty months that share the offset.
        let mut month_index = month_index as u32;
        while self.counts[month_index as usize] == 0 {
            month_index -= 1;
        }
        (
            month_index,
            entry as u32 - self.offsets[month_index as usize] + 1,
        )
    }

    /// The nearest earlier month index holding a paper.
    #[inline]
    pub fn previous_nonempty(&self, month_index: u32) -> Option<u32> {
        let previous = self.previous_nonempty[month_index as usize];
        (previous != u32::MAX).then_some(previous)
    }

    /// The first architecture of the paper at a point.
    pub fn architecture(&self, month_index: u32, number: u32) -> Option<&str> {
        if self.flags(month_index, number) & PRESENT == 0 {
            return None;
        }
        let code = self.architectures[self.entry(month_index, number)];
        (code != NO_ARCHITECTURE).then(|| self.architecture_names[code as usize].as_str())
    }

    /// The month of a month index.
    pub fn month(&self, month_index: u32) -> Month {
        Month(self.first.0 + month_index)
    }

    /// The month index of a month, when inside the table.
    pub fn month_index(&self, month: Month) -> Option<u32> {
        (month >= self.first && month <= self.last()).then(|| month.0 - self.first.0)
    }

    /// Papers in the table.
    pub fn papers(&self) -> usize {
        self.flags.iter().filter(|f| **f & PRESENT != 0).count()
    }
}
