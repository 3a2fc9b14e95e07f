//! The one list of commands. The `#[tauri::command]` functions in `src/**/*.rs` are the source;
//! from them `build.rs` derives the permission names (`tauri_build::AppManifest::commands`), the
//! handler list (`generate_handler!`, in `OUT_DIR`), the window's capability
//! (`capabilities/commands.json`) and the TypeScript map of commands, arguments and answers
//! (`ui/src/lib/bindings/commands.ts`). `tests/commands.rs` reads this file too and fails when
//! the committed generated files are stale.
//!
//! A text scan rather than a parser (no `syn` in the build): it expects what `cargo fmt` writes,
//! a `#[tauri::command]` line followed by the function, and fails loudly on what it cannot read.

use std::path::{Path, PathBuf};

/// One `#[tauri::command]` function.
#[derive(Debug)]
pub struct Command {
    /// Rust path from the crate root ("" for `lib.rs`, "circulation" for `circulation.rs`).
    pub module: String,
    /// The function's name, which is the command's name.
    pub name: String,
    /// The file it is in, relative to the crate (`src/circulation.rs`).
    pub file: String,
    /// Arguments the window sends, as (Rust name, Rust type); `State`, `AppHandle` and the like
    /// (filled in by Tauri) are left out.
    pub args: Vec<(String, String)>,
    /// The Rust return type; None for `()`.
    pub answer: Option<String>,
}

/// The generated capability, relative to the `src-tauri` folder.
pub const CAPABILITY_FILE: &str = "capabilities/commands.json";
/// The generated TypeScript map of commands, relative to the `src-tauri` folder.
pub const TYPESCRIPT_FILE: &str = "../ui/src/lib/bindings/commands.ts";

/// The commands in `crate_dir/src`, files in path order, functions in file order.
pub fn scan(crate_dir: &Path) -> Vec<Command> {
    let mut files = Vec::new();
    rust_files(&crate_dir.join("src"), &mut files);
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("read a source file");
        let rel = path.strip_prefix(crate_dir).expect("under the crate");
        let rel = rel.to_string_lossy().replace('\\', "/");
        scan_file(&rel, &text, &mut out);
    }
    let mut names: Vec<&str> = out.iter().map(|c| c.name.as_str()).collect();
    names.sort_unstable();
    if let Some(w) = names.windows(2).find(|w| w[0] == w[1]) {
        panic!("two #[tauri::command] functions are named {}", w[0]);
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("read src").flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// `src/lib.rs` and `src/main.rs` → "", `src/a.rs` and `src/a/mod.rs` → "a", `src/a/b.rs` → "a::b".
fn module_of(rel: &str) -> String {
    let inner = rel.strip_prefix("src/").unwrap_or(rel);
    let inner = inner.strip_suffix(".rs").unwrap_or(inner);
    let inner = inner.strip_suffix("/mod").unwrap_or(inner);
    if inner == "lib" || inner == "main" {
        String::new()
    } else {
        inner.replace('/', "::")
    }
}

/// Refuses, loudly, the forms of a command the text scan would misread or miss: the attribute
/// imported (`#[command]`), behind `cfg_attr`, with a `#[cfg]` before it (a command on one platform
/// only), inside an inline `mod { }` (its path would be wrong) or a block comment.
pub fn check_forms(rel: &str, text: &str) {
    let mut previous = "";
    let mut has_command = false;
    for (i, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("").trim();
        let at = format!("{rel}:{}", i + 1);
        let is_marker = code == "#[tauri::command]";
        assert!(
            is_marker || !(code.contains("tauri::command") || code.starts_with("#[command")),
            "{at}: write a command's attribute as `#[tauri::command]` on a line of its own \
             (codegen.rs reads only that form; `use tauri::command`, `#[command]` and \
             `cfg_attr(…, tauri::command)` would be left out of the command list)"
        );
        if is_marker {
            has_command = true;
            assert!(
                !previous.starts_with("#[cfg"),
                "{at}: a command under #[cfg(…)] is not supported by codegen.rs: it would be \
                 listed on every platform"
            );
        }
        if !code.is_empty() {
            previous = code;
        }
    }
    if has_command {
        assert!(
            !text.contains("/*"),
            "{rel}: block comments are not read by codegen.rs in a file with commands; use //"
        );
        assert!(
            !text.lines().any(|l| {
                let t = l.trim_start();
                let t = t.strip_prefix("pub ").unwrap_or(t);
                t.starts_with("mod ") && t.trim_end().ends_with('{')
            }),
            "{rel}: an inline `mod … {{ }}` in a file with commands: codegen.rs would give its \
             commands the file's module path; put the module in a file of its own"
        );
    }
}

fn scan_file(rel: &str, text: &str, out: &mut Vec<Command>) {
    check_forms(rel, text);
    // Line comments would hide a `)` or `{` from the scan; strip them (no `//` in our strings).
    let code: String = text
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let marker = "#[tauri::command";
    let mut rest = code.as_str();
    while let Some(at) = rest.find(marker) {
        let after = &rest[at + marker.len()..];
        assert!(
            after.starts_with(']'),
            "{rel}: #[tauri::command(...)] with options is not understood by codegen.rs"
        );
        let fn_at = after
            .find("fn ")
            .expect("a function after #[tauri::command]");
        let sig = &after[fn_at + 3..];
        let open = sig.find('(').expect("an argument list");
        let name = sig[..open].trim().to_string();
        assert!(
            name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
            "{rel}: cannot read the command name {name:?}"
        );
        let close = open + matching(&sig[open..], '(', ')');
        let params = &sig[open + 1..close];
        let tail = &sig[close + 1..];
        let body = tail.find('{').expect("a function body");
        let ret = tail[..body].trim();
        let answer = ret
            .strip_prefix("->")
            .map(|t| t.trim().to_string())
            .filter(|t| t != "()");
        let args = split_top(params)
            .into_iter()
            .filter_map(|p| {
                let (n, t) = p.split_once(':').expect("an argument `name: Type`");
                let n = n.trim().trim_start_matches("mut ").trim().to_string();
                assert!(
                    !n.starts_with("r#"),
                    "{rel}: the raw identifier {n} as a command argument is not supported"
                );
                let t = t.trim().to_string();
                (!filled_by_tauri(&t)).then_some((n, t))
            })
            .collect();
        out.push(Command {
            module: module_of(rel),
            name,
            file: rel.to_string(),
            args,
            answer,
        });
        rest = &sig[close..];
    }
}

/// The index (in `s`, which starts with `open`) of the bracket that closes it.
fn matching(s: &str, open: char, close: char) -> usize {
    let mut depth = 0;
    for (i, c) in s.char_indices() {
        if c == open {
            depth += 1;
        } else if c == close {
            depth -= 1;
            if depth == 0 {
                return i;
            }
        }
    }
    panic!("unbalanced {open}{close} in {s:?}");
}

/// Splits at the commas outside any brackets; empty pieces (a trailing comma) are dropped.
fn split_top(s: &str) -> Vec<&str> {
    let (mut depth, mut start, mut out) = (0i32, 0, Vec::new());
    for (i, c) in s.char_indices() {
        match c {
            '<' | '(' | '[' => depth += 1,
            '>' | ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                out.push(s[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(s[start..].trim());
    out.retain(|p| !p.is_empty());
    out
}

/// Arguments Tauri fills in itself, which the window never sends.
fn filled_by_tauri(ty: &str) -> bool {
    let head = ty.split('<').next().unwrap_or(ty).trim();
    let last = head.rsplit("::").next().unwrap_or(head);
    matches!(
        last,
        "State" | "AppHandle" | "Window" | "Webview" | "WebviewWindow" | "Request"
    )
}

/// snake_case → camelCase, as Tauri names command arguments by default.
pub fn camel(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = !out.is_empty();
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `kebab` of a command name, as Tauri names its permission (`allow-library-info`).
fn permission(name: &str) -> String {
    format!("allow-{}", name.replace('_', "-"))
}

/// The file `lib.rs` includes: `carrel_handler!()` expands to `generate_handler![…]`.
pub fn handler_macro(cmds: &[Command]) -> String {
    let mut s = String::from(
        "// Generated by build.rs from the #[tauri::command] functions (codegen.rs): do not edit.\n\
         macro_rules! carrel_handler {\n    () => {\n        tauri::generate_handler![\n",
    );
    for c in cmds {
        let path = if c.module.is_empty() {
            c.name.clone()
        } else {
            format!("{}::{}", c.module, c.name)
        };
        s.push_str(&format!("            {path},\n"));
    }
    s.push_str("        ]\n    };\n}\n");
    s
}

/// `capabilities/commands.json`: the main window may call every command. The other permissions
/// (dialogs, events) are in the hand-written `capabilities/default.json`.
pub fn capability(cmds: &[Command]) -> String {
    let mut s = String::from(
        "{\n  \"identifier\": \"commands\",\n  \"description\": \"The main window may call every one of Carrel's own commands. Generated by src-tauri/build.rs from the #[tauri::command] functions: do not edit.\",\n  \"windows\": [\"main\"],\n  \"permissions\": [\n",
    );
    let lines: Vec<String> = cmds
        .iter()
        .map(|c| format!("    \"{}\"", permission(&c.name)))
        .collect();
    s.push_str(&lines.join(",\n"));
    s.push_str("\n  ]\n}\n");
    s
}

/// A Rust type as TypeScript, with the binding types it names added to `imports`.
fn ts_type(ty: &str, imports: &mut Vec<String>) -> String {
    let ty = ty.trim();
    if let Some(inner) = ty.strip_prefix('&') {
        let inner = inner.trim_start();
        let inner = match inner.strip_prefix('\'') {
            Some(l) => l.split_once(' ').map_or(l, |x| x.1),
            None => inner,
        };
        return ts_type(inner, imports);
    }
    if ty == "()" {
        return "void".into();
    }
    let (head, generics) = match ty.find('<') {
        Some(i) => (&ty[..i], split_top(&ty[i + 1..ty.len() - 1])),
        None => (ty, Vec::new()),
    };
    let name = head.rsplit("::").next().unwrap_or(head).trim();
    let arg = |i: usize, imports: &mut Vec<String>| {
        ts_type(
            generics
                .get(i)
                .unwrap_or_else(|| panic!("{ty}: a type argument")),
            imports,
        )
    };
    match name {
        "String" | "str" | "PathBuf" | "Path" | "NaiveDate" | "NaiveDateTime" => "string".into(),
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize" | "isize" | "f32"
        | "f64" => "number".into(),
        "bool" => "boolean".into(),
        "Value" => "unknown".into(),
        "Option" => format!("{} | null", arg(0, imports)),
        "Vec" => format!("Array<{}>", arg(0, imports)),
        "Result" => arg(0, imports),
        "Channel" => {
            let inner = arg(0, imports);
            add(imports, "Channel");
            format!("Channel<{inner}>")
        }
        _ => {
            assert!(
                generics.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric()),
                "codegen.rs cannot write {ty:?} in TypeScript"
            );
            add(imports, name);
            name.to_string()
        }
    }
}

fn add(imports: &mut Vec<String>, name: &str) {
    if !imports.iter().any(|i| i == name) {
        imports.push(name.to_string());
    }
}

/// `ui/src/lib/bindings/commands.ts`: every command with its arguments and answer.
pub fn typescript(cmds: &[Command]) -> String {
    let mut imports = Vec::new();
    let mut body = String::new();
    for c in cmds {
        let args = if c.args.is_empty() {
            "undefined".to_string()
        } else {
            let fields: Vec<String> = c
                .args
                .iter()
                .map(|(n, t)| format!("{}: {}", camel(n), ts_type(t, &mut imports)))
                .collect();
            format!("{{ {} }}", fields.join("; "))
        };
        let answer = c
            .answer
            .as_deref()
            .map_or("void".to_string(), |t| ts_type(t, &mut imports));
        body.push_str(&format!(
            "  /** `{}` in src-tauri/{}. */\n  {}: {{ args: {args}; answer: {answer} }};\n",
            c.name, c.file, c.name
        ));
    }
    // The Channel class first, then the ts-rs bindings by name.
    imports.sort_by_key(|i| (i != "Channel", i.clone()));
    let mut s = String::from(
        "// Generated by src-tauri/build.rs from the #[tauri::command] functions in src-tauri/src\n\
         // (src-tauri/codegen.rs): do not edit. `cargo build -p carrel-app` rewrites it.\n\n",
    );
    for i in &imports {
        if i == "Channel" {
            s.push_str("import type { Channel } from '@tauri-apps/api/core';\n");
        } else {
            s.push_str(&format!("import type {{ {i} }} from './{i}';\n"));
        }
    }
    s.push_str(
        "\n/** Every command of Carrel's core: its arguments (camelCase, as Tauri names them) and answer. */\n\
         export interface Commands {\n",
    );
    s.push_str(&body);
    s.push_str(
        "}\n\n/** The name of a command; a misspelt one is a type error. */\nexport type Command = keyof Commands;\n",
    );
    s
}

/// The committed generated files (path relative to `src-tauri`, content).
pub fn committed_files(cmds: &[Command]) -> Vec<(&'static str, String)> {
    vec![
        (CAPABILITY_FILE, capability(cmds)),
        (TYPESCRIPT_FILE, typescript(cmds)),
    ]
}
