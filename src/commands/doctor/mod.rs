//! `scaffold doctor`: which toolchains this machine has, their versions, and
//! which starters it can therefore install, test and run.
//!
//! What is needed comes from the framework table (`Facts::runtime`,
//! `package_manager`, `package_manager_min`), the same one the starters'
//! pins and READMEs are written from. Commands run through the [`Probe`](probe::Probe)
//! trait, so the parsing and the verdicts are pure and tested with canned
//! answers; [`SystemProbe`] is the real one.
//!
//! - `probe` runs the programs (the only part that does);
//! - `examine` (pure) knows what each tool must be and judges the answers;
//! - `report` (pure) holds the result and prints it; it imports neither.

pub(crate) mod examine;
pub(crate) mod probe;
mod report;

pub use examine::{examine, install_advice};
pub use probe::SystemProbe;

use crate::error::Error;
use crate::sys::cancel;
use crate::sys::env::Env;
use crate::ui::cli::DoctorArgs;
use crate::ui::output;

/// `scaffold doctor`: the report on stdout; exit 1 when a starter cannot run.
///
/// # Errors
/// [`Error::ToolchainsMissing`] naming the starters and tools.
pub fn run(args: &DoctorArgs, env: &Env) -> Result<(), Error> {
    let report = examine(&SystemProbe, &env.today, env.host);
    cancel::check()?;
    if args.json {
        let json = serde_json::to_string_pretty(&report).expect("the report always serializes");
        output::print_result(&format!("{json}\n"));
    } else {
        output::print_result(&report.text());
    }
    if report.ok {
        return Ok(());
    }
    let tools = report.missing_tools();
    Err(Error::ToolchainsMissing {
        advice: install_advice(&tools),
        starters: report
            .starters
            .iter()
            .filter(|starter| !starter.runnable)
            .map(|starter| starter.framework)
            .collect(),
        tools,
    })
}
