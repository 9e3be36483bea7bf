//! Tests of every rule of DESCENT.md on small hand-made tables, a
//! round-by-round reference the batched engine must equal, and a checker
//! that walks every recorded path against the table.

use proptest::prelude::*;

use super::*;
use crate::id::Month;

fn month(text: &str) -> Month {
    Month::parse(text).unwrap()
}

/// A paper at `YYMM.n`; `image` makes it cv.
fn paper(yymm: &str, number: u32, image: bool, architecture: Option<&str>) -> TablePaper {
    TablePaper {
        month: month(yymm),
        number,
        cv: image,
        gan: false,
        architecture: architecture.map(str::to_string),
    }
}

/// 2017, one paper a month, none image-related: students only advance.
fn plain_year() -> SpaceTable {
    let papers: Vec<TablePaper> = (1..=12)
        .map(|m| paper(&format!("17{m:02}"), 1, false, None))
        .collect();
    SpaceTable::build(&papers, None, None).unwrap()
}

fn base() -> DescentConfig {
    DescentConfig {
        students: 1,
        college_dropout: 0.0,
        p_capsnet: 0.0,
        ..DescentConfig::default()
    }
}

/// A student placed by hand.
fn student_at(table: &SpaceTable, config: &DescentConfig, point: (u32, u32)) -> Student {
    let config = DescentConfig {
        init: Some(point),
        ..config.clone()
    };
    Student::new(table, &config, 0)
}

#[test]
fn months_follow_the_gregorian_calendar_and_digits_change_in_1501() {
    let table = SpaceTable::build(
        &[paper("1712", 1, false, None), paper("1801", 1, false, None)],
        None,
        None,
    )
    .unwrap();
    assert_eq!(table.months(), 2);
    assert_eq!(table.month(1).to_string(), "1801");
    let table = SpaceTable::build(
        &[paper("1412", 3, false, None), paper("1501", 2, false, None)],
        None,
        None,
    )
    .unwrap();
    assert_eq!(crate::runs::point_id(table.first(), (0, 3)), "1412.0003");
    assert_eq!(crate::runs::point_id(table.first(), (1, 2)), "1501.00002");
    // A student at 1412.0003 advances to 1501.00003 (no paper there).
    let config = DescentConfig {
        funding: 5,
        ..base()
    };
    let mut student = student_at(&table, &config, (0, 3));
    student.step::<true>(&table, &config);
    assert_eq!((student.month, student.number), (1, 3));
}

#[test]
fn descend_crosses_a_month_boundary_to_the_previous_months_last_paper() {
    // 1701 has papers 1..3, 1702 none, 1703 starts with an image paper.
    let papers = vec![
        paper("1701", 3, false, None),
        paper("1701", 1, false, None),
        paper("1703", 1, true, None),
    ];
    let table = SpaceTable::build(&papers, None, None).unwrap();
    let config = DescentConfig {
        pi_adapt: 0.0,
        ..base()
    };
    let mut student = student_at(&table, &config, (2, 1));
    student.step::<true>(&table, &config);
    assert_eq!(student.status, Status::Searching);
    assert_eq!(
        (student.month, student.number),
        (0, 3),
        "to N(1701) = 3, skipping empty 1702"
    );
    assert_eq!(student.visits, vec![visit_code(Action::Descend, true)]);
}

#[test]
fn descend_before_the_first_paper_is_the_big_bang() {
    let table = SpaceTable::build(&[paper("1701", 1, true, None)], None, None).unwrap();
    let config = DescentConfig {
        pi_adapt: 0.0,
        ..base()
    };
    let mut student = student_at(&table, &config, (0, 1));
    student.step::<true>(&table, &config);
    assert_eq!(student.status, Status::Exhausted);
    assert_eq!(student.reason, Some(Reason::BigBang));
}

#[test]
fn advance_past_the_last_month_is_the_present_and_fees_drop_out() {
    let table = SpaceTable::build(
        &[paper("1701", 1, false, None), paper("1703", 1, false, None)],
        None,
        None,
    )
    .unwrap();
    let config = DescentConfig {
        funding: 10,
        ..base()
    };
    let mut student = student_at(&table, &config, (0, 5));
    student.walk::<true>(&table, &config, 100);
    assert_eq!(student.status, Status::Exhausted);
    assert_eq!(student.reason, Some(Reason::Present));
    assert_eq!(student.steps, 3, "1701 -> 1702 -> 1703 -> past the end");
    assert_eq!(student.funding, 7);

    // With one month of funding: two advances put funding below zero.
    let config = DescentConfig {
        funding: 1,
        ..base()
    };
    let mut student = student_at(&table, &config, (0, 5));
    student.walk::<true>(&table, &config, 100);
    assert_eq!(
        (student.status, student.reason),
        (Status::DroppedOut, Some(Reason::Fees))
    );
    assert_eq!(student.steps, 2);
    assert_eq!(student.funding, -1);
}

#[test]
fn patience_bewilders_pi_and_caps_it_at_one() {
    // A long row of non-image months.
    let table = plain_year();
    let config = DescentConfig {
        funding: 100,
        patience: 3,
        bewilderment: 2.0,
        pi_adapt: 0.2,
        ..base()
    };
    let mut student = student_at(&table, &config, (0, 1));
    student.walk::<true>(&table, &config, 2);
    assert_eq!(student.pi, 0.2);
    student.walk::<true>(&table, &config, 3);
    assert_eq!(student.pi, 0.4);
    student.walk::<true>(&table, &config, 9);
    assert_eq!(student.pi, 1.0, "0.4 -> 0.8 -> 1.0 (capped)");
}

#[test]
fn out_of_steps_at_max_steps() {
    let table = plain_year();
    let config = DescentConfig {
        funding: 100,
        max_steps: 4,
        ..base()
    };
    let result = run::<true>(
        &table,
        &DescentConfig {
            init: Some((0, 1)),
            ..config
        },
    )
    .unwrap();
    assert_eq!(result.students[0].status, Status::OutOfSteps);
    assert_eq!(result.students[0].steps, 4);
}

#[test]
fn adapt_takes_the_first_architecture_or_the_paper() {
    let table = SpaceTable::build(
        &[
            paper("1802", 1548, true, Some("AmoebaNet")),
            paper("1802", 1, true, None),
        ],
        None,
        None,
    )
    .unwrap();
    let config = DescentConfig {
        pi_adapt: 1.0,
        ..base()
    };
    let mut student = student_at(&table, &config, (0, 1548));
    student.step::<true>(&table, &config);
    assert_eq!(student.status, Status::Adapted);
    assert_eq!(student.architecture.as_deref(), Some("AmoebaNet"));
    assert_eq!(student.pick_name(&table).as_deref(), Some("AmoebaNet"));
    let mut student = student_at(&table, &config, (0, 1));
    student.step::<true>(&table, &config);
    assert_eq!(student.architecture, None);
    assert_eq!(student.pick_name(&table).as_deref(), Some("1802.00001"));
}

#[test]
fn hintonian_override_rate_matches_p_capsnet() {
    let table = SpaceTable::build(&[paper("1802", 1, true, Some("ResNet"))], None, None).unwrap();
    let config = DescentConfig {
        students: 20_000,
        pi_adapt: 1.0,
        p_capsnet: 0.05,
        init: Some((0, 1)),
        college_dropout: 0.0,
        ..DescentConfig::default()
    };
    let result = run::<false>(&table, &config).unwrap();
    let overrides = result
        .students
        .iter()
        .filter(|s| s.hintonian_override)
        .count();
    assert!(result.students.iter().all(|s| s.status == Status::Adapted));
    assert!(result
        .students
        .iter()
        .filter(|s| s.hintonian_override)
        .all(|s| s.architecture.as_deref() == Some("CapsNet")));
    // 1000 expected; 5 standard deviations is about 154.
    assert!(
        (850..=1150).contains(&overrides),
        "{overrides} overrides of 20000"
    );
}

#[test]
fn college_dropout_removes_one_and_boosts_the_others() {
    let table = plain_year();
    let config = DescentConfig {
        students: 4,
        funding: 100,
        college_dropout: 1.0,
        pi_adapt: 0.3,
        patience: 1000,
        init: Some((0, 1)),
        ..DescentConfig::default()
    };
    let result = run::<true>(&table, &config).unwrap();
    // One event per round while anyone searches: after round 1, 2, 3, 4.
    let events: Vec<(u64, u32)> = result
        .dropouts
        .iter()
        .map(|d| (d.round, d.searching))
        .collect();
    assert_eq!(events, vec![(1, 4), (2, 3), (3, 2), (4, 1)]);
    let order: Vec<u32> = result.dropouts.iter().map(|d| d.student).collect();
    let last = *order.last().unwrap() as usize;
    // The last one out was boosted by 4/3, 3/2 and 2/1.
    let expected = 0.3f64 * 4.0 / 3.0 * 3.0 / 2.0 * 2.0;
    assert!((result.students[last].pi - expected.min(1.0)).abs() < 1e-12);
    let first = order[0] as usize;
    assert_eq!(
        result.students[first].pi, 0.3,
        "the first removed got no boost"
    );
    assert!(result
        .students
        .iter()
        .all(|s| s.status == Status::DroppedOut && s.reason == Some(Reason::CollegeDropout)));
}

#[test]
fn cherry_picking_stops_the_run_at_the_kth_confirmation() {
    // Every student starts on a ResNet paper and adapts with probability 1/2.
    let table =
        SpaceTable::build(&[paper("1512", 3385, true, Some("ResNet"))], None, None).unwrap();
    let config = DescentConfig {
        students: 200,
        pi_adapt: 0.5,
        p_capsnet: 0.0,
        college_dropout: 0.0,
        init: Some((0, 3385)),
        hypothesis: Some("resnet".into()),
        confirmations: 3,
        seed: 11,
        ..DescentConfig::default()
    };
    let result = run::<true>(&table, &config).unwrap();
    assert!(result.confirming.len() >= 3);
    let adapted = result
        .students
        .iter()
        .filter(|s| s.status == Status::Adapted)
        .count();
    assert_eq!(adapted, result.confirming.len());
    assert!(result.students.iter().all(|s| matches!(
        s.status,
        Status::Adapted | Status::StoppedEarly | Status::Exhausted
    )));
    assert_eq!(result.rounds, 1, "half the lab adapts in round one");
}

// ---- the reference: DESCENT.md round by round, no batching ----

fn reference(table: &SpaceTable, config: &DescentConfig) -> RunResult {
    let mut students: Vec<Student> = (0..config.students as u64)
        .map(|i| Student::new(table, config, i))
        .collect();
    let mut stream = run_rng(config.seed);
    let mut dropouts = Vec::new();
    let mut confirming = Vec::new();
    let mut round = 0;
    while students.iter().any(Student::searching) && round < config.max_steps {
        round += 1;
        for student in students.iter_mut().filter(|s| s.searching()) {
            student.step::<true>(table, config);
        }
        if students.iter().any(Student::searching) && uniform(&mut stream) < config.college_dropout
        {
            apply_dropout(&mut students, &mut stream, &mut dropouts, round);
        }
        if let Some(name) = &config.hypothesis {
            for (index, student) in students.iter().enumerate() {
                if student.steps == round && confirms(student, name) {
                    confirming.push(index as u32);
                }
            }
            if confirming.len() >= config.confirmations as usize {
                for student in students.iter_mut().filter(|s| s.searching()) {
                    student.status = Status::StoppedEarly;
                }
                break;
            }
        }
    }
    RunResult {
        students,
        rounds: round,
        dropouts,
        confirming,
    }
}

fn fingerprint(result: &RunResult) -> Vec<String> {
    let mut lines: Vec<String> = result
        .students
        .iter()
        .map(|s| {
            format!(
                "{:?} {:?} {} {:?} {:?} {} {} {:?} {} {:?}",
                s.status,
                s.reason,
                s.steps,
                s.start,
                s.last_visit,
                s.pi,
                s.funding,
                s.architecture,
                s.hintonian_override,
                s.visits
            )
        })
        .collect();
    lines.push(format!("{:?} {:?}", result.dropouts, result.confirming));
    lines
}

/// Walks a recorded path against the table, rule by rule.
fn check_path(table: &SpaceTable, config: &DescentConfig, student: &Student) {
    let mut point = student.start;
    let mut funding = config.funding;
    for (step, &code) in student.visits.iter().enumerate() {
        let flags = table.flags(point.0, point.1);
        let action = Action::from_code(code).unwrap();
        assert_eq!(
            code & 4 != 0,
            flags & PRESENT != 0,
            "present flag at step {step}"
        );
        let last = step + 1 == student.visits.len();
        match action {
            Action::Adapt => {
                assert!(flags & IMAGE != 0, "adapt at a non-image point");
                assert!(last, "adapt ends the walk");
                assert_eq!(student.status, Status::Adapted);
            }
            Action::Descend => {
                assert!(flags & IMAGE != 0, "descend from a non-image point");
                if point.1 > 1 {
                    point.1 -= 1;
                } else {
                    match table.previous_nonempty(point.0) {
                        Some(previous) => point = (previous, table.count(previous)),
                        None => {
                            assert!(last);
                            assert_eq!(student.reason, Some(Reason::BigBang));
                        }
                    }
                }
            }
            Action::Advance => {
                assert!(flags & IMAGE == 0, "advance from an image paper");
                funding -= 1;
                if point.0 + 1 >= table.months() {
                    assert!(last);
                    assert_eq!(student.reason, Some(Reason::Present));
                } else {
                    point.0 += 1;
                    if funding < 0 {
                        assert!(last);
                        assert_eq!(student.reason, Some(Reason::Fees));
                    }
                }
            }
        }
    }
    assert_eq!(funding, student.funding);
    assert_eq!(student.visits.len() as u64, student.steps);
    // The stored path decodes to the same points.
    let decoded = decode_path(table.counts(), student.start, &student.visits);
    assert_eq!(decoded.len(), student.visits.len());
    if let Some(((m, n), _, _)) = decoded.last() {
        assert_eq!((*m, *n), student.last_visit);
    }
}

fn arbitrary_table() -> impl Strategy<Value = SpaceTable> {
    // Up to 8 months from 1411 (so tables straddle the 4/5-digit change),
    // up to 30 papers each, some missing, some image-related.
    proptest::collection::vec(
        (0u32..8, 1u32..30, any::<bool>(), any::<bool>(), 0usize..4),
        1..60,
    )
    .prop_map(|entries| {
        let base = month("1411");
        let names = [None, Some("ResNet"), Some("AmoebaNet"), Some("VGG")];
        let papers: Vec<TablePaper> = entries
            .into_iter()
            .map(|(m, n, cv, gan, arch)| TablePaper {
                month: Month(base.0 + m),
                number: n,
                cv,
                gan: gan && !cv,
                architecture: names[arch].map(str::to_string),
            })
            .collect();
        SpaceTable::build(&papers, None, None).unwrap()
    })
}

fn arbitrary_config() -> impl Strategy<Value = DescentConfig> {
    (
        1u32..40,
        any::<u64>(),
        0.0f64..0.6,
        0i64..12,
        1u64..6,
        1.0f64..2.5,
        0.0f64..0.5,
        0.0f64..0.4,
        1u64..60,
        proptest::option::of(prop_oneof![
            Just("ResNet".to_string()),
            Just("capsnet".to_string()),
            Just("amoebanet".to_string())
        ]),
        1u32..4,
    )
        .prop_map(
            |(
                students,
                seed,
                pi_adapt,
                funding,
                patience,
                bewilderment,
                p_capsnet,
                college_dropout,
                max_steps,
                hypothesis,
                confirmations,
            )| {
                DescentConfig {
                    students,
                    seed,
                    pi_adapt,
                    funding,
                    patience,
                    bewilderment,
                    p_capsnet,
                    college_dropout,
                    max_steps,
                    init: None,
                    hypothesis,
                    confirmations,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn batched_engine_equals_round_by_round_reference(table in arbitrary_table(), config in arbitrary_config()) {
        let batched = run::<true>(&table, &config).unwrap();
        let reference = reference(&table, &config);
        prop_assert_eq!(fingerprint(&batched), fingerprint(&reference));
    }

    #[test]
    fn every_recorded_path_obeys_the_rules(table in arbitrary_table(), config in arbitrary_config()) {
        let result = run::<true>(&table, &config).unwrap();
        for student in &result.students {
            check_path(&table, &config, student);
            prop_assert!(student.status != Status::Searching);
            prop_assert!(student.pi <= 1.0);
            prop_assert!(student.steps <= config.max_steps);
        }
    }

    #[test]
    fn recording_does_not_change_the_walk(table in arbitrary_table(), config in arbitrary_config()) {
        let recorded = run::<true>(&table, &config).unwrap();
        let plain = run::<false>(&table, &config).unwrap();
        let strip = |r: &RunResult| r.students.iter().map(|s| (s.status, s.steps, s.last_visit, s.funding)).collect::<Vec<_>>();
        prop_assert_eq!(strip(&recorded), strip(&plain));
    }
}

#[test]
fn the_same_run_on_one_and_on_many_threads_is_identical() {
    let papers: Vec<TablePaper> = (0..2000u32)
        .map(|i| TablePaper {
            month: Month(month("1501").0 + i % 24),
            number: 1 + i / 24 * 3,
            cv: i % 5 == 0,
            gan: i % 11 == 0,
            architecture: (i % 10 == 0).then(|| "ResNet".to_string()),
        })
        .collect();
    let table = SpaceTable::build(&papers, None, None).unwrap();
    let config = DescentConfig {
        students: 5000,
        seed: 3,
        college_dropout: 0.2,
        ..DescentConfig::default()
    };
    let on = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| run::<true>(&table, &config).unwrap())
    };
    assert_eq!(fingerprint(&on(1)), fingerprint(&on(4)));
    let other = run::<true>(
        &table,
        &DescentConfig {
            seed: 4,
            ..config.clone()
        },
    )
    .unwrap();
    assert_ne!(fingerprint(&on(1)), fingerprint(&other));
}
