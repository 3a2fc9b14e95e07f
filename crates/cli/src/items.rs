//! `carrel item …`, `carrel shelflist` and `carrel settings barcode|agency|scheme`: items
//! (holdings), the shelf list and the library's settings.

use carrel::RecordId;
use std::path::Path;
use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};

use carrel::catalogue::barcode::{barcode_rules, set_barcode_rules, CheckDigit};
use carrel::catalogue::items::{
    add_item, delete_item, get_item_by_barcode, guess_item_scheme, items_of_record, update_item,
    CallNumberScheme, Item, ItemInput, ItemStatus, ItemType,
};
use carrel::catalogue::shelflist::{shelf_list, ShelfEntry, ShelfStart, MAX_PAGE};
use carrel::Error;

use crate::{emit, now, print_json};

#[derive(Subcommand)]
pub enum ItemCommand {
    /// Add an item (a copy) to a record: its barcode is checked against the library's rules and
    /// must not be on another item.
    Add {
        record_id: RecordId,
        #[command(flatten)]
        fields: ItemFields,
        /// Print the item as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show the item with this barcode.
    Show {
        barcode: String,
        #[arg(long)]
        json: bool,
    },
    /// List the items of a record, in shelf order.
    List {
        record_id: RecordId,
        #[arg(long)]
        json: bool,
    },
    /// Change an item (found by barcode): only the fields given change; an empty value clears one.
    Edit {
        /// The item's current barcode.
        #[arg(value_name = "BARCODE")]
        item: String,
        /// A new barcode for the item (a relabelled copy).
        #[arg(long, value_name = "B")]
        new_barcode: Option<String>,
        #[command(flatten)]
        fields: ItemFields,
        #[arg(long)]
        json: bool,
    },
    /// Delete an item (found by barcode); an item on loan is refused.
    Delete {
        barcode: String,
        #[arg(long)]
        json: bool,
    },
}

/// The fields of an item on the command line.
#[derive(Args)]
pub struct ItemFields {
    /// The barcode (add only; `edit` takes `--new-barcode`).
    #[arg(long, value_name = "B", required = false)]
    barcode: Option<String>,
    #[arg(long, value_name = "CN")]
    call_number: Option<String>,
    /// The call number's classification (default: guessed from the record's 050/082/090/092,
    /// then the library's default scheme, then the call number's form; the guess is printed).
    #[arg(long, value_enum)]
    scheme: Option<SchemeArg>,
    /// Shelving location.
    #[arg(long, value_name = "L")]
    location: Option<String>,
    /// book, serial_issue, looseleaf, map, dvd, audio, object, other.
    #[arg(long = "type", value_name = "T", value_parser = parse_type)]
    item_type: Option<ItemType>,
    /// available, in_transit, missing, withdrawn, in_repair, reading_room_only (on_loan and
    /// on_hold_shelf are set by the desk: check-out and hold trapping).
    #[arg(long, value_name = "S", value_parser = parse_status)]
    status: Option<ItemStatus>,
    /// Volume or part ("v.2").
    #[arg(long)]
    enumeration: Option<String>,
    /// Copy number.
    #[arg(long = "copy")]
    copy_number: Option<String>,
    /// Price as written ("45.00 GBP").
    #[arg(long)]
    price: Option<String>,
    /// Date acquired, YYYY-MM-DD.
    #[arg(long = "acquired", value_name = "DATE")]
    acquired_on: Option<String>,
    #[arg(long = "accession", value_name = "NUMBER")]
    accession_number: Option<String>,
    /// Provenance of this copy (exported as MARC 21 561).
    #[arg(long)]
    provenance: Option<String>,
    /// Binding of this copy (exported as MARC 21 563).
    #[arg(long)]
    binding: Option<String>,
    #[arg(long)]
    note: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum SchemeArg {
    Lcc,
    Ddc,
    Local,
}

fn parse_type(s: &str) -> Result<ItemType, String> {
    ItemType::parse(s).ok_or_else(|| {
        format!(
            "unknown item type; one of: {}",
            ItemType::ALL
                .iter()
                .map(|t| t.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

fn parse_status(s: &str) -> Result<ItemStatus, String> {
    ItemStatus::parse(s).ok_or_else(|| {
        format!(
            "unknown status; one of: {}",
            ItemStatus::ALL
                .iter()
                .map(|t| t.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

#[derive(Subcommand)]
pub enum SettingsCommand {
    /// Show or change the barcode rules: prefix, length and check digit. Without options, shows them.
    Barcode {
        /// Every barcode starts with this ("" for any).
        #[arg(long)]
        prefix: Option<String>,
        /// Every barcode has this many characters (0 for any length).
        #[arg(long)]
        length: Option<u32>,
        #[arg(long, value_enum)]
        check_digit: Option<CheckDigitArg>,
        #[arg(long)]
        json: bool,
    },
    /// Show or set the cataloguing agency code new records get in 040 $a and $c (a MARC
    /// organization code; "" goes back to the default). Without CODE, shows it.
    Agency {
        code: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Show or set the library's default call-number scheme: the scheme a call number typed
    /// without one gets when the item's record does not say (050/090 LC, 082/092 Dewey).
    /// `none` removes it (each call number's form decides). Without SCHEME, shows it.
    Scheme {
        #[arg(value_enum)]
        scheme: Option<DefaultSchemeArg>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum DefaultSchemeArg {
    Lcc,
    Ddc,
    Local,
    None,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum CheckDigitArg {
    None,
    CodabarMod10,
    Code39Mod43,
}

/// Whether the command asked for JSON (errors are then printed as JSON too).
pub fn item_wants_json(cmd: &ItemCommand) -> bool {
    match cmd {
        ItemCommand::Add { json, .. }
        | ItemCommand::Show { json, .. }
        | ItemCommand::List { json, .. }
        | ItemCommand::Edit { json, .. }
        | ItemCommand::Delete { json, .. } => *json,
    }
}

/// See [`item_wants_json`].
pub fn settings_wants_json(cmd: &SettingsCommand) -> bool {
    match cmd {
        SettingsCommand::Barcode { json, .. }
        | SettingsCommand::Agency { json, .. }
        | SettingsCommand::Scheme { json, .. } => *json,
    }
}

fn text(v: Option<String>) -> Option<String> {
    v.filter(|s| !s.trim().is_empty())
}

impl ItemFields {
    /// Applies the given fields over `base` (an empty value clears an optional one).
    fn over(self, mut base: ItemInput) -> ItemInput {
        if let Some(cn) = self.call_number {
            base.call_number = cn;
            base.scheme = None;
        }
        if let Some(s) = self.scheme {
            base.scheme = Some(match s {
                SchemeArg::Lcc => CallNumberScheme::Lcc,
                SchemeArg::Ddc => CallNumberScheme::Ddc,
                SchemeArg::Local => CallNumberScheme::Local,
            });
        }
        if let Some(l) = self.location {
            base.location = l;
        }
        base.item_type = self.item_type.or(base.item_type);
        base.status = self.status.or(base.status);
        let set = |field: &mut Option<String>, v: Option<String>| {
            if let Some(v) = v {
                *field = text(Some(v));
            }
        };
        set(&mut base.enumeration, self.enumeration);
        set(&mut base.copy_number, self.copy_number);
        set(&mut base.price, self.price);
        set(&mut base.acquired_on, self.acquired_on);
        set(&mut base.accession_number, self.accession_number);
        set(&mut base.provenance, self.provenance);
        set(&mut base.binding, self.binding);
        set(&mut base.note, self.note);
        base
    }
}

/// The item as `key: value` lines.
fn describe(item: &Item) -> String {
    let mut lines = vec![
        format!("Barcode:      {}", item.barcode),
        format!("Record:       {}", item.record_id),
        format!(
            "Call number:  {} ({})",
            item.call_number,
            item.scheme.as_str()
        ),
    ];
    if let Some(w) = &item.call_number_warning {
        lines.push(format!("  warning:    {w}"));
    }
    lines.push(format!("Location:     {}", item.location));
    lines.push(format!("Type:         {}", item.item_type.as_str()));
    lines.push(format!("Status:       {}", item.status.as_str()));
    for (label, v) in [
        ("Volume/part", &item.enumeration),
        ("Copy", &item.copy_number),
        ("Price", &item.price),
        ("Acquired", &item.acquired_on),
        ("Accession no.", &item.accession_number),
        ("Provenance", &item.provenance),
        ("Binding", &item.binding),
        ("Note", &item.note),
    ] {
        if let Some(v) = v {
            lines.push(format!("{:<14}{v}", format!("{label}:")));
        }
    }
    lines.join("\n") + "\n"
}

pub fn run_item(library: Option<&Path>, cmd: ItemCommand) -> Result<ExitCode, Error> {
    let mut lib = carrel::open_library(library, now())?;
    match cmd {
        ItemCommand::Add {
            record_id,
            fields,
            json,
        } => {
            let barcode = fields
                .barcode
                .clone()
                .ok_or_else(|| Error::InvalidInput("give the item's --barcode".into()))?;
            let mut input = fields.over(ItemInput {
                barcode,
                ..ItemInput::default()
            });
            tell_guess(&lib, record_id, &mut input)?;
            let item = add_item(&mut lib, record_id, &input, now())?;
            if json {
                print_json(&item);
            } else {
                if let Some(w) = &item.call_number_warning {
                    eprintln!("carrel: call number {:?}: {w}", item.call_number);
                }
                emit(&format!(
                    "Added item {} to record {}\n",
                    item.barcode, item.record_id
                ));
            }
        }
        ItemCommand::Show { barcode, json } => {
            let item = get_item_by_barcode(&lib, &barcode)?;
            if json {
                print_json(&item);
            } else {
                emit(&describe(&item));
            }
        }
        ItemCommand::List { record_id, json } => {
            let items = items_of_record(&lib, record_id)?;
            if json {
                print_json(&items);
            } else {
                let rows: Vec<[String; 4]> = items
                    .iter()
                    .map(|i| {
                        [
                            spine(
                                &i.call_number,
                                i.enumeration.as_deref(),
                                i.copy_number.as_deref(),
                            ),
                            i.barcode.clone(),
                            i.location.clone(),
                            i.status.as_str().to_string(),
                        ]
                    })
                    .collect();
                emit(&columns(&rows));
                eprintln!(
                    "{} item{}",
                    items.len(),
                    if items.len() == 1 { "" } else { "s" }
                );
            }
        }
        ItemCommand::Edit {
            item,
            new_barcode,
            fields,
            json,
        } => {
            if fields.barcode.is_some() {
                return Err(Error::InvalidInput(
                    "to change the barcode give --new-barcode".into(),
                ));
            }
            let item = get_item_by_barcode(&lib, &item)?;
            let mut input = fields.over(ItemInput::from(&item));
            if let Some(b) = new_barcode {
                input.barcode = b;
            }
            tell_guess(&lib, item.record_id, &mut input)?;
            let item = update_item(&mut lib, item.id, &input, now())?;
            if json {
                print_json(&item);
            } else {
                emit(&describe(&item));
            }
        }
        ItemCommand::Delete { barcode, json } => {
            let item = get_item_by_barcode(&lib, &barcode)?;
            let item = delete_item(&mut lib, item.id)?;
            if json {
                print_json(&item);
            } else {
                emit(&format!(
                    "Deleted item {} of record {}\n",
                    item.barcode, item.record_id
                ));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A call number given without a scheme: guesses it as the core would, says so on standard error
/// (also with `--json`: a guess is never silent) and fixes it in `input`.
fn tell_guess(
    lib: &carrel::Library,
    record_id: RecordId,
    input: &mut ItemInput,
) -> Result<(), Error> {
    if input.scheme.is_none() && !input.call_number.trim().is_empty() {
        let g = guess_item_scheme(lib, record_id, &input.call_number)?;
        eprintln!("scheme: {}", g.describe());
        if g.source == carrel::catalogue::callnumber::GuessSource::CallNumber {
            // Advise setting a default only to a library that has none.
            match carrel::catalogue::settings::default_scheme(lib)? {
                Some(d) => eprintln!(
                    "  (it does not fit the library's default scheme, {}: give --scheme to choose)",
                    carrel::catalogue::callnumber::Scheme::from(d).as_str()
                ),
                None => eprintln!(
                    "  (give --scheme, or set the library's default with `carrel settings scheme`)"
                ),
            }
        }
        input.scheme = Some(g.scheme.into());
    }
    Ok(())
}

/// The call number as it stands on the spine: with the enumeration (when the call number does not
/// already end with it) and the copy number ("QA76 .B6 v.2 c.2").
pub fn spine(call_number: &str, enumeration: Option<&str>, copy_number: Option<&str>) -> String {
    let mut s = call_number.to_string();
    if let Some(e) = enumeration.map(str::trim).filter(|e| !e.is_empty()) {
        if !call_number.contains(e) {
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(e);
        }
    }
    if let Some(c) = copy_number.map(str::trim).filter(|c| !c.is_empty()) {
        if !s.is_empty() {
            s.push(' ');
        }
        if c.bytes().all(|b| b.is_ascii_digit()) {
            s.push_str("c.");
        }
        s.push_str(c);
    }
    s
}

/// Rows as left-aligned columns separated by two spaces (each column as wide as its widest
/// value, at most 40 characters; the last column is not padded).
fn columns<const N: usize>(rows: &[[String; N]]) -> String {
    let mut widths = [0usize; N];
    for row in rows {
        for (i, v) in row.iter().enumerate() {
            widths[i] = widths[i].max(v.chars().count().min(40));
        }
    }
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (i, v) in row.iter().enumerate() {
            if i + 1 == N {
                line.push_str(v);
            } else {
                let pad = widths[i].saturating_sub(v.chars().count());
                line.push_str(v);
                line.push_str(&" ".repeat(pad + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// `carrel shelflist`: the items in shelf order, all or `limit`, from the start or from where
/// `from` would stand.
pub fn run_shelflist(
    library: Option<&Path>,
    location: Option<String>,
    from: Option<String>,
    limit: Option<u32>,
    json: bool,
) -> Result<ExitCode, Error> {
    let lib = carrel::open_library(library, now())?;
    if limit == Some(0) {
        return Err(Error::InvalidInput("--limit must be at least 1".into()));
    }
    let wanted = limit.map(|n| n as usize).unwrap_or(usize::MAX);
    let page_size = limit.unwrap_or(MAX_PAGE).min(MAX_PAGE);
    let mut entries: Vec<ShelfEntry> = Vec::new();
    let mut page = match &from {
        Some(cn) => {
            let mut p = shelf_list(
                &lib,
                location.as_deref(),
                &ShelfStart::Around(cn.clone()),
                page_size,
            )?;
            // Start at the call number, not before it.
            let at = p.position.unwrap_or(0) as usize;
            p.entries.drain(..at.min(p.entries.len()));
            p
        }
        None => shelf_list(&lib, location.as_deref(), &ShelfStart::First, page_size)?,
    };
    loop {
        entries.append(&mut page.entries);
        if entries.len() >= wanted {
            entries.truncate(wanted);
            break;
        }
        match page.after.take() {
            Some(after) => {
                page = shelf_list(
                    &lib,
                    location.as_deref(),
                    &ShelfStart::After(after),
                    page_size,
                )?
            }
            None => break,
        }
    }
    if json {
        print_json(&entries);
    } else {
        let rows: Vec<[String; 4]> = entries
            .iter()
            .map(|e| {
                let cn = spine(
                    &e.call_number,
                    e.enumeration.as_deref(),
                    e.copy_number.as_deref(),
                );
                [cn, e.barcode.clone(), e.location.clone(), e.title.clone()]
            })
            .collect();
        emit(&columns(&rows));
        eprintln!(
            "{} item{}",
            entries.len(),
            if entries.len() == 1 { "" } else { "s" }
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run_settings(library: Option<&Path>, cmd: SettingsCommand) -> Result<ExitCode, Error> {
    let mut lib = carrel::open_library(library, now())?;
    match cmd {
        SettingsCommand::Barcode {
            prefix,
            length,
            check_digit,
            json,
        } => {
            let mut rules = barcode_rules(&lib)?;
            if prefix.is_some() || length.is_some() || check_digit.is_some() {
                if let Some(p) = prefix {
                    rules.prefix = p;
                }
                if let Some(n) = length {
                    rules.length = (n > 0).then_some(n);
                }
                if let Some(c) = check_digit {
                    rules.check_digit = match c {
                        CheckDigitArg::None => CheckDigit::None,
                        CheckDigitArg::CodabarMod10 => CheckDigit::CodabarMod10,
                        CheckDigitArg::Code39Mod43 => CheckDigit::Code39Mod43,
                    };
                }
                rules = set_barcode_rules(&mut lib, &rules)?;
            }
            if json {
                print_json(&rules);
            } else {
                emit(&format!(
                    "Prefix:       {}\nLength:       {}\nCheck digit:  {}\n",
                    if rules.prefix.is_empty() {
                        "(any)"
                    } else {
                        &rules.prefix
                    },
                    rules
                        .length
                        .map(|n| n.to_string())
                        .unwrap_or_else(|| "(any)".into()),
                    rules.check_digit.as_str()
                ));
            }
        }
        SettingsCommand::Agency { code, json } => {
            let agency = match code {
                Some(c) => carrel::catalogue::settings::set_cataloguing_agency(&mut lib, &c)?,
                None => carrel::catalogue::settings::cataloguing_agency(&lib)?,
            };
            if json {
                print_json(&serde_json::json!({ "agency": agency }));
            } else {
                emit(&format!("Cataloguing agency:  {agency}\n"));
            }
        }
        SettingsCommand::Scheme { scheme, json } => {
            use carrel::catalogue::settings::{default_scheme, set_default_scheme};
            let scheme = match scheme {
                None => default_scheme(&lib)?,
                Some(s) => set_default_scheme(
                    &mut lib,
                    match s {
                        DefaultSchemeArg::Lcc => Some(CallNumberScheme::Lcc),
                        DefaultSchemeArg::Ddc => Some(CallNumberScheme::Ddc),
                        DefaultSchemeArg::Local => Some(CallNumberScheme::Local),
                        DefaultSchemeArg::None => None,
                    },
                )?,
            };
            if json {
                print_json(&serde_json::json!({ "default_scheme": scheme }));
            } else {
                emit(&format!(
                    "Default call-number scheme:  {}\n",
                    scheme.map_or("(none: each call number's form decides)", |s| s.as_str())
                ));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
