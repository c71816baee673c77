//! `site --serve`: serves the site on 127.0.0.1 at the port it prints,
//! and answers a page that is not there with 404.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

use crate::common::GitPlan;
use crate::common::html::hostile_plan;

/// The server, stopped when the test ends however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(port: u16, path: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

fn start(git: &GitPlan) -> (Server, u16) {
    let child = Command::new(assert_cmd::cargo::cargo_bin("cto-plan"))
        .env_clear()
        .env("CTO_PLAN_TODAY", "2026-11-27")
        .arg("-C")
        .arg(git.path())
        .args(["site", "--serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut server = Server(child);
    let mut line = String::new();
    let mut stdout = BufReader::new(server.0.stdout.take().unwrap());
    stdout.read_line(&mut line).unwrap();
    // It says when it rebuilds: keep reading, so it never writes to a
    // closed pipe.
    std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
    let address = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    assert!(address.starts_with("127.0.0.1:"), "{address}");
    let port = address.rsplit(':').next().unwrap().parse().unwrap();
    (server, port)
}

#[test]
fn the_site_is_served_on_localhost() {
    let git = hostile_plan();
    let (_server, port) = start(&git);
    let index = get(port, "/");
    assert!(index.starts_with("HTTP/1.1 200"), "{index}");
    assert!(index.contains("<h1>Dashboard</h1>"), "{index}");
    assert!(index.contains("Content-Security-Policy: default-src 'none'"));
    let record = get(port, "/initiative/hostile.html");
    assert!(record.starts_with("HTTP/1.1 200"), "{record}");
    assert!(get(port, "/nowhere.html").starts_with("HTTP/1.1 404"));
}

#[test]
fn a_new_commit_is_served_after_a_rebuild() {
    let git = hostile_plan();
    let (_server, port) = start(&git);
    assert!(!get(port, "/").contains("Renamed for the preview"));
    git.write(
        "team/teams/core.toml",
        "name = \"Renamed for the preview\"\nheadcount_target = 3\n",
    );
    git.commit_as(
        crate::common::ALICE,
        "2026-11-21T10:00:00+00:00",
        "Rename core",
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !get(port, "/org.html").contains("Renamed for the preview") {
        assert!(
            std::time::Instant::now() < deadline,
            "the site was not rebuilt"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}
