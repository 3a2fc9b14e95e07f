// The one typed door between the web UI and Carrel's Rust core, one file per area in `./api/`.
//
// Nothing else in the UI may call `invoke`: `api/core.ts` wraps it (`call`), accepting only the
// commands generated from the Rust functions (`bindings/commands.ts`), with the types that ts-rs
// generates from Rust (`./bindings`), and turns every failure into a `CarrelError`.

export { CarrelError, type CarrelErrorKind } from './api/core';
export * from './api/catalogue';
export * from './api/items';
export * from './api/importExport';
export * from './api/subjects';
export * from './api/editor';
export * from './api/settings';
export * from './api/circulation';
export * from './api/bibliography';
export * from './api/backups';
