// The table of command ids and context keys against what package.json contributes: a command that
// is renamed on one side only would leave a palette entry that does nothing, or a command no one sees.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Commands, ContextKeys, InternalCommands, PublicCommands, ViewIds } from '../../../../../src/host/core/common/commandIds';

interface Contributes {
  commands: { command: string }[];
  menus: Record<string, { command?: string; submenu?: string; when?: string }[]>;
  keybindings: { command: string; when?: string }[];
  views: Record<string, { id: string; when?: string }[]>;
  viewsWelcome: { view: string; when?: string }[];
}

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../../../package.json'), 'utf8')) as { contributes: Contributes };
const contributes = manifest.contributes;

describe('host: command ids', () => {
  it('every public command is contributed in package.json, and every contributed command is public', () => {
    const contributed = contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(contributed, Object.values(PublicCommands).sort());
  });

  it('internal commands are not contributed (they never show in the palette)', () => {
    const contributed = new Set(contributes.commands.map((c) => c.command));
    for (const id of Object.values(InternalCommands)) assert.ok(!contributed.has(id), `${id} is internal but contributed`);
  });

  it('menus and keybindings name only known commands', () => {
    const known = new Set<string>(Object.values(Commands));
    const used = [...Object.values(contributes.menus).flat(), ...contributes.keybindings].flatMap((entry) => (entry.command ? [entry.command] : []));
    for (const id of used) assert.ok(known.has(id), `${id} is in a menu or keybinding but not in the table`);
  });

  it("the `when` clauses use the context keys the extension sets", () => {
    const clauses = [...Object.values(contributes.menus).flat(), ...contributes.keybindings, ...Object.values(contributes.views).flat()].map((entry) => entry.when ?? '');
    const views = new Set<string>(Object.values(ViewIds));
    const ours = new Set(clauses.flatMap((when) => when.match(/\bdeepseek\.\w+/g) ?? []).filter((id) => !views.has(id)));
    assert.deepEqual([...ours].sort(), Object.values(ContextKeys).sort());
  });

  it('the views, the welcome and the editor tab that when-clauses name are the ones contributed', () => {
    const ids = Object.values(contributes.views).flat().map((v) => v.id).sort();
    assert.deepEqual(ids, [ViewIds.chatView, ViewIds.welcomeView].sort());
    assert.deepEqual(contributes.viewsWelcome.map((w) => w.view), [ViewIds.welcomeView]);
  });
});
