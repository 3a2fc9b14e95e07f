import { describe, expect, it } from 'vitest';
import { applyDragEvent, overlayText, uniquePaths } from './dragDrop';

describe('applyDragEvent', () => {
  it('shows the overlay while files hover and hides it when they leave', () => {
    expect(applyDragEvent({ type: 'enter', paths: ['/a.mrc'] }, false)).toEqual({ hovering: true, importPaths: null });
    expect(applyDragEvent({ type: 'over' }, false)).toEqual({ hovering: true, importPaths: null });
    expect(applyDragEvent({ type: 'leave' }, false)).toEqual({ hovering: false, importPaths: null });
  });

  it('offers the dropped paths for import, in order, each once', () => {
    expect(applyDragEvent({ type: 'drop', paths: ['/in/b.xml', '/in/a.mrc', '/in/b.xml'] }, false)).toEqual({
      hovering: false,
      importPaths: ['/in/b.xml', '/in/a.mrc'],
    });
  });

  it('imports nothing when a dialog is open or nothing was dropped', () => {
    expect(applyDragEvent({ type: 'drop', paths: ['/in/a.mrc'] }, true)).toEqual({ hovering: false, importPaths: null });
    expect(applyDragEvent({ type: 'drop', paths: [] }, false)).toEqual({ hovering: false, importPaths: null });
    expect(applyDragEvent({ type: 'drop', paths: ['', '  '] }, false).importPaths).toBeNull();
  });
});

describe('overlay', () => {
  it('invites the drop, or says why a drop would be ignored', () => {
    expect(overlayText(false).title).toBe('Drop MARC files to import');
    expect(overlayText(true).title).toBe('Finish with the open dialog first');
    expect(overlayText(true).detail).toBe('Files dropped now are not imported.');
    expect(overlayText('dialog').title).toBe('Finish with the open dialog first');
    expect(overlayText('import').title).toBe('An import is running: drop files again when it has finished');
    expect(overlayText(null).title).toBe('Drop MARC files to import');
    expect(overlayText('finished').title).toBe('Dismiss the finished import first');
  });

  it('keeps paths as given', () => {
    expect(uniquePaths(['C:\\MARC\\a.mrc', '/x y/é.mrc'])).toEqual(['C:\\MARC\\a.mrc', '/x y/é.mrc']);
  });
});
