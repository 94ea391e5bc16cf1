//! The effective configuration: built-in defaults, then the config file,
//! then `PLEDGEBOOK_*` environment variables, then command-line flags.
//! Every setting has its variable, `PLEDGEBOOK_` and its name in capitals
//! (`PLEDGEBOOK_SESSION_HOURS=2`); those that are also flags have theirs
//! read by clap, so there a flag beats its variable.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::{Deserialize, Serialize};

use crate::cli::Global;

/// Values a config file may set; every one is optional there.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    data_dir: Option<PathBuf>,
    database_url: Option<String>,
    listen: Option<SocketAddr>,
    log_format: Option<LogFormat>,
    secure_cookies: Option<bool>,
    session_hours: Option<i64>,
    max_body_bytes: Option<usize>,
    login_per_minute: Option<u32>,
    pledges_per_hour: Option<u32>,
    pdf_per_minute: Option<u32>,
    smtp_url: Option<String>,
    smtp_from: Option<String>,
    pdf_font: Option<PathBuf>,
    iati_publisher_ref: Option<String>,
    public_url: Option<String>,
    remind_days_before_close: Option<u32>,
    request_timeout_secs: Option<u64>,
    trusted_proxies: Option<Vec<String>>,
    api_per_minute: Option<u32>,
    smtp_ca_file: Option<PathBuf>,
}

/// The settings read from `PLEDGEBOOK_<NAME>` here. The others (data_dir,
/// database_url, listen, log_format, secure_cookies, smtp_url) are flags
/// too, and clap reads their variables.
const FROM_ENV: [&str; 14] = [
    "session_hours",
    "max_body_bytes",
    "login_per_minute",
    "pledges_per_hour",
    "pdf_per_minute",
    "smtp_from",
    "pdf_font",
    "iati_publisher_ref",
    "public_url",
    "remind_days_before_close",
    "request_timeout_secs",
    "trusted_proxies",
    "api_per_minute",
    "smtp_ca_file",
];

/// The variables over the file's table: a number or true/false as such,
/// a list comma-separated, anything else as text.
fn env_layer(table: &mut toml::Table, env: &dyn Fn(&str) -> Option<String>) {
    for key in FROM_ENV {
        let Some(raw) = env(&format!("PLEDGEBOOK_{}", key.to_uppercase())) else {
            continue;
        };
        let raw = raw.trim();
        let value = if key == "trusted_proxies" {
            toml::Value::Array(raw.split(',').map(str::trim).filter(|p| !p.is_empty()).map(toml::Value::from).collect())
        } else if let Ok(n) = raw.parse::<i64>() {
            toml::Value::Integer(n)
        } else if let Ok(b) = raw.parse::<bool>() {
            toml::Value::Boolean(b)
        } else {
            toml::Value::String(raw.to_owned())
        };
        table.insert(key.to_owned(), value);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum, Default)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

#[derive(Clone, Serialize)]
pub struct Config {
    pub data_dir: PathBuf,
    pub database_url: String,
    pub listen: SocketAddr,
    pub log_format: LogFormat,
    pub secure_cookies: bool,
    pub session_hours: i64,
    pub max_body_bytes: usize,
    /// Sign-in attempts allowed per address per minute.
    pub login_per_minute: u32,
    /// Public pledge submissions allowed per address per hour.
    pub pledges_per_hour: u32,
    /// PDF reports one address may download per minute.
    pub pdf_per_minute: u32,
    /// `smtp://user:password@host:port` of the relay that delivers
    /// notifications; without it they stay readable in the outbox page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub smtp_url: Option<String>,
    pub smtp_from: String,
    /// A CA certificate (PEM) the relay's TLS certificate may be signed by,
    /// besides Mozilla's roots.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub smtp_ca_file: Option<PathBuf>,
    /// A TrueType/OpenType font with Japanese glyphs for PDF reports;
    /// without it, Debian's fonts-ipaexfont.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pdf_font: Option<PathBuf>,
    /// The publisher's registered IATI organisation identifier, used in
    /// IATI exports' identifiers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iati_publisher_ref: Option<String>,
    /// The address people reach the site at (`https://pledges.example.org`),
    /// for the links in e-mails; without it, `http://` and the address listened on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_url: Option<String>,
    /// Days before a reporting round closes when those who owe a report are reminded.
    pub remind_days_before_close: u32,
    /// Seconds a request may take before it is answered 503.
    pub request_timeout_secs: u64,
    /// Proxies whose forwarding headers name the client (`10.0.0.0/8`, `::1`).
    pub trusted_proxies: Vec<String>,
    /// API requests one account may make per minute.
    pub api_per_minute: u32,
    /// Where the file layer came from, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config_file: Option<PathBuf>,
}

/// Secrets stay out of logs and `pledgebook config`.
impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("data_dir", &self.data_dir)
            .field("database_url", &redact(&self.database_url))
            .field("listen", &self.listen)
            .finish_non_exhaustive()
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((userinfo, host)) = rest.split_once('@') else {
        return url.to_owned();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

impl Config {
    pub fn load(g: &Global) -> anyhow::Result<Config> {
        Config::load_with(g, &|var| std::env::var(var).ok())
    }

    /// [`Config::load`] with the environment given (tests pass their own).
    pub fn load_with(g: &Global, env: &dyn Fn(&str) -> Option<String>) -> anyhow::Result<Config> {
        let data_dir_hint = g.data_dir.clone().unwrap_or_else(|| PathBuf::from("pledgebook-data"));
        let (file, config_file) = read_file(g.config.as_deref(), &data_dir_hint, env)?;
        let data_dir = g.data_dir.clone().or(file.data_dir).unwrap_or(data_dir_hint);
        // The web server's settings have their defaults in one place, `WebConfig::default`.
        let web = pledgebook_web::WebConfig::default();
        let database_url = g
            .database_url
            .clone()
            .or(file.database_url)
            .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("pledgebook.db").display()));
        Ok(Config {
            database_url,
            listen: g.listen.or(file.listen).unwrap_or_else(|| DEFAULT_LISTEN.parse().expect("valid default")),
            log_format: g.log_format.or(file.log_format).unwrap_or_default(),
            secure_cookies: g.secure_cookies.or(file.secure_cookies).unwrap_or(web.secure_cookies),
            session_hours: file.session_hours.unwrap_or(web.session_hours),
            max_body_bytes: file.max_body_bytes.unwrap_or(web.max_body_bytes),
            login_per_minute: file.login_per_minute.unwrap_or(web.login_per_minute),
            pledges_per_hour: file.pledges_per_hour.unwrap_or(web.pledges_per_hour),
            pdf_per_minute: file.pdf_per_minute.unwrap_or(web.pdf_per_minute),
            smtp_url: g.smtp_url.clone().or(file.smtp_url),
            smtp_from: file.smtp_from.unwrap_or_else(|| "pledgebook <noreply@localhost>".into()),
            smtp_ca_file: file.smtp_ca_file,
            pdf_font: file.pdf_font,
            iati_publisher_ref: file.iati_publisher_ref,
            public_url: file.public_url.map(|u| u.trim_end_matches('/').to_owned()),
            remind_days_before_close: file.remind_days_before_close.unwrap_or(web.remind_days_before_close),
            request_timeout_secs: file.request_timeout_secs.unwrap_or(web.request_timeout.as_secs()),
            trusted_proxies: {
                let list = file.trusted_proxies.unwrap_or_default();
                pledgebook_web::client::TrustedProxies::from_list(&list)
                    .context("trusted_proxies (in the config file or PLEDGEBOOK_TRUSTED_PROXIES)")?;
                list
            },
            api_per_minute: file.api_per_minute.unwrap_or(web.api_per_minute),
            data_dir,
            config_file,
        })
    }

    /// This instance's search index: derived data, rebuilt with `pledgebook reindex`.
    pub fn search_dir(&self) -> PathBuf {
        self.data_dir.join("search-index")
    }

    pub fn is_postgres(&self) -> bool {
        self.database_url.starts_with("postgres://") || self.database_url.starts_with("postgresql://")
    }

    /// The configuration as TOML, with the database password hidden.
    pub fn to_toml(&self) -> String {
        let mut shown = self.clone();
        shown.database_url = redact(&shown.database_url);
        shown.smtp_url = shown.smtp_url.as_deref().map(redact);
        toml::to_string(&shown).expect("configuration serialises")
    }
}

/// The file named by `--config`, else `pledgebook.toml` in the data
/// directory if present, with the `PLEDGEBOOK_*` variables over it.
fn read_file(
    explicit: Option<&Path>,
    data_dir: &Path,
    env: &dyn Fn(&str) -> Option<String>,
) -> anyhow::Result<(FileConfig, Option<PathBuf>)> {
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => Some(data_dir.join("pledgebook.toml")).filter(|p| p.exists()),
    };
    let mut table = match &path {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the config file {}", path.display()))?;
            toml::from_str::<toml::Table>(&text)
                .with_context(|| format!("{}: not a valid pledgebook config file", path.display()))?
        }
        None => toml::Table::new(),
    };
    env_layer(&mut table, env);
    let source = match &path {
        Some(p) => format!("{} (or a PLEDGEBOOK_* variable)", p.display()),
        None => "a PLEDGEBOOK_* variable".to_owned(),
    };
    let file = FileConfig::deserialize(table).with_context(|| format!("{source}: not a valid pledgebook setting"))?;
    Ok((file, path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn global() -> Global {
        Global {
            data_dir: None,
            database_url: None,
            config: None,
            listen: None,
            log_format: None,
            secure_cookies: None,
            smtp_url: None,
        }
    }

    #[test]
    fn defaults_then_file_then_flags() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pb.toml");
        std::fs::write(&file, "listen = \"127.0.0.1:9000\"\nsession_hours = 2\nlog_format = \"json\"\n").unwrap();
        let mut g = global();
        g.data_dir = Some(dir.path().to_path_buf());
        g.config = Some(file);
        let c = Config::load(&g).unwrap();
        assert_eq!(c.listen.port(), 9000);
        assert_eq!(c.session_hours, 2);
        assert_eq!(c.log_format, LogFormat::Json);
        assert!(c.database_url.ends_with("pledgebook.db") && c.database_url.starts_with("sqlite://"));
        g.listen = Some("127.0.0.1:9001".parse().unwrap());
        assert_eq!(Config::load(&g).unwrap().listen.port(), 9001, "a flag beats the file");
    }

    #[test]
    fn unknown_keys_in_the_file_are_an_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("pledgebook.toml"), "lissen = \"x\"\n").unwrap();
        let mut g = global();
        g.data_dir = Some(dir.path().to_path_buf());
        let err = format!("{:#}", Config::load(&g).unwrap_err());
        assert!(err.contains("pledgebook.toml") && err.contains("lissen"), "{err}");
    }

    #[test]
    fn every_setting_comes_from_its_variable() {
        let vars: std::collections::HashMap<&str, &str> = [
            ("PLEDGEBOOK_SESSION_HOURS", "3"),
            ("PLEDGEBOOK_MAX_BODY_BYTES", "2048"),
            ("PLEDGEBOOK_LOGIN_PER_MINUTE", "4"),
            ("PLEDGEBOOK_PLEDGES_PER_HOUR", "5"),
            ("PLEDGEBOOK_PDF_PER_MINUTE", "6"),
            ("PLEDGEBOOK_SMTP_FROM", "Secretariat <s@example.org>"),
            ("PLEDGEBOOK_PDF_FONT", "/fonts/a.ttf"),
            ("PLEDGEBOOK_IATI_PUBLISHER_REF", "JP-1"),
            ("PLEDGEBOOK_REQUEST_TIMEOUT_SECS", "7"),
            ("PLEDGEBOOK_TRUSTED_PROXIES", "10.0.0.0/8, ::1"),
            ("PLEDGEBOOK_API_PER_MINUTE", "8"),
            ("PLEDGEBOOK_SMTP_CA_FILE", "/etc/relay-ca.pem"),
            ("PLEDGEBOOK_PUBLIC_URL", "https://pledges.example.org/"),
            ("PLEDGEBOOK_REMIND_DAYS_BEFORE_CLOSE", "3"),
        ]
        .into();
        assert_eq!(vars.len(), FROM_ENV.len(), "one variable per setting read here");
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("pledgebook.toml"), "session_hours = 1\napi_per_minute = 1\n").unwrap();
        let mut g = global();
        g.data_dir = Some(dir.path().to_path_buf());
        let c = Config::load_with(&g, &|k| vars.get(k).map(|v| (*v).to_owned())).unwrap();
        assert_eq!((c.session_hours, c.max_body_bytes, c.login_per_minute), (3, 2048, 4), "a variable beats the file");
        assert_eq!((c.pledges_per_hour, c.pdf_per_minute, c.request_timeout_secs, c.api_per_minute), (5, 6, 7, 8));
        assert_eq!(c.smtp_from, "Secretariat <s@example.org>");
        assert_eq!(c.pdf_font.as_deref(), Some(Path::new("/fonts/a.ttf")));
        assert_eq!(c.iati_publisher_ref.as_deref(), Some("JP-1"));
        assert_eq!(c.public_url.as_deref(), Some("https://pledges.example.org"), "without its trailing slash");
        assert_eq!(c.remind_days_before_close, 3);
        assert_eq!(c.trusted_proxies, ["10.0.0.0/8", "::1"]);
        assert_eq!(c.smtp_ca_file.as_deref(), Some(Path::new("/etc/relay-ca.pem")));
        let defaults = Config::load_with(&global(), &|_| None).unwrap();
        assert_eq!((defaults.session_hours, defaults.api_per_minute, defaults.request_timeout_secs), (12, 600, 30));
    }

    #[test]
    fn a_bad_variable_is_an_error_naming_it() {
        let err =
            Config::load_with(&global(), &|k| (k == "PLEDGEBOOK_SESSION_HOURS").then(|| "many".into())).unwrap_err();
        let text = format!("{err:#}");
        assert!(text.contains("PLEDGEBOOK_") && text.contains("session_hours"), "{text}");
        let err = Config::load_with(&global(), &|k| (k == "PLEDGEBOOK_TRUSTED_PROXIES").then(|| "proxy.local".into()))
            .unwrap_err();
        assert!(format!("{err:#}").contains("proxy.local"), "{err:#}");
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(redact("postgres://pb:s3cret@db:5432/pb"), "postgres://pb:***@db:5432/pb");
        assert_eq!(redact("sqlite://x.db"), "sqlite://x.db");
        let mut g = global();
        g.database_url = Some("postgres://pb:s3cret@db/pb".into());
        let c = Config::load(&g).unwrap();
        assert!(!c.to_toml().contains("s3cret"));
        assert!(!format!("{c:?}").contains("s3cret"));
    }
}
