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

/** What the overlay says while files hover. */
export function overlayText(busy: boolean): { title: string; detail: string } {
  if (busy) {
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
