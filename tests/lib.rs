//! What the test targets of this package share: where the workspace is, and the two ways they
//! hand specs to the generator (files of the workspace, or one spec made in memory). The tests
//! themselves are the package's test targets (`snapshots.rs`, `client.rs`, …). [`adversarial`]
//! documents are shared with the structured fuzz target in `fuzz/`.

pub mod adversarial;

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Spec files read relative to the workspace root, so diagnostics name stable paths.
pub struct Workspace;

impl codegen::SourceFiles for Workspace {
    fn read(&self, path: &Path) -> std::io::Result<String> {
        std::fs::read_to_string(root().join(path))
    }
}

/// One spec held in memory at `path`; every other path is missing.
pub struct InMemory<'a> {
    pub path: &'a Path,
    pub text: String,
}

impl codegen::SourceFiles for InMemory<'_> {
    fn read(&self, path: &Path) -> std::io::Result<String> {
        if path == self.path {
            Ok(self.text.clone())
        } else {
            Err(std::io::ErrorKind::NotFound.into())
        }
    }
}

/// A loopback port no listener holds now and that this process has not handed out before.
/// Tests of one binary run on threads at once: a port is picked by binding port 0 and letting it
/// go, and the same port coming back for a second server (which then fails to bind, while the
/// first one answers its readiness check) would make one test talk to the other's server.
pub fn free_port() -> u16 {
    static HANDED_OUT: std::sync::Mutex<std::collections::BTreeSet<u16>> = std::sync::Mutex::new(std::collections::BTreeSet::new());
    let mut handed_out = HANDED_OUT.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    loop {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        if handed_out.insert(port) {
            return port;
        }
    }
}

/// Waits until a server on loopback `port` answers HTTP ([`answers_http`]): `Ok` then, `Err`
/// with why not when `child` exits first or `timeout` passes.
///
/// Polling a port nobody listens on yet can connect a socket *to itself* (TCP simultaneous open:
/// the kernel may pick the polled port as the connection's own source port, as it lies in the
/// ephemeral range), which looks like a listener that then refuses the first real request. Such a
/// connection is recognised by its local address being its peer's, and does not count.
pub fn wait_for_listener(port: u16, child: &mut std::process::Child, timeout: std::time::Duration) -> Result<(), String> {
    let started = std::time::Instant::now();
    loop {
        if answers_http(port) {
            return Ok(());
        }
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            return Err(format!("the server exited ({status}) before listening on port {port}"));
        }
        if started.elapsed() > timeout {
            return Err(format!("nothing answered HTTP on port {port} within {} s", timeout.as_secs()));
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// A server process on a loopback port, killed when dropped: Prism, uvicorn.
pub struct ServerProcess {
    child: std::process::Child,
    /// `http://127.0.0.1:{port}`.
    pub url: String,
}

impl ServerProcess {
    /// Starts `command` with `--port {port}` (a free loopback port) appended, and waits until it
    /// listens; panics, naming `what`, when it exits or does not listen within `timeout`.
    pub fn start(what: &str, mut command: std::process::Command, timeout: std::time::Duration) -> ServerProcess {
        let port = free_port();
        let mut child = command
            .arg("--port")
            .arg(port.to_string())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start {what}: {error}"));
        if let Err(why) = wait_for_listener(port, &mut child, timeout) {
            panic!("{what}: {why}");
        }
        ServerProcess { child, url: format!("http://127.0.0.1:{port}") }
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Whether a server on loopback `port` answers a `GET /` with an HTTP status line. An accepted
/// connection is not enough: a loaded machine once refused the first request after one.
fn answers_http(port: u16) -> bool {
    use std::io::{Read, Write};
    let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) else { return false };
    if stream.local_addr().ok() == stream.peer_addr().ok() {
        return false;
    }
    let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(5)));
    if stream.write_all(b"GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").is_err() {
        return false;
    }
    let mut head = [0u8; 5];
    stream.read_exact(&mut head).is_ok() && &head == b"HTTP/"
}
