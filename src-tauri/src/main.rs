//! The `carrel-app` binary: starts the window ([`carrel_app::run`]).

// Release builds on Windows open no console window beside the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    carrel_app::run();
}
