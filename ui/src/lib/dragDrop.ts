// Files dragged onto the window: whether to show the drop overlay, and what a drop should do.

import type { FileDragEvent } from './api';

export interface DragOutcome {
  /** Files are being dragged over the window: show the overlay. */
  hovering: boolean;
  /** Paths to offer for import (a drop while nothing else is open), else null. */
  importPaths: string[] | null;
}

/**
 * What `event` means for the window. `busy` is true while a dialog is open: a drop then imports
 * nothing (the overlay has said so while the files hovered).
 */
export function applyDragEvent(event: FileDragEvent, busy: boolean): DragOutcome {
  switch (event.type) {
    case 'enter':
    case 'over':
      return { hovering: true, importPaths: null };
    case 'leave':
      return { hovering: false, importPaths: null };
    case 'drop': {
      const paths = uniquePaths(event.paths);
      return { hovering: false, importPaths: busy || paths.length === 0 ? null : paths };
    }
  }
}

/** The paths in order, each once, without empty ones. */
export function uniquePaths(paths: readonly string[]): string[] {
  return [...new Set(paths.filter((p) => p.trim() !== ''))];
}

/**
 * Why a drop would import nothing now: a dialog is open (`'dialog'`, or `true`), or an import is
 * running in its progress panel (`'import'`), or its panel still shows the finished import
 * (`'finished'`); `null` or `false` when a drop is taken.
 */
export type DropBlock = 'dialog' | 'import' | 'finished' | boolean | null;

/** What the overlay says while files hover. */
export function overlayText(block: DropBlock): { title: string; detail: string } {
  if (block === 'import') {
    // The panel is not a dialog: "the open dialog" would send the person looking for one.
    return {
      title: 'An import is running: drop files again when it has finished',
      detail: 'Files dropped now are not imported.',
    };
  }
  if (block === 'finished') {
    return {
      title: 'Dismiss the finished import first',
      detail: 'Files dropped now are not imported.',
    };
  }
  if (block) {
    return {
      title: 'Finish with the open dialog first',
      detail: 'Files dropped now are not imported.',
    };
  }
  return {
    title: 'Drop MARC files to import',
    detail: 'ISO 2709 or MARCXML, plain or gzip. You will see the list before anything is imported.',
  };
}
