//! Running the real `pledgebook` binary from tests: commands that finish,
//! and servers on port 0 whose address is read from their first line.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
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
                server.wait_for_search();
                return server;
            }
            server.preamble.push(line.trim_end().to_owned());
        }
    }

    /// Waits (at most 30 s) until `/healthz` says the search index has
    /// applied every change: it catches up in the background after a start.
    pub fn wait_for_search(&self) {
        let addr = self.base.trim_start_matches("http://").to_owned();
        for _ in 0..300 {
            if let Some(body) = get(&addr, "/healthz")
                && (body.contains("search: 0 changes behind") || !body.contains("search:"))
            {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        panic!("the search index did not catch up within 30 s");
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A plain HTTP/1.0 GET, for waiting on a server without an async runtime.
fn get(addr: &str, path: &str) -> Option<String> {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).ok()?;
    s.set_read_timeout(Some(std::time::Duration::from_secs(5))).ok()?;
    write!(s, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    Some(out)
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// PostgreSQL's programs: `pg_config --bindir`, else Debian's directory.
pub fn pg_bin(program: &str) -> PathBuf {
    let from_config = Command::new("pg_config")
        .arg("--bindir")
        .output()
        .ok()
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    let debian = std::fs::read_dir("/usr/lib/postgresql").ok().and_then(|d| {
        let mut versions: Vec<PathBuf> = d.filter_map(|e| e.ok()).map(|e| e.path().join("bin")).collect();
        versions.sort();
        versions.pop()
    });
    from_config
        .into_iter()
        .chain(debian)
        .map(|dir| dir.join(program))
        .find(|p| p.exists())
        .unwrap_or_else(|| panic!("{program} not found: install Debian's postgresql (scripts/test does)"))
}
