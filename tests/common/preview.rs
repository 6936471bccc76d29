//! Helpers for tests of `boardpack serve`: a preview process that stops
//! with the test, and plain HTTP requests to it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A running preview. It is stopped when the test ends, however it ends.
pub struct Preview {
    pub child: Child,
    /// What the preview has printed on stderr so far, line by line.
    stderr: Arc<Mutex<Vec<String>>>,
}

impl Preview {
    /// The lines the preview has printed on stderr so far.
    pub fn stderr(&self) -> Vec<String> {
        self.stderr.lock().unwrap().clone()
    }

    /// How many builds the preview has finished: each successful one
    /// prints `rebuilt N pages in …`.
    pub fn builds(&self) -> usize {
        self.stderr()
            .iter()
            .filter(|l| l.starts_with("rebuilt "))
            .count()
    }

    /// Sends `signal` (`TERM` as a service manager or `kill` would, `INT`
    /// as Ctrl-C would) and waits up to 10 s for the preview to end.
    #[cfg(unix)]
    pub fn signal(&mut self, signal: &str) -> ExitStatus {
        let sent = std::process::Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(self.child.id().to_string())
            .status()
            .unwrap();
        assert!(sent.success(), "kill -{signal} failed");
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "the preview did not stop on SIG{signal}\n{}",
                self.stderr().join("\n")
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A plain HTTP/1.0 GET: the status code and the body.
pub fn get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let status = response.split_whitespace().nth(1)?.parse().ok()?;
    let body = response
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_string();
    Some((status, body))
}

/// Waits up to 30 s for `ready` to hold.
pub fn wait_for<T>(what: &str, mut ready: impl FnMut() -> Option<T>) -> T {
    let started = Instant::now();
    loop {
        if let Some(value) = ready() {
            return value;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Starts `boardpack serve` on `root` at a free port, with its temporary
/// folder under `tmp` when given, and returns it with the port.
pub fn start(root: &Path, tmp: Option<&Path>) -> (Preview, u16) {
    let port = free_port();
    let mut command = super::command([
        "serve".as_ref(),
        "--root".as_ref(),
        root.as_os_str(),
        "--port".as_ref(),
        port.to_string().as_ref(),
    ]);
    if let Some(tmp) = tmp {
        command.env("TMPDIR", tmp);
    }
    let mut child = command
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = Arc::new(Mutex::new(Vec::new()));
    let pipe = child.stderr.take().unwrap();
    let lines = Arc::clone(&stderr);
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines() {
            let Ok(line) = line else { break };
            lines.lock().unwrap().push(line);
        }
    });
    (Preview { child, stderr }, port)
}
