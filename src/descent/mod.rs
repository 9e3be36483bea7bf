//! The descent: graduate students walk the arXiv identifier space and adapt
//! architectures, exactly as `DESCENT.md` specifies. Plain data in, plain
//! data out: no I/O, so it is tested and benchmarked alone.
//!
//! The run proceeds in rounds. Students interact only through
//! college-dropout events and the cherry-picking stop, so the engine finds
//! the next round with a dropout event from the run's own random stream,
//! lets every searching student walk (in parallel, each with its own stream)
//! up to that round, then applies the event. The result is what stepping
//! round by round gives, on any number of threads.

pub mod table;

use rand_core::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
pub use table::{SpaceTable, TablePaper, CV, GAN, IMAGE, PRESENT};

/// The generator every stream uses, named in manifests and the README.
pub const GENERATOR: &str = "Xoshiro256++ seeded by SplitMix64(seed, stream)";

/// The paper a Hintonian override picks.
pub const CAPSNET_PAPER: &str = "1710.09829";

/// The parameters of a run (`DESCENT.md`, "Defaults").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DescentConfig {
    /// Number of students.
    pub students: u32,
    /// Seed of every random stream.
    pub seed: u64,
    /// Initial adapt probability π.
    pub pi_adapt: f64,
    /// Funding in months.
    pub funding: i64,
    /// Steps between bewilderments.
    pub patience: u64,
    /// Factor on π at each bewilderment.
    pub bewilderment: f64,
    /// Probability that an adapt becomes CapsNet.
    pub p_capsnet: f64,
    /// Probability of a college-dropout event per round.
    pub college_dropout: f64,
    /// Safety bound on steps.
    pub max_steps: u64,
    /// Every student starts here instead of at a random point (`YYMM.NNNNN`).
    pub init: Option<(u32, u32)>,
    /// Stop once this many students adapted this architecture.
    pub hypothesis: Option<String>,
    /// How many confirmations stop the run.
    pub confirmations: u32,
}

impl Default for DescentConfig {
    fn default() -> Self {
        DescentConfig {
            students: 64,
            seed: 0,
            pi_adapt: 0.1,
            funding: 48,
            patience: 20,
            bewilderment: 1.5,
            p_capsnet: 0.05,
            college_dropout: 0.01,
            max_steps: 100_000,
            init: None,
            hypothesis: None,
            confirmations: 1,
        }
    }
}

impl DescentConfig {
    /// Checks every parameter's range.
    pub fn validate(&self) -> Result<()> {
        let probability = |name: &str, value: f64| {
            if (0.0..=1.0).contains(&value) {
                Ok(())
            } else {
                Err(Error::Invalid(format!(
                    "--{name} must be between 0 and 1, not {value}"
                )))
            }
        };
        probability("pi-adapt", self.pi_adapt)?;
        probability("p-capsnet", self.p_capsnet)?;
        probability("college-dropout", self.college_dropout)?;
        if self.students == 0 {
            return Err(Error::Invalid("--students must be at least 1".into()));
        }
        if self.patience == 0 {
            return Err(Error::Invalid("--patience must be at least 1".into()));
        }
        if self.max_steps == 0 {
            return Err(Error::Invalid("--max-steps must be at least 1".into()));
        }
        if self.funding < 0 {
            return Err(Error::Invalid("--funding must not be negative".into()));
        }
        if !(self.bewilderment.is_finite() && self.bewilderment >= 0.0) {
            return Err(Error::Invalid(
                "--bewilderment must be a non-negative number".into(),
            ));
        }
        if self.hypothesis.is_some() && self.confirmations == 0 {
            return Err(Error::Invalid("--confirmations must be at least 1".into()));
        }
        Ok(())
    }
}

/// A student's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Still walking.
    Searching,
    /// Took an architecture.
    Adapted,
    /// Left (fees or college-dropout).
    DroppedOut,
    /// Walked off the space (present or big-bang).
    Exhausted,
    /// Hit `--max-steps`.
    OutOfSteps,
    /// Stopped by cherry-picking.
    StoppedEarly,
}

/// Why a student dropped out or was exhausted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// Funding below zero.
    Fees,
    /// Removed by the regulariser.
    CollegeDropout,
    /// Advanced past the last month.
    Present,
    /// Descended before the first paper.
    BigBang,
}

/// What a step did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// Moved one month on.
    Advance,
    /// Moved to earlier work.
    Descend,
    /// Took the paper's architecture.
    Adapt,
}

impl Action {
    /// The action's name as printed and exported.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Advance => "advance",
            Action::Descend => "descend",
            Action::Adapt => "adapt",
        }
    }

    /// The two-bit code of a stored visit.
    pub fn code(self) -> u8 {
        match self {
            Action::Advance => 0,
            Action::Descend => 1,
            Action::Adapt => 2,
        }
    }

    /// The action of a two-bit code.
    pub fn from_code(code: u8) -> Option<Action> {
        match code & 3 {
            0 => Some(Action::Advance),
            1 => Some(Action::Descend),
            2 => Some(Action::Adapt),
            _ => None,
        }
    }

    /// Lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            Action::Advance => "advance",
            Action::Descend => "descend",
            Action::Adapt => "adapt",
        }
    }
}

/// One stored visit: its action and whether a paper was there, in a byte.
#[inline]
pub fn visit_code(action: Action, present: bool) -> u8 {
    action.code() | ((present as u8) << 2)
}

/// A student: its state while walking, its outcome after.
#[derive(Debug, Clone)]
pub struct Student {
    rng: Xoshiro256PlusPlus,
    /// Month index of the current point.
    pub month: u32,
    /// Submission number of the current point.
    pub number: u32,
    /// The starting point.
    pub start: (u32, u32),
    /// The last point visited.
    pub last_visit: (u32, u32),
    /// Adapt probability.
    pub pi: f64,
    /// Funding left, in months.
    pub funding: i64,
    /// Steps taken.
    pub steps: u64,
    /// Status.
    pub status: Status,
    /// Why it dropped out or was exhausted.
    pub reason: Option<Reason>,
    /// The architecture picked (`None` with a paper pick or no pick).
    pub architecture: Option<String>,
    /// Whether the pick is a Hintonian CapsNet override.
    pub hintonian_override: bool,
    /// Visit codes, one per step, when recorded.
    pub visits: Vec<u8>,
}

/// Mixes a seed and a stream number into a generator seed (SplitMix64).
fn stream_seed(seed: u64, stream: u64) -> u64 {
    let mut z = seed
        ^ stream
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .wrapping_add(0xD1B5_4A32_D192_ED03);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The random stream of student `index`.
pub fn student_rng(seed: u64, index: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(stream_seed(seed, index))
}

/// The run's own stream (college-dropout).
pub fn run_rng(seed: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(stream_seed(seed, u64::MAX))
}

/// A uniform draw in [0, 1) from the top 53 bits.
#[inline]
pub fn uniform(rng: &mut Xoshiro256PlusPlus) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// A uniform integer in `0..bound` (multiply-shift).
#[inline]
pub fn below(rng: &mut Xoshiro256PlusPlus, bound: u64) -> u64 {
    ((rng.next_u64() as u128 * bound as u128) >> 64) as u64
}

impl Student {
    /// A new student `index`: "Xavier uniform" initialisation (two draws),
    /// or every student at `init`.
    pub fn new(table: &SpaceTable, config: &DescentConfig, index: u64) -> Student {
        let mut rng = student_rng(config.seed, index);
        let (month, number) = match config.init {
            Some(point) => point,
            None => {
                let month = below(&mut rng, table.months() as u64) as u32;
                let count = table.count(month).max(1) as u64;
                (month, below(&mut rng, count) as u32 + 1)
            }
        };
        Student {
            rng,
            month,
            number,
            start: (month, number),
            last_visit: (month, number),
            pi: config.pi_adapt,
            funding: config.funding,
            steps: 0,
            status: Status::Searching,
            reason: None,
            architecture: None,
            hintonian_override: false,
            visits: Vec::new(),
        }
    }

    /// Whether the student is still searching.
    #[inline]
    pub fn searching(&self) -> bool {
        self.status == Status::Searching
    }

    /// The round at which the student adapted, if it did.
    pub fn adapted_at(&self) -> Option<u64> {
        (self.status == Status::Adapted).then_some(self.steps)
    }

    /// The name the pick goes by: the architecture, or the paper's id.
    pub fn pick_name(&self, table: &SpaceTable) -> Option<String> {
        if self.status != Status::Adapted {
            return None;
        }
        Some(match &self.architecture {
            Some(name) => name.clone(),
            None => {
                let (month, number) = self.last_visit;
                crate::id::ArxivId::new_style(table.month(month), number).to_string()
            }
        })
    }

    /// One step (`DESCENT.md`, "One step"). Returns the visit code.
    #[inline]
    pub fn step<const RECORD: bool>(&mut self, table: &SpaceTable, config: &DescentConfig) {
        let (month, number) = (self.month, self.number);
        self.last_visit = (month, number);
        let flags = table.flags(month, number);
        let present = flags & PRESENT != 0;
        let action = if flags & IMAGE != 0 {
            let u = uniform(&mut self.rng);
            if u < self.pi {
                self.status = Status::Adapted;
                self.architecture = table.architecture(month, number).map(str::to_string);
                let v = uniform(&mut self.rng);
                if v < config.p_capsnet {
                    self.architecture = Some("CapsNet".to_string());
                    self.hintonian_override = true;
                }
                Action::Adapt
            } else {
                if number > 1 {
                    self.number = number - 1;
                } else {
                    match table.previous_nonempty(month) {
                        Some(previous) => {
                            self.month = previous;
                            self.number = table.count(previous);
                        }
                        None => {
                            self.status = Status::Exhausted;
                            self.reason = Some(Reason::BigBang);
                        }
                    }
                }
                Action::Descend
            }
        } else {
            self.funding -= 1;
            if month + 1 >= table.months() {
                self.status = Status::Exhausted;
                self.reason = Some(Reason::Present);
            } else {
                self.month = month + 1;
                if self.funding < 0 {
                    self.status = Status::DroppedOut;
                    self.reason = Some(Reason::Fees);
                }
            }
            Action::Advance
        };
        if RECORD {
            self.visits.push(visit_code(action, present));
        }
        self.steps += 1;
        if self.status == Status::Searching {
            if self.steps.is_multiple_of(config.patience) {
                self.pi = (self.pi * config.bewilderment).min(1.0);
            }
            if self.steps == config.max_steps {
                self.status = Status::OutOfSteps;
            }
        }
    }

    /// Walks until the student stops searching or has taken `until` steps.
    #[inline]
    pub fn walk<const RECORD: bool>(
        &mut self,
        table: &SpaceTable,
        config: &DescentConfig,
        until: u64,
    ) {
        while self.status == Status::Searching && self.steps < until {
            self.step::<RECORD>(table, config);
        }
    }
}

/// A college-dropout event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DropoutEvent {
    /// The round after whose steps it happened.
    pub round: u64,
    /// The student removed.
    pub student: u32,
    /// How many were searching before the removal.
    pub searching: u32,
}

/// What a run produced.
#[derive(Debug, Clone)]
pub struct RunResult {
    /// Every student, in index order, with its outcome.
    pub students: Vec<Student>,
    /// Rounds run.
    pub rounds: u64,
    /// College-dropout events in order.
    pub dropouts: Vec<DropoutEvent>,
    /// The students whose adapts confirmed the hypothesis, in the order
    /// they counted (by round, then index), when the run stopped early.
    pub confirming: Vec<u32>,
}

impl RunResult {
    /// Total visits (steps) of all students.
    pub fn visits(&self) -> u64 {
        self.students.iter().map(|s| s.steps).sum()
    }
}

fn confirms(student: &Student, hypothesis: &str) -> bool {
    student.status == Status::Adapted
        && student
            .architecture
            .as_deref()
            .is_some_and(|name| name.eq_ignore_ascii_case(hypothesis))
}

/// Runs the descent over `table`. With `RECORD`, each student keeps its
/// visit codes. Uses the current rayon pool: the result does not depend on
/// its size.
pub fn run<const RECORD: bool>(table: &SpaceTable, config: &DescentConfig) -> Result<RunResult> {
    config.validate()?;
    if let Some((month, number)) = config.init {
        if month >= table.months() || number == 0 {
            return Err(Error::Invalid(
                "--init is outside the identifier space of the index".into(),
            ));
        }
    }
    let mut students: Vec<Student> = (0..config.students as u64)
        .into_par_iter()
        .map(|index| Student::new(table, config, index))
        .collect();
    let mut run_stream = run_rng(config.seed);
    let hypothesis = config.hypothesis.as_deref();
    let mut round = 0u64;
    let mut dropouts = Vec::new();
    let mut confirmed: Vec<u32> = Vec::new();
    // A round with an event drawn but not yet reached.
    let mut next_event: Option<u64> = None;
    loop {
        if !students.iter().any(Student::searching) || round >= config.max_steps {
            break;
        }
        // The next round whose dropout draw fires (one draw per round).
        let event = match next_event {
            Some(event) => event,
            None => {
                let mut candidate = round;
                loop {
                    candidate += 1;
                    if candidate > config.max_steps {
                        break u64::MAX;
                    }
                    if uniform(&mut run_stream) < config.college_dropout {
                        break candidate;
                    }
                }
            }
        };
        next_event = Some(event);
        let until = event.min(config.max_steps);
        let snapshot: Option<Vec<(usize, Student)>> = hypothesis.map(|_| {
            students
                .iter()
                .enumerate()
                .filter(|(_, s)| s.searching())
                .map(|(i, s)| (i, s.clone()))
                .collect()
        });
        students
            .par_iter_mut()
            .with_min_len(256)
            .for_each(|student| student.walk::<RECORD>(table, config, until));

        if let Some(name) = hypothesis {
            // Confirmations made in this batch, by round then student index.
            let mut new: Vec<(u64, u32)> = students
                .iter()
                .enumerate()
                .filter(|(_, s)| confirms(s, name) && s.steps > round)
                .map(|(i, s)| (s.steps, i as u32))
                .collect();
            new.sort_unstable();
            let needed = config.confirmations as usize;
            if confirmed.len() + new.len() >= needed {
                let stop_round = new[needed - confirmed.len() - 1].0;
                confirmed.extend(
                    new.iter()
                        .filter(|(r, _)| *r <= stop_round)
                        .map(|(_, i)| *i),
                );
                if stop_round < until {
                    // Replay the batch only to the stopping round.
                    for (index, saved) in snapshot.expect("snapshot taken with a hypothesis") {
                        students[index] = saved;
                    }
                    students
                        .par_iter_mut()
                        .with_min_len(256)
                        .for_each(|student| student.walk::<RECORD>(table, config, stop_round));
                } else if event == until {
                    apply_dropout(&mut students, &mut run_stream, &mut dropouts, event);
                }
                for student in students.iter_mut().filter(|s| s.searching()) {
                    student.status = Status::StoppedEarly;
                }
                round = stop_round;
                return Ok(RunResult {
                    students,
                    rounds: round,
                    dropouts,
                    confirming: confirmed,
                });
            }
            confirmed.extend(new.iter().map(|(_, i)| *i));
        }
        round = until;
        if event == until {
            next_event = None;
            apply_dropout(&mut students, &mut run_stream, &mut dropouts, event);
        }
    }
    let rounds = students.iter().map(|s| s.steps).max().unwrap_or(0);
    Ok(RunResult {
        students,
        rounds,
        dropouts,
        confirming: confirmed,
    })
}

/// College-dropout after the steps of `round`: one searching student,
/// chosen uniformly, leaves; the others' π grows by A / (A - 1).
fn apply_dropout(
    students: &mut [Student],
    run_stream: &mut Xoshiro256PlusPlus,
    dropouts: &mut Vec<DropoutEvent>,
    round: u64,
) {
    let searching: Vec<usize> = students
        .iter()
        .enumerate()
        .filter(|(_, s)| s.searching())
        .map(|(i, _)| i)
        .collect();
    let a = searching.len() as u64;
    if a == 0 {
        return;
    }
    let chosen = searching[below(run_stream, a) as usize];
    students[chosen].status = Status::DroppedOut;
    students[chosen].reason = Some(Reason::CollegeDropout);
    if a > 1 {
        let boost = a as f64 / (a - 1) as f64;
        for &index in &searching {
            if index != chosen {
                students[index].pi = (students[index].pi * boost).min(1.0);
            }
        }
    }
    dropouts.push(DropoutEvent {
        round,
        student: chosen as u32,
        searching: a as u32,
    });
}

/// Rebuilds a student's path from its start and visit codes: the point of
/// every visit, whether a paper was there, and the action. Needs only the
/// month counts of the run's space, which runs store.
pub fn decode_path(
    counts: &[u32],
    start: (u32, u32),
    codes: &[u8],
) -> Vec<((u32, u32), bool, Action)> {
    let mut path = Vec::with_capacity(codes.len());
    let (mut month, mut number) = start;
    for &code in codes {
        let action = Action::from_code(code).unwrap_or(Action::Advance);
        let present = code & 4 != 0;
        path.push(((month, number), present, action));
        match action {
            Action::Advance => month += 1,
            Action::Descend => {
                if number > 1 {
                    number -= 1;
                } else if let Some(previous) = (0..month).rev().find(|&m| counts[m as usize] > 0) {
                    month = previous;
                    number = counts[previous as usize];
                }
            }
            Action::Adapt => {}
        }
    }
    path
}

#[cfg(test)]
mod tests;
