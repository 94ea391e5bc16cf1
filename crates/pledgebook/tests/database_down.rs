//! With its PostgreSQL server gone, `serve` says so at once and keeps
//! running: `/healthz` answers 503 within 2 s, pages fail within seconds
//! instead of hanging, and when the database is back everything answers
//! again without a restart. The database is a throwaway server this test
//! starts (initdb in a temporary directory), never the shared one.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{Server, pg_bin, run};

/// A PostgreSQL server of its own in a temporary directory; stopped when dropped.
struct Throwaway {
    dir: tempfile::TempDir,
    port: u16,
}

impl Throwaway {
    fn start() -> Throwaway {
        let dir = tempfile::tempdir().unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let pg = Throwaway { dir, port };
        if is_root() {
            // PostgreSQL refuses to run as root: its files belong to the postgres user.
            let ok = Command::new("chown").arg("-R").arg("postgres").arg(pg.dir.path()).status().unwrap();
            assert!(ok.success(), "chown to postgres");
        }
        pg.run(&pg_bin("initdb"), &["-D", &pg.data(), "-A", "trust", "-U", "postgres", "--no-sync"]);
        pg.ctl("start");
        pg
    }

    fn data(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    fn ctl(&self, action: &str) {
        let log = self.dir.path().join("log").display().to_string();
        let options = format!("-p {} -k {} -c listen_addresses=127.0.0.1", self.port, self.dir.path().display());
        match action {
            "start" => self.run(&pg_bin("pg_ctl"), &["-D", &self.data(), "-l", &log, "-o", &options, "-w", "start"]),
            _ => self.run(&pg_bin("pg_ctl"), &["-D", &self.data(), "-m", "immediate", "-w", "stop"]),
        }
    }

    fn run(&self, program: &Path, args: &[&str]) {
        let mut c = if is_root() {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(program);
            c
        } else {
            Command::new(program)
        };
        let out = c.args(args).current_dir(self.dir.path()).output().expect("run a PostgreSQL program");
        assert!(
            out.status.success(),
            "{} {args:?}: {}{}",
            program.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

impl Drop for Throwaway {
    fn drop(&mut self) {
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.ctl("stop")));
    }
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_says_503_at_once_while_the_database_is_down_and_all_recovers() {
    let pg = Throwaway::start();
    let dir = tempfile::tempdir().unwrap();
    let url = pg.url();
    run(dir.path(), &["--database-url", &url, "init"]);
    let server = Server::start(dir.path(), &["--database-url", &url, "serve"]);
    let client = reqwest::Client::builder().timeout(Duration::from_secs(20)).build().unwrap();
    let health = async || {
        let started = Instant::now();
        let res = client.get(server.url("/healthz")).send().await.unwrap();
        (res.status().as_u16(), started.elapsed())
    };
    assert_eq!(health().await.0, 200);

    pg.ctl("stop");
    for _ in 0..3 {
        let (status, took) = health().await;
        assert_eq!(status, 503, "the database is down");
        assert!(took < Duration::from_secs(2), "/healthz took {took:?}");
    }
    let started = Instant::now();
    let page = client.get(server.url("/organisations")).send().await.unwrap();
    assert!(page.status().is_server_error(), "{}", page.status());
    assert!(started.elapsed() < Duration::from_secs(5), "a page took {:?} to fail", started.elapsed());

    pg.ctl("start");
    let mut back = false;
    for _ in 0..50 {
        if health().await.0 == 200 {
            back = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(back, "serve recovers by itself when the database is back");
    let page = client.get(server.url("/organisations")).send().await.unwrap();
    assert_eq!(page.status(), 200);
}
