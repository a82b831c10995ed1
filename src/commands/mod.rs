//! The subcommands, one module each, each with `run(args, env)`; `day_two`
//! holds what `add`, `upgrade` and `reconsider` share.

pub mod add;
pub mod adr;
#[cfg(feature = "compare")]
pub mod compare;
pub mod completions;
pub mod day_two;
pub mod doctor;
pub mod manpage;
pub mod new;
pub mod recommend;
pub mod reconsider;
pub mod upgrade;
