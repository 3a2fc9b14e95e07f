//! The tauri-driver process: started on its own port pair, waited for, and stopped with
//! SIGTERM together with anything it left behind.

use std::collections::HashMap;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::{POLL, WAIT};

/// A running tauri-driver. Stopped with SIGTERM (never SIGKILL: that would orphan
/// WebKitWebDriver on the native port) when stopped or dropped, so a failing test cleans up too.
pub(crate) struct DriverProcess {
    child: Child,
    port: u16,
    pub(crate) log: PathBuf,
}

impl DriverProcess {
    pub(crate) fn start(program: &Path, port: u16, home: &Path, log: PathBuf) -> DriverProcess {
        let out = std::fs::File::create(&log)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", log.display()));
        let err = out.try_clone().expect("log file handle");
        let child = Command::new(program)
            .arg("--port")
            .arg(port.to_string())
            .arg("--native-port")
            .arg((port + 1).to_string())
            // The app gets its library from --library; keep a developer's own settings out.
            .env_remove("CARREL_LIBRARY")
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", program.display()));
        DriverProcess { child, port, log }
    }

    /// Waits until tauri-driver and the WebKitWebDriver behind it both accept connections.
    pub(crate) fn wait_ready(&mut self) -> Result<(), String> {
        let deadline = Instant::now() + WAIT;
        for port in [self.port, self.port + 1] {
            let addr = SocketAddr::from(([127, 0, 0, 1], port));
            loop {
                if let Ok(Some(status)) = self.child.try_wait() {
                    return Err(format!(
                        "tauri-driver exited ({status}) before listening on port {port}"
                    ));
                }
                if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                    break;
                }
                if Instant::now() > deadline {
                    return Err(format!(
                        "nothing listened on 127.0.0.1:{port} within {WAIT:?}"
                    ));
                }
                std::thread::sleep(POLL);
            }
        }
        Ok(())
    }

    pub(crate) fn stop(&mut self) {
        if !matches!(self.child.try_wait(), Ok(None)) {
            return;
        }
        // tauri-driver kills WebKitWebDriver on SIGTERM; if a session was still open, the app
        // and its web process would be left behind, so note our descendants first.
        let leftovers = descendants(self.child.id());
        // SAFETY: kill(2) on the id of a child we started and have not yet reaped.
        unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM) };
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            match self.child.try_wait() {
                Ok(Some(_)) | Err(_) => break,
                Ok(None) if Instant::now() > deadline => {
                    eprintln!(
                        "WARNING: tauri-driver (pid {}) did not exit within 10 s of SIGTERM",
                        self.child.id()
                    );
                    return;
                }
                Ok(None) => std::thread::sleep(POLL),
            }
        }
        end_leftovers(&leftovers);
    }

    pub(crate) fn log_tail(&self, lines: usize) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let all: Vec<&str> = text.lines().collect();
        all[all.len().saturating_sub(lines)..].join("\n")
    }
}

impl Drop for DriverProcess {
    fn drop(&mut self) {
        self.stop();
    }
}

/// (pid, command name) of every process below `root`, read from /proc.
fn descendants(root: u32) -> Vec<(u32, String)> {
    let mut parent_of: HashMap<u32, (u32, String)> = HashMap::new();
    if let Ok(entries) = std::fs::read_dir("/proc") {
        for e in entries.flatten() {
            let Some(pid) = e.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else {
                continue;
            };
            if let Some((ppid, comm, _)) = proc_stat(pid) {
                parent_of.insert(pid, (ppid, comm));
            }
        }
    }
    let mut out = Vec::new();
    let mut frontier = vec![root];
    while let Some(p) = frontier.pop() {
        for (pid, (ppid, comm)) in &parent_of {
            if *ppid == p {
                out.push((*pid, comm.clone()));
                frontier.push(*pid);
            }
        }
    }
    out
}

/// (ppid, comm, state) from /proc/PID/stat.
fn proc_stat(pid: u32) -> Option<(u32, String, char)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let open = stat.find('(')?;
    let close = stat.rfind(')')?;
    let comm = stat[open + 1..close].to_string();
    let mut rest = stat[close + 1..].split_whitespace();
    let state = rest.next()?.chars().next()?;
    let ppid = rest.next()?.parse().ok()?;
    Some((ppid, comm, state))
}

fn alive_as(pid: u32, comm: &str) -> bool {
    matches!(proc_stat(pid), Some((_, c, state)) if c == comm && state != 'Z' && state != 'X')
}

/// SIGTERMs processes this test started that outlived tauri-driver (matched by id and name).
fn end_leftovers(leftovers: &[(u32, String)]) {
    std::thread::sleep(Duration::from_millis(100));
    let alive: Vec<&(u32, String)> = leftovers
        .iter()
        .filter(|(pid, comm)| alive_as(*pid, comm))
        .collect();
    for (pid, comm) in &alive {
        eprintln!("NOTE: ending leftover {comm} (pid {pid}) with SIGTERM");
        // SAFETY: kill(2) on a process this test started, checked by id and name just above.
        unsafe { libc::kill(*pid as libc::pid_t, libc::SIGTERM) };
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    while alive.iter().any(|(pid, comm)| alive_as(*pid, comm)) && Instant::now() < deadline {
        std::thread::sleep(POLL);
    }
}

/// A port P with P+1 also free, for `tauri-driver --port P --native-port P+1`.
pub(crate) fn free_port_pair() -> u16 {
    for _ in 0..200 {
        let Ok(first) = TcpListener::bind("127.0.0.1:0") else {
            continue;
        };
        let Ok(addr) = first.local_addr() else {
            continue;
        };
        let port = addr.port();
        if port < u16::MAX && TcpListener::bind(("127.0.0.1", port + 1)).is_ok() {
            return port;
        }
    }
    panic!("no free pair of neighbouring TCP ports on 127.0.0.1");
}
