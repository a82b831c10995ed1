//! The only reader of the outside world's state that changes from run to
//! run: the clock, randomness, git configuration, the environment's `CI` and
//! `NO_COLOR`, whether the streams are terminals, and the operating system.
//! Everything else takes an [`Env`] value, so the pure steps can be tested
//! with [`Env::fixed`].

use crate::core::host::HostOs;
use std::io::IsTerminal;
use std::time::{SystemTime, UNIX_EPOCH};

pub use crate::core::free_text::Identity;

/// What git's configuration says that scaffold uses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GitSettings {
    /// From `GIT_AUTHOR_NAME`/`GIT_AUTHOR_EMAIL`, else `user.name`/`user.email`.
    pub identity: Option<Identity>,
    /// `init.defaultBranch`, if set.
    pub default_branch: Option<String>,
    /// Where the identity's name and address were read, for error messages:
    /// `GIT_AUTHOR_NAME` or `git config user.name`, and so on.
    pub identity_origin: (&'static str, &'static str),
    /// Why git's configuration could not be read (libgit2's words, naming
    /// the file and line), when it could not: `new` stops before any work
    /// rather than fail at `git init` after writing.
    pub unreadable: Option<String>,
}

/// The state of the world one run sees.
#[derive(Debug, Clone)]
pub struct Env {
    /// Today, as `YYYY-MM-DD` (from `SOURCE_DATE_EPOCH` when set, for reproducible output).
    pub today: String,
    /// Seconds since the Unix epoch, for the commit time.
    pub now: i64,
    /// A fresh secret: 50 alphanumeric characters from the OS's CSPRNG.
    pub secret_key: String,
    pub git: GitSettings,
    pub stdin_is_terminal: bool,
    pub stderr_is_terminal: bool,
    /// Whether results go to a terminal rather than a pipe or file.
    pub stdout_is_terminal: bool,
    /// `CI` is set (to anything but `false` or `0`).
    pub ci: bool,
    /// `NO_COLOR` is set and not empty.
    pub no_color: bool,
    /// `TERM` is unset or `dumb`.
    pub dumb_terminal: bool,
    /// The operating system, which decides how printed commands are spelled.
    pub host: HostOs,
}

/// The length of generated secrets: Django warns below 50.
pub const SECRET_LENGTH: usize = 50;

impl Env {
    /// Reads the real process environment.
    pub fn from_process() -> Env {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| {
                i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX)
            });
        let date_epoch = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|value| value.trim().parse::<i64>().ok())
            .unwrap_or(now);
        let set = |name: &str| std::env::var_os(name).is_some_and(|value| !value.is_empty());
        Env {
            today: civil_date(date_epoch),
            now,
            secret_key: random_secret(),
            git: read_git_settings(),
            stdin_is_terminal: std::io::stdin().is_terminal(),
            stderr_is_terminal: std::io::stderr().is_terminal(),
            stdout_is_terminal: std::io::stdout().is_terminal(),
            ci: std::env::var("CI")
                .is_ok_and(|value| !matches!(value.as_str(), "" | "0" | "false")),
            no_color: set("NO_COLOR"),
            dumb_terminal: std::env::var("TERM")
                .map_or(true, |term| term.is_empty() || term == "dumb"),
            host: HostOs::current(),
        }
    }

    /// A fixed environment for tests: 2026-01-15, a known secret, no terminal.
    pub fn fixed() -> Env {
        Env {
            today: "2026-01-15".to_owned(),
            now: 1_768_435_200,
            secret_key: "TestSecret0123456789abcdefghijklmnopqrstuvwxyzABCD".to_owned(),
            git: GitSettings {
                identity: Some(Identity {
                    name: "Test Author".to_owned(),
                    email: "test@example.com".to_owned(),
                }),
                default_branch: None,
                identity_origin: ("user.name", "user.email"),
                unreadable: None,
            },
            stdin_is_terminal: false,
            stderr_is_terminal: false,
            stdout_is_terminal: false,
            ci: false,
            no_color: true,
            dumb_terminal: true,
            host: HostOs::Unix,
        }
    }

    /// Whether prompts may be shown: both stdin and stderr are terminals and
    /// this is not CI. (dialoguer itself only checks stderr, then reads keys
    /// from /dev/tty, which would hang a piped run.)
    pub fn can_prompt(&self) -> bool {
        self.stdin_is_terminal && self.stderr_is_terminal && !self.ci
    }

    /// Whether colour and progress drawing may be used on stderr.
    pub fn fancy_stderr(&self) -> bool {
        self.stderr_is_terminal && !self.dumb_terminal
    }
}

impl GitSettings {
    /// The identity as `Name <email>`, or empty when git has none.
    pub fn author_line(&self) -> String {
        self.identity
            .as_ref()
            .map(|identity| format!("{} <{}>", identity.name, identity.email))
            .unwrap_or_default()
    }
}

/// git's configuration as git itself reads it: `GIT_CONFIG_GLOBAL`, when
/// set, is the global file instead of `~/.gitconfig` and the XDG one (which
/// libgit2 alone does not know), and `GIT_CONFIG_SYSTEM` the system file;
/// an empty or missing file is none.
fn open_git_config() -> Result<git2::Config, git2::Error> {
    let Some(global) = std::env::var_os("GIT_CONFIG_GLOBAL") else {
        return git2::Config::open_default();
    };
    let mut config = git2::Config::new()?;
    let no_system = std::env::var("GIT_CONFIG_NOSYSTEM")
        .is_ok_and(|value| !matches!(value.trim(), "" | "0" | "false" | "no" | "off"));
    if !no_system {
        let system = match std::env::var_os("GIT_CONFIG_SYSTEM") {
            Some(path) => Some(std::path::PathBuf::from(path)),
            None => git2::Config::find_system().ok(),
        };
        if let Some(system) = system.filter(|path| path.is_file()) {
            config.add_file(&system, git2::ConfigLevel::System, false)?;
        }
    }
    let global = std::path::PathBuf::from(global);
    if global.is_file() {
        config.add_file(&global, git2::ConfigLevel::Global, false)?;
    }
    Ok(config)
}

fn read_git_settings() -> GitSettings {
    let opened = open_git_config();
    let unreadable = opened
        .as_ref()
        .err()
        .map(|error| error.message().to_owned());
    let config = opened.ok();
    let config_value = |key: &str| {
        config
            .as_ref()
            .and_then(|config| config.get_string(key).ok())
            .map(|value| value.trim().to_owned())
            .filter(|value| !value.is_empty())
    };
    let env_value = |key: &str| {
        std::env::var(key)
            .ok()
            .map(|value| value.trim().to_owned())
            .filter(|value| !value.is_empty())
    };
    let from = |variable: &'static str, key: &'static str| {
        env_value(variable)
            .map(|value| (value, variable))
            .or_else(|| config_value(key).map(|value| (value, key)))
    };
    let name = from("GIT_AUTHOR_NAME", "user.name");
    let email = from("GIT_AUTHOR_EMAIL", "user.email");
    let identity_origin = (
        name.as_ref().map_or("user.name", |(_, origin)| *origin),
        email.as_ref().map_or("user.email", |(_, origin)| *origin),
    );
    GitSettings {
        identity: name
            .zip(email)
            .map(|((name, _), (email, _))| Identity { name, email }),
        default_branch: config_value("init.defaultBranch"),
        identity_origin,
        unreadable,
    }
}

/// 50 characters drawn uniformly from `[A-Za-z0-9]` by the OS's CSPRNG: no
/// quoting or escaping trouble in `.env` files, shells or templates.
fn random_secret() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    // 248 is the largest multiple of 62 that fits a byte: rejecting bytes at
    // or above it keeps every character equally likely.
    const LIMIT: u8 = 248;
    let mut secret = String::with_capacity(SECRET_LENGTH);
    let mut buffer = [0u8; 64];
    while secret.len() < SECRET_LENGTH {
        getrandom::fill(&mut buffer).expect("the operating system's random source is available");
        for &byte in buffer.iter().filter(|&&byte| byte < LIMIT) {
            if secret.len() == SECRET_LENGTH {
                break;
            }
            secret.push(char::from(ALPHABET[usize::from(byte % 62)]));
        }
    }
    secret
}

/// `YYYY-MM-DD` (UTC) for seconds since the Unix epoch (Howard Hinnant's
/// days-to-civil algorithm, which needs no calendar crate).
fn civil_date(epoch_seconds: i64) -> String {
    let days = epoch_seconds.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_match_known_days() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(951_782_400), "2000-02-29");
        assert_eq!(civil_date(1_795_737_600), "2026-11-27");
    }

    #[test]
    fn secrets_are_long_alphanumeric_and_fresh() {
        let first = random_secret();
        assert_eq!(first.len(), SECRET_LENGTH);
        assert!(first.chars().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(first, random_secret());
    }
}
