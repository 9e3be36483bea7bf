//! Figure 2, "Experimental results": each drawn student's path (step
//! against the month of the identifier visited) with adapt events marked,
//! and the fraction of students converged against steps with a fitted
//! curve, as an SVG drawn with plotters.

use std::path::Path;

use plotters::prelude::*;

use crate::descent::{Action, Status};
use crate::error::{Error, Result};
use crate::id::Month;
use crate::runs::{self, Manifest};

/// What was drawn.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Figure {
    /// Students whose paths are drawn.
    pub students_drawn: u32,
    /// Students in the run.
    pub students: u32,
    /// Fraction of students converged (adapted) at the end.
    pub converged: f64,
    /// Asymptote `c` of the fitted curve `c (1 - exp(-step / tau))`.
    pub asymptote: f64,
    /// Time constant `tau` of the fitted curve, in steps.
    pub tau: f64,
}

/// Fits `c (1 - exp(-s / tau))` to the converged fraction by least
/// squares: `c` in closed form for each `tau` of a log-spaced grid.
/// Returns `(c, tau)`.
pub fn fit_convergence(curve: &[(f64, f64)]) -> (f64, f64) {
    let mut best = (f64::INFINITY, 0.0, 1.0);
    let max_step = curve.last().map_or(1.0, |p| p.0.max(1.0));
    for i in 0..600 {
        let tau = 0.1 * (max_step * 1000.0).powf(i as f64 / 599.0);
        let g = |s: f64| 1.0 - (-s / tau).exp();
        let gg: f64 = curve.iter().map(|&(s, _)| g(s) * g(s)).sum();
        let fg: f64 = curve.iter().map(|&(s, f)| f * g(s)).sum();
        let c = if gg > 0.0 { (fg / gg).min(1.0) } else { 0.0 };
        let error: f64 = curve.iter().map(|&(s, f)| (c * g(s) - f).powi(2)).sum();
        if error < best.0 {
            best = (error, c, tau);
        }
    }
    (best.1, best.2)
}

fn plot_error(out: &Path, e: impl std::fmt::Display) -> Error {
    Error::Invalid(format!("cannot draw {}: {e}", out.display()))
}

/// Draws Figure 2 of run `manifest` into `out` (SVG), at most `draw`
/// student paths.
pub fn figure2(index_dir: &Path, manifest: &Manifest, out: &Path, draw: u32) -> Result<Figure> {
    let (outcomes, paths) = runs::first_paths(index_dir, manifest, draw)?;
    let first = Month::parse(&manifest.first_month).unwrap_or(Month(0));
    let months = manifest.month_counts.len().max(1) as u32;
    let max_steps = paths.iter().map(Vec::len).max().unwrap_or(1).max(1) as f64;
    // Converged fraction against steps, from every outcome.
    let mut adapted_at: Vec<u64> = outcomes
        .iter()
        .filter(|o| o.status == Status::Adapted)
        .map(|o| o.steps)
        .collect();
    adapted_at.sort_unstable();
    let students = outcomes.len().max(1) as f64;
    let last_step = outcomes.iter().map(|o| o.steps).max().unwrap_or(1).max(1);
    let mut curve = vec![(0.0, 0.0)];
    for (i, &s) in adapted_at.iter().enumerate() {
        curve.push((s as f64, (i + 1) as f64 / students));
    }
    curve.push((last_step as f64, adapted_at.len() as f64 / students));
    let final_fraction = adapted_at.len() as f64 / students;
    let (asymptote, tau) = fit_convergence(&curve);

    let root = SVGBackend::new(out, (1200, 560)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| plot_error(out, e))?;
    let root = root
        .titled(
            &format!("Figure 2: Experimental results (run {})", manifest.run),
            ("sans-serif", 24),
        )
        .map_err(|e| plot_error(out, e))?;
    let (left, right) = root.split_horizontally(640);

    let mut paths_chart = ChartBuilder::on(&left)
        .caption(
            format!(
                "Student paths ({} of {} drawn)",
                paths.len(),
                outcomes.len()
            ),
            ("sans-serif", 16),
        )
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(0f64..max_steps, 0f64..months as f64)
        .map_err(|e| plot_error(out, e))?;
    paths_chart
        .configure_mesh()
        .x_desc("step")
        .y_desc("month of the identifier visited")
        .y_label_formatter(&|v| format!("{}", Month(first.0 + (*v as u32).min(months - 1))))
        .draw()
        .map_err(|e| plot_error(out, e))?;
    for (i, path) in paths.iter().enumerate() {
        let color = Palette99::pick(i).mix(0.6);
        let points: Vec<(f64, f64)> = path
            .iter()
            .enumerate()
            .map(|(step, &(month, _))| ((step + 1) as f64, month as f64 + 0.5))
            .collect();
        paths_chart
            .draw_series(LineSeries::new(points, color.stroke_width(1)))
            .map_err(|e| plot_error(out, e))?;
    }
    let adapts: Vec<(f64, f64)> = paths
        .iter()
        .flat_map(|path| {
            path.iter()
                .enumerate()
                .filter(|(_, (_, action))| *action == Action::Adapt)
                .map(|(step, &(month, _))| ((step + 1) as f64, month as f64 + 0.5))
        })
        .collect();
    paths_chart
        .draw_series(adapts.iter().map(|&p| Circle::new(p, 4, RED.filled())))
        .map_err(|e| plot_error(out, e))?
        .label("adapt")
        .legend(|(x, y)| Circle::new((x, y), 4, RED.filled()));
    paths_chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .draw()
        .map_err(|e| plot_error(out, e))?;

    let mut converged_chart = ChartBuilder::on(&right)
        .caption("Fraction of students converged", ("sans-serif", 16))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(
            0f64..last_step as f64,
            0f64..(final_fraction * 1.1).max(0.01),
        )
        .map_err(|e| plot_error(out, e))?;
    converged_chart
        .configure_mesh()
        .x_desc("step")
        .y_desc("fraction converged (adapted)")
        .draw()
        .map_err(|e| plot_error(out, e))?;
    converged_chart
        .draw_series(LineSeries::new(curve.clone(), BLUE.stroke_width(2)))
        .map_err(|e| plot_error(out, e))?
        .label("measured")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], BLUE));
    let fitted: Vec<(f64, f64)> = (0..=200)
        .map(|i| {
            let s = last_step as f64 * i as f64 / 200.0;
            (s, asymptote * (1.0 - (-s / tau).exp()))
        })
        .collect();
    converged_chart
        .draw_series(LineSeries::new(fitted, BLACK.stroke_width(1)))
        .map_err(|e| plot_error(out, e))?
        .label(format!("fit {asymptote:.3} (1 - exp(-step / {tau:.1}))"))
        .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], BLACK));
    converged_chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .draw()
        .map_err(|e| plot_error(out, e))?;
    root.present().map_err(|e| plot_error(out, e))?;
    Ok(Figure {
        students_drawn: paths.len() as u32,
        students: outcomes.len() as u32,
        converged: final_fraction,
        asymptote,
        tau,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fit_recovers_a_known_time_constant() {
        let curve: Vec<(f64, f64)> = (0..100)
            .map(|s| (s as f64, 0.4 * (1.0 - (-(s as f64) / 12.0).exp())))
            .collect();
        let (c, tau) = fit_convergence(&curve);
        assert!((tau - 12.0).abs() < 0.5, "{tau}");
        assert!((c - 0.4).abs() < 0.01, "{c}");
        // A run stopped before it saturates still fits its asymptote.
        let early: Vec<(f64, f64)> = curve.iter().copied().take(10).collect();
        let (c, tau) = fit_convergence(&early);
        assert!(
            (c - 0.4).abs() < 0.02 && (tau - 12.0).abs() < 1.0,
            "{c} {tau}"
        );
    }
}
