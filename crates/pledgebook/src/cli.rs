//! The command line. Every command has `--help`; the global options work
//! with all of them.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::config::LogFormat;

#[derive(Debug, Parser)]
#[command(name = "pledgebook", version, about = "The system of record for commitments against child labour and child exploitation", long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Args)]
pub struct Global {
    /// Directory for the embedded database, backups and the config file
    #[arg(long, global = true, env = "PLEDGEBOOK_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// postgres://user:password@host/db to use PostgreSQL instead of the embedded SQLite
    #[arg(long, global = true, env = "PLEDGEBOOK_DATABASE_URL", value_name = "URL")]
    pub database_url: Option<String>,
    /// Config file (TOML); default: pledgebook.toml in the data directory, if present
    #[arg(long, global = true, env = "PLEDGEBOOK_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Address to serve on
    #[arg(long, global = true, env = "PLEDGEBOOK_LISTEN", value_name = "ADDR")]
    pub listen: Option<SocketAddr>,
    /// Log format
    #[arg(long, global = true, env = "PLEDGEBOOK_LOG_FORMAT", value_enum)]
    pub log_format: Option<LogFormat>,
    /// Mark cookies Secure (when served behind HTTPS)
    #[arg(long, global = true, env = "PLEDGEBOOK_SECURE_COOKIES")]
    pub secure_cookies: Option<bool>,
    /// smtp://user:password@host:port of the relay that delivers notifications
    #[arg(long, global = true, env = "PLEDGEBOOK_SMTP_URL", value_name = "URL")]
    pub smtp_url: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the data directory and the database
    Init,
    /// Apply pending database migrations (also done on every start)
    Migrate,
    /// Serve the web site and API
    Serve,
    /// Serve a fresh database filled with the reference documents' facts
    Demo(DemoArgs),
    /// Manage accounts
    #[command(subcommand)]
    User(UserCommand),
    /// Manage organisations
    #[command(subcommand)]
    Org(OrgCommand),
    /// Manage initiatives
    #[command(subcommand)]
    Initiative(InitiativeCommand),
    /// Copy the whole embedded database to FILE while it is in use
    Backup {
        /// The new backup file (must not exist)
        file: PathBuf,
    },
    /// Replace the embedded database with a backup (stop the server first)
    Restore {
        /// A file made by `pledgebook backup`
        file: PathBuf,
        /// Replace an existing database
        #[arg(long)]
        force: bool,
    },
    /// Print the effective configuration (secrets hidden)
    Config,
    /// Rebuild the search index from the database
    Reindex,
    /// Export open data
    #[command(subcommand)]
    Export(ExportCommand),
    /// Import documents people already have (`import FILE` guesses the kind)
    Import(Box<ImportArgs>),
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ImportArgs {
    #[command(subcommand)]
    pub command: Option<ImportCommand>,
    /// The document, when its kind is to be guessed
    pub file: Option<PathBuf>,
    #[command(flatten)]
    pub options: ImportOptions,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// An action-plan implementation-status report (text extracted from its PDF)
    Report {
        file: PathBuf,
        #[command(flatten)]
        options: ImportOptions,
    },
    /// A single pledge (the exported pledge, or the campaign web page as text)
    Pledge {
        file: PathBuf,
        #[command(flatten)]
        options: ImportOptions,
    },
    /// A CSV sheet of commitments or of indicator observations
    Csv {
        file: PathBuf,
        #[command(flatten)]
        options: ImportOptions,
    },
    /// An XLSX workbook (first sheet) of commitments or of indicator observations
    Xlsx {
        file: PathBuf,
        #[command(flatten)]
        options: ImportOptions,
    },
}

#[derive(Debug, Clone, Default, Args)]
pub struct ImportOptions {
    /// Only show what would be imported; write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Print the preview as JSON
    #[arg(long)]
    pub json: bool,
    /// Report: key of the action-plan initiative to import into
    #[arg(long, value_name = "KEY")]
    pub initiative: Option<String>,
    /// Report: reporting period of the results, e.g. FY2018
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
    /// Report: title of the initiative, to create it if it does not exist
    #[arg(long)]
    pub title: Option<String>,
    /// Report: the layout to read it with: a built-in profile (decimal,
    /// actions, ja-jisshi), `reference`, or a profile's TOML file; without
    /// it the layout is detected, and the preview says which and why
    #[arg(long, value_name = "NAME|FILE")]
    pub profile: Option<String>,
    /// Report or pledge: import even where the file departs from the structure
    /// expected (a numbering gap, a paragraph with no responsible body, a
    /// pledge without its impact section); a measure numbered twice, or a
    /// pledge without its text, is refused whatever this says
    #[arg(long)]
    pub accept_warnings: bool,
    /// Pledge: key of the pledge campaign
    #[arg(long, value_name = "KEY")]
    pub campaign: Option<String>,
    /// Pledge: status of a new pledge (approved for published pledges, submitted for review)
    #[arg(long, default_value = "approved")]
    pub status: String,
    /// Pledge: kind of the organisation, if it is new (ngo, trade_union, business, network, ...)
    #[arg(long, default_value = "ngo")]
    pub organisation_kind: String,
    /// Sheet: key of the initiative the rows belong to
    #[arg(long, value_name = "KEY")]
    pub into: Option<String>,
    /// Sheet: a TOML file naming the column of each field ([columns] title = "Pledge title")
    #[arg(long, value_name = "FILE")]
    pub mapping: Option<PathBuf>,
    /// Sheet: write the valid rows and report the others (default: write nothing if any row is invalid)
    #[arg(long)]
    pub skip_invalid: bool,
}

/// What an export sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SheetEntity {
    Commitments,
    /// Indicator observations (re-import with `import csv --into KEY`)
    Observations,
    /// Published progress reports (open data)
    Reports,
}

impl SheetEntity {
    pub fn entity(self) -> pledgebook_publish::export::Entity {
        use pledgebook_publish::export::Entity;
        match self {
            SheetEntity::Commitments => Entity::Commitments,
            SheetEntity::Observations => Entity::Observations,
            SheetEntity::Reports => Entity::Reports,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// An initiative's public commitments, indicator observations or reports as CSV; commitments and observations in the columns `import csv` reads
    Csv {
        #[arg(long, value_name = "KEY")]
        initiative: String,
        #[arg(long, value_enum, default_value = "commitments")]
        entity: SheetEntity,
        /// Write here instead of standard output
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// The same as `export csv`, as an XLSX workbook that `import xlsx` reads
    Xlsx {
        #[arg(long, value_name = "KEY")]
        initiative: String,
        #[arg(long, value_enum, default_value = "commitments")]
        entity: SheetEntity,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// A whole initiative as JSON: framework, commitments with reports, indicators, events
    Json {
        #[arg(long, value_name = "KEY")]
        initiative: String,
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// An initiative's public commitments as IATI 2.03 activity XML, with indicators and reported figures
    Iati {
        #[arg(long, value_name = "KEY")]
        initiative: String,
        /// The publisher's IATI organisation identifier (default: iati_publisher_ref in the config file)
        #[arg(long, value_name = "REF")]
        publisher_ref: Option<String>,
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// The consolidated implementation-status report of a period as PDF
    Pdf {
        #[arg(long, value_name = "KEY")]
        initiative: String,
        /// FY2018, 2021, 2021-H1 ... (default: the initiative's latest period)
        #[arg(long)]
        period: Option<String>,
        /// The language of the report's own words and titles: en or ja
        #[arg(long, default_value = "en", value_parser = ["en", "ja"])]
        lang: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Every event as iCalendar
    Ical {
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Only create the demo database, do not serve it
    #[arg(long)]
    pub no_serve: bool,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account; prints a generated password unless --password-stdin
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// admin, secretariat, editor or reviewer
        #[arg(long, default_value = "secretariat")]
        role: String,
        /// The organisation an editor edits for (its key)
        #[arg(long, value_name = "KEY")]
        organisation: Option<String>,
        /// Read the password from standard input
        #[arg(long)]
        password_stdin: bool,
    },
    /// Make an API token for an account; it is printed once
    Token {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "cli")]
        label: String,
    },
    /// List accounts
    List,
}

#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// Add an organisation
    Add {
        /// Name in English
        #[arg(long)]
        name: String,
        /// Name in Japanese
        #[arg(long)]
        name_ja: Option<String>,
        /// government_body, local_government, ngo, trade_union, business, business_association,
        /// cooperative, international_organisation, academic, media, network, individual
        #[arg(long)]
        kind: String,
        /// Abbreviation; repeat for several
        #[arg(long = "abbreviation")]
        abbreviations: Vec<String>,
        /// Two-letter country code, e.g. JP
        #[arg(long)]
        country: Option<String>,
        /// Key used in addresses; default: made from the name
        #[arg(long)]
        key: Option<String>,
    },
    /// List organisations
    List(ListArgs),
    /// Show one organisation
    Show {
        key: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum InitiativeCommand {
    /// Add an initiative
    Add {
        /// Key used in addresses, e.g. basic-plan-csec
        #[arg(long)]
        key: String,
        /// pledge_campaign, action_plan, platform or project
        #[arg(long)]
        kind: String,
        #[arg(long)]
        title: String,
        #[arg(long)]
        title_ja: Option<String>,
        /// Pledge submission deadline, YYYY-MM-DD
        #[arg(long)]
        deadline: Option<chrono::NaiveDate>,
        /// Reporting period (FY2018, 2021, 2021-H1); repeat for several
        #[arg(long = "period")]
        periods: Vec<String>,
        /// Copy the facets (pillars, levels, SDG targets) and word limits of another initiative
        #[arg(long, value_name = "KEY")]
        like: Option<String>,
        /// A facet and its values: 'pillar=Act,Inspire,Scale up'; repeat for several.
        /// Values become keys as they are written (Scale up → scale-up; 8.7 stays 8.7)
        #[arg(long = "facet", value_name = "NAME=VALUE,VALUE")]
        facets: Vec<String>,
    },
    /// List initiatives
    List(ListArgs),
    /// Show one initiative with its framework
    Show {
        key: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
}
