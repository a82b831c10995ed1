//! The process and the machine: the environment read once, the platform's
//! file-system calls, Ctrl-C, and the files the user points at.

pub mod answers_file;
pub mod cancel;
pub mod env;
pub mod input_file;
pub mod platform;
