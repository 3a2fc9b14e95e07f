//! A small window that drags files, for the end-to-end tests: `drag_source X Y FILE...` shows a
//! 160×120 window at (X, Y) whose button offers FILE... as `text/uri-list`. The test presses on
//! it with xdotool and moves onto Carrel's window, so that the drop reaches Tauri as a real X
//! drag-and-drop (the shell accepts dropped paths only from the window system, never from the
//! page).

use gtk::prelude::*;

fn main() {
    let mut args = std::env::args().skip(1);
    let x: i32 = args.next().and_then(|a| a.parse().ok()).expect("X");
    let y: i32 = args.next().and_then(|a| a.parse().ok()).expect("Y");
    let uris: Vec<String> = args
        .map(|p| {
            gtk::glib::filename_to_uri(&p, None)
                .expect("an absolute path")
                .to_string()
        })
        .collect();
    gtk::init().expect("GTK");
    let window = gtk::Window::new(gtk::WindowType::Toplevel);
    window.set_title("carrel-drag-source");
    window.set_default_size(160, 120);
    window.move_(x, y);
    let button = gtk::Button::with_label("Drag");
    let targets = [gtk::TargetEntry::new(
        "text/uri-list",
        gtk::TargetFlags::OTHER_APP,
        0,
    )];
    button.drag_source_set(
        gtk::gdk::ModifierType::BUTTON1_MASK,
        &targets,
        gtk::gdk::DragAction::COPY,
    );
    button.connect_drag_data_get(move |_, _, data, _, _| {
        let refs: Vec<&str> = uris.iter().map(String::as_str).collect();
        data.set_uris(&refs);
    });
    button.connect_drag_end(|_, _| gtk::main_quit());
    window.add(&button);
    window.connect_destroy(|_| gtk::main_quit());
    window.show_all();
    println!("ready");
    gtk::main();
}
