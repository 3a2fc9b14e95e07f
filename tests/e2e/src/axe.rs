//! axe-core over the page: the WCAG 2.2 AA rules a machine can check (contrast, names, labels,
//! landmarks, ARIA), run in the real window.
//!
//! axe-core is a test-only npm package of the UI (`ui/package.json` devDependencies, so
//! `npm ci --prefix ui` installs it). Its `axe.min.js` is put into the page through WebDriver
//! (the app itself never loads it), then `axe.run` is called as an asynchronous script.

use std::fmt;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;

use crate::{workspace_root, App};

/// The rule sets checked: WCAG 2.0, 2.1 and 2.2 at levels A and AA (axe-core's tags).
pub const WCAG_TAGS: [&str; 5] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/// How long one `axe.run` may take (a few hundred elements take well under a second).
const RUN_TIMEOUT: Duration = Duration::from_secs(60);

/// Where `npm ci --prefix ui` puts axe-core.
pub fn axe_path() -> PathBuf {
    workspace_root().join("ui/node_modules/axe-core/axe.min.js")
}

/// The text of `axe.min.js`, read once. Panics saying how to install it when it is missing.
fn axe_source() -> &'static str {
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let path = axe_path();
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "axe-core is not installed ({}: {e}): the accessibility tests need the UI's npm \
                 packages; run `npm ci --prefix ui` (in {})",
                path.display(),
                workspace_root().display()
            )
        })
    })
}

/// One rule axe-core found broken, with the elements that break it.
#[derive(Debug, Clone, Deserialize)]
pub struct Violation {
    /// The rule, e.g. `color-contrast`.
    pub id: String,
    /// `minor`, `moderate`, `serious` or `critical`.
    pub impact: Option<String>,
    /// What the rule asks for, in a line.
    pub help: String,
    /// The rule's page at Deque University.
    #[serde(rename = "helpUrl")]
    pub help_url: String,
    /// The elements that break it.
    pub nodes: Vec<ViolationNode>,
}

/// One element that breaks a rule.
#[derive(Debug, Clone, Deserialize)]
pub struct ViolationNode {
    /// CSS selectors that find the element (one per shadow-DOM level).
    pub target: Vec<Value>,
    /// The start of the element's HTML.
    pub html: String,
    /// axe-core's account of what is wrong ("Fix any of the following: ...").
    #[serde(rename = "failureSummary")]
    pub failure_summary: Option<String>,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "  {} ({}): {} <{}>",
            self.id,
            self.impact.as_deref().unwrap_or("no impact given"),
            self.help,
            self.help_url
        )?;
        for node in &self.nodes {
            let target: Vec<String> = node
                .target
                .iter()
                .map(|t| match t {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect();
            writeln!(f, "    - {}", target.join(" >> "))?;
            writeln!(f, "      {}", node.html)?;
            if let Some(summary) = &node.failure_summary {
                for line in summary.lines() {
                    writeln!(f, "      | {line}")?;
                }
            }
        }
        Ok(())
    }
}

/// The violations found in each view audited, as `(view, violations)`, written out for a failure
/// message; empty when there are none.
pub fn describe(found: &[(String, Vec<Violation>)]) -> String {
    let mut out = String::new();
    for (view, violations) in found.iter().filter(|(_, v)| !v.is_empty()) {
        let nodes: usize = violations.iter().map(|v| v.nodes.len()).sum();
        out.push_str(&format!(
            "{view}: {} rule(s) broken on {nodes} element(s)\n",
            violations.len()
        ));
        for v in violations {
            out.push_str(&v.to_string());
        }
    }
    out
}

impl App {
    /// Runs axe-core over the whole document as it is now, with the [`WCAG_TAGS`] rules, and
    /// returns what it found broken. Injects axe-core first if this page has not got it yet.
    /// Panics when axe-core is not installed or cannot run.
    pub async fn axe_violations(&self) -> Vec<Violation> {
        let source = axe_source();
        let present: bool = self
            .js("return typeof window.axe === 'object' && typeof window.axe.run === 'function';")
            .await;
        if !present {
            let script = format!(
                "{source}\n;return typeof window.axe === 'object' && typeof window.axe.run === 'function';"
            );
            let ret = self
                .driver
                .execute(&script, Vec::<Value>::new())
                .await
                .unwrap_or_else(|e| panic!("injecting axe-core into the page failed: {e}"));
            assert_eq!(
                ret.json(),
                &Value::Bool(true),
                "axe-core did not define window.axe in the page"
            );
        }
        let run = self.driver.execute_async(
            "const [tags, done] = arguments;
             window.axe
               .run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
               .then(
                 (r) => done({ violations: r.violations.map((v) => ({
                   id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                   nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
                 })) }),
                 (e) => done({ error: String(e && e.stack || e) }),
               );",
            vec![serde_json::json!(WCAG_TAGS)],
        );
        let ret = tokio::time::timeout(RUN_TIMEOUT, run)
            .await
            .unwrap_or_else(|_| panic!("axe.run did not finish within {RUN_TIMEOUT:?}"))
            .unwrap_or_else(|e| panic!("axe.run failed: {e}"));
        let out = ret.json();
        if let Some(error) = out.get("error") {
            panic!("axe.run failed in the page: {error}");
        }
        serde_json::from_value(out["violations"].clone())
            .unwrap_or_else(|e| panic!("axe.run gave {out}: {e}"))
    }
}
