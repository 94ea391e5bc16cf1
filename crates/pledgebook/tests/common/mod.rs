//! Running the real `pledgebook` binary from tests: commands that finish,
//! and servers on port 0 whose address is read from their first line.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_pledgebook"));
    c.env_remove("PLEDGEBOOK_DATABASE_URL")
        .env_remove("PLEDGEBOOK_CONFIG")
        .env_remove("PLEDGEBOOK_LISTEN")
        .env("PLEDGEBOOK_LOG", "warn");
    c
}

/// Runs a command to completion; panics with its output if it fails.
pub fn run(data_dir: &Path, args: &[&str]) -> String {
    let out = bin().arg("--data-dir").arg(data_dir).args(args).output().expect("run pledgebook");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "pledgebook {args:?} failed:\n{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    stdout
}

/// A server process; killed when dropped.
pub struct Server {
    pub child: Child,
    pub base: String,
    /// Lines printed before the address line (the demo's summary).
    pub preamble: Vec<String>,
}

impl Server {
    pub fn start(data_dir: &Path, args: &[&str]) -> Server {
        let child = bin()
            .arg("--data-dir")
            .arg(data_dir)
            .args(args)
            .args(["--listen", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start pledgebook");
        // From here on, Drop kills the process whatever happens.
        let mut server = Server { child, base: String::new(), preamble: Vec::new() };
        let mut lines = BufReader::new(server.child.stdout.take().expect("stdout"));
        loop {
            let mut line = String::new();
            let n = lines.read_line(&mut line).expect("read stdout");
            assert!(n > 0, "pledgebook exited before serving; it printed {:?}", server.preamble);
            if let Some(rest) = line.strip_prefix("pledgebook is serving on ") {
                server.base = rest.split_whitespace().next().expect("address").trim_end_matches('/').to_owned();
                return server;
            }
            server.preamble.push(line.trim_end().to_owned());
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}
