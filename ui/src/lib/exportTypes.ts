// TEMPORARY: the shapes of the export commands, written by hand until ts-rs generates
// `bindings/Selection.ts`, `ExportFormat.ts`, `ExportEncoding.ts`, `ExportProgress.ts` and
// `ExportSummary.ts` from `src/catalogue/export.rs`. When they appear, import from `./bindings/…`
// instead and delete this file.

/** Which records to export. */
export type Selection = { kind: 'all' } | { kind: 'query'; value: string } | { kind: 'ids'; value: Array<number> };

/** `iso2709`: ISO 2709 exchange records (`.mrc`); `marcxml`: MARCXML (always Unicode). */
export type ExportFormat = 'iso2709' | 'marcxml';

/** The character encoding of ISO 2709 output (ignored for MARCXML). */
export type ExportEncoding = 'utf8' | 'marc8';

/** Records written so far out of the total. */
export type ExportProgress = { written: number; total: number };

/** What an export did. */
export type ExportSummary = {
  path: string;
  /** Records written. */
  written: number;
  /** Of those, records written byte for byte as they were imported. */
  unchanged: number;
  /** Records that could not be written (each listed in `problems`). */
  failed: number;
  cancelled: boolean;
  problems: Array<string>;
};
