import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import DamagedBanner from './DamagedBanner.svelte';
import type { Damage } from './bindings/Damage';
import { byTestId, clearMocks, fireEvent, installFakeCore, listenerCount, until } from '../test/fakeCore';

const DAMAGE: Damage = {
  found: '*** in database main *** Tree 7 page 12: btreeInitPage() returns error code 11',
  newest_backup: '/home/ann/backups/carrel-backup-2026-12-06-170000.sqlite',
  backups_folder: '/home/ann/backups',
  message: '/home/ann/library.sqlite is damaged (…): Carrel does not write into it …',
};

let target: HTMLElement;
let banner: ReturnType<typeof mount> | null = null;

beforeEach(() => {
  target = document.createElement('div');
  document.body.append(target);
});

afterEach(() => {
  if (banner) unmount(banner);
  banner = null;
  target.remove();
  clearMocks();
});

const shown = () => target.querySelector('[data-testid="damaged-banner"]');

describe('the damaged library banner', () => {
  it('names the newest backup and takes the person to Restore', async () => {
    installFakeCore({ handlers: { library_damage: () => DAMAGE } });
    const onrestore = vi.fn();
    banner = mount(DamagedBanner, { target, props: { onrestore } });
    const el = await until(() => byTestId('damaged-banner', target), 'the banner');
    expect(el.getAttribute('role')).toBe('alert');
    expect(el.textContent).toContain('This library is damaged.');
    expect(byTestId('damaged-newest-backup', target).textContent).toContain('carrel-backup-2026-12-06-170000.sqlite');
    expect(el.textContent).toContain('btreeInitPage');
    // Persistent: nothing dismisses it.
    expect(el.textContent).not.toContain('Dismiss');
    byTestId<HTMLButtonElement>('damaged-restore', target).click();
    expect(onrestore).toHaveBeenCalledOnce();
  });

  it('says where no backup was found', async () => {
    installFakeCore({ handlers: { library_damage: () => ({ ...DAMAGE, newest_backup: null }) } });
    banner = mount(DamagedBanner, { target, props: { onrestore: () => {} } });
    const none = await until(() => byTestId('damaged-no-backup', target), 'the no-backup line');
    expect(none.textContent).toContain('No backup was found in /home/ann/backups');
  });

  it('is not shown for a sound library, and appears when the background check finds damage', async () => {
    installFakeCore({ handlers: { library_damage: () => null } });
    banner = mount(DamagedBanner, { target, props: { onrestore: () => {} } });
    await until(() => expect(listenerCount('library-damaged')).toBe(1), 'the listener');
    flushSync();
    expect(shown()).toBeNull();
    fireEvent('library-damaged', DAMAGE);
    flushSync();
    expect(shown()).not.toBeNull();
  });

  it('goes when a restore mended the library', async () => {
    let damage: Damage | null = DAMAGE;
    installFakeCore({ handlers: { library_damage: () => damage } });
    const props = $state({ refreshKey: 0, onrestore: () => {} });
    banner = mount(DamagedBanner, { target, props });
    await until(() => byTestId('damaged-banner', target), 'the banner');
    damage = null;
    props.refreshKey = 1;
    await until(() => expect(shown()).toBeNull(), 'the banner gone');
  });
});
