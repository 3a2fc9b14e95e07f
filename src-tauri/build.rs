//! Derives everything that names a command from the `#[tauri::command]` functions (see
//! `codegen.rs`), then runs Tauri's own build step.

mod codegen;

use std::path::{Path, PathBuf};

fn main() {
    let crate_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("manifest dir"));
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=codegen.rs");
    println!("cargo:rerun-if-env-changed=CI");
    let cmds = codegen::scan(&crate_dir);

    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    write_if_changed(&out.join("commands.rs"), &codegen::handler_macro(&cmds));

    // Written before `try_build`, which reads the capabilities. Only when the text changes, so an
    // unchanged file keeps its time and does not make Tauri rebuild. In CI the committed files
    // are left as they are, so `tests/commands.rs` can tell when someone forgot to commit them.
    for (rel, text) in codegen::committed_files(&cmds) {
        let path = crate_dir.join(rel);
        if std::env::var_os("CI").is_none() {
            write_if_changed(&path, &text);
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            println!("cargo:warning={rel} is stale: build outside CI and commit it");
        }
    }

    // Tauri generates one permission per command (allow-search, …) from these names.
    let names: Vec<&'static str> = cmds
        .into_iter()
        .map(|c| &*Box::leak(c.name.into_boxed_str()))
        .collect();
    let manifest = tauri_build::AppManifest::new().commands(Box::leak(names.into_boxed_slice()));
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri build script");
}

fn write_if_changed(path: &Path, text: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    }
}
