//! The TypeScript bindings in `ui/src/lib/bindings/` are generated from the Rust types that cross
//! IPC (ts-rs). This test fails when they are stale; `UPDATE_BINDINGS=1 cargo test --test bindings`
//! rewrites them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use carrel::bibliography::{
    Bibliography, BibliographyDoc, BibliographyOutput, BibliographySummary, EntryDoc,
    ExportedBibliography, Format, RenderProgress, RenderedBibliography, RenderedEntry,
    RenderedSection, SectionDoc, SectionSort, SelectionRule, Span, StyleChoice,
};
use carrel::catalogue::barcode::BarcodeCheck;
use carrel::catalogue::barcode::{BarcodeRules, CheckDigit};
use carrel::catalogue::editor::{
    EditableField, EditableRecord, EditableSubfield, FormAuthor, FormSeries, RecordForm, Saved,
    Template, TemplateId, Warning,
};
use carrel::catalogue::export::{
    ExportEncoding, ExportFormat, ExportProgress, ExportSummary, Selection, TooLongOutcome,
    TooLongRecord,
};
use carrel::catalogue::history::{DiffKind, DiffLine, RecordHistory, Version};
use carrel::catalogue::import::{
    DuplicatePolicy, ImportEvent, ImportProblem, ImportSummary, Severity,
};
use carrel::catalogue::items::{
    CallNumberScheme, Item, ItemInput, ItemStatus, ItemType, RecordItems,
};
use carrel::catalogue::rejects::{RejectedRecord, RejectsExport};
use carrel::catalogue::shelflist::{ShelfCursor, ShelfEntry, ShelfPage, ShelfStart};
use carrel::catalogue::standard_numbers::{NumberKind, Validation};
use carrel::catalogue::subjects::{RenameOutcome, SubjectHeading, SubjectPage};
use carrel::catalogue::trash::{DeleteOutcome, DeletedRecord, DeletionCheck};
use carrel::catalogue::{
    Facet, FacetFilter, FacetValue, Identifier, Jump, RecordSummary, RecordView, SearchRequest,
    SearchResults, SortOrder,
};
use carrel::circulation::{
    CheckinReceipt, CheckoutOutcome, CheckoutReceipt, CirculationSettings, ClosedDay, Hold,
    HoldFilter, HoldOutcome, HoldSlip, HoldStatus, Loan, LoanLine, LoanRule, OverdueOrder, Patron,
    PatronAtDesk, PatronInput, Policy, Refusal, RefusalKind, RenewOutcome, RenewReceipt,
};
use carrel::maintenance::{CheckReport, Finding, FindingKind, RestorePreview, RestoreReport};
use carrel::storage::backup::{
    BackupFailure, BackupReport, BackupSettings, BackupStatus, Counts, Generations, LastBackup,
    LibrarySummary,
};
use carrel::storage::Damage;
use carrel::{ApiError, ErrorKind, LibraryInfo};
use ts_rs::{Config, TS};

fn export_all(dir: &Path) {
    let cfg = Config::new().with_large_int("number").with_out_dir(dir);
    ApiError::export_all(&cfg).unwrap();
    BackupReport::export_all(&cfg).unwrap();
    CheckReport::export_all(&cfg).unwrap();
    Counts::export_all(&cfg).unwrap();
    Finding::export_all(&cfg).unwrap();
    Generations::export_all(&cfg).unwrap();
    BackupSettings::export_all(&cfg).unwrap();
    BackupStatus::export_all(&cfg).unwrap();
    Damage::export_all(&cfg).unwrap();
    LastBackup::export_all(&cfg).unwrap();
    BackupFailure::export_all(&cfg).unwrap();
    FindingKind::export_all(&cfg).unwrap();
    LibrarySummary::export_all(&cfg).unwrap();
    RestorePreview::export_all(&cfg).unwrap();
    RestoreReport::export_all(&cfg).unwrap();
    Bibliography::export_all(&cfg).unwrap();
    BibliographyDoc::export_all(&cfg).unwrap();
    BibliographyOutput::export_all(&cfg).unwrap();
    BibliographySummary::export_all(&cfg).unwrap();
    EntryDoc::export_all(&cfg).unwrap();
    ExportedBibliography::export_all(&cfg).unwrap();
    RenderedBibliography::export_all(&cfg).unwrap();
    RenderedEntry::export_all(&cfg).unwrap();
    RenderedSection::export_all(&cfg).unwrap();
    SectionDoc::export_all(&cfg).unwrap();
    SectionSort::export_all(&cfg).unwrap();
    Format::export_all(&cfg).unwrap();
    SelectionRule::export_all(&cfg).unwrap();
    Span::export_all(&cfg).unwrap();
    StyleChoice::export_all(&cfg).unwrap();
    RenderProgress::export_all(&cfg).unwrap();
    ErrorKind::export_all(&cfg).unwrap();
    LibraryInfo::export_all(&cfg).unwrap();
    RecordSummary::export_all(&cfg).unwrap();
    SearchResults::export_all(&cfg).unwrap();
    SearchRequest::export_all(&cfg).unwrap();
    SortOrder::export_all(&cfg).unwrap();
    FacetFilter::export_all(&cfg).unwrap();
    Facet::export_all(&cfg).unwrap();
    FacetValue::export_all(&cfg).unwrap();
    Jump::export_all(&cfg).unwrap();
    Identifier::export_all(&cfg).unwrap();
    RecordView::export_all(&cfg).unwrap();
    ImportProblem::export_all(&cfg).unwrap();
    Severity::export_all(&cfg).unwrap();
    DuplicatePolicy::export_all(&cfg).unwrap();
    ImportSummary::export_all(&cfg).unwrap();
    ImportEvent::export_all(&cfg).unwrap();
    Selection::export_all(&cfg).unwrap();
    ExportFormat::export_all(&cfg).unwrap();
    ExportEncoding::export_all(&cfg).unwrap();
    ExportSummary::export_all(&cfg).unwrap();
    ExportProgress::export_all(&cfg).unwrap();
    TooLongRecord::export_all(&cfg).unwrap();
    TooLongOutcome::export_all(&cfg).unwrap();
    BarcodeRules::export_all(&cfg).unwrap();
    CheckDigit::export_all(&cfg).unwrap();
    CallNumberScheme::export_all(&cfg).unwrap();
    Item::export_all(&cfg).unwrap();
    ItemInput::export_all(&cfg).unwrap();
    ItemStatus::export_all(&cfg).unwrap();
    ItemType::export_all(&cfg).unwrap();
    RecordItems::export_all(&cfg).unwrap();
    ShelfCursor::export_all(&cfg).unwrap();
    ShelfEntry::export_all(&cfg).unwrap();
    ShelfPage::export_all(&cfg).unwrap();
    ShelfStart::export_all(&cfg).unwrap();
    SubjectHeading::export_all(&cfg).unwrap();
    SubjectPage::export_all(&cfg).unwrap();
    RenameOutcome::export_all(&cfg).unwrap();
    DeleteOutcome::export_all(&cfg).unwrap();
    DeletedRecord::export_all(&cfg).unwrap();
    DeletionCheck::export_all(&cfg).unwrap();
    DiffKind::export_all(&cfg).unwrap();
    DiffLine::export_all(&cfg).unwrap();
    Version::export_all(&cfg).unwrap();
    RecordHistory::export_all(&cfg).unwrap();
    EditableRecord::export_all(&cfg).unwrap();
    EditableField::export_all(&cfg).unwrap();
    EditableSubfield::export_all(&cfg).unwrap();
    Warning::export_all(&cfg).unwrap();
    Template::export_all(&cfg).unwrap();
    TemplateId::export_all(&cfg).unwrap();
    Saved::export_all(&cfg).unwrap();
    RecordForm::export_all(&cfg).unwrap();
    FormAuthor::export_all(&cfg).unwrap();
    FormSeries::export_all(&cfg).unwrap();
    Validation::export_all(&cfg).unwrap();
    NumberKind::export_all(&cfg).unwrap();
    RejectedRecord::export_all(&cfg).unwrap();
    RejectsExport::export_all(&cfg).unwrap();
    BarcodeCheck::export_all(&cfg).unwrap();
    Patron::export_all(&cfg).unwrap();
    PatronInput::export_all(&cfg).unwrap();
    Loan::export_all(&cfg).unwrap();
    LoanLine::export_all(&cfg).unwrap();
    Refusal::export_all(&cfg).unwrap();
    RefusalKind::export_all(&cfg).unwrap();
    Hold::export_all(&cfg).unwrap();
    HoldStatus::export_all(&cfg).unwrap();
    HoldFilter::export_all(&cfg).unwrap();
    HoldSlip::export_all(&cfg).unwrap();
    OverdueOrder::export_all(&cfg).unwrap();
    LoanRule::export_all(&cfg).unwrap();
    Policy::export_all(&cfg).unwrap();
    CirculationSettings::export_all(&cfg).unwrap();
    ClosedDay::export_all(&cfg).unwrap();
    CheckoutReceipt::export_all(&cfg).unwrap();
    CheckoutOutcome::export_all(&cfg).unwrap();
    CheckinReceipt::export_all(&cfg).unwrap();
    RenewReceipt::export_all(&cfg).unwrap();
    RenewOutcome::export_all(&cfg).unwrap();
    HoldOutcome::export_all(&cfg).unwrap();
    PatronAtDesk::export_all(&cfg).unwrap();
}

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            // commands.ts is written by src-tauri/build.rs, not ts-rs (src-tauri/tests/commands.rs).
            if name.ends_with(".ts") && name != "commands.ts" {
                out.insert(name, std::fs::read_to_string(e.path()).unwrap());
            }
        }
    }
    out
}

#[test]
fn typescript_bindings_are_up_to_date() {
    let committed_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/bindings");
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        for name in read_dir(&committed_dir).keys() {
            std::fs::remove_file(committed_dir.join(name)).unwrap();
        }
        export_all(&committed_dir);
        return;
    }
    let fresh = tempfile::tempdir().unwrap();
    export_all(fresh.path());
    let fresh = read_dir(fresh.path());
    let committed = read_dir(&committed_dir);
    assert_eq!(
        fresh.keys().collect::<Vec<_>>(),
        committed.keys().collect::<Vec<_>>(),
        "binding files differ: run `UPDATE_BINDINGS=1 cargo test --test bindings`"
    );
    for (name, text) in &fresh {
        assert_eq!(
            Some(text),
            committed.get(name),
            "{name} is stale: run `UPDATE_BINDINGS=1 cargo test --test bindings`"
        );
    }
}
