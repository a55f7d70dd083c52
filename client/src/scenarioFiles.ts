// Scenario files in the workspace (*.kls.yaml) and the "Run Scenario…" dialogue: pick a scenario (the
// server's list plus any workspace file it did not list), then confirm each parameter in an input box
// prefilled with its default.
import * as vscode from "vscode";
import type { RunParams, ScenarioInfo } from "../../server/src/protocol.js";
import { parseInteger, scenarioChoices, SCENARIO_GLOB, validateInteger, type Choice } from "./inputs.js";

export async function findScenarioFiles(): Promise<{ uri: string; relativePath: string }[]> {
  const uris = await vscode.workspace.findFiles(SCENARIO_GLOB, "**/node_modules/**", 500);
  return uris.map((u) => ({ uri: u.toString(), relativePath: vscode.workspace.asRelativePath(u) }));
}

type ScenarioItem = vscode.QuickPickItem & { scenario?: ScenarioInfo };

/** Quick pick of scenarios; undefined when dismissed. */
export async function pickScenario(listed: ScenarioInfo[]): Promise<ScenarioInfo | undefined> {
  const choices = scenarioChoices(listed, await findScenarioFiles());
  const items: ScenarioItem[] = choices.map((c) =>
    "separator" in c
      ? { label: c.separator, kind: vscode.QuickPickItemKind.Separator }
      : {
          label: c.label,
          description: c.description,
          detail: c.detail,
          scenario: (c as Choice<ScenarioInfo>).value,
        },
  );
  const picked = await vscode.window.showQuickPick(items, {
    title: "Kernel Lens: Run Scenario",
    placeHolder:
      "Scenario to simulate (built-in, or a *.kls.yaml or packetdrill *.pkt file in the workspace)",
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.scenario;
}

/** One input box per parameter, prefilled with its default; undefined when one is dismissed. */
export async function askParams(scenario: ScenarioInfo): Promise<Record<string, number> | undefined> {
  const values: Record<string, number> = {};
  const total = scenario.params.length;
  for (const [i, p] of scenario.params.entries()) {
    const text = await vscode.window.showInputBox({
      title: `Run ${scenario.name} (${i + 1}/${total})`,
      prompt: `${p.name}: ${p.description}`,
      value: String(p.default),
      validateInput: (t) => validateInteger(t),
      ignoreFocusOut: true,
    });
    if (text === undefined) return undefined;
    values[p.name] = parseInteger(text)!;
  }
  return values;
}

/** The run request for a scenario picked by id (built-in name or file URI), or undefined if cancelled. */
export async function chooseRun(listed: ScenarioInfo[], id?: string): Promise<RunParams | undefined> {
  if (id !== undefined) {
    // From a link (the walkthrough, a hover): run with the defaults.
    return { scenario: id };
  }
  const scenario = await pickScenario(listed);
  if (!scenario) return undefined;
  const params = await askParams(scenario);
  return params ? { scenario: scenario.id, params } : undefined;
}
