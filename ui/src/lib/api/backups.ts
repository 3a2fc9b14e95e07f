// Backups: the backups folder and generations kept, "Back up now", restoring a backup, the
// event the window gets when an automatic backup fails, and a damaged library (what to restore).
// Every path comes from a native dialog the Rust side opens: nothing here sends one.

import { listen } from '@tauri-apps/api/event';
import { call, CarrelError } from './core';
import type { BackupFailure } from '../bindings/BackupFailure';
import type { BackupReport } from '../bindings/BackupReport';
import type { BackupSettings } from '../bindings/BackupSettings';
import type { BackupStatus } from '../bindings/BackupStatus';
import type { Damage } from '../bindings/Damage';
import type { Generations } from '../bindings/Generations';
import type { RestorePreview } from '../bindings/RestorePreview';
import type { RestoreReport } from '../bindings/RestoreReport';

/** The backups folder and the generations kept. */
export function backupSettings(): Promise<BackupSettings> {
  return call('backup_settings');
}

/** Sets how many daily, weekly and monthly backups are kept; resolves to the settings in force. */
export function setBackupGenerations(generations: Generations): Promise<BackupSettings> {
  return call('set_backup_generations', { generations });
}

/** Opens the native folder dialog; resolves to the new settings, or null when cancelled. */
export function chooseBackupFolder(): Promise<BackupSettings | null> {
  return call('choose_backup_folder');
}

/** Goes back to the default folder (`backups` beside the library). */
export function resetBackupFolder(): Promise<BackupSettings> {
  return call('reset_backup_folder');
}

/** The last backup, and why the last attempt failed when it did. */
export function backupStatus(): Promise<BackupStatus> {
  return call('backup_status');
}

/** Backs up now (on a worker thread; the window keeps working). */
export function backUpNow(): Promise<BackupReport> {
  return call('back_up_now');
}

/** Opens the native open dialog for a backup; resolves to its comparison with the library, or null. */
export function chooseBackupToRestore(): Promise<RestorePreview | null> {
  return call('choose_backup_to_restore');
}

/** Restores the backup chosen with `chooseBackupToRestore` (the library is backed up first). */
export function restoreBackup(): Promise<RestoreReport> {
  return call('restore_backup');
}

/** Calls `handler` when an automatic backup fails; resolves to a function that stops listening. */
export async function onBackupFailed(handler: (failure: BackupFailure) => void): Promise<() => void> {
  let unlisten: () => void;
  try {
    unlisten = await listen<BackupFailure>('backup-failed', ({ payload }) => handler(payload));
  } catch (raw) {
    throw CarrelError.from(raw);
  }
  return () => unlisten();
}

/** Why the library is refused writes when it was found damaged (at opening or by the check in the background); null when sound. */
export function libraryDamage(): Promise<Damage | null> {
  return call('library_damage');
}

/** Calls `handler` when the check in the background finds the library damaged; resolves to a function that stops listening. */
export async function onLibraryDamaged(handler: (damage: Damage) => void): Promise<() => void> {
  let unlisten: () => void;
  try {
    unlisten = await listen<Damage>('library-damaged', ({ payload }) => handler(payload));
  } catch (raw) {
    throw CarrelError.from(raw);
  }
  return () => unlisten();
}
