//! Circulation at the command line: `carrel patron …`, `checkout`, `checkin`, `renew`,
//! `hold …`, `overdues`, `calendar …`, `policy …`. Every command takes `--today YYYY-MM-DD`
//! (default: the local date) and `--json`. A refused action exits 1 and says why (with `--json`:
//! `{"kind", "message", "overridable"}` on standard output).

use carrel::RecordId;
use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};

use carrel::catalogue::items::{get_item_by_barcode, ItemStatus};
use carrel::circulation::{
    self as circ, CheckinReceipt, CheckoutOutcome, HoldFilter, LoanLine, LoanRule, OverdueOrder,
    Patron, PatronInput, Refusal, RenewOutcome,
};
use carrel::{Error, Library};

use crate::{emit, now, print_json};

/// Options every circulation command takes.
#[derive(Args, Clone, Debug)]
pub struct Common {
    /// The day to act on, YYYY-MM-DD (default: today's local date). Due dates count from it.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_today)]
    pub today: Option<NaiveDate>,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `--today`: a calendar date between 1900-01-01 and 9998-12-31, so that every due date counted
/// from it still has a four-digit year (dates are stored as ISO 8601 text, `YYYY-MM-DD`).
fn parse_today(text: &str) -> Result<NaiveDate, String> {
    let day = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("“{text}” is not a date YYYY-MM-DD"))?;
    let first = NaiveDate::from_ymd_opt(1900, 1, 1).expect("a date");
    let last = NaiveDate::from_ymd_opt(9998, 12, 31).expect("a date");
    if day < first || day > last {
        return Err(format!("{day} is outside 1900-01-01 to 9998-12-31"));
    }
    Ok(day)
}

impl Common {
    fn today(&self) -> NaiveDate {
        self.today
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }
}

#[derive(Subcommand)]
pub enum CirculationCommand {
    /// Patrons: add, find, show, edit, delete.
    Patron {
        #[command(subcommand)]
        command: PatronCommand,
    },
    /// Lend an item to a patron. A refused loan exits 1 with the reason; --override REASON lends
    /// anyway (recorded on the loan) when the refusal may be overridden.
    Checkout {
        /// The item's barcode.
        #[arg(value_name = "ITEM_BARCODE")]
        item: String,
        /// The patron's card number.
        #[arg(long, value_name = "CARD")]
        patron: String,
        #[arg(long = "override", value_name = "REASON")]
        override_reason: Option<String>,
        #[command(flatten)]
        common: Common,
    },
    /// Return items: says who had each, whether it was overdue and whether it is now on the hold
    /// shelf for someone; then prints the reshelving list in shelf order.
    Checkin {
        #[arg(required = true, value_name = "ITEM_BARCODE")]
        items: Vec<String>,
        #[command(flatten)]
        common: Common,
    },
    /// Renew the loan of an item (by its barcode).
    Renew {
        #[arg(value_name = "ITEM_BARCODE")]
        item: String,
        #[arg(long = "override", value_name = "REASON")]
        override_reason: Option<String>,
        #[command(flatten)]
        common: Common,
    },
    /// Holds: place, list, cancel, expire.
    Hold {
        #[command(subcommand)]
        command: HoldCommand,
    },
    /// Overdue loans with days overdue (or, with --due-soon, loans due in the next days).
    Overdues {
        /// List by patron (for notices) or by item (most overdue first).
        #[arg(long, value_enum, default_value_t = ByArg::Patron)]
        by: ByArg,
        /// Print one notice per patron (the library's template) instead of the list.
        #[arg(long)]
        notices: bool,
        /// Loans due within N days instead (reminders; default: the library's setting).
        #[arg(long, value_name = "N", num_args = 0..=1, default_missing_value = "-1")]
        due_soon: Option<i64>,
        #[command(flatten)]
        common: Common,
    },
    /// The calendar of closed days (besides the weekend).
    Calendar {
        #[command(subcommand)]
        command: CalendarCommand,
    },
    /// The loan policy table (patron category × item type).
    Policy {
        #[command(subcommand)]
        command: PolicyCommand,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ByArg {
    Patron,
    Item,
}

#[derive(Args, Clone, Default)]
pub struct PatronFields {
    #[arg(long, value_name = "N")]
    name: Option<String>,
    /// Card number (scanned from a pre-printed card); default: generated from the library's pattern.
    #[arg(long, value_name = "C")]
    card: Option<String>,
    /// partner, associate, staff (default), researcher, external… (the loan policy's categories).
    #[arg(long, value_name = "CAT")]
    category: Option<String>,
    #[arg(long, value_name = "D")]
    department: Option<String>,
    #[arg(long)]
    email: Option<String>,
    #[arg(long)]
    phone: Option<String>,
    /// Last day the card is valid (an empty value: no expiry).
    #[arg(long, value_name = "YYYY-MM-DD")]
    expires: Option<String>,
    #[arg(long)]
    notes: Option<String>,
}

#[derive(Subcommand)]
pub enum PatronCommand {
    /// Add a patron.
    Add {
        #[command(flatten)]
        fields: PatronFields,
        #[command(flatten)]
        common: Common,
    },
    /// Find patrons by name, card number or department.
    Find {
        text: String,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[command(flatten)]
        common: Common,
    },
    /// Show a patron (by card number) with their loans and holds.
    Show {
        card: String,
        /// Also their returned loans (the loan history).
        #[arg(long)]
        history: bool,
        #[command(flatten)]
        common: Common,
    },
    /// Change a patron (by card number): only the fields given change.
    Edit {
        #[arg(value_name = "CARD")]
        current_card: String,
        #[command(flatten)]
        fields: PatronFields,
        /// Block the card, with the reason the desk will show.
        #[arg(long, value_name = "REASON", conflicts_with = "unblock")]
        block: Option<String>,
        #[arg(long)]
        unblock: bool,
        #[command(flatten)]
        common: Common,
    },
    /// Delete a patron (refused while they have items on loan).
    Delete {
        card: String,
        #[command(flatten)]
        common: Common,
    },
    /// Print library cards to a PDF: one card (ID-1, 85.60 × 53.98 mm) with the card number as a
    /// Code 128 barcode; several card numbers (or --sheet) give A4 sheets of 10 with crop marks.
    Card {
        #[arg(required = true, value_name = "CARD")]
        cards: Vec<String>,
        /// The PDF file to write.
        #[arg(short, long, value_name = "FILE.pdf")]
        output: std::path::PathBuf,
        /// A4 sheet even for one card.
        #[arg(long)]
        sheet: bool,
        #[command(flatten)]
        common: Common,
    },
}

/// What `carrel patron card` wrote (`--json`).
#[derive(serde::Serialize)]
struct CardsWritten {
    file: String,
    /// "card" (one ID-1 page) or "sheet" (A4 pages of 10).
    layout: &'static str,
    patrons: Vec<Patron>,
    /// Characters no installed font could draw (they print as U+FFFD), in a sentence.
    warnings: Vec<String>,
}

#[derive(Subcommand)]
pub enum HoldCommand {
    /// Place a hold for a patron on a record (any copy) or on one item.
    Place {
        #[arg(long, value_name = "CARD")]
        patron: String,
        #[arg(
            long,
            value_name = "ID",
            required_unless_present = "item",
            conflicts_with = "item"
        )]
        record: Option<RecordId>,
        /// The item's barcode (a hold on that copy only).
        #[arg(long, value_name = "BARCODE")]
        item: Option<String>,
        #[command(flatten)]
        common: Common,
    },
    /// List open holds (by record and queue order).
    List {
        #[arg(long, value_name = "CARD")]
        patron: Option<String>,
        #[arg(long, value_name = "ID")]
        record: Option<RecordId>,
        /// Also fulfilled, cancelled and expired holds.
        #[arg(long)]
        all: bool,
        #[command(flatten)]
        common: Common,
    },
    /// Cancel a hold (by id).
    Cancel {
        id: i64,
        #[command(flatten)]
        common: Common,
    },
    /// Lapse holds past their expiry or pickup date; lists copies to take off the hold shelf.
    Expire {
        #[command(flatten)]
        common: Common,
    },
}

#[derive(Subcommand)]
pub enum CalendarCommand {
    /// Mark days closed (public holidays, closures); due dates then move to the next open day.
    Close {
        #[arg(required = true, value_name = "YYYY-MM-DD")]
        days: Vec<NaiveDate>,
        #[arg(long, value_name = "R", default_value = "")]
        reason: String,
        #[command(flatten)]
        common: Common,
    },
    /// Open closed days again.
    Open {
        #[arg(required = true, value_name = "YYYY-MM-DD")]
        days: Vec<NaiveDate>,
        #[command(flatten)]
        common: Common,
    },
    /// List closed days from today on (--all: every one).
    List {
        #[arg(long)]
        all: bool,
        #[command(flatten)]
        common: Common,
    },
}

#[derive(Subcommand)]
pub enum PolicyCommand {
    /// Print the policy table.
    List {
        #[command(flatten)]
        common: Common,
    },
    /// Add or replace the rule for a category × item type ('*' = any).
    Set {
        #[arg(long, default_value = "*")]
        category: String,
        #[arg(long, default_value = "*")]
        item_type: String,
        /// Loan period in days.
        #[arg(long, default_value_t = 21)]
        days: u32,
        /// A fixed due date instead (end of term).
        #[arg(long, value_name = "YYYY-MM-DD")]
        until: Option<NaiveDate>,
        #[arg(long, default_value_t = 2)]
        renewals: u32,
        #[arg(long, default_value_t = 20)]
        max_items: u32,
        #[arg(long)]
        no_holds: bool,
        /// Reading room only.
        #[arg(long)]
        not_for_loan: bool,
        #[command(flatten)]
        common: Common,
    },
    /// Remove the rule for a category × item type.
    Remove {
        #[arg(long, default_value = "*")]
        category: String,
        #[arg(long, default_value = "*")]
        item_type: String,
        #[command(flatten)]
        common: Common,
    },
    /// Show or change the circulation settings (only the options given change).
    Settings(SettingsArgs),
}

/// The options of `carrel policy settings`.
#[derive(Args, Clone)]
pub struct SettingsArgs {
    /// The library's name, for notices.
    #[arg(long, value_name = "NAME")]
    library_name: Option<String>,
    /// Weekend days, ISO numbers 1 = Monday … 7 = Sunday, comma-separated ("6,7"; "" for none).
    #[arg(long, value_name = "DAYS")]
    weekend: Option<String>,
    /// Returned loans lose their patron after N days (privacy); "off" keeps them.
    #[arg(long, value_name = "N|off")]
    anonymise_after: Option<String>,
    #[arg(long, value_name = "N")]
    hold_expiry_days: Option<u32>,
    #[arg(long, value_name = "N")]
    hold_pickup_days: Option<u32>,
    #[arg(long, value_name = "N")]
    due_soon_days: Option<u32>,
    /// Generated card numbers: prefix, digits of the sequence, Luhn check digit.
    #[arg(long, value_name = "P")]
    card_prefix: Option<String>,
    #[arg(long, value_name = "N")]
    card_digits: Option<u32>,
    #[arg(long, value_name = "true|false")]
    card_check_digit: Option<bool>,
    /// The overdue notice template, read from a file (fields in docs/circulation.md).
    #[arg(long, value_name = "FILE")]
    notice_template: Option<std::path::PathBuf>,
    #[command(flatten)]
    common: Common,
}

impl CirculationCommand {
    fn common(&self) -> &Common {
        use CirculationCommand as C;
        match self {
            C::Patron { command } => match command {
                PatronCommand::Add { common, .. }
                | PatronCommand::Find { common, .. }
                | PatronCommand::Show { common, .. }
                | PatronCommand::Edit { common, .. }
                | PatronCommand::Delete { common, .. }
                | PatronCommand::Card { common, .. } => common,
            },
            C::Checkout { common, .. }
            | C::Checkin { common, .. }
            | C::Renew { common, .. }
            | C::Overdues { common, .. } => common,
            C::Hold { command } => match command {
                HoldCommand::Place { common, .. }
                | HoldCommand::List { common, .. }
                | HoldCommand::Cancel { common, .. }
                | HoldCommand::Expire { common } => common,
            },
            C::Calendar { command } => match command {
                CalendarCommand::Close { common, .. }
                | CalendarCommand::Open { common, .. }
                | CalendarCommand::List { common, .. } => common,
            },
            C::Policy { command } => match command {
                PolicyCommand::List { common }
                | PolicyCommand::Set { common, .. }
                | PolicyCommand::Remove { common, .. }
                | PolicyCommand::Settings(SettingsArgs { common, .. }) => common,
            },
        }
    }

    /// Whether failures are printed as JSON.
    pub fn json(&self) -> bool {
        self.common().json
    }
}

fn refused(r: &Refusal, json: bool) -> ExitCode {
    if json {
        print_json(r);
    } else {
        let hint = if r.overridable {
            " (--override REASON to lend anyway)"
        } else {
            ""
        };
        eprintln!("carrel: refused: {}{hint}", r.message);
    }
    ExitCode::from(1)
}

fn date_arg(s: &str) -> Result<Option<NaiveDate>, Error> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    s.parse()
        .map(Some)
        .map_err(|_| Error::InvalidInput(format!("{s:?} is not a date (YYYY-MM-DD)")))
}

fn apply(fields: &PatronFields, mut input: PatronInput) -> Result<PatronInput, Error> {
    if let Some(v) = &fields.name {
        input.name = v.clone();
    }
    if let Some(v) = &fields.card {
        input.card = Some(v.clone());
    }
    if let Some(v) = &fields.category {
        input.category = Some(v.clone());
    }
    if let Some(v) = &fields.department {
        input.department = v.clone();
    }
    if let Some(v) = &fields.email {
        input.email = Some(v.clone());
    }
    if let Some(v) = &fields.phone {
        input.phone = Some(v.clone());
    }
    if let Some(v) = &fields.expires {
        input.expires_on = date_arg(v)?;
    }
    if let Some(v) = &fields.notes {
        input.notes = Some(v.clone());
    }
    Ok(input)
}

fn patron_line(p: &Patron) -> String {
    let mut flags = Vec::new();
    if p.blocked {
        flags.push(format!(
            "BLOCKED{}",
            p.block_reason
                .as_deref()
                .map(|r| format!(": {r}"))
                .unwrap_or_default()
        ));
    }
    if let Some(e) = p.expires_on {
        flags.push(format!("expires {e}"));
    }
    let dept = if p.department.is_empty() {
        String::new()
    } else {
        format!(", {}", p.department)
    };
    let flags = if flags.is_empty() {
        String::new()
    } else {
        format!("  [{}]", flags.join("; "))
    };
    format!(
        "{}\t{} ({}{dept})\t{} on loan{flags}\n",
        p.card, p.name, p.category, p.loans
    )
}

fn loan_text(l: &LoanLine) -> String {
    let state = match l.loan.returned_on {
        Some(r) => format!("returned {r}"),
        None if l.days_overdue > 0 => {
            format!("due {}, {} days overdue", l.loan.due_on, l.days_overdue)
        }
        None => format!("due {}", l.loan.due_on),
    };
    let who = if l.patron_name.is_empty() {
        String::new()
    } else {
        format!("\t{} ({})", l.patron_name, l.patron_card)
    };
    format!("{}\t{}\t{state}{who}\n", l.item_barcode, l.title)
}

fn checkin_text(r: &CheckinReceipt) -> String {
    let mut s = format!("{}\t{}", r.item_barcode, r.title);
    match (&r.patron_name, r.due_on) {
        (Some(p), Some(due)) => {
            s += &format!("\treturned by {p}, due {due}");
            if r.days_overdue > 0 {
                s += &format!(", {} days OVERDUE", r.days_overdue);
            }
        }
        (None, Some(due)) => s += &format!("\treturned, due {due}"),
        // Said below, with what was found.
        _ if r.corrected_from.is_some() => {}
        _ => s += "\twas not on loan",
    }
    if let Some(was) = r.corrected_from {
        s += &format!(
            "\twas marked {} but had no {} in this library: it is now {}",
            was.as_str().replace('_', " "),
            if was == ItemStatus::OnLoan {
                "loan"
            } else {
                "trapped hold"
            },
            r.new_status.as_str().replace('_', " ")
        );
    }
    if let Some(h) = &r.hold {
        s += &format!(
            "\n  HOLD SLIP: keep for {} ({}) until {}",
            h.patron_name, h.patron_card, h.pickup_by
        );
    }
    s + "\n"
}

/// Runs a circulation command: the library is opened once, then one function per subcommand.
pub fn run(library: Option<&Path>, command: CirculationCommand) -> Result<ExitCode, Error> {
    let mut lib = carrel::open_library(library, now())?;
    let common = command.common().clone();
    let (today, json) = (common.today(), common.json);
    let lib = &mut lib;
    use CirculationCommand as C;
    match command {
        C::Patron { command } => match command {
            PatronCommand::Add { fields, .. } => patron_add(lib, fields, json),
            PatronCommand::Find { text, limit, .. } => patron_find(lib, text, limit, json),
            PatronCommand::Show { card, history, .. } => {
                patron_show(lib, card, history, today, json)
            }
            PatronCommand::Edit {
                current_card,
                fields,
                block,
                unblock,
                ..
            } => patron_edit(lib, current_card, fields, block, unblock, json),
            PatronCommand::Delete { card, .. } => patron_delete(lib, card, json),
            PatronCommand::Card {
                cards,
                output,
                sheet,
                ..
            } => patron_card(lib, cards, output, sheet, json),
        },
        C::Checkout {
            item,
            patron,
            override_reason,
            ..
        } => checkout(lib, item, patron, override_reason, today, json),
        C::Checkin { items, .. } => checkin(lib, items, today, json),
        C::Renew {
            item,
            override_reason,
            ..
        } => renew(lib, item, override_reason, today, json),
        C::Hold { command } => match command {
            HoldCommand::Place {
                patron,
                record,
                item,
                ..
            } => hold_place(lib, patron, record, item, today, json),
            HoldCommand::List {
                patron,
                record,
                all,
                ..
            } => hold_list(lib, patron, record, all, json),
            HoldCommand::Cancel { id, .. } => hold_cancel(lib, id, today, json),
            HoldCommand::Expire { .. } => hold_expire(lib, today, json),
        },
        C::Overdues {
            by,
            notices,
            due_soon,
            ..
        } => overdues(lib, by, notices, due_soon, today, json),
        C::Calendar { command } => calendar(lib, command, today, json),
        C::Policy {
            command: PolicyCommand::Settings(args),
        } => policy_settings(lib, args, json),
        C::Policy { command } => policy(lib, command, json),
    }
}

/// `carrel patron add`.
fn patron_add(lib: &mut Library, fields: PatronFields, json: bool) -> Result<ExitCode, Error> {
    let input = apply(&fields, PatronInput::default())?;
    let p = circ::add_patron(lib, &input, now())?;
    if json {
        print_json(&p);
    } else {
        emit(&format!("Added patron {} with card {}\n", p.name, p.card));
    }
    Ok(ExitCode::SUCCESS)
}

/// `carrel patron find`: patrons by name, card or department.
fn patron_find(lib: &Library, text: String, limit: u32, json: bool) -> Result<ExitCode, Error> {
    let found = circ::find_patrons(lib, &text, limit)?;
    if json {
        print_json(&found);
    } else {
        found.iter().for_each(|p| emit(&patron_line(p)));
    }
    Ok(ExitCode::SUCCESS)
}

/// `carrel patron show`: the patron as the desk sees them.
fn patron_show(
    lib: &Library,
    card: String,
    history: bool,
    today: NaiveDate,
    json: bool,
) -> Result<ExitCode, Error> {
    let mut desk = circ::patron_at_desk(lib, &card, today)?;
    if history {
        desk.loans = circ::patron_loans(lib, desk.patron.id, today, true)?;
    }
    if json {
        print_json(&desk);
    } else {
        let (p, loans, holds) = (&desk.patron, &desk.loans, &desk.holds);
        emit(&patron_line(p));
        if let Some(r) = &desk.cannot_borrow {
            emit(&format!("  cannot borrow: {}\n", r.message));
        }
        for (label, v) in [
            ("e-mail", &p.email),
            ("phone", &p.phone),
            ("notes", &p.notes),
        ] {
            if let Some(v) = v {
                emit(&format!("  {label}: {v}\n"));
            }
        }
        loans
            .iter()
            .for_each(|l| emit(&format!("  {}", loan_text(l))));
        for h in holds {
            emit(&format!(
                "  hold {}: {} — {}{}\n",
                h.id,
                h.title,
                h.status.as_str(),
                if h.position > 0 {
                    format!(", #{} in queue", h.position)
                } else {
                    String::new()
                }
            ));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `carrel patron edit`: changes the fields given, blocks or unblocks.
fn patron_edit(
    lib: &mut Library,
    current_card: String,
    fields: PatronFields,
    block: Option<String>,
    unblock: bool,
    json: bool,
) -> Result<ExitCode, Error> {
    let p = circ::get_patron_by_card(lib, &current_card)?;
    let base = PatronInput::from(&p);
    let mut input = apply(&fields, base)?;
    if let Some(reason) = block {
        input.blocked = true;
        input.block_reason = Some(reason);
    }
    if unblock {
        input.blocked = false;
        input.block_reason = None;
    }
    let p = circ::update_patron(lib, p.id, &input, now())?;
    if json {
        print_json(&p);
    } else {
        emit(&patron_line(&p));
    }
    Ok(ExitCode::SUCCESS)
}

/// `carrel patron delete`.
fn patron_delete(lib: &mut Library, card: String, json: bool) -> Result<ExitCode, Error> {
    let p = circ::get_patron_by_card(lib, &card)?;
    let p = circ::delete_patron(lib, p.id)?;
    if json {
        print_json(&p);
    } else {
        emit(&format!("Deleted patron {} ({})\n", p.name, p.card));
    }
    Ok(ExitCode::SUCCESS)
}

/// `carrel patron card`: one card, or a sheet of cards, as PDF.
fn patron_card(
    lib: &Library,
    cards: Vec<String>,
    output: std::path::PathBuf,
    sheet: bool,
    json: bool,
) -> Result<ExitCode, Error> {
    let layout = if cards.len() == 1 && !sheet {
        "card"
    } else {
        "sheet"
    };
    let (patrons, warnings) = circ::card::save_patron_cards_report(lib, &cards, &output, sheet)?;
    for w in &warnings {
        eprintln!("carrel: {}: {w}", output.display());
    }
    if json {
        print_json(&CardsWritten {
            file: output.display().to_string(),
            layout,
            patrons,
            warnings,
        });
    } else {
        let who = patrons
            .iter()
            .map(|p| format!("{} ({})", p.name, p.card))
            .collect::<Vec<_>>()
            .join(", ");
        emit(&format!(
            "Wrote {} card{} to {}: {who}\n",
            patrons.len(),
            if patrons.len() == 1 { "" } else { "s" },
            output.display()
        ));
    }
    Ok(ExitCode::SUCCESS)
}

/// `carrel checkout`: lends an item, or says why not.
fn checkout(
    lib: &mut Library,
    item: String,
    patron: String,
    override_reason: Option<String>,
    today: NaiveDate,
    json: bool,
) -> Result<ExitCode, Error> {
    match circ::check_out(lib, &item, &patron, today, override_reason.as_deref())? {
        CheckoutOutcome::Refused(r) => return Ok(refused(&r, json)),
        CheckoutOutcome::Done(receipt) => {
            if json {
                print_json(&receipt);
            } else {
                emit(&format!(
                    "{}\t{}\tto {} ({})\tdue {}\n",
                    receipt.item_barcode,
                    receipt.title,
                    receipt.patron_name,
                    receipt.patron_card,
                    receipt.due_date
                ));
                for r in &receipt.overridden {
                    emit(&format!("  overridden: {}\n", r.message));
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `carrel checkin`: returns items and prints the reshelving list.
fn checkin(
    lib: &mut Library,
    items: Vec<String>,
    today: NaiveDate,
    json: bool,
) -> Result<ExitCode, Error> {
    // Each scan is its own transaction; an unknown barcode is reported and the others
    // are still checked in (the command then exits 1).
    let mut receipts = Vec::new();
    let mut failed = Vec::new();
    for b in &items {
        match circ::check_in(lib, b, today) {
            Ok(r) => {
                if !json {
                    emit(&checkin_text(&r));
                }
                receipts.push(r);
            }
            Err(e @ Error::NotFound(_)) => {
                if !json {
                    eprintln!("carrel: {e}");
                }
                failed.push(carrel::ApiError::from(e));
            }
            Err(e) => return Err(e),
        }
    }
    let reshelve = circ::reshelving_list(&receipts);
    if json {
        print_json(
            &serde_json::json!({ "checked_in": receipts, "reshelve": reshelve, "failed": failed }),
        );
    } else if receipts.len() > 1 && !reshelve.is_empty() {
        emit("\nReshelve in this order:\n");
        for r in &reshelve {
            emit(&format!(
                "  {}\t{}\t{}\t{}\n",
                r.location,
                crate::items::spine(
                    &r.call_number,
                    r.enumeration.as_deref(),
                    r.copy_number.as_deref()
                ),
                r.item_barcode,
                r.title
            ));
        }
    }
    if !failed.is_empty() {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// `carrel renew`.
fn renew(
    lib: &mut Library,
    item: String,
    override_reason: Option<String>,
    today: NaiveDate,
    json: bool,
) -> Result<ExitCode, Error> {
    match circ::renew(lib, &item, today, override_reason.as_deref())? {
        RenewOutcome::Refused(r) => return Ok(refused(&r, json)),
        RenewOutcome::Done(r) => {
            if json {
                print_json(&r);
            } else {
                emit(&format!(
                    "{}\t{}\tnow due {} (renewal {})\n",
                    r.item_barcode, r.title, r.due_date, r.renewals
                ));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `carrel hold place`: on a record, or on one item.
fn hold_place(
    lib: &mut Library,
    patron: String,
    record: Option<RecordId>,
    item: Option<String>,
    today: NaiveDate,
    json: bool,
) -> Result<ExitCode, Error> {
    let p = circ::get_patron_by_card(lib, &patron)?;
    let (record, item_id) = match (record, item) {
        (_, Some(b)) => {
            let it = get_item_by_barcode(lib, &b)?;
            (it.record_id, Some(it.id))
        }
        (Some(r), None) => (r, None),
        (None, None) => {
            return Err(Error::InvalidInput(
                "give --record ID or --item BARCODE".into(),
            ))
        }
    };
    match circ::place_hold(lib, p.id, record, item_id, today)? {
        circ::HoldOutcome::Refused(r) => return Ok(refused(&r, json)),
        circ::HoldOutcome::Done(h) => {
            if json {
                print_json(&h);
            } else {
                emit(&format!(
                    "Hold {} for {} on {}: #{} in the queue\n",
                    h.id, h.patron_name, h.title, h.position
                ));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `carrel hold list`.
fn hold_list(
    lib: &Library,
    patron: Option<String>,
    record: Option<RecordId>,
    all: bool,
    json: bool,
) -> Result<ExitCode, Error> {
    let patron_id = match patron {
        Some(c) => Some(circ::get_patron_by_card(lib, &c)?.id),
        None => None,
    };
    let holds = circ::list_holds(
        lib,
        &HoldFilter {
            patron_id,
            record_id: record,
            all,
        },
    )?;
    if json {
        print_json(&holds);
    } else {
        for h in &holds {
            let state = match h.status {
                circ::HoldStatus::Waiting => format!("waiting, #{}", h.position),
                circ::HoldStatus::Trapped => format!(
                    "on the hold shelf ({}) until {}",
                    h.item_barcode.as_deref().unwrap_or(""),
                    h.pickup_by.map(|d| d.to_string()).unwrap_or_default()
                ),
                s => s.as_str().to_string(),
            };
            emit(&format!(
                "{}\t{}\t{} ({})\t{state}\n",
                h.id, h.title, h.patron_name, h.patron_card
            ));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `carrel hold cancel`.
fn hold_cancel(
    lib: &mut Library,
    id: i64,
    today: NaiveDate,
    json: bool,
) -> Result<ExitCode, Error> {
    let h = circ::cancel_hold(lib, id, today)?;
    if json {
        print_json(&h);
    } else {
        emit(&format!(
            "Cancelled hold {} ({} on {})\n",
            h.id, h.patron_name, h.title
        ));
    }
    Ok(ExitCode::SUCCESS)
}

/// `carrel hold expire`: lapses the holds whose day has passed.
fn hold_expire(lib: &mut Library, today: NaiveDate, json: bool) -> Result<ExitCode, Error> {
    let lapsed = circ::expire_holds(lib, today)?;
    if json {
        print_json(&lapsed);
    } else {
        for h in &lapsed {
            let shelf = h
                .item_barcode
                .as_deref()
                .filter(|_| h.status == circ::HoldStatus::Trapped)
                .map(|b| format!("\ttake {b} off the hold shelf"))
                .unwrap_or_default();
            emit(&format!(
                "hold {} lapsed: {} on {}{shelf}\n",
                h.id, h.patron_name, h.title
            ));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `carrel overdues`: the list, or one notice per patron.
fn overdues(
    lib: &Library,
    by: ByArg,
    notices: bool,
    due_soon: Option<i64>,
    today: NaiveDate,
    json: bool,
) -> Result<ExitCode, Error> {
    if notices {
        // The notices are the core's (the window writes the same ones).
        let loans = match due_soon {
            Some(n) if n >= 0 => circ::NoticeLoans::DueSoon(Some(n as u32)),
            Some(_) => circ::NoticeLoans::DueSoon(None),
            None => circ::NoticeLoans::Overdue,
        };
        let notices = circ::notices(lib, loans, None, today)?;
        if json {
            print_json(&notices);
        } else {
            for n in &notices {
                emit(&format!("{}\n\x0c\n", n.notice));
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let lines = match due_soon {
        Some(n) => {
            let days = if n < 0 {
                circ::settings(lib)?.due_soon_days
            } else {
                n as u32
            };
            circ::due_soon(lib, today, days)?
        }
        None => circ::overdues(
            lib,
            today,
            if matches!(by, ByArg::Item) {
                OverdueOrder::Item
            } else {
                OverdueOrder::Patron
            },
        )?,
    };
    if json {
        print_json(&lines);
    } else {
        lines.iter().for_each(|l| emit(&loan_text(l)));
    }
    Ok(ExitCode::SUCCESS)
}

/// `carrel calendar close|open|list`.
fn calendar(
    lib: &mut Library,
    command: CalendarCommand,
    today: NaiveDate,
    json: bool,
) -> Result<ExitCode, Error> {
    let days = match command {
        CalendarCommand::Close { days, reason, .. } => circ::close_days(lib, &days, &reason)?,
        CalendarCommand::Open { days, .. } => circ::reopen_days(lib, &days)?,
        CalendarCommand::List { all, .. } => {
            circ::closed_days(lib, if all { None } else { Some(today) })?
        }
    };
    if json {
        print_json(&days);
    } else {
        days.iter()
            .for_each(|d| emit(&format!("{}\t{}\n", d.day, d.reason)));
    }
    Ok(ExitCode::SUCCESS)
}

/// `carrel policy settings`: shows, and changes, the circulation settings.
fn policy_settings(lib: &mut Library, args: SettingsArgs, json: bool) -> Result<ExitCode, Error> {
    let SettingsArgs {
        library_name,
        weekend,
        anonymise_after,
        hold_expiry_days,
        hold_pickup_days,
        due_soon_days,
        card_prefix,
        card_digits,
        card_check_digit,
        notice_template,
        ..
    } = args;
    let mut s = circ::settings(lib)?;
    let before = s.clone();
    if let Some(v) = library_name {
        s.library_name = v;
    }
    if let Some(v) = weekend {
        s.weekend = v
            .split(',')
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(|x| {
                x.parse::<u8>().map_err(|_| {
                    Error::InvalidInput(format!("weekend day {x:?} is not a number 1–7"))
                })
            })
            .collect::<Result<_, _>>()?;
    }
    if let Some(v) = anonymise_after {
        s.anonymise_after_days = match v.trim() {
            "off" | "" => None,
            n => Some(n.parse().map_err(|_| {
                Error::InvalidInput(format!(
                    "--anonymise-after {n:?}: give a number of days or off"
                ))
            })?),
        };
    }
    s.hold_expiry_days = hold_expiry_days.unwrap_or(s.hold_expiry_days);
    s.hold_pickup_days = hold_pickup_days.unwrap_or(s.hold_pickup_days);
    s.due_soon_days = due_soon_days.unwrap_or(s.due_soon_days);
    s.card_prefix = card_prefix.unwrap_or(s.card_prefix);
    s.card_digits = card_digits.unwrap_or(s.card_digits);
    s.card_check_digit = card_check_digit.unwrap_or(s.card_check_digit);
    if let Some(f) = notice_template {
        s.notice_template = std::fs::read_to_string(&f)
            .map_err(|e| Error::io(format!("cannot read {}", f.display()), e))?;
    }
    if s != before {
        s = circ::set_settings(lib, &s)?;
    }
    if json {
        print_json(&s);
    } else {
        let weekend = s
            .weekend
            .iter()
            .map(u8::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let anon = s
            .anonymise_after_days
            .map_or("off".to_string(), |n| format!("{n} days"));
        emit(&format!(
            "library name: {}\nweekend: {weekend}\nanonymise returned loans after: {anon}\nhold expiry: {} days\nhold pickup: {} days\ndue soon: {} days\ncard numbers: prefix {:?}, {} digits, check digit {}\n",
            s.library_name, s.hold_expiry_days, s.hold_pickup_days, s.due_soon_days, s.card_prefix, s.card_digits, s.card_check_digit
        ));
    }
    Ok(ExitCode::SUCCESS)
}

/// `carrel policy list|set|remove`: the loan policy table.
fn policy(lib: &mut Library, command: PolicyCommand, json: bool) -> Result<ExitCode, Error> {
    let policy = match command {
        PolicyCommand::List { .. } => circ::policy(lib)?,
        PolicyCommand::Set {
            category,
            item_type,
            days,
            until,
            renewals,
            max_items,
            no_holds,
            not_for_loan,
            ..
        } => {
            let rule = LoanRule {
                category,
                item_type,
                period_days: days,
                due_on: until,
                renewals,
                max_items,
                holds_allowed: !no_holds,
                circulates: !not_for_loan,
            };
            circ::set_loan_rule(lib, &rule)?
        }
        PolicyCommand::Remove {
            category,
            item_type,
            ..
        } => circ::delete_loan_rule(lib, &category, &item_type)?,
        PolicyCommand::Settings(_) => unreachable!("handled in run"),
    };
    if json {
        print_json(&policy);
    } else {
        emit("category\titem type\tperiod\trenewals\tmax items\tholds\tloan\n");
        for r in &policy.rules {
            let period = r
                .due_on
                .map(|d| format!("until {d}"))
                .unwrap_or_else(|| format!("{} days", r.period_days));
            let yn = |b: bool| if b { "yes" } else { "no" };
            emit(&format!(
                "{}\t{}\t{period}\t{}\t{}\t{}\t{}\n",
                r.category,
                r.item_type,
                r.renewals,
                r.max_items,
                yn(r.holds_allowed),
                if r.circulates { "yes" } else { "reading room" }
            ));
        }
    }
    Ok(ExitCode::SUCCESS)
}
