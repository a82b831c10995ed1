//! The subcommands, one module each, each with `run(args, env)`.

pub mod adr;
