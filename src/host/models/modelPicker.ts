// "DeepSeek: Select Model": a quick pick of the server's models (any id can be typed), and for models
// with DeepSeek V4's switch, thinking on/off and reasoning effort. Writes `deepseek.*` where the user
// set it (a workspace value stays in the workspace), else in the user settings.

import * as vscode from 'vscode';
import type { ModelCatalog, ModelInfo } from './modelCatalog';
import { knownModel, modelEntry, type ReasoningEffort } from '../../shared/modelTable';
import type { Settings, SettingsResult } from '../core/common/settings';
import { writeSetting } from '../core/writeSetting';

type Choice =
  | { kind: 'model'; id: string }
  | { kind: 'setting'; key: 'thinking' | 'reasoningEffort'; value: string }
  | { kind: 'refresh' };

interface Item extends vscode.QuickPickItem {
  choice?: Choice;
}

/** The open picker, for the in-host tests (they read its items and highlight one; VS Code's own accept command picks it). */
let open: vscode.QuickPick<Item> | undefined;
/** The item the workbench reports active (its events, not our own assignment). */
let activeInUi: string | undefined;

export interface OpenModelPicker {
  labels(): string[];
  busy: boolean;
  /**
   * Types the label into the picker's filter and makes its item active; wait for `activeLabel()` to
   * show it (the workbench confirms), then run `workbench.action.acceptSelectedQuickOpenItem`.
   */
  highlight(label: string): boolean;
  /** The active item as the workbench last reported it. */
  activeLabel(): string | undefined;
}

export function openModelPicker(): OpenModelPicker | undefined {
  const pick = open;
  if (!pick) return undefined;
  return {
    labels: () => pick.items.filter((i) => i.kind !== vscode.QuickPickItemKind.Separator).map((i) => i.label),
    busy: pick.busy,
    highlight: (label) => {
      const item = pick.items.find((i) => i.label === label);
      if (!item) return false;
      pick.value = label;
      pick.activeItems = [item];
      return true;
    },
    activeLabel: () => activeInUi,
  };
}

function contextText(tokens: number | undefined): string | undefined {
  if (!tokens) return undefined;
  return tokens >= 1_000_000 ? vscode.l10n.t('{0}M context', Math.round(tokens / 104_857.6) / 10) : vscode.l10n.t('{0}K context', Math.round(tokens / 1024));
}

/** What the model table says the model can do beyond text: images, thinking. */
function featuresText(model: ModelInfo): string | undefined {
  const entry = modelEntry(model.id, model);
  const features = [entry.vision ? vscode.l10n.t('images') : undefined, entry.thinkingSwitch ? vscode.l10n.t('thinking') : undefined].filter(Boolean);
  return features.length > 0 ? features.join(', ') : undefined;
}

function modelItems(models: ModelInfo[], current: string): Item[] {
  const list = models.some((m) => m.id === current) || !current ? models : [{ id: current }, ...models];
  return list.map((m) => ({
    label: m.id,
    description: [m.id === current ? vscode.l10n.t('current') : undefined, m.ownedBy, contextText(m.contextLength ?? knownModel(m.id)?.contextTokens), featuresText(m)].filter(Boolean).join(' · ') || undefined,
    iconPath: m.id === current ? new vscode.ThemeIcon('check') : undefined,
    choice: { kind: 'model', id: m.id },
  }));
}

function optionItems(settings: Settings): Item[] {
  const entry = modelEntry(settings.model);
  if (!entry.thinkingSwitch) return [];
  const mark = (on: boolean) => (on ? new vscode.ThemeIcon('check') : undefined);
  const thinking: [string, string][] = [
    ['enabled', vscode.l10n.t('Thinking: on')],
    ['disabled', vscode.l10n.t('Thinking: off')],
    ['auto', vscode.l10n.t('Thinking: server default')],
  ];
  const effortLabels: Record<ReasoningEffort, string> = {
    low: vscode.l10n.t('Reasoning effort: low'),
    high: vscode.l10n.t('Reasoning effort: high'),
    max: vscode.l10n.t('Reasoning effort: max'),
  };
  // Only the efforts this model takes (the model table), then the server's default.
  const effort: [string, string][] = [...entry.efforts.map((e): [string, string] => [e, effortLabels[e]]), ['auto', vscode.l10n.t('Reasoning effort: server default')]];
  return [
    { label: vscode.l10n.t('Thinking'), kind: vscode.QuickPickItemKind.Separator },
    ...thinking.map(([value, label]) => ({ label, iconPath: mark(settings.thinking === value), choice: { kind: 'setting', key: 'thinking', value } as Choice })),
    ...(settings.thinking === 'disabled'
      ? []
      : effort.map(([value, label]) => ({ label, iconPath: mark(settings.reasoningEffort === value), choice: { kind: 'setting', key: 'reasoningEffort', value } as Choice }))),
  ];
}

export async function pickModel(catalog: ModelCatalog, settings: () => SettingsResult): Promise<void> {
  const result = settings();
  const current = result.ok ? result.settings.model : '';
  const pick = vscode.window.createQuickPick<Item>();
  open = pick;
  activeInUi = undefined;
  pick.onDidChangeActive((items) => {
    if (open === pick) activeInUi = items[0]?.label;
  });
  pick.title = vscode.l10n.t('DeepSeek: Select Model');
  pick.placeholder = vscode.l10n.t('Pick a model or type a model id');
  pick.matchOnDescription = true;
  pick.busy = true;
  let fixed: Item[] = [];
  const typed = (): Item[] => {
    const value = pick.value.trim();
    if (!value || fixed.some((i) => i.label === value)) return [];
    return [{ label: value, description: vscode.l10n.t('use this model id'), alwaysShow: true, choice: { kind: 'model', id: value } }];
  };
  const render = () => {
    pick.items = [...typed(), ...fixed];
  };
  const tail = (): Item[] => [
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: vscode.l10n.t('Refresh the model list'), iconPath: new vscode.ThemeIcon('refresh'), alwaysShow: true, choice: { kind: 'refresh' } },
  ];
  fixed = [...modelItems([], current), ...(result.ok ? optionItems(result.settings) : []), ...tail()];
  render();
  pick.show();

  const load = async () => {
    pick.busy = true;
    const models = await catalog.models();
    const now = settings();
    fixed = [...modelItems(models, current), ...(now.ok ? optionItems(now.settings) : []), ...tail()];
    if (catalog.problem) pick.placeholder = catalog.problem;
    render();
    pick.busy = false;
  };
  void load();

  await new Promise<void>((resolve) => {
    pick.onDidChangeValue(render);
    pick.onDidAccept(async () => {
      const choice = pick.selectedItems[0]?.choice;
      if (!choice) return;
      if (choice.kind === 'refresh') {
        catalog.refresh();
        void load();
        return;
      }
      pick.hide();
      if (choice.kind === 'model') await writeSetting('model', choice.id);
      else await writeSetting(choice.key, choice.value);
    });
    pick.onDidHide(() => {
      if (open === pick) open = undefined;
      pick.dispose();
      resolve();
    });
  });
}
