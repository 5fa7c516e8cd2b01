//! Helpers shared by the integration tests: running the real binary, golden files, and
//! finding the Python checkers that `scripts/test.sh` installs.

#![allow(
    dead_code,
    reason = "each test binary uses a different subset of the helpers"
)]

pub mod queries;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The crate root, where `data/`, `queries/` and `tests/` are.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A command for the real `cpsu-kg` binary, run from the crate root.
pub fn cpsu_kg(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cpsu-kg"));
    command.args(args).current_dir(root()).stdin(Stdio::null());
    command
}

/// Runs the binary and returns its output.
pub fn run(args: &[&str]) -> Output {
    cpsu_kg(args).output().expect("the cpsu-kg binary runs")
}

/// Runs the binary, asserts success and returns standard output as text.
pub fn run_ok(args: &[&str]) -> String {
    let output = run(args);
    assert!(
        output.status.success(),
        "cpsu-kg {args:?} failed with {}:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// Whether golden files should be rewritten (`BLESS=1 cargo test`). Refused under
/// `CI=true`: CI checks the committed files, it never writes them.
pub fn blessing() -> bool {
    let bless = std::env::var_os("BLESS").is_some_and(|v| v == "1");
    assert!(
        !(bless && std::env::var_os("CI").is_some_and(|v| v == "true")),
        "BLESS=1 is refused under CI=true: bless golden files locally and commit them"
    );
    bless
}

/// Compares `actual` with the golden file at `path` (relative to the crate root), or
/// rewrites the file when blessing.
pub fn check_golden(path: &str, actual: &str) {
    let path = root().join(path);
    if blessing() {
        std::fs::create_dir_all(path.parent().expect("a parent folder")).expect("create folder");
        std::fs::write(&path, actual).expect("write golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read golden file {}: {e}; run `BLESS=1 cargo test` to create it",
            path.display()
        )
    });
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from the output, first at line {}:\n  expected: {:?}\n  actual:   {:?}\nrun `BLESS=1 cargo test` if the change is intended",
            path.display(),
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}

/// The Python interpreter of the venv that `scripts/test.sh` sets up, with rdflib.
///
/// The tests that cross-check our output with independent parsers need it; they fail
/// (never skip) when it is missing, since a skipped cross-check proves nothing.
pub fn python() -> PathBuf {
    let python = std::env::var_os("CPSU_KG_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join(".venv/bin/python"));
    assert!(
        python.exists(),
        "the Python checkers are missing ({}): run `scripts/test.sh`, which installs them into .venv",
        python.display()
    );
    python
}

/// Runs one of the Python checkers in `tests/python/` and returns what it printed. The test
/// fails, showing both streams, when the checker does not exit with success.
pub fn python_check<I, S>(script: &str, args: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let output = Command::new(python())
        .arg(root().join("tests/python").join(script))
        .args(args)
        .output()
        .expect("python runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{script} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// The Java class path of Debian's Jena (`libapache-jena-java`, which `scripts/test.sh`
/// installs): `CPSU_KG_JENA_CLASSPATH`, or what `scripts/jena-classpath.sh` prints. The
/// tests that need Jena fail (never skip) when it is missing.
pub fn jena_classpath() -> String {
    assert!(
        Path::new("/usr/share/java/jena-shacl.jar").exists()
            || std::env::var_os("CPSU_KG_JENA_CLASSPATH").is_some(),
        "Jena is missing (/usr/share/java/jena-shacl.jar): run `scripts/test.sh`, which installs libapache-jena-java"
    );
    if let Some(classpath) = std::env::var_os("CPSU_KG_JENA_CLASSPATH") {
        return classpath.to_string_lossy().into_owned();
    }
    let output = Command::new(root().join("scripts/jena-classpath.sh"))
        .output()
        .expect("scripts/jena-classpath.sh runs");
    assert!(
        output.status.success(),
        "scripts/jena-classpath.sh failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .expect("UTF-8")
        .trim()
        .to_owned()
}

/// Jena SHACL's report (Turtle) on the data graph `data` against `shapes`.
pub fn jena_shacl(data: &Path, shapes: &Path) -> String {
    let output = Command::new(program("JAVA", "/usr/bin/java"))
        .args(["-cp", &jena_classpath(), "shacl.shacl_validate", "--data"])
        .arg(data)
        .arg("--shapes")
        .arg(shapes)
        .stdin(Stdio::null())
        .output()
        .expect("java runs");
    assert!(
        output.status.success(),
        "Jena's shacl_validate failed on {}:\n{}",
        data.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// A fresh temporary folder for one test.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cpsu-kg-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create a temporary folder");
    dir
}

/// Lists the entries of a folder, sorted.
pub fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A `cpsu-kg serve` on a port the system picks (`--bind 127.0.0.1:0`), read from its
/// "serving" line, so no other process can take the port first. Its standard error is
/// drained (the server logs every request there) and it is killed when dropped.
pub struct Served {
    child: std::process::Child,
    /// The port it listens on.
    pub port: u16,
}

impl Served {
    /// Starts `cpsu-kg serve` with `args` added.
    pub fn start(args: &[&str]) -> Self {
        use std::io::BufRead;
        let mut all = vec!["serve", "--bind", "127.0.0.1:0"];
        all.extend_from_slice(args);
        let mut child = cpsu_kg(&all)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("cpsu-kg serve starts");
        let mut lines = std::io::BufReader::new(child.stderr.take().expect("stderr")).lines();
        let port = loop {
            let line = lines
                .next()
                .expect("serve says where it listens")
                .expect("a line");
            if let Some(rest) = line.strip_prefix("cpsu-kg: serving http://127.0.0.1:") {
                break rest
                    .split('/')
                    .next()
                    .and_then(|p| p.parse().ok())
                    .expect("a port");
            }
        };
        std::thread::spawn(move || for _ in lines {});
        Self { child, port }
    }

    /// The process id, for reading `/proc`.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Whether the process is still running.
    pub fn alive(&mut self) -> bool {
        self.child
            .try_wait()
            .expect("the server's status")
            .is_none()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A child process killed when dropped, even when the test fails.
pub struct Running(pub std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A loopback port that was free a moment ago.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("a free port")
        .local_addr()
        .expect("an address")
        .port()
}

/// Waits (up to 30 s) until something listens on `port`.
pub fn wait_for(port: u16) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            std::time::Instant::now() < deadline,
            "nothing listens on port {port}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// An outside program at the path in `env`, or `default`; the test fails, never skips, when
/// it is missing.
pub fn program(env: &str, default: &str) -> PathBuf {
    let path = std::env::var_os(env).map_or_else(|| PathBuf::from(default), PathBuf::from);
    assert!(
        path.exists(),
        "{} is missing: scripts/test.sh installs it with apt-get (set {env} to use another)",
        path.display()
    );
    path
}

/// Runs headless Chromium (from `CHROMIUM`, or Debian's) on `url` with a fresh profile in
/// `profile`, quiet and offline apart from the page, and `extra` arguments such as
/// `--dump-dom` or `--screenshot=FILE`.
pub fn headless_chromium(profile: &Path, extra: &[&str], url: &str) -> Output {
    Command::new(program("CHROMIUM", "/usr/bin/chromium"))
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(url)
        .stdin(Stdio::null())
        .output()
        .expect("chromium runs")
}

/// A result cell as plain text: a literal's lexical form, an IRI, or empty when unbound.
pub fn term_text(term: Option<&oxigraph::model::Term>) -> String {
    use oxigraph::model::Term;
    match term {
        Some(Term::Literal(l)) => l.value().to_owned(),
        Some(Term::NamedNode(n)) => n.as_str().to_owned(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}
