import { afterEach, describe, expect, it } from 'vitest';
import { focusableWithin, trapTab } from './focusTrap';

function dialog(): HTMLElement {
  const root = document.createElement('div');
  root.tabIndex = -1;
  root.innerHTML = `
    <p>Import these files?</p>
    <button id="a">Import</button>
    <button id="off" disabled>Off</button>
    <div hidden><button id="hidden">Hidden</button></div>
    <button id="b">Cancel</button>`;
  document.body.append(root);
  return root;
}

function tab(shift = false): KeyboardEvent {
  return new KeyboardEvent('keydown', { key: 'Tab', shiftKey: shift, cancelable: true });
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('focus trap', () => {
  it('lists only reachable elements', () => {
    const root = dialog();
    expect(focusableWithin(root).map((el) => el.id)).toEqual(['a', 'b']);
  });

  it('wraps from the last to the first and back', () => {
    const root = dialog();
    const a = root.querySelector<HTMLElement>('#a')!;
    const b = root.querySelector<HTMLElement>('#b')!;

    b.focus();
    const forward = tab();
    expect(trapTab(forward, root)).toBe(true);
    expect(forward.defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(a);

    const back = tab(true);
    expect(trapTab(back, root)).toBe(true);
    expect(document.activeElement).toBe(b);
  });

  it('lets Tab move normally between inner elements', () => {
    const root = dialog();
    root.querySelector<HTMLElement>('#a')!.focus();
    const event = tab();
    expect(trapTab(event, root)).toBe(false);
    expect(event.defaultPrevented).toBe(false);
  });

  it('pulls focus back in from outside', () => {
    const root = dialog();
    const outside = document.createElement('button');
    document.body.append(outside);
    outside.focus();
    trapTab(tab(), root);
    expect(document.activeElement?.id).toBe('a');
  });

  it('stops once in a radio group, on its checked button', () => {
    const root = document.createElement('div');
    root.innerHTML = `
      <input type="radio" name="dup" value="skip" id="skip">
      <input type="radio" name="dup" value="merge" id="merge" checked>
      <input type="radio" name="dup" value="add" id="add">
      <input type="radio" name="fmt" value="mrc" id="mrc">
      <input type="radio" name="fmt" value="xml" id="xml">
      <button id="go">Import</button>`;
    document.body.append(root);
    expect(focusableWithin(root).map((el) => el.id)).toEqual(['merge', 'mrc', 'go']);

    // Shift+Tab from the group's stop (not the group's first button) wraps to the last element.
    root.querySelector<HTMLElement>('#merge')!.focus();
    const back = tab(true);
    expect(trapTab(back, root)).toBe(true);
    expect(document.activeElement?.id).toBe('go');
    const forward = tab();
    expect(trapTab(forward, root)).toBe(true);
    expect(document.activeElement?.id).toBe('merge');
  });
});
