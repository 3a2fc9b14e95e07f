fn main() {
    // Declaring the app's commands makes Tauri generate one permission per command
    // (allow-search, …), so capabilities/default.json can allow exactly these and nothing else.
    let manifest = tauri_build::AppManifest::new().commands(&[
        "library_info",
        "search",
        "get_record",
        "import_files",
        "cancel_import",
        "pending_open_files",
        "save_import_report",
        "export_records",
        "cancel_export",
    ]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)).expect("tauri build script");
}
